"""The NIK rules, table-driven: what is refused, what is only a warning."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from beneficiaries.nik import clean_nik_input, compose_nik, nik_warnings, parse_nik

# 35.73.01 (Blimbing, Kota Malang); born 15 July 1980.
VALID_MALE = "3573011507800001"
VALID_FEMALE = "3573015507800002"  # day 15 + 40


@pytest.mark.parametrize(
    ("nik", "sex", "day", "month", "year_2"),
    [
        (VALID_MALE, "L", 15, 7, 80),
        (VALID_FEMALE, "P", 15, 7, 80),
        ("3522014102000001", "P", 1, 2, 0),  # first of February 2000
        ("3522017112990001", "P", 31, 12, 99),  # day 71 is the highest for women
        ("3522012902960001", "L", 29, 2, 96),  # leap year
    ],
)
def test_valid_nik_is_decoded(nik, sex, day, month, year_2):
    info = parse_nik(nik)

    assert (info.sex, info.birth_day, info.birth_month, info.birth_year_2) == (
        sex,
        day,
        month,
        year_2,
    )
    assert info.district_code == f"{nik[0:2]}.{nik[2:4]}.{nik[4:6]}"


@pytest.mark.parametrize(
    ("nik", "code"),
    [
        ("357301150780001", "nik_length"),  # 15 digits
        ("35730115078000011", "nik_length"),  # 17 digits
        ("35730115078O0001", "nik_not_digits"),  # letter O for zero
        ("3573-01-150780-0001", "nik_not_digits"),
        ("3.57301E+15", "nik_spreadsheet_number"),
        ("3573011507800001.0", "nik_spreadsheet_number"),
        ("3573011500800001", "nik_month"),  # month 00
        ("3573011513800001", "nik_month"),  # month 13
        ("3573010007800001", "nik_day"),  # day 00
        ("3573013207800001", "nik_day"),  # day 32
        ("3573013507800001", "nik_day"),  # day 35
        ("3573014007800001", "nik_day"),  # day 40
        ("3573017207800001", "nik_day"),  # day 72 (31 + 40 is the highest)
        ("3573013002800001", "nik_date"),  # 30 February
        ("3573012902810001", "nik_date"),  # 29 February in a year that is never a leap year
        ("3573011507800000", "nik_serial"),  # serial 0000
    ],
)
def test_impossible_nik_is_refused_with_its_reason(nik, code):
    with pytest.raises(ValidationError) as excinfo:
        parse_nik(nik)

    assert excinfo.value.code == code


def test_whitespace_typed_inside_a_nik_is_removed_and_nothing_else():
    assert clean_nik_input(" 3573 0115 0780 0001 ") == VALID_MALE
    assert clean_nik_input("3573.0115") == "3573.0115"


def _warning_codes(nik, *, birth_date, sex, district_known=True):
    return [
        w.code
        for w in nik_warnings(
            parse_nik(nik), birth_date=birth_date, sex=sex, district_known=district_known
        )
    ]


@pytest.mark.parametrize(
    ("nik", "birth_date", "sex", "district_known", "expected"),
    [
        (VALID_MALE, datetime.date(1980, 7, 15), "L", True, []),
        (VALID_FEMALE, datetime.date(1980, 7, 15), "P", True, []),
        (VALID_MALE, None, "", True, []),  # nothing to compare with
        (VALID_MALE, datetime.date(1980, 7, 15), "L", False, ["nik_unknown_district"]),
        (VALID_MALE, datetime.date(1981, 7, 15), "L", True, ["nik_birth_date_mismatch"]),
        (VALID_MALE, datetime.date(1980, 7, 16), "L", True, ["nik_birth_date_mismatch"]),
        (VALID_MALE, datetime.date(1980, 7, 15), "P", True, ["nik_sex_mismatch"]),
        (VALID_FEMALE, datetime.date(1980, 7, 15), "L", True, ["nik_sex_mismatch"]),
    ],
)
def test_disagreements_are_warnings(nik, birth_date, sex, district_known, expected):
    assert (
        _warning_codes(nik, birth_date=birth_date, sex=sex, district_known=district_known)
        == expected
    )


def test_compose_nik_round_trips():
    nik = compose_nik(
        district_code="35.22.12", birth_date=datetime.date(1985, 3, 9), sex="P", serial=17
    )

    assert nik == "3522124903850017"
    assert parse_nik(nik).birth_day == 9
