"""Django admin: every model has a working changelist, search and autocomplete."""

import pytest
from django.contrib import admin
from django.urls import reverse

from beneficiaries.models import Client, RecordAccess
from beneficiaries.tests.factories import CaseNoteFactory, ClientFactory, place

REGISTRY_MODELS = [m for m in admin.site._registry if m._meta.app_label == "beneficiaries"]


@pytest.mark.parametrize("model", REGISTRY_MODELS, ids=lambda m: m._meta.model_name)
def test_changelist_and_search_open(client, admin_user, model):
    CaseNoteFactory()
    client.force_login(admin_user)
    url = reverse(f"admin:beneficiaries_{model._meta.model_name}_changelist")

    assert client.get(url).status_code == 200
    if admin.site._registry[model].search_fields:
        assert client.get(url, {"q": "a"}).status_code == 200


def test_every_registry_model_is_in_admin():
    from django.apps import apps

    registered = set(admin.site._registry)
    # Historical models are read through each record's "History" page, not listed.
    models = {
        m
        for m in apps.get_app_config("beneficiaries").get_models()
        if not m.__name__.startswith("Historical")
    }

    assert models - registered == {
        apps.get_model("beneficiaries", "RegistrationSequence")  # internal counter
    }


def test_client_change_form_uses_autocomplete_for_regions(client, admin_user):
    shown = ClientFactory()
    client.force_login(admin_user)

    page = client.get(reverse("admin:beneficiaries_client_change", args=[shown.pk]))

    html = page.content.decode()
    assert page.status_code == 200
    assert "data-autocomplete-light-url" in html or "admin-autocomplete" in html
    assert html.count("<option") < 200  # no select of thousands of villages


def test_client_added_in_admin_gets_a_registration_number(client, admin_user):
    regency, district, _ = place("35.73")
    client.force_login(admin_user)

    response = client.post(
        reverse("admin:beneficiaries_client_add"),
        {
            "name": "Dari Admin",
            "sex": "L",
            "regency": regency.pk,
            "district": district.pk,
            "status": Client.Status.FORMER_CLIENT,
            "case_notes-TOTAL_FORMS": "0",
            "case_notes-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    created = Client.objects.get(name="Dari Admin")
    assert created.registration_number.startswith("35-")
    assert created.created_by == admin_user


def test_admin_refuses_an_impossible_nik(client, admin_user):
    regency, _, _ = place("35.73")
    client.force_login(admin_user)

    response = client.post(
        reverse("admin:beneficiaries_client_add"),
        {
            "name": "NIK Salah",
            "nik": "3573011513800001",
            "sex": "L",
            "regency": regency.pk,
            "status": Client.Status.FORMER_CLIENT,
            "case_notes-TOTAL_FORMS": "0",
            "case_notes-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 200
    assert "bukan bulan" in response.content.decode()
    assert not Client.objects.exists()


def test_access_log_cannot_be_edited_or_deleted(client, admin_user):
    shown = ClientFactory()
    entry = RecordAccess.objects.create(user=admin_user, client=shown, action="view_client")
    client.force_login(admin_user)

    change = client.post(
        reverse("admin:beneficiaries_recordaccess_change", args=[entry.pk]), {"action": "x"}
    )
    delete = client.post(
        reverse("admin:beneficiaries_recordaccess_delete", args=[entry.pk]), {"post": "yes"}
    )

    assert change.status_code == 403
    assert delete.status_code == 403
    assert RecordAccess.objects.get().action == "view_client"


def test_admin_gives_a_user_a_role_and_a_scope_on_one_page(client, admin_user, worker_malang):
    client.force_login(admin_user)

    page = client.get(reverse("admin:auth_user_change", args=[worker_malang.pk]))

    html = page.content.decode()
    assert page.status_code == 200
    assert "staff_scope-0-province_wide" in html
    assert 'name="groups"' in html
