"""Shared by the import tests: the regions the corpus names, files to import, runners."""

import datetime
from pathlib import Path

import pytest
from django.utils import translation

from beneficiaries.importing.writer import run_import
from beneficiaries.models import District, Regency, Village
from beneficiaries.tests.factories import BOJONEGORO, KOTA_MALANG, place

CORPUS = Path(__file__).resolve().parent / "imports"

HEADER = "Nama;NIK;Jenis Kelamin;Tanggal Lahir;Desa/Kelurahan;Kecamatan;Kabupaten/Kota;Jenis PPKS"


@pytest.fixture
def import_regions(db):
    """Bojonegoro and Kota Malang as the corpus needs them: Sumberrejo with Tlogohaji, and a
    village named Butoh in two districts of Bojonegoro (Ngasem and Sumberrejo)."""
    place(BOJONEGORO)
    place(KOTA_MALANG)
    ngasem = District.objects.create(
        code="35.22.04", regency=Regency.objects.get(pk=BOJONEGORO), name="Ngasem"
    )
    Village.objects.create(code="35.22.04.2001", district=ngasem, name="Butoh")
    Village.objects.create(code="35.22.12.2018", district_id="35.22.12", name="Butoh")


def preview(path, user, **options):
    """The import's verdict on a file, in English (the messages the tests compare)."""
    with translation.override("en"):
        return run_import(path, user=user, **options)


def problems(summary):
    return [(p["row"], p["column"], p["message"]) for p in summary.problems]


def warnings(summary):
    return [(p["row"], p["column"], p["message"]) for p in summary.warning_list]


def write_csv(path, rows, header=HEADER):
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def person(n, *, nik=True, regency="Kabupaten Bojonegoro"):
    """A valid Sumberrejo row for the CSV of HEADER: a man born on a day of 1980."""
    born = datetime.date(1980, 1, 1) + datetime.timedelta(days=n % 3000)
    number = f"352212{born:%d%m%y}{n % 9999 + 1:04d}" if nik else ""
    return f"Orang {n};{number};L;{born:%d/%m/%Y};Tlogohaji;Sumberrejo;{regency};PD"
