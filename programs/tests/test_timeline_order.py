"""The client timeline in the order things happened (issue #16 point 3): each event at its
own date (the enrolment at its enrolment date, not the day it was typed in), newest first,
and on one day the later step first."""

import datetime

from django.urls import reverse

from beneficiaries.tests.factories import ClientFactory
from programs.tests.factories import BatchFactory, EnrolmentFactory

d = datetime.date


def timeline(client, person):
    return client.get(person.get_absolute_url()).context["timeline"].object_list


def test_an_enrolment_recorded_late_is_shown_before_its_completion(client, worker_malang):
    """Enrolled and completed recorded today for a cohort of months ago."""
    person = ClientFactory(name="Siti Aminah")
    batch = BatchFactory()  # 2 March to 29 May 2026
    client.force_login(worker_malang)

    client.post(
        reverse("programs:batch_enrol", args=[batch.pk]),
        {"client": person.pk, "enrolled_on": "2026-02-20"},
    )
    enrolment = person.enrolments.get()
    client.post(
        reverse("programs:enrolment_edit", args=[enrolment.pk]),
        {
            "status": "completed",
            "enrolled_on": "2026-02-20",
            "completed_on": "2026-05-29",
            "sessions_attended": "58",
            "version": enrolment.version,
        },
    )

    events = [(e.kind, e.on) for e in timeline(client, person) if e.kind != "registration"]
    assert events == [("completion", d(2026, 5, 29)), ("enrolment", d(2026, 2, 20))]


def test_on_one_day_the_later_step_comes_first(client, worker_malang):
    """A one-day course: enrolled and completed on the same day, newest first."""
    person = ClientFactory()
    EnrolmentFactory(
        client=person,
        enrolled_on=d(2026, 3, 2),
        status="completed",
        completed_on=d(2026, 3, 2),
        sessions_attended=1,
    )
    client.force_login(worker_malang)

    kinds = [e.kind for e in timeline(client, person) if e.kind != "registration"]

    assert kinds == ["completion", "enrolment"]


def test_ties_keep_the_order_the_events_happened_in(client, worker_malang):
    """Two cohorts entered on one day: the one entered later is above, on every load."""
    person = ClientFactory()
    first = EnrolmentFactory(
        client=person,
        batch=BatchFactory(start_date=d(2026, 6, 1), end_date=d(2026, 8, 28)),
        enrolled_on=d(2026, 2, 20),
    )
    second = EnrolmentFactory(client=person, batch=BatchFactory(), enrolled_on=d(2026, 2, 20))
    client.force_login(worker_malang)

    titles = [e.title for e in timeline(client, person) if e.kind == "enrolment"]

    assert titles == [
        f"Terdaftar di {second.batch}",
        f"Terdaftar di {first.batch}",
    ]
