"""Registering a client in a real browser: the dependent address selects (JavaScript),
the NIK error next to its field, and the pages on a phone-size screen."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from beneficiaries.models import Client, District, Village
from beneficiaries.tests.factories import (
    BOJONEGORO,
    KOTA_MALANG,
    CaseNoteFactory,
    ClientFactory,
    place,
)

from .conftest import PHONE

pytestmark = pytest.mark.browser

CREATE_URL = reverse("beneficiaries:client_create")
LIST_URL = reverse("beneficiaries:client_list")
VALID_NIK = "3573015507800002"  # Blimbing, Kota Malang; a woman born 15 July 1980


@pytest.fixture
def kota_malang(transactional_db):
    """Kota Malang with two districts, so choosing one is a real choice, and a village
    in each."""
    regency, district, village = place(KOTA_MALANG)
    klojen = District.objects.create(code="35.73.02", regency=regency, name="Klojen")
    Village.objects.create(code="35.73.02.1001", district=klojen, name="Klojen")
    return regency, district, village


def test_worker_registers_a_client_through_the_form(logged_in_page, worker_malang, kota_malang):
    page = logged_in_page(worker_malang)
    page.goto(CREATE_URL)

    page.fill("#id_name", "Sri Wahyuni")
    page.fill("#id_nik", VALID_NIK)
    page.select_option("#id_sex", label="Perempuan")
    page.fill("#id_birth_date", "1980-07-15")

    # The district options only exist once app.js has fetched them for the regency.
    page.select_option("#id_regency", label="Kota Malang")
    expect(page.locator("#id_district option", has_text="Blimbing")).to_be_attached()
    expect(page.locator("#id_district option", has_text="Klojen")).to_be_attached()
    page.select_option("#id_district", label="Blimbing")
    expect(page.locator("#id_village option", has_text="Balearjosari")).to_be_attached()
    # Only Blimbing's villages are offered, not Klojen's.
    expect(page.locator("#id_village option")).to_have_count(2)  # "---------" + Balearjosari
    page.select_option("#id_village", label="Balearjosari")

    page.get_by_label("Penyandang Disabilitas", exact=True).check()
    page.get_by_role("button", name="Simpan", exact=True).click()

    page.wait_for_url(re.compile(r"/clients/\d+/$"))
    client = Client.objects.get()
    assert page.url.endswith(client.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("Sri Wahyuni")
    expect(page.locator(".messages")).to_contain_text(
        f"Sri Wahyuni terdaftar dengan nomor {client.registration_number}."
    )
    registration_number = page.locator("dt", has_text="No. registrasi").locator(
        "xpath=following-sibling::dd[1]"
    )
    expect(registration_number).to_have_text(client.registration_number)
    assert client.nik == VALID_NIK
    assert client.village.name == "Balearjosari"
    assert list(client.ppks_types.values_list("code", flat=True)) == ["09"]


def test_changing_the_regency_replaces_districts_and_clears_village(
    logged_in_page, worker_malang, kota_malang
):
    place(BOJONEGORO)
    page = logged_in_page(worker_malang)
    page.goto(CREATE_URL)
    page.select_option("#id_regency", label="Kota Malang")
    page.select_option("#id_district", label="Blimbing")
    page.select_option("#id_village", label="Balearjosari")

    page.select_option("#id_regency", label="Kabupaten Bojonegoro")

    expect(page.locator("#id_district option")).to_have_text(["---------", "Sumberrejo"])
    expect(page.locator("#id_district")).to_have_value("")
    expect(page.locator("#id_village option")).to_have_text(["---------"])
    expect(page.locator("#id_village")).to_have_value("")


def test_invalid_nik_is_explained_next_to_the_field(logged_in_page, worker_malang, kota_malang):
    page = logged_in_page(worker_malang)
    page.goto(CREATE_URL)
    page.fill("#id_name", "Sri Wahyuni")
    page.fill("#id_nik", VALID_NIK[:15])
    page.select_option("#id_regency", label="Kota Malang")

    page.get_by_role("button", name="Simpan", exact=True).click()

    page.wait_for_load_state()
    nik_field = page.locator(".field", has=page.locator("#id_nik"))
    expect(nik_field.locator(".error")).to_have_text(
        "Kesalahan: NIK terdiri atas 16 angka; yang ini 15."
    )
    expect(page.locator("#id_nik")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_name")).to_have_value("Sri Wahyuni")
    expect(page.locator("#id_nik")).to_have_value(VALID_NIK[:15])
    # The error summary takes the focus, so a screen reader announces it.
    expect(page.locator("#form-errors")).to_be_focused()
    summary = page.locator("#form-errors")
    expect(summary).to_contain_text("Perbaiki kesalahan di bawah ini.")
    expect(summary.locator('a[href="#id_nik"]')).to_have_text("NIK")
    expect(summary.locator("li", has=page.locator('a[href="#id_nik"]'))).to_have_text(
        "NIK: NIK terdiri atas 16 angka; yang ini 15."
    )
    assert not Client.objects.exists()


def test_nik_error_is_announced_with_the_field(logged_in_page, worker_malang, kota_malang):
    """A screen reader user on the NIK input must hear its error: the input's
    aria-describedby names the error text, and every id it names exists."""
    page = logged_in_page(worker_malang)
    page.goto(CREATE_URL)
    page.fill("#id_name", "Sri Wahyuni")
    page.fill("#id_nik", VALID_NIK[:15])
    page.select_option("#id_regency", label="Kota Malang")
    page.get_by_role("button", name="Simpan", exact=True).click()
    page.wait_for_load_state()

    references = page.evaluate(
        """() => {
            const input = document.getElementById("id_nik");
            const ids = (input.getAttribute("aria-describedby") || "").split(/\\s+/);
            return ids.filter(Boolean).map((id) => ({
                id,
                text: document.getElementById(id)?.textContent.trim() ?? null,
            }));
        }"""
    )
    missing = [ref["id"] for ref in references if ref["text"] is None]
    assert not missing, (
        f"#id_nik has aria-describedby={[ref['id'] for ref in references]}, but no element "
        f"has the id(s) {missing}; the error text is not announced with the field"
    )
    assert any("NIK terdiri atas 16 angka" in ref["text"] for ref in references), references


def _assert_no_horizontal_scroll(page, what):
    widths = page.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})"
    )
    assert widths["scroll"] <= widths["inner"], (
        f"{what} scrolls sideways on a {PHONE['width']}px screen: {widths['scroll']}px wide content"
    )


def test_pages_fit_a_phone_screen(logged_in_page, worker_malang, kota_malang):
    client = ClientFactory(name="Sri Wahyuni Kusumaningtyas Rahayuningsih")
    ClientFactory.create_batch(2)
    CaseNoteFactory(client=client, author=worker_malang)
    page = logged_in_page(worker_malang, viewport=PHONE)
    _assert_no_horizontal_scroll(page, "the home page")

    page.goto(LIST_URL)
    expect(page.locator("tbody tr")).to_have_count(3)
    _assert_no_horizontal_scroll(page, "the client list")
    page.locator(".filters__more summary").click()
    _assert_no_horizontal_scroll(page, "the client list with its filters open")

    page.goto(CREATE_URL)
    _assert_no_horizontal_scroll(page, "the registration form")
    page.fill("#id_nik", "123")
    page.get_by_role("button", name="Simpan", exact=True).click()
    page.wait_for_load_state()
    expect(page.locator("#form-errors")).to_be_visible()
    _assert_no_horizontal_scroll(page, "the registration form with errors")

    page.goto(client.get_absolute_url())
    _assert_no_horizontal_scroll(page, "the client detail page")
