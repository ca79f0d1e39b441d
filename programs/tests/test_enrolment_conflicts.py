"""No lost updates on enrolments: the edit form and the roster's quick status change."""

from django.conf import settings
from django.urls import reverse

from beneficiaries.tests.factories import UserFactory
from programs import services
from programs.models import Enrolment
from programs.tests.factories import EnrolmentFactory


def test_editing_an_enrolment_changed_meanwhile_is_refused(client, worker_malang):
    enrolment = EnrolmentFactory(sessions_attended=3)
    colleague = UserFactory(first_name="Budi", last_name="Santoso")
    services.enrolment_update(enrolment=enrolment, changed_by=colleague, sessions_attended=10)
    client.force_login(worker_malang)

    response = client.post(
        reverse("programs:enrolment_edit", args=[enrolment.pk]),
        {
            "status": "attending",
            "enrolled_on": "2026-02-20",
            "sessions_attended": "5",
            "version": 1,
        },
    )

    enrolment.refresh_from_db()
    assert response.status_code == 200
    assert (enrolment.sessions_attended, enrolment.status) == (10, Enrolment.Status.REGISTERED)
    page = response.content.decode()
    assert "Budi Santoso" in page
    assert 'name="version" value="2"' in page


def test_quick_status_change_from_an_old_roster_is_refused(client, worker_malang):
    enrolment = EnrolmentFactory()
    services.enrolment_update(
        enrolment=enrolment, changed_by=UserFactory(), status=Enrolment.Status.WITHDREW
    )
    client.force_login(worker_malang)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.post(
        reverse("programs:enrolment_status", args=[enrolment.pk]),
        {"status": "attending", "version": 1},
        follow=True,
    )

    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.WITHDREW
    assert "Someone else saved this record" in response.content.decode()


def test_the_roster_carries_each_enrolments_version(client, worker_malang):
    enrolment = EnrolmentFactory()
    services.enrolment_update(enrolment=enrolment, changed_by=UserFactory(), sessions_attended=2)
    client.force_login(worker_malang)

    page = client.get(reverse("programs:batch_detail", args=[enrolment.batch_id])).content.decode()

    assert 'name="version" value="2"' in page
