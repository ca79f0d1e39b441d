"""How fast, and in how much memory, a file of clients imports (`manage.py bench_import
--rows 50000`, also the import row of `manage.py bench`).

Writes a realistic file (names, NIKs consistent with district, birth date and sex, mixed
date styles, regions by name, PPKS types and disabilities, some rows without NIK) into a
temporary folder, then as a province-wide social worker:

1. checks it as the preview does (nothing written), timed;
2. imports it (validate, match, write in one transaction), timed;
3. removes what it imported, imports it again under tracemalloc for the peak of Python
   allocations, and removes it again (unless --keep).

Prints rows read, seconds, rows/s and peak memory (tracemalloc peak, and the ru_maxrss of
the process and of the largest child process that checked rows for run_import). Needs the
regions (`manage.py load_regions`); meant for PostgreSQL (DATABASE_URL), works on SQLite.
"""

import csv
import datetime
import random
import resource
import tempfile
import time
import tracemalloc
import zipfile
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import translation
from openpyxl.utils import get_column_letter

from beneficiaries import roles
from beneficiaries.importing.columns import canonical_header
from beneficiaries.importing.writer import run_import
from beneficiaries.models import (
    Client,
    DisabilityType,
    PpksType,
    RegistrationSequence,
    Village,
)
from beneficiaries.nik import compose_nik
from devtools.demo.population import short_regency_name

from .measure import bench_user

BENCH_USER = "bench-import"
COLUMNS = [
    "name",
    "nik",
    "sex",
    "birth_place",
    "birth_date",
    "address",
    "village",
    "district",
    "regency",
    "ppks_types",
    "disabilities",
    "phone",
]
FIRST = [
    "Sri",
    "Siti",
    "Dewi",
    "Nur",
    "Ani",
    "Rina",
    "Wati",
    "Yuni",
    "Endang",
    "Sumarni",
    "Budi",
    "Agus",
    "Joko",
    "Slamet",
    "Bambang",
    "Eko",
    "Hadi",
    "Rudi",
    "Dwi",
    "Tri",
    "Ahmad",
    "Muhammad",
    "Imam",
    "Sutrisno",
    "Suparman",
    "Kusnadi",
    "Lestari",
    "Wahyuni",
    "Rahayu",
]
LAST = [
    "Wahyuni",
    "Lestari",
    "Rahayu",
    "Susanti",
    "Handayani",
    "Santoso",
    "Wijaya",
    "Saputra",
    "Pratama",
    "Setiawan",
    "Hidayat",
    "Kurniawan",
    "Nugroho",
    "Prasetyo",
    "Gunawan",
    "Purnomo",
    "Suryani",
    "Maryati",
    "Sulastri",
    "Mulyani",
]
MONTHS = "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember"
MONTHS = MONTHS.split()


def bench_import(*, rows, format, seed, keep, no_memory, stdout) -> dict:
    """Generate, check, import (and remove) a file of `rows` clients, printing each step
    to `stdout`; returns the import's figures: rows_read, seconds, rows_per_s. Raises
    ValueError without the villages."""
    with translation.override(settings.LANGUAGE_CODE):  # the file's headers, as users write
        return _bench(
            rows=rows, format=format, seed=seed, keep=keep, no_memory=no_memory, out=stdout
        )


def _bench(*, rows, format, seed, keep, no_memory, out):
    villages = list(
        Village.objects.filter(code__startswith=f"{settings.PROVINCE_CODE}.")
        .select_related("district__regency")
        .order_by("code")
    )
    if not villages:
        raise ValueError("No villages: run `manage.py load_regions` first.")
    created_user = not get_user_model().objects.filter(username=BENCH_USER).exists()
    user = bench_user(BENCH_USER, group=roles.SOCIAL_WORKER)  # province-wide
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"bench.{format}"
        started = time.monotonic()
        write_file(path, rows, villages, random.Random(seed))  # noqa: S311 - test data
        out.write(
            f"Generated {rows:,} rows ({format.upper()}, {path.stat().st_size / 1e6:.1f} MB) "
            f"in {time.monotonic() - started:.1f}s."
        )
        sequence = _sequence()

        started = time.monotonic()
        summary = run_import(path, user=user)
        _line(out, "check (preview)", summary.rows_read, time.monotonic() - started)
        out.write(
            f"  {summary.ready:,} ready, {summary.existing:,} existing, "
            f"{summary.errors:,} with errors, {summary.warnings:,} with warnings"
        )

        rss_before = _maxrss_mb()
        started = time.monotonic()
        summary = run_import(path, user=user, write=True, skip_errors=True)
        seconds = time.monotonic() - started
        result = _line(out, "import", summary.rows_read, seconds)
        out.write(f"  {summary.created:,} clients created")
        out.write(
            f"  ru_maxrss: {_maxrss_mb():.0f} MB (before the import: {rss_before:.0f} MB; "
            f"the processes that checked the rows: {_maxrss_mb(resource.RUSAGE_CHILDREN):.0f} MB)"
        )

        if not no_memory:
            _remove(user, sequence)
            tracemalloc.start()
            started = time.monotonic()
            run_import(path, user=user, write=True, skip_errors=True)
            seconds = time.monotonic() - started
            _current, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            out.write(
                f"import under tracemalloc: {seconds:.1f}s, peak {peak / 1e6:.1f} MB of "
                "Python allocations"
            )
        if keep:
            out.write(f"Kept the imported clients (created by {BENCH_USER}).")
        else:
            _remove(user, sequence)
            if created_user:
                user.delete()
    return result


def _line(out, what, rows, seconds) -> dict:
    out.write(f"{what}: {rows:,} rows read in {seconds:.2f}s = {rows / seconds:,.0f} rows/s")
    return {"rows_read": rows, "seconds": seconds, "rows_per_s": round(rows / seconds)}


def _sequence():
    year = datetime.date.today().year
    sequence = RegistrationSequence.objects.filter(year=year).first()
    return year, sequence.last_value if sequence else 0


@transaction.atomic
def _remove(user, sequence):
    """Delete what the bench imported, without a history row per deletion (a bench
    leaves no trace) and without signals: raw deletes of exactly its rows."""
    clients = Client.objects.filter(created_by=user)
    ids = list(clients.values_list("pk", flat=True))
    history = Client.history.model
    for relation in ("ppks_types", "disabilities", "assistive_devices"):
        through = Client._meta.get_field(relation).remote_field.through
        through.objects.filter(client_id__in=ids)._raw_delete(through.objects.db)
        snapshot = getattr(history, relation).model
        snapshot.objects.filter(client_id__in=ids)._raw_delete(snapshot.objects.db)
    history.objects.filter(id__in=ids)._raw_delete(history.objects.db)
    clients._raw_delete(clients.db)
    year, last_value = sequence
    RegistrationSequence.objects.filter(year=year).update(last_value=last_value)


# -- the file --------------------------------------------------------------------------------


def write_file(path, rows, villages, rng):
    """A realistic file of `rows` clients (see the module docstring): CSV (semicolons,
    with a BOM, as Excel writes it) or XLSX, by the path's suffix."""
    ppks = list(PpksType.objects.values_list("name", flat=True))
    disabilities = list(DisabilityType.objects.values_list("name", flat=True))
    header = [canonical_header(key) for key in COLUMNS]
    niks = set()

    def row(n):
        village = rng.choice(villages)
        district = village.district
        sex = rng.choice("LP")
        born = datetime.date(1940, 1, 1) + datetime.timedelta(days=rng.randrange(0, 29000))
        nik = ""
        if rng.random() < 0.85:
            nik = compose_nik(
                district_code=district.code,
                birth_date=born,
                sex=sex,
                serial=rng.randrange(1, 10000),
            )
            if nik in niks:
                nik = ""
            niks.add(nik)
        style = n % 3
        if style == 0:
            date = born.strftime("%d/%m/%Y")
        elif style == 1:
            date = born.isoformat()
        else:
            date = f"{born.day} {MONTHS[born.month - 1]} {born.year}"
        kinds = [rng.choice(ppks)] + ([rng.choice(ppks)] if rng.random() < 0.2 else [])
        disability = rng.choice(disabilities) if rng.random() < 0.3 else ""
        return [
            f"{rng.choice(FIRST)} {rng.choice(FIRST)} {rng.choice(LAST)} {rng.choice(LAST)}",
            nik,
            "Laki-laki" if sex == "L" else "Perempuan",
            short_regency_name(district.regency.name),
            date,
            f"Jl. Merdeka No. {rng.randrange(1, 200)}, RT {rng.randrange(1, 20):02d}",
            village.name,
            district.name,
            district.regency.name,
            ", ".join(dict.fromkeys(kinds)),
            disability,
            f"08{rng.randrange(10**9, 10**10)}",
        ]

    if path.suffix == ".csv":
        with open(path, "w", newline="", encoding="utf-8-sig") as handle:
            writer = csv.writer(handle, delimiter=";")
            writer.writerow(header)
            for n in range(rows):
                writer.writerow(row(n))
    else:
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("Klien")
        sheet.append(header)
        for n in range(rows):
            sheet.append(row(n))
        workbook.save(path)
        _add_dimension(path, f"A1:{get_column_letter(len(header))}{rows + 1}")


def _add_dimension(path, ref):
    """Write the sheet's used range into the file, as Excel and LibreOffice do and openpyxl's
    write-only mode does not: without it, a read-only reader parses the sheet twice."""
    packed = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = data.replace(
                    b"<sheetData", f'<dimension ref="{ref}"/><sheetData'.encode(), 1
                )
            out.writestr(item, data)
    packed.replace(path)


def _maxrss_mb(who=resource.RUSAGE_SELF):
    return resource.getrusage(who).ru_maxrss / 1024
