"""The client's page shows her trainings and grants (through the registry's extension point)."""

from django.urls import reverse

from programs.tests.factories import (
    EnrolmentFactory,
    GrantFactory,
    GrantItemFactory,
    overlock_machine,
)


def test_trainings_and_grants_with_total_value(client, worker_malang):
    enrolment = EnrolmentFactory(status="completed", certificate_number="SERT/1")
    grant = GrantFactory(client=enrolment.client, enrolment=enrolment)
    GrantItemFactory(grant=grant)
    GrantItemFactory(grant=grant, equipment_type=overlock_machine())
    client.force_login(worker_malang)

    page = client.get(enrolment.client.get_absolute_url()).content.decode()

    assert "Pelatihan Menjahit dan Konveksi" in page
    assert "SERT/1" in page
    assert grant.bast_number in page
    assert "1 Mesin jahit, 1 Mesin obras" in page
    assert "Rp5.250.000" in page
    assert reverse("programs:grant_create", args=[enrolment.client_id]) in page


def test_manager_sees_grants_without_the_hand_over_button(client, manager):
    enrolment = EnrolmentFactory()
    client.force_login(manager)

    page = client.get(enrolment.client.get_absolute_url()).content.decode()

    assert reverse("programs:grant_create", args=[enrolment.client_id]) not in page


def test_client_page_query_count_does_not_grow_with_trainings_or_grants(
    client, worker_malang, django_assert_num_queries
):
    enrolment = EnrolmentFactory(status="completed")
    for _ in range(6):
        EnrolmentFactory(client=enrolment.client)
        grant = GrantFactory(client=enrolment.client, enrolment=enrolment)
        GrantItemFactory.create_batch(3, grant=grant)
    client.force_login(worker_malang)

    # The registry's 11 (see beneficiaries test_client_detail) plus enrolments with their
    # batches, grants with sources and enrolments, the grants' items with their types, and
    # businesses with their last visit; the registry's status changes and programs'
    # enrolments, grants and visits for the timeline; the grievances' section (sensitive-group
    # membership, the client's grievances) and their timeline events; market support on
    # the timeline.
    with django_assert_num_queries(23):
        response = client.get(enrolment.client.get_absolute_url())

    assert response.status_code == 200
    assert "Rp" in response.content.decode()
