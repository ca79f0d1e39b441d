"""Archiving and the change history in a real browser, with axe on each new page:
a social worker archives a duplicate with a reason; the manager then reads what happened
on the client page ("Riwayat perubahan") and on the full history page, on a phone too."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from beneficiaries import services
from beneficiaries.tests.factories import ClientFactory, UserFactory

from .conftest import PHONE
from .test_accessibility import assert_accessible

pytestmark = pytest.mark.browser


def test_worker_archives_and_manager_reads_the_history(logged_in_page, worker_malang, manager):
    duplicate = ClientFactory(name="Sri Wahyuni Ganda", phone="0811111111")
    ClientFactory(name="Siti Aminah")
    services.client_update(client=duplicate, updated_by=UserFactory(), phone="0822222222")

    page = logged_in_page(worker_malang)
    page.goto(duplicate.get_absolute_url())
    page.get_by_role("link", name="Arsipkan", exact=True).click()
    assert_accessible(page, "archive form")
    page.get_by_role("button", name="Arsipkan", exact=True).click()
    expect(page.locator("#form-errors")).to_be_visible()  # a reason is required
    page.fill("#id_reason", "Terdaftar dua kali")
    page.get_by_role("button", name="Arsipkan", exact=True).click()
    page.wait_for_url(re.compile(r"/clients/$"))
    expect(page.locator("tbody")).to_contain_text("Siti Aminah")
    expect(page.locator("tbody")).not_to_contain_text("Sri Wahyuni Ganda")

    reader = logged_in_page(manager, PHONE)
    reader.goto(duplicate.get_absolute_url())
    expect(reader.locator(".archived-banner")).to_contain_text("Terdaftar dua kali")
    history = reader.locator("section", has=reader.locator("#history-title"))
    expect(history).to_contain_text("Terdaftar dua kali")
    expect(history).to_contain_text("0822222222")
    assert_accessible(reader, "archived client page with its change history")

    reader.get_by_role("link", name="Seluruh riwayat perubahan").click()
    reader.wait_for_url(reverse("beneficiaries:client_history", args=[duplicate.pk]))
    expect(reader.locator(".change-entries > li")).to_have_count(3)
    assert_accessible(reader, "change history page")
