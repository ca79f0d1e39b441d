"""Reading a CSV or XLSX file as a header and a stream of rows.

Both readers stream: a CSV through the csv module over the open file, an XLSX through
openpyxl's read-only mode, which parses the sheet XML as it goes. Neither holds more than
the few rows searched for the header.

The header is found, not assumed: office sheets often start with a title ("DATA PPKS
KABUPATEN BOJONEGORO 2024"), and some have a two-level header with merged cells ("Alamat"
over "Desa", "Kecamatan", "Kabupaten"). The first rows are scored by how many registry
fields their labels name; the best row, or pair of rows read together, is the header.
"""

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from xml.etree.ElementTree import XMLPullParser

from django.utils.translation import gettext as _

from .columns import ALIASES
from .values import is_blank, normal_key

HEADER_SCAN_ROWS = 12  # non-empty rows searched for the header
MIN_HEADER_FIELDS = 2
XLSX_SIGNATURE = b"PK\x03\x04"
OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls of Excel 97-2003
CHUNK = 1 << 20
XML_CHUNK = 1 << 13  # fed to the parser at a time: few elements wait to be taken
# A 50,000-row sheet unpacks to about 30 MB of XML; far more is not a client list.
MAX_UNPACKED_BYTES = 1024 * 1024 * 1024


class FileError(Exception):
    """A file that cannot be read at all (not a row problem); `message` is for the user."""

    def __init__(self, message):
        super().__init__(message)
        self.message = str(message)


@dataclass
class Table:
    kind: str  # "csv" or "xlsx"
    labels: list[str]  # the header, one label per column ("" for an empty header cell)
    header_rows: tuple[int, ...]  # row numbers of the header (one, or two when combined)
    rows: Iterator[tuple[int, tuple]]  # (row number as the spreadsheet shows it, cells)
    progress: Callable[[], float]  # share of the file read so far, 0..1
    sheet_name: str = ""
    detail: str = ""  # e.g. "UTF-8, semicolons": shown in the preview


def sniff_kind(head: bytes) -> str:
    if head.startswith(XLSX_SIGNATURE):
        return "xlsx"
    if head.startswith(OLE2_SIGNATURE):
        raise FileError(
            _(
                "This is an old Excel file (.xls). Open it in Excel or LibreOffice and save it "
                "as .xlsx or .csv, then upload that file."
            )
        )
    if b"\x00" in head:
        raise FileError(_("This file is neither a spreadsheet (.xlsx) nor a CSV file."))
    return "csv"


@contextmanager
def open_table(path, *, sheet: str | None = None):
    """Open the file at `path` (CSV or XLSX, judged by its content) as a `Table`."""
    with open(path, "rb") as handle:
        head = handle.read(8)
    kind = sniff_kind(head)
    if kind == "xlsx":
        with _open_xlsx(path, sheet) as table:
            yield table
    else:
        with _open_csv(path) as table:
            yield table


# --------------------------------------------------------------------------------------
# CSV
# --------------------------------------------------------------------------------------


def _detect_encoding(handle) -> str:
    """UTF-8 (with or without BOM) if every byte decodes as UTF-8, else Windows-1252.

    The whole file is checked, a megabyte at a time: a sheet saved from old Excel is often
    plain ASCII for thousands of rows before the first é.
    """
    handle.seek(0)
    if handle.read(3) == codecs.BOM_UTF8:
        return "utf-8-sig"
    handle.seek(0)
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        while chunk := handle.read(CHUNK):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def _detect_delimiter(sample: str) -> str:
    lines = [line for line in sample.splitlines() if line.strip()][:HEADER_SCAN_ROWS]
    try:
        return csv.Sniffer().sniff("\n".join(lines), delimiters=";,\t").delimiter
    except csv.Error:
        counts = {d: sum(line.count(d) for line in lines) for d in ";,\t"}
        return max(counts, key=counts.get)


@contextmanager
def _open_csv(path):
    with open(path, "rb") as binary:
        encoding = _detect_encoding(binary)
        binary.seek(0)
        delimiter = _detect_delimiter(binary.read(64 * 1024).decode(encoding, errors="replace"))
        size = max(1, binary.seek(0, io.SEEK_END))
        binary.seek(0)
        # Windows-1252 leaves five bytes undefined; show them as "?" rather than fail.
        stream = io.TextIOWrapper(binary, encoding=encoding, errors="replace", newline="")
        reader = csv.reader(stream, delimiter=delimiter)
        labels, header_rows, rows = _find_header(_csv_rows(reader), merges=())
        yield Table(
            kind="csv",
            labels=labels,
            header_rows=header_rows,
            rows=rows,
            progress=lambda: min(1.0, binary.tell() / size),
            detail=f"{_ENCODING_NAMES[encoding]}, {_delimiter_name(delimiter)}",
        )


def _csv_rows(reader):
    number = 0
    try:
        for number, row in enumerate(reader, start=1):
            yield number, tuple(row)
    except csv.Error as error:
        raise FileError(
            _("The CSV file cannot be read after row %(row)s (%(error)s).")
            % {"row": number, "error": error}
        ) from None


_ENCODING_NAMES = {"utf-8-sig": "UTF-8 (BOM)", "utf-8": "UTF-8", "cp1252": "Windows-1252"}


def _delimiter_name(delimiter):
    return {";": _("semicolons"), ",": _("commas"), "\t": _("tabs")}[delimiter]


# --------------------------------------------------------------------------------------
# XLSX
# --------------------------------------------------------------------------------------


def _check_archive(path):
    """Refuse a ZIP that is not a workbook, or that unpacks to far more than a sheet could
    (a "zip bomb"), before openpyxl starts on it."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise FileError(_("This .xlsx file is damaged and cannot be read.")) from None
    if "xl/workbook.xml" not in names:
        raise FileError(_("This ZIP file is not an Excel workbook (.xlsx)."))
    if unpacked > MAX_UNPACKED_BYTES:
        raise FileError(_("This workbook is too large to import. Split it into smaller files."))


@contextmanager
def _open_xlsx(path, sheet_name):
    from openpyxl import load_workbook

    _check_archive(path)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds on a bad file
        message = _("This .xlsx file cannot be read (%(error)s).") % {"error": error}
        raise FileError(message) from None
    try:
        if sheet_name:
            if sheet_name not in workbook.sheetnames:
                raise FileError(
                    _("The workbook has no sheet named %(name)s. Its sheets are: %(names)s.")
                    % {"name": sheet_name, "names": ", ".join(workbook.sheetnames)}
                )
            worksheet = workbook[sheet_name]
        else:
            worksheet = workbook.worksheets[0]
        merges = _merged_ranges(worksheet)
        total = worksheet.max_row or 0
        position = {"row": 0}

        def numbered():
            for number, row in enumerate(sheet_values(worksheet), start=1):
                position["row"] = number
                yield number, row

        labels, header_rows, rows = _find_header(numbered(), merges=merges)
        yield Table(
            kind="xlsx",
            labels=labels,
            header_rows=header_rows,
            rows=rows,
            progress=lambda: min(1.0, position["row"] / total) if total else 0.0,
            sheet_name=worksheet.title,
            detail=worksheet.title,
        )
    finally:
        workbook.close()


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW, _VALUE, _INLINE, _TEXT, _RUN = (f"{_MAIN}{tag}" for tag in ("row", "v", "is", "t", "r"))


def sheet_values(worksheet) -> Iterator[tuple]:
    """The rows of a read-only worksheet as tuples of values: what openpyxl's
    `iter_rows(values_only=True)` gives once its dimensions are reset (the dimension
    written in a file is sometimes wrong, A1:A1, so every row there is is read), a row as
    wide as its last cell, a row missing from the XML as an empty one.

    Read here from the sheet's XML with the standard library's parser, as openpyxl does,
    but without building its objects for every cell (an inline string, as most exports
    write text, became a rich-text object first): ten times faster, most of a check
    pass's time before. Shared strings, date styles and the epoch are openpyxl's, read
    with the workbook; cells are read as `data_only` (a formula's cached value).
    """
    from openpyxl.utils import column_index_from_string

    values = _Values(worksheet)
    columns = {}
    expected = 1  # the next row number to give
    number = 0
    with worksheet._get_source() as source:
        for element in _row_elements(source):
            number = _row_number(element.get("r"), number)
            cells = []
            column = 0
            for cell in element:
                reference = cell.get("r")
                if reference:
                    letters = reference.rstrip("0123456789")
                    column = columns.get(letters) or columns.setdefault(
                        letters, column_index_from_string(letters)
                    )
                else:
                    column += 1
                kind = cell.get("t", "n")
                if kind != "inlineStr":
                    cells.append((column, values.read(cell, kind)))
                elif len(cell) == 1 and len(inline := cell[0]) == 1 and inline[0].tag == _TEXT:
                    cells.append((column, inline[0].text or ""))  # <is><t>text</t></is>
                else:
                    cells.append((column, _inline_text(cell.find(_INLINE))))
            element.clear()
            if number < expected:  # a row number given twice: openpyxl keeps the first
                continue
            while expected < number:
                expected += 1
                yield ()
            expected += 1
            if not cells:
                yield ()
                continue
            row = [None] * cells[-1][0]
            for column, value in cells:
                if 1 <= column <= len(row):
                    row[column - 1] = value
            yield tuple(row)


def _row_elements(source):
    """The sheet's <row> elements as each ends, cleared by the caller. The parser is the
    one openpyxl reads sheets with (expat, which limits entity expansion; the archive's
    unpacked size was checked before), fed here directly rather than through iterparse's
    extra generator: a row has some forty elements, each an event."""
    parser = XMLPullParser(events=("end",))
    events = parser.read_events
    while data := source.read(XML_CHUNK):
        parser.feed(data)
        for _event, element in events():
            if element.tag == _ROW:
                yield element
    parser.close()
    for _event, element in events():
        if element.tag == _ROW:
            yield element


def _row_number(attribute, previous):
    if attribute is None:
        return previous + 1
    try:
        return int(attribute)
    except ValueError:
        value = float(attribute)
        if not value.is_integer():
            raise ValueError(f"{attribute} is not a valid row number") from None
        return int(value)


def _inline_text(inline):
    """An inline string's text, as openpyxl's `Text.content`: the plain text, then the
    runs' (phonetic runs left out)."""
    if inline is None:
        return None
    plain, runs = None, []
    for child in inline:
        if child.tag == _TEXT:
            plain = child.text or ""
        elif child.tag == _RUN:
            text = child.find(_TEXT)
            if text is not None:
                runs.append(text.text or "")
    return "".join([plain, *runs] if plain is not None else runs)


class _Values:
    """A cell's value as openpyxl's `WorkSheetParser.parse_cell` reads it (data_only)."""

    def __init__(self, worksheet):
        from openpyxl.utils.datetime import from_excel, from_ISO8601

        workbook = worksheet.parent
        self.shared = worksheet._shared_strings
        self.date_formats = workbook._date_formats
        self.timedelta_formats = workbook._timedelta_formats
        self.epoch = workbook.epoch
        self.from_excel, self.from_iso = from_excel, from_ISO8601

    def read(self, cell, kind):
        value = cell.findtext(_VALUE) or None
        if value is None:
            return None
        if kind == "n":
            value = float(value) if "." in value or "E" in value or "e" in value else int(value)
            style = cell.get("s")
            style = int(style) if style else 0
            if style in self.date_formats:
                try:
                    return self.from_excel(
                        value, self.epoch, timedelta=style in self.timedelta_formats
                    )
                except (OverflowError, ValueError):
                    return "#VALUE!"
            return value
        if kind == "s":
            return self.shared[int(value)]
        if kind == "b":
            return bool(int(value))
        if kind == "d":
            return self.from_iso(value)
        return value


_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')


def _merged_ranges(worksheet) -> list[tuple[int, int, int, int]]:
    """Merged ranges (min_row, min_col, max_row, max_col) that start in the header zone.

    openpyxl's read-only mode does not read merged cells. They are listed at the end of
    the sheet's XML, so the (compressed) XML is scanned as bytes for them: a pass that
    decompresses but does not parse.
    """
    from openpyxl.utils import column_index_from_string

    found = []
    tail = b""
    with worksheet._get_source() as source:  # the sheet's XML inside the archive
        while chunk := source.read(CHUNK):
            data = tail + chunk
            for match in _MERGE.finditer(data):
                min_row, max_row = int(match[2]), int(match[4])
                if min_row <= HEADER_SCAN_ROWS * 2:
                    found.append(
                        (
                            min_row,
                            column_index_from_string(match[1].decode()),
                            max_row,
                            column_index_from_string(match[3].decode()),
                        )
                    )
            tail = data[-200:]
    return sorted(set(found))


# --------------------------------------------------------------------------------------
# The header
# --------------------------------------------------------------------------------------


def _fill_merges(number, row, merges, top_left):
    """The row with every cell of a merged range showing the range's value."""
    cells = list(row)
    for min_row, min_col, max_row, max_col in merges:
        if min_row <= number <= max_row:
            value = top_left.get((min_row, min_col))
            if len(cells) < max_col:
                cells += [None] * (max_col - len(cells))
            for column in range(min_col, max_col + 1):
                if is_blank(cells[column - 1]):
                    cells[column - 1] = value
    return tuple(cells)


def _fields(labels) -> set:
    return {ALIASES[key] for key in map(normal_key, labels) if key in ALIASES}


def _combine(upper, lower):
    width = max(len(upper), len(lower))
    upper = tuple(upper) + (None,) * (width - len(upper))
    lower = tuple(lower) + (None,) * (width - len(lower))
    return tuple(
        low if normal_key(low) in ALIASES else (up if not is_blank(up) else low)
        for up, low in zip(upper, lower, strict=True)
    )


def _find_header(numbered, *, merges):
    scanned = []  # (number, row with merges filled, original row)
    top_left = {}
    for number, row in numbered:
        if all(is_blank(cell) for cell in row):
            continue
        for min_row, min_col, _max_row, _max_col in merges:
            if min_row == number and len(row) >= min_col:
                top_left[(min_row, min_col)] = row[min_col - 1]
        scanned.append((number, _fill_merges(number, row, merges, top_left), row))
        if len(scanned) >= HEADER_SCAN_ROWS:
            break

    best = None  # (score, prefer single rows, -position, labels, header row numbers, end)
    for position, (number, filled, _row) in enumerate(scanned):
        candidates = [(filled, (number,), position, 1)]
        if position + 1 < len(scanned):
            next_number, next_filled, _next_row = scanned[position + 1]
            if next_number == number + 1:
                candidates.append(
                    (_combine(filled, next_filled), (number, next_number), position + 1, 0)
                )
        for labels, header_rows, end, single in candidates:
            key = (len(_fields(labels)), single, -position)
            if best is None or key > best[0]:
                best = (key, labels, header_rows, end)
    if best is None or best[0][0] < MIN_HEADER_FIELDS:
        raise FileError(
            _(
                "No header row found. The first rows of the sheet must name the columns, "
                "e.g. Nama, NIK, Jenis Kelamin, Tanggal Lahir, Kabupaten/Kota."
            )
        )
    _key, labels, header_rows, end = best
    labels = ["" if is_blank(label) else " ".join(str(label).split()) for label in labels]
    buffered = [(number, row) for number, _filled, row in scanned[end + 1 :]]

    def rows():
        yield from buffered
        for number, row in numbered:
            if not all(is_blank(cell) for cell in row):
                yield number, row

    return labels, header_rows, rows()
