"""The import's XLSX rows read from the sheet's XML give what openpyxl's read-only
`iter_rows(values_only=True)` gives: every kind of cell, gaps, missing rows, inline and
rich text, dates by style, the 1904 epoch, formulas by their cached value."""

import datetime
import zipfile

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from beneficiaries.importing.readers import open_table, sheet_values


def _openpyxl_rows(path, sheet=None):
    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
        worksheet.reset_dimensions()
        return [tuple(row) for row in worksheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def _our_rows(path, sheet=None):
    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
        return list(sheet_values(worksheet))
    finally:
        workbook.close()


def _same(path, sheet=None):
    ours, theirs = _our_rows(path, sheet), _openpyxl_rows(path, sheet)
    assert ours == theirs
    assert [[type(v) for v in row] for row in ours] == [[type(v) for v in row] for row in theirs]
    return ours


def test_a_workbook_with_every_kind_of_cell(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Klien"
    sheet.append(["Nama", "NIK", "Tanggal Lahir", "Umur", "Aktif", "Catatan"])
    sheet.append(["Sri Wahyuni", "3522125507800001", datetime.date(1980, 7, 15), 44, True, None])
    sheet.append(["Budi", 3522125507800002, datetime.datetime(1975, 1, 2, 10, 30), 49.5, False])
    sheet["A5"] = "after a missing row"
    sheet["D5"] = "=1+1"  # a formula: no cached value written by openpyxl
    sheet["F6"] = "only the last column"
    sheet["B7"] = datetime.time(8, 30)
    sheet["C7"] = datetime.timedelta(hours=5)
    sheet["A8"] = CellRichText(["plain ", TextBlock(InlineFont(b=True), "bold"), " end"])
    sheet["A9"] = "  spaces kept  "
    sheet["A10"] = -1.25e-7
    sheet["A11"] = 10**15
    second = workbook.create_sheet("Lain")
    second.append(["x", None, "y"])
    path = tmp_path / "kinds.xlsx"
    workbook.save(path)
    rows = _same(path)
    assert rows[4] == ("after a missing row", None, None, None)  # a formula, no cached value
    assert rows[3] == ()
    _same(path, "Lain")


def test_the_1904_epoch(tmp_path):
    workbook = Workbook()
    workbook.epoch = datetime.datetime(1904, 1, 1)
    workbook.active.append(["Tanggal", datetime.date(1980, 8, 17)])
    path = tmp_path / "mac.xlsx"
    workbook.save(path)
    assert _same(path)[0][1] == datetime.datetime(1980, 8, 17)


def test_a_write_only_workbook_with_inline_strings(tmp_path):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Klien")
    sheet.append(["Nama", "NIK", "Tanggal"])
    for n in range(50):
        sheet.append([f"Orang {n}", f"35221255078{n:05d}", datetime.date(1980, 1, 1 + n % 28)])
    path = tmp_path / "inline.xlsx"
    workbook.save(path)
    with zipfile.ZipFile(path) as archive:
        assert b"inlineStr" in archive.read("xl/worksheets/sheet1.xml")
    assert len(_same(path)) == 51


SHEET = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<dimension ref="A1:A1"/>
<sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>Nama</t></is></c><c r="C1" t="s"><v>0</v></c></row>
<row><c t="inlineStr"><is><r><t>Sri </t></r><r><rPr><b/></rPr><t>Wahyuni</t></r></is></c>
<c t="str"><v>formula text</v></c><c t="e"><v>#N/A</v></c><c t="b"><v>1</v></c></row>
<row r="3.0"><c r="B3" t="d"><v>1980-08-17T00:00:00</v></c><c r="A3"><v>7</v></c></row>
<row r="3"><c r="A3" t="str"><v>a row number given twice</v></c></row>
<row r="6" spans="1:2" ht="20" customHeight="1"><c r="B6" t="inlineStr"><is/></c>
<c r="C6" t="inlineStr"><is><t/></is></c><c r="D6"><v></v></c><c r="E6" t="n"><v>1E3</v></c></row>
<row r="7"/>
<row r="8"><c r="AA8"><f>SUM(A1:A2)</f><v>3</v></c></row>
</sheetData>
<mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells>
</worksheet>"""


SHARED_TYPE = (
    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
)
SHARED = (
    '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
    'spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>Shared</t></si></sst>'
)


def test_a_sheet_written_by_hand(tmp_path):
    """What Excel, LibreOffice and other tools write that openpyxl does not: cells and rows
    without references, rich text runs, a row number given twice, empty values."""
    workbook = Workbook()
    workbook.active.title = "Data"
    workbook.active["A1"] = "placeholder"
    path = tmp_path / "hand.xlsx"
    workbook.save(path)
    patched = tmp_path / "patched.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(patched, "w") as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = SHEET.encode()
            elif item.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", SHARED_TYPE + b"</Types>")
            out.writestr(item, data)
        out.writestr("xl/sharedStrings.xml", SHARED)
    rows = _same(patched)
    assert rows[0] == ("Nama", None, "Shared")
    assert rows[1] == ("Sri Wahyuni", "formula text", "#N/A", True)
    assert rows[2][0] == 7


@pytest.mark.parametrize("format", ["xlsx"])
def test_the_table_numbers_rows_as_the_spreadsheet_shows_them(tmp_path, format):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["DATA PPKS"])
    sheet.append([])
    sheet.append(["Nama", "Jenis Kelamin", "Kabupaten/Kota"])
    sheet["A5"] = "Sri"
    sheet["A7"] = "Budi"
    path = tmp_path / f"numbers.{format}"
    workbook.save(path)
    with open_table(path) as table:
        assert table.header_rows == (3,)
        assert [(number, row[0]) for number, row in table.rows] == [(5, "Sri"), (7, "Budi")]
        assert table.progress() == 1.0
