"""The batch page with its roster and quick status changes."""

from django.urls import reverse

from beneficiaries.tests.factories import BOJONEGORO, ClientFactory
from programs.models import Enrolment
from programs.tests.factories import BatchFactory, EnrolmentFactory, GrantFactory


def url(batch):
    return reverse("programs:batch_detail", args=[batch.pk])


def test_roster_shows_only_visible_clients_and_counts_the_others(client, worker_malang):
    batch = BatchFactory()
    EnrolmentFactory(batch=batch, client=ClientFactory(name="Ani Malang"))
    for name in ("Budi Bojonegoro", "Cici Bojonegoro"):
        EnrolmentFactory(batch=batch, client=ClientFactory(name=name, regency_code=BOJONEGORO))
    client.force_login(worker_malang)

    response = client.get(url(batch))

    page = response.content.decode()
    assert [e.client.name for e in response.context["roster"].enrolments] == ["Ani Malang"]
    assert "Budi Bojonegoro" not in page
    assert "Cici Bojonegoro" not in page
    assert "2 peserta lain berada di luar wilayah Anda" in page
    assert "3 / 20" in page  # places taken count everyone, shown or not


def test_completed_participant_without_grant_gets_a_hand_over_link(client, worker_malang):
    batch = BatchFactory()
    done = EnrolmentFactory(batch=batch, status=Enrolment.Status.COMPLETED)
    client.force_login(worker_malang)

    page = client.get(url(batch)).content.decode()

    assert reverse("programs:grant_create", args=[done.client_id]) + f"?enrolment={done.pk}" in page


def test_roster_query_count_does_not_grow_with_participants(
    client, manager, django_assert_num_queries
):
    batch = BatchFactory(capacity=250)
    enrolments = EnrolmentFactory.create_batch(200, batch=batch)
    for enrolment in enrolments[:50]:
        GrantFactory(client=enrolment.client, enrolment=enrolment)
    client.force_login(manager)

    # session, user, 2 x permissions, scope, batch with counts, visible enrolments with
    # clients, their grants
    with django_assert_num_queries(8):
        response = client.get(url(batch))

    assert len(response.context["roster"].enrolments) == 200


def test_quick_status_change(client, worker_malang):
    enrolment = EnrolmentFactory()
    client.force_login(worker_malang)

    response = client.post(
        reverse("programs:enrolment_status", args=[enrolment.pk]),
        {"status": "attending", "version": enrolment.version},
    )

    enrolment.refresh_from_db()
    assert response.status_code == 302
    assert enrolment.status == Enrolment.Status.ATTENDING


def test_quick_status_change_outside_the_area_is_not_found(client, worker_malang):
    enrolment = EnrolmentFactory(client=ClientFactory(regency_code=BOJONEGORO))
    client.force_login(worker_malang)

    response = client.post(
        reverse("programs:enrolment_status", args=[enrolment.pk]),
        {"status": "attending", "version": enrolment.version},
    )

    enrolment.refresh_from_db()
    assert response.status_code == 404
    assert enrolment.status == Enrolment.Status.REGISTERED


def test_manager_reads_the_roster_but_cannot_change_status(client, manager):
    enrolment = EnrolmentFactory()
    client.force_login(manager)

    page = client.get(url(enrolment.batch)).content.decode()
    response = client.post(
        reverse("programs:enrolment_status", args=[enrolment.pk]), {"status": "failed"}
    )

    assert 'name="status"' not in page
    assert response.status_code == 403
