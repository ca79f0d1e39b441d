"""Cells to values: dates in every style offices write, sexes, NIKs as people and
spreadsheets mangle them, phone numbers, several names in one cell."""

import datetime

import pytest
from django.utils import translation

from beneficiaries.importing import values
from beneficiaries.importing.values import CellError

DATE = datetime.date(1980, 8, 17)


@pytest.mark.parametrize(
    "cell",
    [
        "17/08/1980",
        "17-08-1980",
        "17.8.1980",
        "1980-08-17",
        "17 Agustus 1980",
        "17 agt 1980",
        "17-Agu-1980",
        "17 August 1980",
        "29450",  # an Excel serial
        29450,
        29450.0,
        datetime.datetime(1980, 8, 17),
        "1980-08-17 00:00:00",
    ],
)
def test_dates_in_every_style(cell):
    assert values.birth_date(cell) == DATE


@pytest.mark.parametrize(
    ("cell", "says"),
    [
        ("17/08/80", "two-digit year"),
        ("1980", "only a year"),
        ("31/02/1980", "not a date that exists"),
        ("17 Agustusan 1980", "not the name of a month"),
        ("kemarin", "not a date"),
        ("01/01/1899", "before 1900"),
        ("01/01/2999", "in the future"),
        (123, "not a date"),
    ],
)
def test_dates_that_cannot_be_read_say_why(cell, says):
    with translation.override("en"), pytest.raises(CellError, match=says):
        values.birth_date(cell)


@pytest.mark.parametrize(
    ("cell", "sex"),
    [("L", "L"), ("lk", "L"), ("Laki-laki", "L"), ("Male", "L"), ("p", "P"), ("Perempuan", "P"),
     ("WANITA", "P"), ("Female", "P")],
)  # fmt: skip
def test_sexes(cell, sex):
    assert values.sex(cell) == sex


@pytest.mark.parametrize(
    "cell",
    ["3522125507800001", " 3522 1255 0780 0001 ", "3522.1255.0780.0001", "'3522125507800001",
     "3522-1255-0780-0001"],
)  # fmt: skip
def test_niks_are_cleaned_of_what_people_add(cell):
    assert values.identity_number(cell, what="NIK") == "3522125507800001"


@pytest.mark.parametrize(
    "cell",
    ["3.52212E+15", "3,52212E+15", "3522125507800001.0", "352212550780000", 3522125507800001,
     3.522125507800001e15],
)  # fmt: skip
def test_niks_a_spreadsheet_made_numbers_are_refused(cell):
    with translation.override("en"), pytest.raises(CellError, match="spreadsheet"):
        values.identity_number(cell, what="NIK")


def test_phone_numbers_get_their_lost_leading_zero_back():
    assert values.phone("8123456789") == "08123456789"
    assert values.phone("0812-3456-789") == "08123456789"
    assert values.phone("+62 812 3456 789") == "+628123456789"
    with pytest.raises(CellError):
        values.phone("12")


def test_several_names_in_a_cell_but_not_inside_parentheses():
    assert values.several("PD; Lansia, Gelandangan\nPengemis") == [
        "PD",
        "Lansia",
        "Gelandangan",
        "Pengemis",
    ]
    assert values.several("Psikososial (skizofrenia, bipolar), Rungu") == [
        "Psikososial (skizofrenia, bipolar)",
        "Rungu",
    ]
