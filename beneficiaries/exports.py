"""The client list as a file: CSV or XLSX, the rows the list shows with its filters.

Rows are read with `.iterator(chunk_size=...)` and written as they come: a CSV is streamed
to the browser, an XLSX (a ZIP, written at the end) goes through a temporary file by
openpyxl's write-only mode. Memory stays flat however long the list.

The headers are the import's canonical ones, so a list exported with full NIKs can be
imported elsewhere as it is. Typed text is written as text, never as a formula
(core/spreadsheets.py).
"""

import datetime
import tempfile

from django.db import transaction
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from core.spreadsheets import csv_writer, xlsx_row

from .importing.columns import canonical_header

CHUNK_SIZE = 2000
FULL_NIK_PERMISSION = "beneficiaries.export_full_nik"

HEADER = [
    "No Registrasi",
    *(
        canonical_header(key)
        for key in (
            "name",
            "nik",
            "kk_number",
            "sex",
            "birth_place",
            "birth_date",
            "address",
            "village",
            "district",
            "regency",
            "ppks_types",
            "disabilities",
            "assistive_devices",
            "phone",
            "status",
            "service_unit",
        )
    ),
]
SEX = {"L": "Laki-laki", "P": "Perempuan"}
STATUS = {"klien": "klien", "eks_klien": "eks klien", "pindah": "pindah", "meninggal": "meninggal"}


def export_queryset(queryset):
    """The list's queryset (already scoped and filtered) with what an export row shows."""
    return (
        queryset.defer(None)  # the list loads only its columns; an export needs them all
        .select_related("regency", "district", "village", "service_unit")
        .prefetch_related("ppks_types", "disabilities", "assistive_devices")
    )


def _mask(number):
    return f"{number[:6]}{'•' * 6}{number[-4:]}" if number else ""


def client_rows(queryset, *, full_nik: bool):
    """One list per client, in HEADER order; dates as date objects.

    Read inside a transaction: PostgreSQL then streams the rows through the cursor as
    they are fetched. Outside one, Django's cursor is declared WITH HOLD, and the database
    first computes and stores the whole result (seconds for a million clients) before
    the first row goes out."""
    # (savepoint=False: inside a caller's transaction, nothing to add; it only reads.)
    with transaction.atomic(using=queryset.db, savepoint=False):
        rows = _client_rows(queryset, full_nik=full_nik)
        try:
            yield from rows
        except GeneratorExit:
            # The download was stopped: leave the transaction as it is, without the
            # rollback an exception would mark it for (a caller's transaction included).
            rows.close()
            return


def _client_rows(queryset, *, full_nik: bool):
    for client in export_queryset(queryset).iterator(chunk_size=CHUNK_SIZE):
        yield [
            client.registration_number,
            client.name,
            client.nik if full_nik else client.masked_nik,
            client.kk_number if full_nik else _mask(client.kk_number),
            SEX.get(client.sex, client.sex),
            client.birth_place,
            client.birth_date,
            client.address,
            client.village.name if client.village else "",
            client.district.name if client.district else "",
            client.regency.name,
            ", ".join(t.name for t in client.ppks_types.all()),
            ", ".join(d.name for d in client.disabilities.all()),
            ", ".join(d.name for d in client.assistive_devices.all()),
            client.phone,
            STATUS.get(client.status, client.status),
            client.service_unit.name if client.service_unit else "",
        ]


def _filename(extension):
    return f"klien-{timezone.localdate():%Y-%m-%d}.{extension}"


def clients_csv_response(queryset, *, full_nik: bool) -> StreamingHttpResponse:
    writer = csv_writer()

    def lines():
        yield "\ufeff" + writer.writerow(HEADER)  # the BOM makes Excel read UTF-8
        for row in client_rows(queryset, full_nik=full_nik):
            if row[6]:
                row[6] = row[6].strftime("%d/%m/%Y")
            # A leading apostrophe keeps a spreadsheet from turning the digits into a
            # number (and losing the last ones); the import removes it again.
            row[2] = f"'{row[2]}" if full_nik and row[2] else row[2]
            row[3] = f"'{row[3]}" if full_nik and row[3] else row[3]
            yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename("csv")}"'
    response["Cache-Control"] = "private, no-store"
    return response


def clients_xlsx_response(queryset, *, full_nik: bool) -> FileResponse:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Klien")
    bold = Font(bold=True)
    header = []
    for label in HEADER:
        cell = WriteOnlyCell(sheet, value=label)
        cell.font = bold
        header.append(cell)
    sheet.append(xlsx_row(sheet, header))
    for row in client_rows(queryset, full_nik=full_nik):
        if isinstance(row[6], datetime.date):
            cell = WriteOnlyCell(sheet, value=row[6])
            cell.number_format = "DD/MM/YYYY"
            row[6] = cell
        sheet.append(xlsx_row(sheet, row))
    # NIKs are written as text (strings), never numbers: no digit is lost.
    # FileResponse closes the file once sent, which deletes it.
    output = tempfile.TemporaryFile()  # noqa: SIM115
    workbook.save(output)
    output.seek(0)
    response = FileResponse(
        output,
        as_attachment=True,
        filename=_filename("xlsx"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Cache-Control"] = "private, no-store"
    return response
