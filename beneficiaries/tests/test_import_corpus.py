"""The messy-file corpus (tests/imports/, made by make_corpus.py): each file gives exactly
the expected preview, row by row, and what it imports is what the rows say."""

import datetime

import pytest

from beneficiaries.models import Client
from beneficiaries.tests.factories import BOJONEGORO, ClientFactory

from .import_helpers import CORPUS, preview, problems, warnings

SPREADSHEET_NUMBER = (
    "The NIK {} was turned into a number by a spreadsheet (written with an exponent or "
    "decimals): digits have been lost. Format the column as Text and type the 16 digits from "
    "the card again."
)
NUMBER_CELL = (
    "The NIK is stored in the spreadsheet as a number ({}), not as text. Spreadsheets keep "
    "only 15 digits of a number, so the last digits may have been changed. Format the column "
    "as Text and type the 16 digits from the card again."
)


@pytest.fixture
def registered(import_regions):
    """The person of row 18 of bom_semicolon.csv, already in the registry."""
    return ClientFactory(
        regency_code=BOJONEGORO,
        name="Sudah Terdaftar",
        nik="3522121207700008",
        sex=Client.Sex.MALE,
        birth_date=datetime.date(1970, 7, 12),
    )


def test_utf8_bom_semicolons_title_row_and_every_kind_of_mangled_value(
    registered, worker_bojonegoro
):
    summary = preview(CORPUS / "bom_semicolon.csv", worker_bojonegoro)

    assert (summary.kind, summary.detail) == ("csv", "UTF-8 (BOM), semicolons")
    assert summary.header_rows == [2]  # under the title row
    assert summary.unknown_columns == ["Catatan"]  # reported, not fatal
    # rows read, ready, already registered, with errors (empty rows 5 and 11 not counted)
    assert summary.verdict == (14, 3, 1, 10)
    assert problems(summary) == [
        (4, "NIK", SPREADSHEET_NUMBER.format("3.52212E+15")),
        (6, "NIK", "The same NIK as row 3 of this file."),
        (
            7,
            "Desa/Kelurahan",
            "Butoh matches more than one place: Butoh (district Ngasem) or Butoh "
            "(district Sumberrejo). Write which one (or its code).",
        ),
        (8, "NIK", SPREADSHEET_NUMBER.format("3522126002850003.0")),
        (
            9,
            "NIK",
            "The NIK 352212170880000 has 15 digits instead of 16. A spreadsheet that stored it "
            "as a number may have dropped a digit. Type the 16 digits from the card again, in "
            "a column formatted as Text.",
        ),
        (12, "Nama Lengkap", "The same name, date of birth and village as row 10 of this file."),
        (
            14,
            "Kabupaten/Kota",
            "Malang matches more than one place: Kabupaten Malang or Kota Malang. Write which "
            "one (or its code).",
        ),
        (
            15,
            "Kabupaten/Kota",
            "You can only record clients who live in your area or are served by your service unit.",
        ),
        (
            16,
            "Tgl Lahir",
            "31/02/1980 is not a date that exists (day 31, month 2). Dates are read as "
            "day/month/year.",
        ),
        (17, "Jenis Kelamin", "Enter the sex: L (laki-laki) or P (perempuan)."),
    ]
    # Row 3's NIK has day 55 (15 + 40, a woman) and she is P: no warning. Row 13's has day
    # 41 but says L: a warning, the row is still ready.
    assert warnings(summary) == [
        (13, "Jenis Kelamin", "The NIK is that of a woman, but the sex entered is male."),
    ]
    assert [(r["row"], r["registration_number"]) for r in summary.existing_rows] == [
        (18, registered.registration_number)
    ]
    assert [(r["row"], r["name"], r["nik"], r["birth_date"]) for r in summary.sample] == [
        (3, "Sri Wahyuni", "352212••••••0001", "1980-07-15"),
        (10, "Paijo", "", "1975-03-01"),
        (13, "Rina Wati", "352212••••••0004", "1990-07-01"),
    ]


def test_utf8_file_imports_what_its_ready_rows_say(registered, worker_bojonegoro):
    summary = preview(CORPUS / "bom_semicolon.csv", worker_bojonegoro, write=True, skip_errors=True)

    assert (summary.created, summary.updated) == (3, 0)
    sri = Client.objects.get(nik="3522125507800001")
    assert (sri.name, sri.sex, sri.birth_date) == ("Sri Wahyuni", "P", datetime.date(1980, 7, 15))
    assert (sri.regency_id, sri.district_id, sri.village_id) == (
        "35.22",
        "35.22.12",
        "35.22.12.2001",
    )
    assert sri.phone == "081234567890"
    assert [t.code for t in sri.ppks_types.all()] == ["09"]
    assert [d.name for d in sri.disabilities.all()] == ["Disabilitas netra"]  # "Tuna netra"
    paijo = Client.objects.get(name="Paijo")
    assert paijo.nik == ""
    assert sorted(t.code for t in paijo.ppks_types.all()) == ["11", "12"]  # "gepeng"
    rina = Client.objects.get(nik="3522124107900004")  # the leading apostrophe is gone
    assert rina.sex == "L"  # as written; the warning was shown, the import confirms it


def test_windows_1252_commas_accents_serial_dates_and_several_disabilities(
    import_regions, worker_bojonegoro
):
    summary = preview(CORPUS / "windows1252_comma.csv", worker_bojonegoro)

    assert (summary.kind, summary.detail) == ("csv", "Windows-1252, commas")
    assert summary.verdict == (5, 4, 0, 1)
    assert problems(summary) == [
        (5, "JK", "X is not a sex. Write L (laki-laki) or P (perempuan)."),
    ]
    assert warnings(summary) == []
    assert [(r["row"], r["name"], r["birth_date"]) for r in summary.sample] == [
        (2, "José Ramírez", "1980-08-15"),  # Excel serial 29448
        (3, "Iñes Wulandari", "1980-08-17"),  # 17 Agustus 1980
        (4, "Renée Siregar", "1985-02-20"),  # 20-02-1985
        (7, "Ñoman Tua", "1950-01-01"),
    ]

    preview(CORPUS / "windows1252_comma.csv", worker_bojonegoro, write=True, skip_errors=True)
    renee = Client.objects.get(name="Renée Siregar")
    assert sorted(d.name for d in renee.disabilities.all()) == [
        "Disabilitas rungu",
        "Psikososial (skizofrenia, bipolar, depresi, anxietas, gangguan kepribadian)",
    ]
    # "Tuna daksa": the kind alone, when the sub-type is not known (issue #16).
    noman = Client.objects.get(name="Ñoman Tua")
    assert [str(d) for d in noman.disabilities.all()] == [
        "Disabilitas fisik (jenis belum diketahui)"
    ]


def test_xlsx_with_title_and_merged_two_level_header(import_regions, worker_bojonegoro):
    summary = preview(CORPUS / "merged_header.xlsx", worker_bojonegoro)

    assert (summary.kind, summary.detail) == ("xlsx", "Klien")
    # "Alamat" merged over Desa, Kecamatan, Kabupaten/Kota; the others merged down.
    assert [label for label, _field in summary.columns] == [
        "Nama",
        "NIK",
        "Jenis Kelamin",
        "Tanggal Lahir",
        "Desa",
        "Kecamatan",
        "Kabupaten/Kota",
        "Jenis PPKS",
    ]
    assert summary.verdict == (4, 2, 0, 2)  # row 5 is empty
    assert problems(summary) == [
        (6, "NIK", NUMBER_CELL.format("3522121507800012")),
        (7, "NIK", NUMBER_CELL.format("3522121507800013")),
    ]
    assert [(r["row"], r["name"], r["birth_date"]) for r in summary.sample] == [
        (4, "Sri Rahayu", "1980-07-05"),  # a real date cell
        (8, "Eko Serial", "1980-08-15"),  # a number cell: an Excel serial; village by code
    ]


def test_xlsx_named_sheet(import_regions, worker_bojonegoro):
    summary = preview(CORPUS / "merged_header.xlsx", worker_bojonegoro, sheet="Lain")

    assert (summary.detail, summary.verdict) == ("Lain", (1, 1, 0, 0))
    assert summary.sample[0]["name"] == "Lain Sheet"
