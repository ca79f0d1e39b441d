"""The derived follow-up figures (programs/follow_up/refresh.py) stay right after every write that
changes them: each business's latest visit, baseline income and grant value, and each
grantee's follow-up state, which the report and the worklist read."""

import datetime

import pytest
from django.urls import reverse

from beneficiaries.tests.factories import UserFactory
from programs import services
from programs.follow_up.refresh import follow_up_refresh
from programs.models import Business, EquipmentCheck, GranteeFollowUp
from programs.tests.factories import (
    EnrolmentFactory,
    FollowUpVisitFactory,
    GrantItemFactory,
    grantee_with_business,
    overlock_machine,
)

d = datetime.date


def record(business, item, *, on, status="berkembang", income=1_000_000, condition="dipakai"):
    return services.visit_record(
        business=business,
        visited_by=UserFactory(username=f"petugas-{on}"),
        visited_on=on,
        net_income=income,
        employees=2,
        status=status,
        equipment={item: condition},
    )


def state(client):
    return GranteeFollowUp.objects.get(client=client)


@pytest.mark.django_db
def test_a_recorded_visit_becomes_the_latest_in_the_same_transaction():
    client, business, item = grantee_with_business(handed_over_on=d(2025, 1, 10))

    record(business, item, on=d(2025, 6, 1), status="belum_berkembang", income=200_000)
    visit = record(business, item, on=d(2025, 12, 1), income=1_500_000, condition="rusak")

    business.refresh_from_db()
    assert (business.latest_visit, business.latest_status, business.latest_income) == (
        visit,
        "berkembang",
        1_500_000,
    )
    follow_up = state(client)
    assert (follow_up.last_visit, follow_up.last_visit_on, follow_up.equipment_problem) == (
        visit,
        d(2025, 12, 1),
        True,
    )
    assert follow_up.urgency == GranteeFollowUp.Urgency.EQUIPMENT_OR_CLOSED


@pytest.mark.django_db
def test_an_earlier_visit_recorded_late_does_not_become_the_latest():
    client, business, item = grantee_with_business(handed_over_on=d(2025, 1, 10))
    latest = record(business, item, on=d(2025, 12, 1), status="tutup", income=0)

    record(business, item, on=d(2025, 6, 1), status="berkembang")

    business.refresh_from_db()
    assert (business.latest_visit, business.latest_status) == (latest, "tutup")
    assert state(client).urgency == GranteeFollowUp.Urgency.EQUIPMENT_OR_CLOSED


@pytest.mark.django_db
def test_archiving_the_latest_visit_brings_back_the_one_before(client, worker_malang):
    grantee, business, item = grantee_with_business(handed_over_on=d(2025, 1, 10))
    before = record(business, item, on=d(2025, 6, 1), status="stagnan", income=300_000)
    wrong = record(business, item, on=d(2025, 12, 1), income=9_000_000)
    client.force_login(worker_malang)

    client.post(reverse("programs:visit_archive", args=[wrong.pk]), {"reason": "Salah usaha"})

    business.refresh_from_db()
    assert (business.latest_visit, business.latest_income) == (before, 300_000)
    assert state(grantee).last_visit == before
    assert state(grantee).urgency == GranteeFollowUp.Urgency.NOT_DEVELOPING


@pytest.mark.django_db
def test_archiving_the_only_grant_takes_the_client_off_the_follow_up(client, worker_malang):
    grantee, business, item = grantee_with_business()
    assert GranteeFollowUp.objects.filter(client=grantee).exists()
    client.force_login(worker_malang)

    client.post(reverse("programs:grant_archive", args=[item.grant.pk]), {"reason": "BAST ganda"})

    assert not GranteeFollowUp.objects.filter(client=grantee).exists()
    business.refresh_from_db()
    assert business.grant_value is None


@pytest.mark.django_db
def test_restoring_a_grant_in_admin_brings_the_client_back(client, admin_user):
    grantee, _business, item = grantee_with_business()
    services.grant_or_visit_archive(record=item.grant, archived_by=admin_user, reason="Keliru")
    client.force_login(admin_user)

    client.post(
        reverse("admin:programs_grant_changelist"),
        {"action": "restore_grants_or_visits", "_selected_action": [item.grant.pk]},
    )

    assert GranteeFollowUp.objects.filter(client=grantee).exists()


@pytest.mark.django_db
def test_the_business_baseline_and_grant_value_follow_grants_and_enrolments():
    grantee, business, item = grantee_with_business(handed_over_on=d(2025, 1, 10))
    enrolment = EnrolmentFactory(
        client=grantee,
        batch__start_date=d(2024, 9, 9),
        batch__end_date=d(2024, 12, 20),
        enrolled_on=d(2024, 9, 2),
        status="completed",
        completed_on=d(2024, 12, 20),
    )
    item.grant.enrolment = enrolment
    item.grant.save()
    follow_up_refresh(client_ids=[grantee.pk])  # as the admin does after a grant's save
    second = GrantItemFactory(
        grant__client=grantee,
        grant__handed_over_on=d(2025, 3, 1),
        equipment_type=overlock_machine(),
    )

    services.enrolment_update(enrolment=enrolment, changed_by=UserFactory(), income_before=450_000)
    services.business_update(business=business, grants=[item.grant, second.grant])

    business.refresh_from_db()
    assert business.baseline_income == 450_000
    assert business.grant_value == item.total_value + second.total_value


@pytest.mark.django_db
def test_an_equipment_check_changed_in_admin_updates_the_worklist_state(client, admin_user):
    grantee, business, item = grantee_with_business(handed_over_on=d(2025, 1, 10))
    visit = record(business, item, on=d(2025, 6, 1))
    check = EquipmentCheck.objects.get(visit=visit)
    assert not state(grantee).equipment_problem
    client.force_login(admin_user)

    response = client.post(
        reverse("admin:programs_equipmentcheck_change", args=[check.pk]),
        {"visit": visit.pk, "grant_item": item.pk, "condition": "dijual"},
    )

    assert response.status_code == 302
    assert state(grantee).equipment_problem


@pytest.mark.django_db
def test_factories_keep_the_figures_like_the_services():
    grantee, business, _item = grantee_with_business(handed_over_on=d(2025, 1, 10))

    visit = FollowUpVisitFactory(business=business, visited_on=d(2025, 8, 1), status="stagnan")

    assert Business.objects.get(pk=business.pk).latest_visit == visit
    assert state(grantee).last_status == "stagnan"
