"""The history of every change: who, when, what (field by field), for every domain model.

Managers and admins read it on the client page ("Riwayat perubahan") and on its own page;
Django admin shows each record's history; a delete in admin leaves a row naming who."""

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from beneficiaries import services
from beneficiaries.history import client_change_history
from beneficiaries.models import Client, PpksType, Regency
from beneficiaries.tests.factories import CaseNoteFactory, ClientFactory, UserFactory
from core.history import changes_since
from core.record_writes import record_archive
from programs import services as program_services
from programs.tests.factories import EnrolmentFactory, FollowUpVisitFactory, grantee_with_business

# Models without a history of their own, and why.
NOT_TRACKED = {
    "beneficiaries.Province": "Kemendagri reference data, replaced whole by load_regions",
    "beneficiaries.Regency": "Kemendagri reference data, replaced whole by load_regions",
    "beneficiaries.District": "Kemendagri reference data, replaced whole by load_regions",
    "beneficiaries.Village": "Kemendagri reference data, replaced whole by load_regions",
    "beneficiaries.RecordAccess": "the read-access log is itself append-only (admin read-only)",
    "beneficiaries.RegistrationSequence": "an internal counter",
    "beneficiaries.ClientImport": "the import log itself; the clients it writes have history",
    "programs.GranteeFollowUp": "derived from grants and visits (programs/follow_up/refresh.py), "
    "which have their own history",
    "programs.CatalogueVersion": "a cache stamp (programs/marketing/services.py), no record",
}


def _domain_models():
    for app in ("beneficiaries", "programs"):
        for model in apps.get_app_config(app).get_models():
            if not model.__name__.startswith("Historical"):
                yield model


def test_every_domain_model_keeps_a_history():
    untracked = {
        model._meta.label
        for model in _domain_models()
        if not hasattr(model, "history") and model._meta.label not in NOT_TRACKED
    }
    assert untracked == set()


@pytest.mark.django_db
def test_an_update_is_recorded_field_by_field_with_its_author():
    shown = ClientFactory(name="Sri Wahyuni", phone="0811")
    editor = UserFactory(first_name="Budi", last_name="Santoso")
    beggar = PpksType.objects.order_by("code").first()

    services.client_update(
        client=shown, updated_by=editor, phone="0822", status="pindah", ppks_types=[beggar]
    )

    entry = client_change_history(shown)[0]
    changes = {c.name: (c.old, c.new) for c in entry.changes}
    assert (entry.kind, entry.user_label) == ("~", "Budi Santoso")
    assert changes["phone"] == ("0811", "0822")
    assert changes["status"] == (
        str(Client.Status.FORMER_CLIENT.label),
        str(Client.Status.MOVED.label),
    )
    assert changes["ppks_types"][1] == beggar.name
    assert "name" not in changes  # unchanged fields are not listed


@pytest.mark.django_db
def test_a_registration_is_one_entry_with_its_relations():
    beggar = PpksType.objects.order_by("code").first()
    author = UserFactory()
    client = services.client_register(
        registered_by=author,
        name="Siti Aminah",
        sex="P",
        regency=Regency.objects.get(pk="35.73"),
        ppks_types=[beggar],
    )

    entries = client_change_history(client)

    assert len(entries) == 1
    assert entries[0].kind == "+"
    assert entries[0].user == author
    created = {c.name: c.new for c in entries[0].changes}
    assert created["name"] == "Siti Aminah"
    assert created["ppks_types"] == beggar.name


@pytest.mark.django_db
def test_history_covers_the_records_about_the_client():
    grantee, business, _ = grantee_with_business()
    enrolment = EnrolmentFactory(client=grantee)
    visit = FollowUpVisitFactory(business=business)
    CaseNoteFactory(client=grantee)
    program_services.enrolment_update(
        enrolment=enrolment, changed_by=UserFactory(), sessions_attended=7
    )
    record_archive(record=visit, archived_by=UserFactory(), reason="Salah usaha")

    with translation.override("en"):
        types = {entry.record_type for entry in client_change_history(grantee)}
        archived = next(e for e in client_change_history(grantee) if e.reason == "Salah usaha")

    assert {"client", "case note", "enrolment", "grant", "grant item", "business"} <= types
    assert "follow-up visit" in types
    assert "reason for archiving" in {c.label for c in archived.changes}


@pytest.mark.django_db
def test_changes_since_lists_only_the_later_saves():
    shown = ClientFactory(phone="0811")
    services.client_update(client=shown, updated_by=UserFactory(), phone="0822")
    services.client_update(client=shown, updated_by=UserFactory(), phone="0833")

    later = changes_since(shown, 2)

    assert [(c.old, c.new) for e in later for c in e.changes if c.name == "phone"] == [
        ("0822", "0833")
    ]


def test_manager_sees_the_change_history_on_the_client_page(client, manager):
    shown = ClientFactory(phone="0811")
    services.client_update(client=shown, updated_by=UserFactory(), phone="0822")
    client.force_login(manager)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    page = client.get(shown.get_absolute_url()).content.decode()

    assert "Change history" in page
    assert "0811" in page and "0822" in page
    assert reverse("beneficiaries:client_history", args=[shown.pk]) in page


def test_social_worker_does_not_see_the_change_history(client, worker_malang):
    shown = ClientFactory(phone="0811")
    services.client_update(client=shown, updated_by=UserFactory(), phone="0822")
    client.force_login(worker_malang)

    response = client.get(shown.get_absolute_url())

    assert response.context["change_history"] is None
    assert client.get(reverse("beneficiaries:client_history", args=[shown.pk])).status_code == 403


def test_the_history_page_lists_every_change_and_is_logged(client, manager):
    shown = ClientFactory(phone="0799")
    for n in range(30):
        services.client_update(client=shown, updated_by=UserFactory(), phone=f"08{n:02d}")
    client.force_login(manager)

    first = client.get(reverse("beneficiaries:client_history", args=[shown.pk]))
    second = client.get(reverse("beneficiaries:client_history", args=[shown.pk]), {"page": 2})

    assert first.status_code == second.status_code == 200
    assert len(first.context["page"].object_list) == 25
    assert len(second.context["page"].object_list) == 6  # 30 changes + the registration
    assert shown.accesses.filter(user=manager, detail="change history").count() == 2


def test_client_page_queries_do_not_grow_with_the_history(
    client, manager, django_assert_max_num_queries
):
    short, long = ClientFactory(), ClientFactory()
    for n in range(20):
        services.client_update(client=long, updated_by=UserFactory(), phone=f"08{n:02d}")
    client.force_login(manager)
    client.get(short.get_absolute_url())  # warm up the session and content types

    with django_assert_max_num_queries(40) as short_queries:
        client.get(short.get_absolute_url())
    with django_assert_max_num_queries(len(short_queries.captured_queries)):
        client.get(long.get_absolute_url())


def test_admin_shows_a_records_history(client, admin_user):
    shown = ClientFactory(phone="0811")
    services.client_update(client=shown, updated_by=UserFactory(), phone="0822")
    client.force_login(admin_user)

    page = client.get(reverse("admin:beneficiaries_client_history", args=[shown.pk]))

    assert page.status_code == 200
    assert "0822" in page.content.decode() or "phone" in page.content.decode().lower()


def test_hard_delete_is_admin_only_and_leaves_a_history_row(client, admin_user, worker_malang):
    gone = ClientFactory(name="Salah Input")
    delete_url = reverse("admin:beneficiaries_client_delete", args=[gone.pk])

    client.force_login(worker_malang)
    assert client.post(delete_url, {"post": "yes"}).status_code in (302, 403)
    assert Client.objects.filter(pk=gone.pk).exists()
    assert not worker_malang.has_perm("beneficiaries.delete_client")

    client.force_login(admin_user)
    client.post(delete_url, {"post": "yes"})

    assert not Client.objects.filter(pk=gone.pk).exists()
    deleted = Client.history.filter(id=gone.pk, history_type="-").get()
    assert deleted.history_user == admin_user
    assert deleted.name == "Salah Input"
