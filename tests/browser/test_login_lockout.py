"""Five wrong passwords in the browser: the lockout page, styled, accessible and
within the CSP."""

import pytest
from playwright.sync_api import expect

from beneficiaries.tests.factories import PASSWORD

from .conftest import PageProblems, assert_assets_loaded
from .test_accessibility import assert_accessible

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _lockout_status_is_expected(monkeypatch):
    """Chromium reports every 4xx page as a console error; the 429 of the lockout page is
    what these tests expect. Any other problem still fails them."""
    report = PageProblems._console

    def console(problems, message):
        if "status of 429" not in message.text:
            report(problems, message)

    monkeypatch.setattr(PageProblems, "_console", console)


def submit(page, username, password):
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.get_by_role("button", name="Masuk", exact=True).click()


def test_five_wrong_passwords_show_the_lockout_page(anonymous_page, worker_malang):
    page = anonymous_page()
    for _ in range(4):
        submit(page, worker_malang.username, "not-the-password")
        expect(page.locator(".form-errors")).to_be_visible()

    with page.expect_navigation() as navigation:
        submit(page, worker_malang.username, "not-the-password")

    assert navigation.value.status == 429
    expect(page.get_by_role("alert")).to_contain_text("15 menit")
    expect(page.locator("#id_password")).to_have_count(0)
    assert_assets_loaded(page)
    assert_accessible(page, "lockout page")


def test_the_right_password_is_refused_while_locked_out(anonymous_page, worker_malang):
    page = anonymous_page()
    for _ in range(5):
        submit(page, worker_malang.username, "not-the-password")
    page.goto("/accounts/login/")

    submit(page, worker_malang.username, PASSWORD)

    expect(page.get_by_role("alert")).to_contain_text("15 menit")
    assert page.url.endswith("/accounts/login/")
