"""axe-core on every main page, on a desktop and on a phone-size screen.

A failure lists each violation with its rule, impact and the elements it was found on;
the rule's page at dequeuniversity.com explains the fix.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import expect

from beneficiaries.tests.factories import KOTA_MALANG, CaseNoteFactory, ClientFactory, place

from .conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser

AXE = Axe()
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}


def _summary(violations):
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']} "
            f"<{violation['helpUrl']}>"
        )
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    {target}: {node['html'][:160]}")
            if node.get("failureSummary"):
                lines.extend(
                    f"        {line}" for line in node["failureSummary"].splitlines() if line
                )
    return "\n".join(lines)


def assert_accessible(page, what):
    """Run axe on the page as shown now, at each viewport; fail with a readable list."""
    failures = []
    for name, viewport in VIEWPORTS.items():
        page.set_viewport_size(viewport)
        violations = AXE.run(page).response["violations"]
        if violations:
            failures.append(f"{what}, {name} ({viewport['width']}px):\n{_summary(violations)}")
    assert not failures, "axe found accessibility violations:\n" + "\n\n".join(failures)


@pytest.fixture
def malang_clients(transactional_db, worker_malang):
    place(KOTA_MALANG)
    clients = ClientFactory.create_batch(3)
    CaseNoteFactory(client=clients[0], author=worker_malang)
    return clients


def test_axe_reports_a_violation(anonymous_page):
    """Guards the guard: axe runs on our pages (the CSP does not block it) and reports."""
    page = anonymous_page()
    page.evaluate(
        """() => document.querySelector("form").append(
            Object.assign(document.createElement("input"), {type: "text", name: "x"}))"""
    )

    violations = AXE.run(page).response["violations"]

    assert [v["id"] for v in violations] == ["label"], _summary(violations)


def test_login_page(anonymous_page):
    page = anonymous_page()

    assert_accessible(page, "login page")


def test_login_page_after_a_wrong_password(anonymous_page, worker_malang):
    page = anonymous_page()
    page.fill("#id_username", worker_malang.username)
    page.fill("#id_password", "not-the-password")
    page.get_by_role("button", name="Masuk", exact=True).click()
    expect(page.locator(".form-errors")).to_be_visible()

    assert_accessible(page, "login page with an error")


def test_home_page(logged_in_page, worker_malang, malang_clients):
    page = logged_in_page(worker_malang)

    assert_accessible(page, "home page")


def test_client_list(logged_in_page, worker_malang, malang_clients):
    page = logged_in_page(worker_malang)
    page.goto(reverse("beneficiaries:client_list"))
    expect(page.locator("tbody tr")).to_have_count(3)
    page.locator(".filters__more summary").click()  # check the filter fields too

    assert_accessible(page, "client list")


def test_client_form(logged_in_page, worker_malang, malang_clients):
    page = logged_in_page(worker_malang)
    page.goto(reverse("beneficiaries:client_create"))

    assert_accessible(page, "empty registration form")


def test_client_form_with_errors(logged_in_page, worker_malang, malang_clients):
    page = logged_in_page(worker_malang)
    page.goto(reverse("beneficiaries:client_create"))
    page.fill("#id_nik", "357301550780000")
    page.check("#id_consent_given")
    page.get_by_role("button", name="Simpan", exact=True).click()
    expect(page.locator("#form-errors")).to_be_visible()

    assert_accessible(page, "registration form with errors")


def test_client_form_with_warnings(logged_in_page, worker_malang, malang_clients):
    """A NIK that disagrees with the birth date is a warning to confirm, with its own box."""
    page = logged_in_page(worker_malang)
    page.goto(reverse("beneficiaries:client_create"))
    page.fill("#id_name", "Sri Wahyuni")
    page.fill("#id_nik", "3573015507800002")
    page.select_option("#id_sex", label="Perempuan")
    page.fill("#id_birth_date", "1981-07-15")
    page.select_option("#id_regency", label="Kota Malang")
    page.get_by_role("button", name="Simpan", exact=True).click()
    expect(page.locator("#id_confirm_warnings")).to_be_visible()

    assert_accessible(page, "registration form with warnings")


def test_client_detail_with_a_case_note(logged_in_page, worker_malang, malang_clients):
    page = logged_in_page(worker_malang)
    page.goto(malang_clients[0].get_absolute_url())
    expect(page.locator(".note")).to_have_count(1)

    assert_accessible(page, "client detail page")
