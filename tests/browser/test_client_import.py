"""Importing clients in a real browser: upload a file, read the preview (on a desktop and
a phone, checked by axe), confirm, and find the clients in the list."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from beneficiaries.models import Client, ClientImport
from beneficiaries.tests.factories import BOJONEGORO, place

from .test_accessibility import assert_accessible

pytestmark = pytest.mark.browser

IMPORT_URL = reverse("beneficiaries:client_import")
ROWS = [
    "Nama;NIK;Jenis Kelamin;Tanggal Lahir;Desa/Kelurahan;Kecamatan;Kabupaten/Kota;Jenis PPKS",
    "Sri Wahyuni;3522125507800001;P;15/07/1980;Tlogohaji;Sumberrejo;Bojonegoro;PD",
    "Budi Santoso;3522121708800002;L;17 Agustus 1980;Tlogohaji;Sumberrejo;Bojonegoro;Lansia",
    "Paijo;;L;1975-03-01;Tlogohaji;Sumberrejo;Bojonegoro;gepeng",
    "Salah Tanggal;;L;31/02/1980;Tlogohaji;Sumberrejo;Bojonegoro;",
]


@pytest.fixture
def bojonegoro(transactional_db):
    return place(BOJONEGORO)


def test_upload_preview_confirm_and_see_the_clients(
    logged_in_page, worker_bojonegoro, bojonegoro, tmp_path
):
    path = tmp_path / "klien-bojonegoro.csv"
    path.write_text("\n".join(ROWS) + "\n", encoding="utf-8")
    page = logged_in_page(worker_bojonegoro)

    # From the client list's link to the upload page.
    page.goto(reverse("beneficiaries:client_list"))
    page.locator(f"a[href='{IMPORT_URL}']").click()
    page.wait_for_url(re.compile(r"/clients/import/$"))
    assert_accessible(page, "import page")

    page.set_input_files("#id_file", str(path))
    page.locator("form.card button[type=submit]").click()
    page.wait_for_url(re.compile(r"/clients/import/\d+/$"))
    client_import = ClientImport.objects.get()
    assert Client.objects.count() == 0  # the preview writes nothing
    values = page.locator(".stat__value")
    expect(values.nth(0)).to_have_text("4")  # rows read
    expect(values.nth(1)).to_have_text("3")  # ready
    expect(values.nth(3)).to_have_text("1")  # with errors
    expect(page.locator("#errors-title + .table-wrap tbody tr")).to_have_count(1)
    expect(page.locator("#errors-title + .table-wrap tbody th")).to_have_text("5")  # the row
    assert_accessible(page, "import preview with an error")

    # The error row is left out; the three others go in together.
    page.check("#id_skip_errors")
    page.locator("#confirm-title + form button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/clients/import/{client_import.pk}/$"))
    expect(page.locator(".messages")).to_be_visible()
    assert sorted(Client.objects.values_list("name", flat=True)) == [
        "Budi Santoso",
        "Paijo",
        "Sri Wahyuni",
    ]

    page.goto(reverse("beneficiaries:client_list"))
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(3)
    for name in ("Budi Santoso", "Paijo", "Sri Wahyuni"):
        expect(page.get_by_role("link", name=name, exact=True)).to_be_visible()
