"""Counts, decimals and percentages as Indonesians write them (programs/numbers.py), the one
formatter the pages, the report's tables and its XLSX number formats share."""

import pytest

from programs import numbers
from programs.templatetags.money import percent
from programs.templatetags.numbers import count, decimal, figure


@pytest.mark.parametrize(
    ("value", "text"),
    [(0, "0"), (7, "7"), (1234, "1.234"), (94_950_000, "94.950.000"), (-1234, "-1.234")],
)
def test_count_groups_thousands_with_dots(value, text):
    assert numbers.count(value) == text
    assert count(value) == text


@pytest.mark.parametrize(
    ("value", "digits", "text"),
    [
        (1.75, 1, "1,8"),
        (1.8, 1, "1,8"),
        (2, 1, "2,0"),
        (1234.56, 1, "1.234,6"),
        (1234.56, 2, "1.234,56"),
        (1234.56, 0, "1.235"),
        (-0.04, 1, "0,0"),
        (-1.25, 1, "-1,2"),
    ],
)
def test_decimal_uses_a_comma(value, digits, text):
    assert numbers.decimal(value, digits) == text
    assert decimal(value, digits) == text


def test_percent_of_a_share_and_of_points():
    assert numbers.percent(0.456, 1) == "45,6 %"
    assert numbers.percent(0.38) == "38 %"
    assert numbers.percent(1) == "100 %"
    assert percent(0.5) == "50 %"
    assert numbers.points(45.6) == "45,6 %"
    assert numbers.points(100.0) == "100,0 %"


def test_none_is_an_en_dash():
    for write in (numbers.count, numbers.decimal, numbers.percent, numbers.points):
        assert write(None) == "\u2013"
    assert numbers.rupiah(None) == "\u2013"


@pytest.mark.parametrize(
    ("value", "kind", "text"),
    [
        (1_950_000, numbers.RUPIAH, "Rp1.950.000"),
        (1_949_999.6, numbers.RUPIAH, "Rp1.950.000"),
        (94_950_000, numbers.COUNT, "94.950.000"),
        (45.6, numbers.PERCENT, "45,6 %"),
        (1.8, numbers.DECIMAL, "1,8"),
        (None, numbers.COUNT, "\u2013"),
        ("Kota Malang", numbers.TEXT, "Kota Malang"),
    ],
)
def test_a_report_cell_by_its_kind(value, kind, text):
    assert figure(value, kind) == text


def test_the_xlsx_formats_group_as_the_page_does():
    # "#,##0": the spreadsheet draws the reader's separators (dots in Indonesian).
    assert numbers.XLSX_FORMATS[numbers.RUPIAH] == '"Rp"#,##0'
    assert numbers.XLSX_FORMATS[numbers.COUNT] == "#,##0"
    assert numbers.XLSX_FORMATS[numbers.PERCENT] == "#,##0.0"
