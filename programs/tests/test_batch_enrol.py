"""Enrolling clients in a batch at /programs/batches/<id>/enrol/."""

import pytest
from django.urls import reverse

from beneficiaries.tests.factories import BOJONEGORO, ClientFactory
from programs.models import Enrolment
from programs.tests.factories import BatchFactory, EnrolmentFactory


def url(batch):
    return reverse("programs:batch_enrol", args=[batch.pk])


@pytest.fixture
def batch(db):
    return BatchFactory(capacity=2)


def test_worker_finds_a_client_of_her_area_and_enrols_her(client, worker_bojonegoro, batch):
    wanted = ClientFactory(name="Siti Aminah", regency_code=BOJONEGORO)
    ClientFactory(name="Siti Malang")  # Kota Malang: not in her area
    client.force_login(worker_bojonegoro)

    search = client.get(url(batch), {"q": "siti"})
    response = client.post(url(batch), {"client": wanted.pk, "income_before": "Rp400.000"})

    assert [c.name for c in search.context["candidates"].object_list] == ["Siti Aminah"]
    assert response.status_code == 302
    enrolment = Enrolment.objects.get()
    assert (enrolment.client, enrolment.batch, enrolment.income_before) == (wanted, batch, 400_000)
    assert enrolment.status == Enrolment.Status.REGISTERED
    assert enrolment.created_by == worker_bojonegoro


def test_enrolling_a_client_outside_the_area_is_not_found(client, worker_malang, batch):
    outside = ClientFactory(regency_code=BOJONEGORO)
    client.force_login(worker_malang)

    response = client.post(url(batch), {"client": outside.pk})

    assert response.status_code == 404
    assert not Enrolment.objects.exists()


def test_second_enrolment_in_the_same_batch_is_refused(client, worker_malang, batch):
    enrolled = EnrolmentFactory(batch=batch).client
    client.force_login(worker_malang)

    response = client.post(url(batch), {"client": enrolled.pk})

    assert response.status_code == 400
    assert "sudah terdaftar di angkatan ini" in response.content.decode()
    assert Enrolment.objects.count() == 1


def test_over_capacity_is_refused_with_a_clear_message(client, worker_malang, batch):
    EnrolmentFactory.create_batch(2, batch=batch)
    late = ClientFactory()
    client.force_login(worker_malang)

    response = client.post(url(batch), {"client": late.pk})

    assert response.status_code == 400
    assert "sudah penuh: seluruh 2 tempat sudah terisi" in response.content.decode()
    assert Enrolment.objects.count() == 2


def test_a_withdrawn_participant_frees_a_place(client, worker_malang, batch):
    EnrolmentFactory(batch=batch)
    EnrolmentFactory(batch=batch, status=Enrolment.Status.WITHDREW)
    client.force_login(worker_malang)

    response = client.post(url(batch), {"client": ClientFactory().pk})

    assert response.status_code == 302
    assert Enrolment.objects.count() == 3


@pytest.mark.parametrize("income", ["-5000", "Rp 1.500,50", "banyak"])
def test_bad_income_is_refused_next_to_the_field(client, worker_malang, batch, income):
    candidate = ClientFactory(name="Ani")
    client.force_login(worker_malang)

    response = client.post(
        url(batch), {"client": candidate.pk, "income_before": income, "q": "Ani"}
    )

    assert response.status_code == 400
    assert "income_before" in response.context["form"].errors
    assert not Enrolment.objects.exists()


def test_manager_cannot_enrol(client, manager, batch):
    client.force_login(manager)

    assert client.get(url(batch)).status_code == 403


@pytest.mark.parametrize("made_up", ["abc", "999999", ""])
def test_made_up_client_id_is_not_found(client, worker_malang, batch, made_up):
    client.force_login(worker_malang)

    assert client.post(url(batch), {"client": made_up}).status_code == 404
