"""Client list exports: the rows the list shows (scope and filters), NIKs masked unless the
user may see them, every download logged, and queries that do not grow with the rows."""

import csv
import io

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from openpyxl import load_workbook

from beneficiaries.models import Client, RecordAccess
from beneficiaries.tests.factories import BOJONEGORO, ClientFactory

CSV_URL = reverse("beneficiaries:client_export_csv")
XLSX_URL = reverse("beneficiaries:client_export_xlsx")


def _csv_rows(response):
    assert response.streaming
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")  # Excel reads the BOM as "this is UTF-8"
    return list(csv.reader(io.StringIO(text[1:])))


def _xlsx_rows(response):
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [list(row) for row in workbook["Klien"].iter_rows(values_only=True)]


@pytest.fixture
def clients(db):
    malang = ClientFactory.create_batch(2, status=Client.Status.FORMER_CLIENT)
    in_upt = ClientFactory(status=Client.Status.CLIENT, kk_number="3573011203050007")
    bojonegoro = ClientFactory(regency_code=BOJONEGORO)
    return malang, in_upt, bojonegoro


def test_csv_has_the_visible_clients_with_masked_niks(client, clients, worker_malang):
    malang, in_upt, bojonegoro = clients
    client.force_login(worker_malang)

    rows = _csv_rows(client.get(CSV_URL))

    header, body = rows[0], rows[1:]
    assert header[:4] == ["No Registrasi", "Nama", "NIK", "No KK"]
    expected = sorted([*malang, in_upt], key=lambda c: (c.name_normalized, c.id))
    assert [row[0] for row in body] == [c.registration_number for c in expected]
    assert bojonegoro.registration_number not in {row[0] for row in body}  # out of scope
    assert [row[2] for row in body] == [c.masked_nik for c in expected]
    assert "3573011203050007" not in {row[3] for row in body}  # KK masked too


def test_the_list_filters_apply_to_the_export(client, clients, worker_malang):
    _malang, in_upt, _bojonegoro = clients
    client.force_login(worker_malang)

    rows = _csv_rows(client.get(CSV_URL, {"status": Client.Status.CLIENT}))

    assert [row[0] for row in rows[1:]] == [in_upt.registration_number]


def test_full_niks_only_with_the_permission(client, clients, worker_malang):
    _malang, in_upt, _bojonegoro = clients
    worker_malang.user_permissions.add(Permission.objects.get(codename="export_full_nik"))
    client.force_login(worker_malang)

    rows = _csv_rows(client.get(CSV_URL, {"status": Client.Status.CLIENT}))

    # With a leading apostrophe, so that a spreadsheet keeps the digits as text.
    assert rows[1][2:4] == [f"'{in_upt.nik}", "'3573011203050007"]


def test_every_export_is_logged(client, clients, manager):
    client.force_login(manager)

    b"".join(client.get(CSV_URL, {"status": "klien"}).streaming_content)
    b"".join(client.get(XLSX_URL).streaming_content)

    logged = list(RecordAccess.objects.order_by("at", "id").values_list("user", "action", "detail"))
    assert logged == [
        (manager.pk, RecordAccess.Action.EXPORT, "client list CSV, masked NIK, status=klien"),
        (manager.pk, RecordAccess.Action.EXPORT, "client list XLSX, masked NIK"),
    ]


def test_xlsx_reads_back_with_dates_and_scope(client, clients, worker_bojonegoro):
    _malang, _in_upt, bojonegoro = clients
    client.force_login(worker_bojonegoro)

    response = client.get(XLSX_URL)

    assert response["Content-Disposition"].startswith('attachment; filename="klien-')
    rows = _xlsx_rows(response)
    assert len(rows) == 2  # the header and the one Bojonegoro client
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["No Registrasi"] == bojonegoro.registration_number
    assert row["NIK"] == bojonegoro.masked_nik
    assert row["Tanggal Lahir"].date() == bojonegoro.birth_date
    assert row["Kabupaten/Kota"] == "Kabupaten Bojonegoro"
    assert row["Jenis PPKS"] == "Penyandang Disabilitas"


def test_an_export_reads_back_as_an_import(client, clients, worker_bojonegoro, tmp_path):
    """The headers are the import's: an export with full NIKs is a valid import file."""
    from beneficiaries.importing.writer import run_import

    _malang, _in_upt, bojonegoro = clients
    worker_bojonegoro.user_permissions.add(Permission.objects.get(codename="export_full_nik"))
    client.force_login(worker_bojonegoro)
    path = tmp_path / "export.csv"
    path.write_bytes(b"".join(client.get(CSV_URL).streaming_content))

    summary = run_import(path, user=worker_bojonegoro)

    assert summary.verdict == (1, 0, 1, 0)  # the one client, found in the registry by NIK
    assert summary.existing_rows[0]["client_id"] == bojonegoro.pk


@pytest.mark.parametrize("count", [2, 12])
def test_export_queries_do_not_grow_with_the_rows(
    count, client, db, worker_malang, django_assert_num_queries
):
    ClientFactory.create_batch(count)
    client.force_login(worker_malang)
    # session, user, permissions (2), the access log, scope, whether the list is long
    # enough for a job (a count stopped at CLIENT_EXPORT_JOB_ROWS + 1), clients, their
    # PPKS types, disabilities and devices
    with django_assert_num_queries(11):
        rows = _csv_rows(client.get(CSV_URL))
    assert len(rows) == count + 1
