"""The client timeline: registration, status changes, notes, trainings, grants and visits
in one chronological, paged list with a bounded number of queries."""

import datetime

from django.urls import reverse

from beneficiaries.services import client_update
from beneficiaries.tests.factories import CaseNoteFactory, ClientFactory
from programs.models import EquipmentCheck
from programs.tests.factories import (
    BusinessFactory,
    EnrolmentFactory,
    FollowUpVisitFactory,
    GrantItemFactory,
)


def titles(response):
    return [event.title for event in response.context["timeline"].object_list]


def a_life(worker):
    """A client with one of everything, on known dates."""
    person = ClientFactory(name="Siti Aminah")
    enrolment = EnrolmentFactory(
        client=person,
        enrolled_on=datetime.date(2024, 1, 8),
        status="completed",
        completed_on=datetime.date(2024, 3, 28),
        certificate_number="SERT/17",
    )
    item = GrantItemFactory(
        grant__client=person,
        grant__enrolment=enrolment,
        grant__handed_over_on=datetime.date(2024, 4, 23),
        grant__bast_number="BAST/117",
    )
    business = BusinessFactory(client=person, grants=[item.grant], name="Konveksi Siti")
    visit = FollowUpVisitFactory(
        business=business, visited_on=datetime.date(2026, 10, 20), net_income=3_000_000
    )
    EquipmentCheck.objects.create(visit=visit, grant_item=item, condition="dipakai")
    CaseNoteFactory(client=person, author=worker, text="Kunjungan awal.")
    client_update(client=person, updated_by=worker, status="klien")
    return person


def test_everything_in_one_list_newest_first(client, worker_malang):
    person = a_life(worker_malang)
    client.force_login(worker_malang)

    response = client.get(person.get_absolute_url())

    events = response.context["timeline"].object_list
    kinds = [event.kind for event in events]
    # Today's registration, status change and note come first, then the dated history.
    assert sorted(kinds[:3]) == ["note", "registration", "status"]
    assert kinds[3:] == ["visit", "grant", "completion", "enrolment"]
    assert [event.on for event in events[3:]] == [
        datetime.date(2026, 10, 20),
        datetime.date(2024, 4, 23),
        datetime.date(2024, 3, 28),
        datetime.date(2024, 1, 8),
    ]
    page = response.content.decode()
    assert "Kunjungan ke Konveksi Siti: Berkembang" in page
    assert "Rp2.500.000" in page  # the grant's value
    assert "Status diubah menjadi Klien (di UPT)" in page


def test_timeline_is_paged(client, worker_malang):
    person = ClientFactory()
    CaseNoteFactory.create_batch(25, client=person, author=worker_malang)
    client.force_login(worker_malang)

    first = client.get(person.get_absolute_url())
    second = client.get(person.get_absolute_url(), {"timeline": 2})

    assert len(first.context["timeline"].object_list) == 20
    assert len(second.context["timeline"].object_list) == 6  # 25 notes + registration
    assert "?timeline=2#timeline-title" in first.content.decode()


def test_query_count_does_not_grow_with_the_history(
    client, worker_malang, django_assert_num_queries
):
    person = a_life(worker_malang)
    client.force_login(worker_malang)
    # 19 as before grievances, their section (2) and timeline events (1), and the market
    # support on the timeline (1).
    with django_assert_num_queries(23):
        client.get(person.get_absolute_url())

    business = person.businesses.get()
    for day in range(1, 11):
        FollowUpVisitFactory(business=business, visited_on=datetime.date(2025, 5, day))
        EnrolmentFactory(client=person)
    with django_assert_num_queries(23):
        response = client.get(person.get_absolute_url())

    assert response.context["timeline"].paginator.count == 7 + 20


def test_timeline_of_another_area_client_is_not_shown(client, worker_bojonegoro, worker_malang):
    person = a_life(worker_malang)
    client.force_login(worker_bojonegoro)

    assert client.get(reverse("beneficiaries:client_detail", args=[person.pk])).status_code == 404
