"""Correcting an enrolment at /programs/enrolments/<id>/: completion and certificate."""

import datetime

from django.urls import reverse

from beneficiaries.tests.factories import BOJONEGORO, ClientFactory
from programs.models import Enrolment
from programs.tests.factories import EnrolmentFactory


def url(enrolment):
    return reverse("programs:enrolment_edit", args=[enrolment.pk])


def test_marking_completed_with_a_certificate_dates_it(client, worker_malang):
    enrolment = EnrolmentFactory()
    client.force_login(worker_malang)

    response = client.post(
        url(enrolment),
        {
            "status": "completed",
            "enrolled_on": "2026-02-20",
            "completed_on": "2026-05-29",
            "sessions_attended": "24",
            "certificate_number": "SERT/RSBD/2026/017",
            "income_before": "400.000",
            "version": enrolment.version,
        },
    )

    enrolment.refresh_from_db()
    assert response.status_code == 302
    assert (enrolment.status, enrolment.completed_on, enrolment.certificate_number) == (
        Enrolment.Status.COMPLETED,
        datetime.date(2026, 5, 29),
        "SERT/RSBD/2026/017",
    )
    assert (enrolment.sessions_attended, enrolment.income_before) == (24, 400_000)


def test_form_shows_the_current_values(client, worker_malang):
    enrolment = EnrolmentFactory(income_before=1_250_000, certificate_number="C-1")
    client.force_login(worker_malang)

    page = client.get(url(enrolment)).content.decode()

    assert 'value="1.250.000"' in page
    assert 'value="C-1"' in page


def test_leaving_completed_clears_the_completion_date(client, worker_malang):
    enrolment = EnrolmentFactory(status="completed", completed_on=datetime.date(2026, 5, 29))
    client.force_login(worker_malang)

    client.post(
        url(enrolment),
        {
            "status": "failed",
            "enrolled_on": "2026-02-20",
            "sessions_attended": "3",
            "version": enrolment.version,
        },
    )

    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.completed_on) == (Enrolment.Status.FAILED, None)


def test_enrolment_outside_the_area_is_not_found(client, worker_malang):
    enrolment = EnrolmentFactory(client=ClientFactory(regency_code=BOJONEGORO))
    client.force_login(worker_malang)

    assert client.get(url(enrolment)).status_code == 404
    assert client.post(url(enrolment), {"status": "failed"}).status_code == 404


def test_manager_cannot_edit(client, manager):
    enrolment = EnrolmentFactory()
    client.force_login(manager)

    assert client.get(url(enrolment)).status_code == 403


def test_coming_back_after_withdrawing_needs_a_free_place(client, worker_malang):
    from programs.tests.factories import BatchFactory

    batch = BatchFactory(capacity=1)
    gone = EnrolmentFactory(batch=batch, status="withdrew")
    EnrolmentFactory(batch=batch)
    client.force_login(worker_malang)

    response = client.post(
        url(gone),
        {
            "status": "attending",
            "enrolled_on": "2026-02-20",
            "sessions_attended": "0",
            "version": gone.version,
        },
    )

    gone.refresh_from_db()
    assert response.status_code == 200
    assert "sudah penuh" in response.content.decode()
    assert gone.status == Enrolment.Status.WITHDREW
