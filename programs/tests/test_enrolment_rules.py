"""The rules of one enrolment (Enrolment.clean(), issue #16 point 3), through the model,
the services and the pages: a completion needs sessions attended; the enrolment date is
not in the future, not after the completion and not before the cohort opened for
enrolment (ENROLMENT_OPENS_MONTHS before its start)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from beneficiaries.tests.factories import ClientFactory
from programs import services
from programs.models import Enrolment
from programs.models.training import ENROLMENT_OPENS_MONTHS
from programs.tests.factories import BatchFactory, EnrolmentFactory

d = datetime.date

# BatchFactory's cohort starts on 2 March 2026: it opened for enrolment on 2 September 2025.
OPENED = d(2025, 9, 2)


def test_the_cohort_opens_six_months_before_it_starts(db):
    batch = BatchFactory()

    assert ENROLMENT_OPENS_MONTHS == 6
    assert batch.enrolment_opens_on == OPENED


def errors_of(enrolment) -> dict:
    try:
        enrolment.full_clean()
    except ValidationError as error:
        return error.message_dict
    return {}


def test_a_completion_needs_sessions_attended(db):
    enrolment = EnrolmentFactory(status="completed", completed_on=d(2026, 5, 29))

    enrolment.sessions_attended = 0
    assert list(errors_of(enrolment)) == ["sessions_attended"]
    enrolment.sessions_attended = 1
    assert errors_of(enrolment) == {}


@pytest.mark.parametrize(
    "enrolled_on, valid",
    [
        (OPENED - datetime.timedelta(days=1), False),  # before the cohort opened
        (OPENED, True),
        (d(2026, 2, 20), True),  # a few weeks before the start, as usual
        (d(2026, 3, 16), True),  # joined in the second week
        (d(2026, 5, 29), True),  # the day of completion
        (d(2026, 5, 30), False),  # after the completion
    ],
)
def test_the_enrolment_date_lies_between_the_opening_and_the_completion(db, enrolled_on, valid):
    enrolment = EnrolmentFactory(
        status="completed", completed_on=d(2026, 5, 29), sessions_attended=40
    )
    enrolment.enrolled_on = enrolled_on

    assert (errors_of(enrolment) == {}) is valid
    if not valid:
        assert list(errors_of(enrolment)) == ["enrolled_on"]


def test_the_enrolment_date_is_not_in_the_future(db):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    batch = BatchFactory(start_date=tomorrow, end_date=tomorrow + datetime.timedelta(days=60))

    with pytest.raises(ValidationError) as refused:
        services.enrolment_create(
            batch=batch, client=ClientFactory(), enrolled_by=None, enrolled_on=tomorrow
        )

    assert list(refused.value.message_dict) == ["enrolled_on"]
    assert not Enrolment.objects.exists()


def test_the_service_refuses_a_completion_without_sessions(db):
    enrolment = EnrolmentFactory()

    with pytest.raises(ValidationError) as refused:
        services.enrolment_update(
            enrolment=enrolment, changed_by=None, status="completed", completed_on=d(2026, 5, 29)
        )

    assert list(refused.value.message_dict) == ["sessions_attended"]
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.REGISTERED


# -- the pages ---------------------------------------------------------------------------


def test_the_enrol_page_takes_the_enrolment_date(client, worker_malang):
    batch = BatchFactory()
    candidate = ClientFactory(name="Ani")
    client.force_login(worker_malang)

    page = client.get(reverse("programs:batch_enrol", args=[batch.pk]), {"q": "Ani"})
    response = client.post(
        reverse("programs:batch_enrol", args=[batch.pk]),
        {"client": candidate.pk, "enrolled_on": "2026-02-16"},
    )

    today = timezone.localdate().isoformat()
    assert f'name="enrolled_on" id="enrolled-{candidate.pk}" value="{today}"' in (
        page.content.decode()
    )
    assert response.status_code == 302
    enrolment = Enrolment.objects.get()
    assert (enrolment.enrolled_on, enrolment.status_changed_on) == (d(2026, 2, 16), d(2026, 2, 16))


def test_the_enrol_page_without_a_date_enrols_today(client, worker_malang):
    batch = BatchFactory()
    client.force_login(worker_malang)

    client.post(reverse("programs:batch_enrol", args=[batch.pk]), {"client": ClientFactory().pk})

    assert Enrolment.objects.get().enrolled_on == timezone.localdate()


def test_the_enrol_page_refuses_a_date_before_the_cohort_opened(client, worker_malang):
    batch = BatchFactory()
    candidate = ClientFactory(name="Ani")
    client.force_login(worker_malang)

    response = client.post(
        reverse("programs:batch_enrol", args=[batch.pk]),
        {"client": candidate.pk, "enrolled_on": "2025-09-01", "q": "Ani"},
    )

    assert response.status_code == 400
    assert "enrolled_on" in response.context["form"].errors
    assert "2 September 2025" in response.content.decode()
    assert not Enrolment.objects.exists()


def test_the_edit_page_corrects_the_enrolment_date(client, worker_malang):
    enrolment = EnrolmentFactory(enrolled_on=timezone.localdate())
    client.force_login(worker_malang)

    response = client.post(
        reverse("programs:enrolment_edit", args=[enrolment.pk]),
        {
            "status": "completed",
            "enrolled_on": "2026-02-20",
            "completed_on": "2026-05-29",
            "sessions_attended": "40",
            "version": enrolment.version,
        },
    )

    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert (enrolment.enrolled_on, enrolment.completed_on) == (d(2026, 2, 20), d(2026, 5, 29))


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"sessions_attended": "0"}, "sessions_attended"),
        ({"enrolled_on": "2026-06-01"}, "enrolled_on"),  # after the completion
    ],
)
def test_the_edit_page_shows_the_rule_next_to_the_field(client, worker_malang, changes, field):
    enrolment = EnrolmentFactory()
    client.force_login(worker_malang)
    data = {
        "status": "completed",
        "enrolled_on": "2026-02-20",
        "completed_on": "2026-05-29",
        "sessions_attended": "40",
        "version": enrolment.version,
        **changes,
    }

    response = client.post(reverse("programs:enrolment_edit", args=[enrolment.pk]), data)

    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.REGISTERED


def test_the_roster_cannot_complete_without_sessions(client, worker_malang):
    enrolment = EnrolmentFactory()
    client.force_login(worker_malang)

    client.post(
        reverse("programs:enrolment_status", args=[enrolment.pk]),
        {"status": "completed", "version": enrolment.version},
    )

    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.REGISTERED
