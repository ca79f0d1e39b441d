"""Recording a business and reading its page with the derived figures."""

import datetime

import pytest
from django.urls import reverse

from beneficiaries.tests.factories import BOJONEGORO, ClientFactory
from programs.follow_up.dates import months_between
from programs.models import Business, EquipmentCheck
from programs.tests.factories import (
    BusinessFactory,
    EnrolmentFactory,
    FollowUpVisitFactory,
    GrantItemFactory,
    grantee_with_business,
)


def test_worker_records_a_business_using_the_clients_grant(client, worker_malang):
    item = GrantItemFactory()
    owner = item.grant.client
    client.force_login(worker_malang)

    response = client.post(
        reverse("programs:business_create", args=[owner.pk]),
        {
            "name": "Konveksi Bu Ani",
            "sector": "konveksi",
            "products": "Seragam sekolah",
            "started_on": "2025-02-01",
            "grants": [item.grant.pk],
        },
    )

    business = Business.objects.get()
    assert response.status_code == 302
    assert (business.client, business.village, business.created_by) == (
        owner,
        owner.village,
        worker_malang,
    )
    assert list(business.grants.all()) == [item.grant]


def test_another_clients_grant_cannot_be_linked(client, worker_malang):
    owner = ClientFactory()
    other_grant = GrantItemFactory().grant
    client.force_login(worker_malang)

    response = client.post(
        reverse("programs:business_create", args=[owner.pk]),
        {"name": "X", "sector": "konveksi", "grants": [other_grant.pk]},
    )

    assert response.status_code == 200
    assert "grants" in response.context["form"].errors
    assert not Business.objects.exists()


def test_business_page_shows_income_against_the_baseline(client, worker_malang):
    enrolment = EnrolmentFactory(status="completed", income_before=400_000)
    item = GrantItemFactory(
        grant__client=enrolment.client,
        grant__enrolment=enrolment,
        grant__handed_over_on=datetime.date(2024, 4, 23),
    )
    business = BusinessFactory(client=enrolment.client, grants=[item.grant])
    FollowUpVisitFactory(
        business=business, visited_on=datetime.date(2025, 1, 10), employees=1, net_income=900_000
    )
    latest = FollowUpVisitFactory(
        business=business,
        visited_on=datetime.date(2026, 10, 20),
        employees=4,
        net_income=3_000_000,
    )
    EquipmentCheck.objects.create(visit=latest, grant_item=item, condition="dipakai")
    client.force_login(worker_malang)

    response = client.get(business.get_absolute_url())

    figures = response.context["figures"]
    page = response.content.decode()
    assert (figures.income_now, figures.income_baseline, figures.income_change) == (
        3_000_000,
        400_000,
        2_600_000,
    )
    assert (figures.employees_now, figures.employees_first, figures.employees_change) == (4, 1, 3)
    assert "Rp3.000.000" in page
    assert "+Rp2.600.000" in page
    assert "Mesin jahit: Dipakai" in page


def test_business_page_query_count_is_bounded(client, worker_malang, django_assert_num_queries):
    _, business, item = grantee_with_business()
    for day in range(1, 8):
        visit = FollowUpVisitFactory(business=business, visited_on=datetime.date(2026, 1, day))
        EquipmentCheck.objects.create(visit=visit, grant_item=item, condition="dipakai")
    client.force_login(worker_malang)

    # session, user, 2 x permissions, scope, business, grants, items, visits, support,
    # equipment checks; its marketing (profile, consent, photos, supports, stories)
    with django_assert_num_queries(16):
        response = client.get(business.get_absolute_url())

    assert len(response.context["figures"].visits) == 7


def test_business_outside_the_area_is_not_found(client, worker_malang):
    _, business, _ = grantee_with_business(regency_code=BOJONEGORO)
    client.force_login(worker_malang)

    assert client.get(business.get_absolute_url()).status_code == 404
    assert (
        client.get(reverse("programs:business_create", args=[business.client_id])).status_code
        == 404
    )


def test_visit_photo_outside_the_area_is_not_found(client, worker_malang):
    _, business, _ = grantee_with_business(regency_code=BOJONEGORO)
    visit = FollowUpVisitFactory(business=business)
    client.force_login(worker_malang)

    assert client.get(reverse("programs:visit_photo", args=[visit.pk])).status_code == 404


@pytest.mark.parametrize(
    ("businesses", "target"),
    [(0, "business_create"), (1, "visit_create"), (2, "client_detail")],
)
def test_record_a_visit_goes_where_it_can(client, worker_malang, businesses, target):
    owner = ClientFactory()
    made = BusinessFactory.create_batch(businesses, client=owner)
    client.force_login(worker_malang)

    response = client.get(reverse("programs:client_record_visit", args=[owner.pk]))

    expected = {
        "business_create": lambda: reverse("programs:business_create", args=[owner.pk]),
        "visit_create": lambda: reverse("programs:visit_create", args=[made[0].pk]),
        "client_detail": lambda: owner.get_absolute_url() + "#businesses-title",
    }[target]()
    assert response["Location"] == expected


def test_record_a_visit_for_a_client_outside_the_area_is_not_found(client, worker_malang):
    outside = ClientFactory(regency_code=BOJONEGORO)
    client.force_login(worker_malang)

    response = client.get(reverse("programs:client_record_visit", args=[outside.pk]))

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (datetime.date(2024, 4, 23), datetime.date(2026, 11, 28), 31),
        (datetime.date(2024, 4, 23), datetime.date(2024, 5, 22), 0),
        (datetime.date(2024, 4, 23), datetime.date(2024, 5, 23), 1),
    ],
)
def test_months_since_the_grant(start, end, months):
    assert months_between(start, end) == months
