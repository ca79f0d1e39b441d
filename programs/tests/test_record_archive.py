"""Archiving enrolments, grants and visits entered by mistake (never deleting them)."""

import datetime

import pytest
from django.urls import reverse

from beneficiaries.tests.factories import UserFactory
from core.record_writes import record_archive
from programs.models import Enrolment, FollowUpVisit, Grant
from programs.reports.figures import ReportFilters, outcome_report
from programs.tests.factories import (
    BatchFactory,
    EnrolmentFactory,
    FollowUpVisitFactory,
    grantee_with_business,
)


def test_archiving_an_enrolment_frees_its_place_and_leaves_the_roster(client, worker_malang):
    batch = BatchFactory(capacity=1)
    enrolment = EnrolmentFactory(batch=batch)
    client.force_login(worker_malang)

    response = client.post(
        reverse("programs:enrolment_archive", args=[enrolment.pk]), {"reason": "Salah angkatan"}
    )

    enrolment.refresh_from_db()
    assert response.status_code == 302 and response.url == batch.get_absolute_url()
    assert enrolment.is_archived and enrolment.archive_reason == "Salah angkatan"
    assert batch.enrolments.taking_a_place().count() == 0
    roster = client.get(batch.get_absolute_url())
    assert roster.context["roster"].enrolments == []
    assert roster.context["roster"].places_taken == 0
    assert Enrolment.objects.filter(pk=enrolment.pk).exists()


def test_archiving_a_grant_takes_it_out_of_the_client_page_and_the_report(
    client, worker_malang, manager
):
    grantee, _, item = grantee_with_business()
    client.force_login(worker_malang)

    response = client.post(
        reverse("programs:grant_archive", args=[item.grant.pk]), {"reason": "BAST ganda"}
    )

    assert response.status_code == 302 and response.url == grantee.get_absolute_url()
    client.get(grantee.get_absolute_url())  # shows (and uses up) the success message
    page = client.get(grantee.get_absolute_url()).content.decode()
    assert item.grant.bast_number not in page
    report = outcome_report(
        manager, ReportFilters(), today=datetime.date(2026, 6, 1), interval_months=6
    )
    assert (report.headline.grants, report.headline.grant_value) == (0, 0)
    grant_page = client.get(item.grant.get_absolute_url()).content.decode()
    assert "BAST ganda" in grant_page  # the grant itself still opens, marked archived
    assert Grant.objects.filter(pk=item.grant.pk).exists()


def test_archiving_a_visit_takes_it_out_of_the_business_page(client, worker_malang):
    _, business, _ = grantee_with_business()
    kept = FollowUpVisitFactory(business=business, visited_on=datetime.date(2026, 3, 1))
    wrong = FollowUpVisitFactory(
        business=business, visited_on=datetime.date(2026, 9, 1), net_income=99_000_000
    )
    client.force_login(worker_malang)

    client.post(reverse("programs:visit_archive", args=[wrong.pk]), {"reason": "Salah usaha"})

    page = client.get(business.get_absolute_url())
    assert [v.pk for v in page.context["figures"].visits] == [kept.pk]
    assert FollowUpVisit.objects.filter(pk=wrong.pk).exists()


def test_manager_and_out_of_scope_worker_cannot_archive(client, manager, worker_bojonegoro):
    enrolment = EnrolmentFactory()
    archive = reverse("programs:enrolment_archive", args=[enrolment.pk])

    client.force_login(manager)
    assert client.post(archive, {"reason": "x"}).status_code == 403
    client.force_login(worker_bojonegoro)
    assert client.post(archive, {"reason": "x"}).status_code == 404
    enrolment.refresh_from_db()
    assert not enrolment.is_archived


@pytest.mark.django_db
def test_an_archived_grant_no_longer_counts_as_an_earlier_grant():
    from programs.selectors import earlier_grant_items

    grantee, _, item = grantee_with_business()
    record_archive(record=item.grant, archived_by=UserFactory(), reason="Salah input")

    assert earlier_grant_items(client=grantee, equipment_type_ids=[item.equipment_type_id]) == []
