"""The client list as a file: CSV or XLSX, the rows the list shows with its filters.

`clients_csv_write` and `clients_xlsx_write` write the file to a file object (a background
job's); `clients_csv_response` streams the same CSV to the browser, and
`clients_xlsx_response` sends the XLSX (a ZIP, written at the end) through a temporary
file.

Rows are read as tuples (`values_list`, the region and unit names joined), CHUNK_SIZE at
a time through a server-side cursor, and the three many-to-many name lists of a chunk
with one query each: no model instance is built, and memory stays flat however long the
list. An XLSX's workbook is openpyxl's (write-only), its rows are written by `_SheetRows`:
the XML openpyxl writes, byte for byte, several times faster.

The headers are the import's canonical ones, so a list exported with full NIKs can be
imported elsewhere as it is. Typed text is written as text, never as a formula
(core/spreadsheets.py).
"""

import datetime
import io
import re
import shutil
import tempfile
import zipfile
from itertools import islice

from django.db import connections, transaction
from django.db.models import F, Lookup
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.compat import safe_string
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.utils.exceptions import IllegalCharacterError

from core.spreadsheets import csv_writer, xlsx_row

from .importing.columns import canonical_header
from .models import Client

CHUNK_SIZE = 5000
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
DATE_FORMAT = "%d/%m/%Y"  # a CSV's; an XLSX's dates are dates shown as DD/MM/YYYY

# What a row reads of the client, in this order (the id for the many-to-many names).
_COLUMNS = (
    "id",
    "registration_number",
    "name",
    "nik",
    "kk_number",
    "sex",
    "birth_place",
    "birth_date",
    "address",
    "village__name",
    "district__name",
    "regency__name",
    "phone",
    "status",
    "service_unit__name",
)
_MANY = ("ppks_types", "disabilities", "assistive_devices")


def _mask(number):
    return f"{number[:6]}{'•' * 6}{number[-4:]}" if number else ""


class _Nik:
    """What `Client.masked_nik` reads of a client, for a NIK read without its client."""

    __slots__ = ("nik",)


def _nik_masker():
    """`Client.masked_nik` of a NIK (the rule has one home: the model)."""
    holder, rule = _Nik(), Client.masked_nik.fget

    def masked(nik):
        holder.nik = nik
        return rule(holder)

    return masked


class _AnyOf(Lookup):
    """`column = ANY(%s::bigint[])`, integer ids as one array literal (PostgreSQL): an
    `IN` makes one placeholder per id, which Django and the driver then build and quote
    one by one, and the driver dumps a Python list element by element too."""

    lookup_name = "any_of"  # not registered: used as an expression
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        ids = "{" + ",".join(map(str, map(int, self.rhs))) + "}"
        return f"{lhs} = ANY(%s::bigint[])", [*lhs_params, ids]


def _names_query(field_name, using):
    """A function of a chunk's client ids: for each client who has any, the names of her
    many-to-many field `field_name`, joined by ", " in the related model's order (its
    Meta.ordering, as a prefetch of the field reads them), in one query."""
    field = Client._meta.get_field(field_name)
    through = field.remote_field.through
    source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
    ordering = [
        f"-{target}__{key[1:]}" if key.startswith("-") else f"{target}__{key}"
        for key in field.related_model._meta.ordering
    ]
    pairs = (
        through._default_manager.using(using)
        .order_by(*ordering)
        .values_list(f"{source}_id", f"{target}__name")
    )
    database = connections[using]
    arrays = database.vendor == "postgresql"
    # Elsewhere an IN list, as many ids at a time as the database takes (SQLite: 999).
    batch = database.features.max_query_params or CHUNK_SIZE

    def of_clients(ids):
        lists = {}
        if arrays:
            batches = [pairs.filter(_AnyOf(F(f"{source}_id"), ids))]
        else:
            batches = [
                pairs.filter(**{f"{source}_id__in": ids[start : start + batch]})
                for start in range(0, len(ids), batch)
            ]
        for rows in batches:
            for client_id, name in rows:
                lists.setdefault(client_id, []).append(name)
        return {client_id: ", ".join(names) for client_id, names in lists.items()}

    return of_clients


def _row_chunks(queryset, *, nik, kk, date):
    """Lists of up to CHUNK_SIZE rows in HEADER order, each cell as read, but the NIK, the
    KK number and the date of birth as `nik`, `kk` and `date` make them.

    Read inside a transaction: PostgreSQL then streams the rows through the cursor as
    they are fetched. Outside one, Django's cursor is declared WITH HOLD, and the database
    first computes and stores the whole result (seconds for a million clients) before
    the first row goes out."""
    # (savepoint=False: inside a caller's transaction, nothing to add; it only reads.)
    with transaction.atomic(using=queryset.db, savepoint=False):
        rows = (
            queryset.prefetch_related(None).values_list(*_COLUMNS).iterator(chunk_size=CHUNK_SIZE)
        )
        names = [_names_query(field, queryset.db) for field in _MANY]
        try:
            while chunk := list(islice(rows, CHUNK_SIZE)):
                ids = [row[0] for row in chunk]
                ppks, disabilities, devices = (query(ids) for query in names)
                yield [
                    [
                        number,
                        name,
                        nik(nik_),
                        kk(kk_),
                        SEX.get(sex, sex),
                        birth_place,
                        date(birth_date),
                        address,
                        village or "",
                        district or "",
                        regency,
                        ppks.get(pk, ""),
                        disabilities.get(pk, ""),
                        devices.get(pk, ""),
                        phone,
                        STATUS.get(status, status),
                        unit or "",
                    ]
                    for (
                        pk,
                        number,
                        name,
                        nik_,
                        kk_,
                        sex,
                        birth_place,
                        birth_date,
                        address,
                        village,
                        district,
                        regency,
                        phone,
                        status,
                        unit,
                    ) in chunk
                ]
        except GeneratorExit:
            # The download was stopped: leave the transaction as it is, without the
            # rollback an exception would mark it for (a caller's transaction included).
            rows.close()
            return


def _same(value):
    return value


def client_rows(queryset, *, full_nik: bool):
    """One list per client, in HEADER order; dates as date objects."""
    chunks = _row_chunks(
        queryset,
        nik=_same if full_nik else _nik_masker(),
        kk=_same if full_nik else _mask,
        date=_same,
    )
    try:
        for chunk in chunks:
            yield from chunk
    finally:
        chunks.close()


def _with_apostrophe(number):
    # A leading apostrophe keeps a spreadsheet from turning the digits into a number (and
    # losing the last ones); the import removes it again.
    return f"'{number}" if number else number


def _csv_dates():
    """`date.strftime(DATE_FORMAT)`, remembered: birth dates repeat (a few tens of thousands
    of days for a million clients), and formatting one costs more than the rest of its
    row's cells."""
    formatted = {}

    def csv_date(value):
        if not value:
            return value
        text = formatted.get(value)
        if text is None:
            if len(formatted) >= 100_000:
                formatted.clear()
            text = formatted[value] = value.strftime(DATE_FORMAT)
        return text

    return csv_date


def _csv_bytes(queryset, *, full_nik: bool, progress=None):
    """The CSV file (UTF-8), a chunk of rows at a time; `progress(rows)` after each."""
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    writer.writerow(HEADER)
    yield ("\ufeff" + buffer.getvalue()).encode()  # the BOM makes Excel read UTF-8
    chunks = _row_chunks(
        queryset,
        nik=_with_apostrophe if full_nik else _nik_masker(),
        kk=_with_apostrophe if full_nik else _mask,
        date=_csv_dates(),
    )
    done = 0
    try:
        for chunk in chunks:
            buffer.seek(0)
            buffer.truncate()
            writer.writerows(chunk)
            yield buffer.getvalue().encode()
            done += len(chunk)
            if progress is not None:
                progress(done)
    finally:
        chunks.close()


def clients_csv_write(queryset, output, *, full_nik: bool, progress=None) -> int:
    """Writes the clients of `queryset` as CSV to `output` (a binary file); `progress(rows)`
    is called every CHUNK_SIZE rows. Returns the rows written (the header left out)."""
    written = 0

    def counted(rows):
        nonlocal written
        written = rows
        if progress is not None:
            progress(rows)

    for data in _csv_bytes(queryset, full_nik=full_nik, progress=counted):
        output.write(data)
    return written


def clients_xlsx_write(queryset, output, *, full_nik: bool, progress=None) -> int:
    """Writes the clients of `queryset` as an XLSX workbook (one sheet, "Klien") to
    `output` (a binary file); `progress(rows)` is called every CHUNK_SIZE rows. Returns
    the rows written (the header left out). NIKs are written as text (strings), never
    numbers: no digit is lost."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Klien")
    bold = Font(bold=True)
    header = []
    for label in HEADER:
        cell = WriteOnlyCell(sheet, value=label)
        cell.font = bold
        header.append(cell)
    chunks = _row_chunks(
        queryset,
        nik=_same if full_nik else _nik_masker(),
        kk=_same if full_nik else _mask,
        date=_same,
    )
    # One date cell for every row: a row is written as it is appended, so the cell is
    # free again for the next. Made as openpyxl makes a date's cell (its default date
    # format first), so that the workbook's styles are the same as cell by cell.
    birth_date = None
    done = 0
    with _SheetRows(sheet) as rows:
        rows.append(xlsx_row(sheet, header))
        try:
            for chunk in chunks:
                for row in chunk:
                    if isinstance(row[6], datetime.date):
                        if birth_date is None:
                            birth_date = WriteOnlyCell(sheet, value=row[6])
                            birth_date.number_format = "DD/MM/YYYY"
                        else:
                            birth_date.value = row[6]
                        row[6] = birth_date
                    rows.append(xlsx_row(sheet, row))
                done += len(chunk)
                if progress is not None:
                    progress(done)
        finally:
            chunks.close()
        rows.save(output)
    return done


# What XML 1.0 cannot hold: openpyxl refuses the control characters, lxml the rest.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_CELL_TEXT_LIMIT = 32767  # Excel's; openpyxl cuts longer strings there
_EMPTY_SHEET_DATA = re.compile(rb"<sheetData\s*/>|<sheetData>\s*</sheetData>")


class _SheetRows:
    """The rows of a write-only openpyxl sheet, written the way openpyxl writes them with
    lxml, byte for byte, several times faster (openpyxl builds and styles a cell object
    and an XML element per cell). openpyxl writes the rest of the workbook: `save` puts
    these rows into the sheet openpyxl leaves empty.

    A row holds strings, dates and cells (those `xlsx_row` makes, a header's bold ones,
    a cell with a date format); every string is written as a string (`inlineStr`), never
    as a formula. Rows go to a temporary file, as openpyxl's do (closed on leaving the
    `with` block)."""

    def __init__(self, sheet):
        self._sheet = sheet
        self._file = tempfile.TemporaryFile()  # noqa: SIM115 (closed by __exit__)
        self._lines = []
        self._row = 0
        self._serials = {}
        self._columns = []

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._file.close()

    def append(self, values):
        self._row += 1
        row = str(self._row)
        while len(self._columns) < len(values):
            self._columns.append(get_column_letter(len(self._columns) + 1))
        xml = [f'<row r="{row}">']
        for column, value in zip(self._columns, values, strict=False):
            style = ""
            if isinstance(value, Cell):
                if value.has_style:
                    style = f' s="{value.style_id}"'
                kind, value = value.data_type, value._value
                if value is None and not style:
                    continue
            elif value is None:
                continue
            elif isinstance(value, str):
                kind = "s"
            elif isinstance(value, int | float) and not isinstance(value, bool):
                kind = "n"
            else:  # a date among them: it needs a cell with its number format
                raise TypeError(f"{value!r}: only text, numbers and cells.")
            reference = f"{column}{row}"
            if value is None:
                xml.append(f'<c r="{reference}"{style} t="{kind}"></c>')
            elif kind == "s":
                xml.append(self._text(reference, style, value))
            elif kind == "d":
                xml.append(f'<c r="{reference}"{style} t="n"><v>{self._serial(value)}</v></c>')
            elif kind == "n":
                xml.append(f'<c r="{reference}"{style} t="n"><v>{safe_string(value)}</v></c>')
            else:
                raise TypeError(f"Cell of type {kind!r}: only text, numbers and dates.")
        xml.append("</row>")
        line = "".join(xml)
        if _NOT_XML.search(line):
            raise IllegalCharacterError(f"Row {row} holds characters a worksheet cannot.")
        self._lines.append(line)
        if len(self._lines) >= 1000:
            self._flush()

    @staticmethod
    def _text(reference, style, value):
        value = value[:_CELL_TEXT_LIMIT]
        if not value:
            return f'<c r="{reference}"{style} t="inlineStr"></c>'
        space = ' xml:space="preserve"' if value != value.strip() else ""
        text = (
            value.replace("&", "&amp;")
            .replace("<", "&lt;")
            .replace(">", "&gt;")
            .replace("\r", "&#13;")
        )
        return f'<c r="{reference}"{style} t="inlineStr"><is><t{space}>{text}</t></is></c>'

    def _serial(self, value):
        serial = self._serials.get(value)
        if serial is None:
            if len(self._serials) >= 100_000:
                self._serials.clear()
            epoch = self._sheet.parent.epoch
            serial = self._serials[value] = safe_string(to_excel(value, epoch))
        return serial

    def _flush(self):
        # ASCII, other characters as references: as openpyxl's sheets are written.
        self._file.write("".join(self._lines).encode("ascii", "xmlcharrefreplace"))
        self._lines.clear()

    def save(self, output):
        """The workbook to `output`: openpyxl's, its sheet with these rows."""
        self._flush()
        package = io.BytesIO()
        self._sheet.parent.save(package)
        path = self._sheet.path.lstrip("/")
        with (
            zipfile.ZipFile(package) as source,
            zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as target,
        ):
            for info in source.infolist():
                data = source.read(info)
                if info.filename != path:
                    target.writestr(info, data)
                    continue
                parts = _EMPTY_SHEET_DATA.split(data, maxsplit=1)
                if len(parts) != 2:
                    raise ValueError(f"No empty sheetData in openpyxl's {path}.")
                head, tail = parts
                rows = self._file.tell()
                info.file_size = len(head) + rows + len(tail) + len(b"<sheetData></sheetData>")
                self._file.seek(0)
                with target.open(info, "w") as sheet_xml:
                    sheet_xml.write(head + b"<sheetData>")
                    shutil.copyfileobj(self._file, sheet_xml, 2**20)
                    sheet_xml.write(b"</sheetData>" + tail)


def export_filename(extension):
    """The name of a client list file: klien-YYYY-MM-DD.csv (or .xlsx)."""
    return f"klien-{timezone.localdate():%Y-%m-%d}.{extension}"


def clients_csv_response(queryset, *, full_nik: bool) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        _csv_bytes(queryset, full_nik=full_nik), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{export_filename("csv")}"'
    response["Cache-Control"] = "private, no-store"
    return response


def clients_xlsx_response(queryset, *, full_nik: bool) -> FileResponse:
    # FileResponse closes the file once sent, which deletes it.
    output = tempfile.TemporaryFile()  # noqa: SIM115
    clients_xlsx_write(queryset, output, full_nik=full_nik)
    output.seek(0)
    response = FileResponse(
        output,
        as_attachment=True,
        filename=export_filename("xlsx"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Cache-Control"] = "private, no-store"
    return response
