"""No lost updates, in two real browsers: two social workers open the same client, the
first saves, the second's save is refused with the first one's change shown, and the
first save is intact."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from beneficiaries import roles
from beneficiaries.models import Client
from beneficiaries.tests.factories import KOTA_MALANG, ClientFactory, staff_user

from .test_accessibility import assert_accessible

pytestmark = pytest.mark.browser


def test_second_save_of_the_same_client_shows_the_conflict(logged_in_page, worker_malang):
    colleague = staff_user("worker-malang-2", group=roles.SOCIAL_WORKER, regencies=[KOTA_MALANG])
    colleague.first_name, colleague.last_name = "Budi", "Santoso"
    colleague.save()
    shown = ClientFactory(name="Sri Wahyuni", phone="0811111111", address="")
    edit_url = reverse("beneficiaries:client_edit", args=[shown.pk])

    first = logged_in_page(colleague)
    second = logged_in_page(worker_malang)  # its own browser context: own cookies
    first.goto(edit_url)
    second.goto(edit_url)

    first.fill("#id_phone", "0822222222")
    first.get_by_role("button", name="Simpan", exact=True).click()
    first.wait_for_url(re.compile(r"/clients/\d+/$"))

    second.fill("#id_address", "Jl. Mawar 3")
    second.get_by_role("button", name="Simpan", exact=True).click()

    conflict = second.locator("#edit-conflict")
    expect(conflict).to_be_visible()
    expect(conflict).to_contain_text("Budi Santoso")
    expect(conflict).to_contain_text("0811111111")
    expect(conflict).to_contain_text("0822222222")
    expect(second.locator("#id_address")).to_have_value("Jl. Mawar 3")  # nothing typed is lost
    assert_accessible(second, "edit conflict")

    shown.refresh_from_db()
    assert (shown.phone, shown.address, shown.version) == ("0822222222", "", 2)
    assert Client.history.filter(id=shown.pk, history_user=worker_malang).count() == 0
