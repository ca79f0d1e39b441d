"""Archiving a client instead of deleting: /clients/<id>/archive/.

An archived client leaves the list, the enrol search, the worklist and the reports, but
stays on record: the page still opens (with who archived it, when and why) and the
change history keeps the archiving with its reason."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse

from beneficiaries.models import Client
from beneficiaries.tests.factories import ClientFactory, UserFactory
from core.record_writes import record_archive
from programs.follow_up.worklist import worklist_queryset
from programs.reports.figures import ReportFilters, outcome_report
from programs.tests.factories import BatchFactory, FollowUpVisitFactory, grantee_with_business


def url(client_obj):
    return reverse("beneficiaries:client_archive", args=[client_obj.pk])


def test_worker_archives_a_client_with_a_reason(client, worker_malang):
    archived = ClientFactory(name="Sri Wahyuni")
    client.force_login(worker_malang)

    response = client.post(url(archived), {"reason": "Terdaftar dua kali"})

    archived.refresh_from_db()
    assert response.status_code == 302
    assert response.url == reverse("beneficiaries:client_list")
    assert archived.is_archived
    assert (archived.archived_by, archived.archive_reason) == (worker_malang, "Terdaftar dua kali")
    latest = archived.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (
        worker_malang,
        "Terdaftar dua kali",
    )
    assert Client.objects.filter(pk=archived.pk).exists()  # archived, never deleted


def test_a_reason_is_required(client, worker_malang):
    kept = ClientFactory()
    client.force_login(worker_malang)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.post(url(kept), {"reason": "   "})

    kept.refresh_from_db()
    assert response.status_code == 200
    assert not kept.is_archived
    assert "This field is required." in response.content.decode()


def test_archived_client_leaves_the_list_but_the_page_still_opens(client, worker_malang):
    archived = ClientFactory(name="Sri Wahyuni")
    ClientFactory(name="Siti Aminah")
    record_archive(record=archived, archived_by=worker_malang, reason="Pindah data")
    client.force_login(worker_malang)

    listing = client.get(reverse("beneficiaries:client_list")).content.decode()
    page = client.get(archived.get_absolute_url())

    assert "Siti Aminah" in listing and "Sri Wahyuni" not in listing
    assert page.status_code == 200
    assert "Pindah data" in page.content.decode()
    assert reverse("beneficiaries:client_edit", args=[archived.pk]) not in page.content.decode()


def test_an_archived_client_cannot_be_edited_or_archived_again(client, worker_malang):
    archived = ClientFactory()
    record_archive(record=archived, archived_by=worker_malang, reason="Salah input")
    client.force_login(worker_malang)

    assert client.get(reverse("beneficiaries:client_edit", args=[archived.pk])).status_code == 404
    assert client.post(url(archived), {"reason": "lagi"}).status_code == 404
    notes = reverse("beneficiaries:case_note_create", args=[archived.pk])
    assert client.post(notes, {"text": "catatan"}).status_code == 404


def test_manager_cannot_archive(client, manager):
    kept = ClientFactory()
    client.force_login(manager)

    assert client.post(url(kept), {"reason": "x"}).status_code == 403
    kept.refresh_from_db()
    assert not kept.is_archived


def test_out_of_scope_client_cannot_be_archived(client, worker_bojonegoro):
    kept = ClientFactory()  # Kota Malang
    client.force_login(worker_bojonegoro)

    assert client.post(url(kept), {"reason": "x"}).status_code == 404


def test_archived_client_leaves_enrol_search(client, worker_malang):
    archived = ClientFactory(name="Sri Wahyuni")
    record_archive(record=archived, archived_by=worker_malang, reason="Ganda")
    batch = BatchFactory()
    client.force_login(worker_malang)

    page = client.get(reverse("programs:batch_enrol", args=[batch.pk]), {"q": "Sri"})

    assert "Sri Wahyuni" not in page.content.decode()


@pytest.mark.django_db
def test_archived_client_leaves_reports_and_the_worklist(manager):
    kept, kept_business, _ = grantee_with_business()
    gone, gone_business, _ = grantee_with_business()
    for business in (kept_business, gone_business):
        FollowUpVisitFactory(business=business, visited_on=datetime.date(2025, 3, 1))
    today = datetime.date(2026, 6, 1)  # both are overdue for a visit

    def figures():
        report = outcome_report(manager, ReportFilters(), today=today, interval_months=6)
        due = worklist_queryset(manager, today=today, interval_months=6)
        return report.headline.clients, report.headline.grants, {c.pk for c in due}

    before = figures()
    record_archive(record=gone, archived_by=UserFactory(), reason="Data ganda")
    after = figures()

    assert before == (2, 2, {kept.pk, gone.pk})
    assert after == (1, 1, {kept.pk})


def test_admin_restores_an_archived_client(client, admin_user):
    archived = ClientFactory(name="Sri Wahyuni")
    record_archive(record=archived, archived_by=admin_user, reason="Keliru")
    client.force_login(admin_user)

    response = client.post(
        reverse("admin:beneficiaries_client_changelist"),
        {"action": "restore_from_archive", "_selected_action": [archived.pk]},
    )

    archived.refresh_from_db()
    assert response.status_code == 302
    assert not archived.is_archived and archived.archive_reason == ""
    assert archived.history.latest().history_user == admin_user
