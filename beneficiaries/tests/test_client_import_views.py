"""The import pages: upload and preview write nothing to the registry, confirming writes
every ready row at once, a worker imports only into her own area, a manager not at all,
and the pages' queries do not grow with the file."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from beneficiaries.models import Client, ClientImport, RecordAccess, RegistrationSequence
from beneficiaries.tests.factories import BOJONEGORO, ClientFactory
from core.jobs.models import Job

from .import_helpers import HEADER, person

UPLOAD_URL = reverse("beneficiaries:client_import")


def _csv(rows, name="klien.csv"):
    return SimpleUploadedFile(name, ("\n".join([HEADER, *rows]) + "\n").encode(), "text/csv")


def _upload(client, rows, **extra):
    return client.post(UPLOAD_URL, {"file": _csv(rows), **extra})


def _job_of(response) -> Job:
    """The job a page sent the user to (tests run jobs at once: it has finished)."""
    assert response.status_code == 302
    job = Job.objects.latest("created_at")
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    return job


def _registry():
    return (
        Client.objects.count(),
        Client.history.count(),
        RegistrationSequence.objects.count(),
        RecordAccess.objects.count(),
    )


def _confirm(client, client_import, **data):
    verdict = ",".join(
        str(n)
        for n in (
            client_import.rows_read,
            client_import.rows_ready,
            client_import.rows_existing,
            client_import.rows_with_errors,
        )
    )
    return client.post(
        reverse("beneficiaries:client_import_confirm", args=[client_import.pk]),
        {"on_existing": "skip", "verdict": verdict, **data},
    )


def test_upload_stores_the_file_and_shows_the_preview_without_writing_clients(
    client, import_regions, worker_bojonegoro
):
    client.force_login(worker_bojonegoro)
    before = _registry()

    response = _upload(client, [person(1), person(2), "Tanpa Kelamin;;;;;;Bojonegoro;"])

    client_import = ClientImport.objects.get()
    job = _job_of(response)
    assert (job.kind, job.status, job.user) == ("client_import_check", "done", worker_bojonegoro)
    assert job.result_url == reverse("beneficiaries:client_import_preview", args=[client_import.pk])
    assert (job.done, job.total) == (3, 3)
    assert _registry() == before
    assert (client_import.user, client_import.original_name) == (worker_bojonegoro, "klien.csv")
    assert client_import.status == ClientImport.Status.CHECKED
    assert len(client_import.sha256) == 64
    assert client_import.file.name.startswith("imports/")
    assert (client_import.rows_read, client_import.rows_ready, client_import.rows_with_errors) == (
        3,
        2,
        1,
    )
    page = client.get(job.result_url)
    assert page.status_code == 200
    assert page.context["summary"].verdict == (3, 2, 0, 1)
    assert [(p["row"], p["column"]) for p in page.context["summary"].problems] == [
        (4, "Jenis Kelamin")
    ]
    assert b"import_problems" not in page.content  # the include rendered, not its name


def test_confirm_writes_every_ready_row_with_history_and_records_the_import(
    client, import_regions, worker_bojonegoro
):
    client.force_login(worker_bojonegoro)
    _upload(client, [person(n) for n in range(5)])
    client_import = ClientImport.objects.get()

    response = _confirm(client, client_import)

    job = _job_of(response)
    assert (job.kind, job.status, job.done, job.total) == ("client_import_confirm", "done", 5, 5)
    client_import.refresh_from_db()
    assert client_import.status == ClientImport.Status.IMPORTED
    assert (client_import.clients_created, client_import.finished_at is not None) == (5, True)
    clients = Client.objects.order_by("registration_number")
    assert clients.count() == 5
    assert {c.created_by for c in clients} == {worker_bojonegoro}
    history = Client.history.filter(history_type="+")
    assert history.count() == 5
    assert {h.history_user for h in history} == {worker_bojonegoro}
    assert all(str(client_import.pk) in h.history_change_reason for h in history)
    # The PPKS types are in the history rows too, as a form's save would record them.
    assert all([t.ppkstype_id for t in h.ppks_types.all()] for h in history)


def test_rows_with_errors_stop_the_import_until_the_user_leaves_them_out(
    client, import_regions, worker_bojonegoro
):
    client.force_login(worker_bojonegoro)
    _upload(client, [person(1), "Tanpa Kelamin;;;;;;Bojonegoro;"])
    client_import = ClientImport.objects.get()

    refused = _confirm(client, client_import)
    assert refused.status_code == 400
    assert Client.objects.count() == 0

    done = _confirm(client, client_import, skip_errors="on")
    assert _job_of(done).status == "done"
    assert list(Client.objects.values_list("name", flat=True)) == ["Orang 1"]


def test_a_registry_change_after_the_preview_refuses_the_import(
    client, import_regions, worker_bojonegoro
):
    client.force_login(worker_bojonegoro)
    _upload(client, [person(1), person(2)])
    client_import = ClientImport.objects.get()
    # Meanwhile someone registers the person of the first row.
    nik = person(1).split(";")[1]
    ClientFactory(regency_code=BOJONEGORO, nik=nik, name="Orang 1")

    response = _confirm(client, client_import)

    job = _job_of(response)  # failed, saying why, with a link to the new preview
    assert job.status == "failed"
    assert "Tidak ada yang diimpor" in job.error
    assert job.result_url == reverse("beneficiaries:client_import_preview", args=[client_import.pk])
    client_import.refresh_from_db()
    assert client_import.status == ClientImport.Status.CHECKED
    assert (client_import.rows_ready, client_import.rows_existing) == (1, 1)  # the new preview
    assert Client.objects.count() == 1


def test_a_worker_imports_only_into_her_own_regencies(client, import_regions, worker_malang):
    client.force_login(worker_malang)

    _upload(client, [person(1), person(2)])  # Bojonegoro rows

    client_import = ClientImport.objects.get()
    assert (client_import.rows_ready, client_import.rows_with_errors) == (0, 2)
    assert {p["column"] for p in client_import.preview["problems"]} == {"Kabupaten/Kota"}


def test_managers_read_but_cannot_import(client, import_regions, manager):
    client.force_login(manager)

    assert client.get(UPLOAD_URL).status_code == 403
    assert _upload(client, [person(1)]).status_code == 403
    assert ClientImport.objects.count() == 0


def test_an_import_is_seen_only_by_who_uploaded_it(
    client, import_regions, worker_bojonegoro, worker_malang
):
    client.force_login(worker_bojonegoro)
    _upload(client, [person(1)])
    client_import = ClientImport.objects.get()

    client.force_login(worker_malang)
    page = client.get(reverse("beneficiaries:client_import_preview", args=[client_import.pk]))
    confirm = _confirm(client, client_import)

    assert (page.status_code, confirm.status_code) == (404, 404)
    assert Client.objects.count() == 0


def test_an_unreadable_file_is_a_form_error(client, import_regions, worker_bojonegoro):
    client.force_login(worker_bojonegoro)

    response = client.post(
        UPLOAD_URL, {"file": SimpleUploadedFile("x.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")}
    )

    assert response.status_code == 400
    assert response.context["form"].errors["file"]
    assert ClientImport.objects.count() == 0


def test_template_is_an_xlsx_with_drop_down_lists(client, import_regions, worker_bojonegoro):
    from io import BytesIO

    from openpyxl import load_workbook

    client.force_login(worker_bojonegoro)
    response = client.get(reverse("beneficiaries:client_import_template"))

    workbook = load_workbook(BytesIO(response.content))
    sheet = workbook["Klien"]
    assert [c.value for c in sheet[1]][:4] == ["Nama", "NIK", "No KK", "Jenis Kelamin"]
    assert sheet["B2"].value == "3522125507800001"  # the example row's NIK, as text
    assert workbook["Daftar"].sheet_state == "hidden"
    lists = {str(v.sqref)[:1] for v in sheet.data_validations.dataValidation}
    assert {"D", "J", "K", "L"} <= lists  # sex, regency, PPKS types, disabilities


@pytest.mark.parametrize("rows", [3, 40])
def test_upload_and_preview_queries_do_not_grow_with_the_rows(
    rows, client, import_regions, worker_bojonegoro, django_assert_num_queries
):
    client.force_login(worker_bojonegoro)
    ClientImport.objects.create(
        user=worker_bojonegoro, original_name="x.csv", sha256="0" * 64, source="web"
    )
    # session, user, permissions (2), saving the import (1), its job (6: the job with its
    # savepoints, the task's id, reading it back), the job's run (claim, read, the
    # import, the outcome: 4), scope with its area (1), reference data (7: the aliases
    # come with their types, the disability kinds with theirs), the check's savepoint
    # (2), registry matches (2, and on PostgreSQL the planner hint around them, 2),
    # saving the preview: the same for 3 rows and 40 (per 1,000 rows, the matches once
    # more)
    hint = 2 if connection.vendor == "postgresql" else 0
    with django_assert_num_queries(29 + hint):
        _upload(client, [person(n) for n in range(rows)])
    client_import = ClientImport.objects.latest("pk")
    preview = Job.objects.latest("created_at").result_url
    # session, user, permissions (2), the import, an earlier import of the same file
    with django_assert_num_queries(6):
        page = client.get(preview)
    assert page.status_code == 200
    assert client_import.rows_ready == rows


def test_a_malformed_csv_is_a_form_error_not_a_crash(client, import_regions, worker_bojonegoro):
    client.force_login(worker_bojonegoro)
    huge_cell = '"' + "x" * 200_000 + '"'  # past the csv module's field size limit

    response = _upload(client, [person(1), f"{huge_cell};;L;;;;Bojonegoro;"])

    assert response.status_code == 400
    assert response.context["form"].errors["file"]
    assert ClientImport.objects.count() == 0


def test_a_file_that_fails_past_its_header_fails_its_job_saying_why(
    client, import_regions, worker_bojonegoro
):
    client.force_login(worker_bojonegoro)
    huge_cell = '"' + "x" * 200_000 + '"'

    good = [person(n) for n in range(30)]  # past the rows searched for the header
    response = _upload(client, [*good, f"{huge_cell};;L;;;;Bojonegoro;"])

    # The header is fine, so the upload is taken; the rows are read by the check's job,
    # which fails, says why, and keeps neither the file nor its record.
    job = _job_of(response)
    assert job.status == "failed" and job.error
    assert job.result_url == UPLOAD_URL
    assert ClientImport.objects.count() == 0
    page = client.get(response["Location"])
    assert job.error in page.content.decode()
