"""Bad input through the training forms: opening a batch, enrolling, correcting an
enrolment and the roster's quick status change."""

from dataclasses import dataclass, replace

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from programs.forms import MAX_COUNT
from programs.models import Batch, Enrolment

from .checks import (
    assert_markup_escaped,
    assert_page_shows,
    assert_stored,
    assert_verdict,
    body,
    changed_tables,
    database_state,
    post_form,
    rolled_back,
    shown,
    submission,
    verdict,
)
from .strategies import (
    NOT_CHECKED,
    SMALLINT_MAX,
    Anything,
    Choice,
    Date,
    Integer,
    Rupiah,
    Text,
    Typed,
)
from .submissions import assert_baseline_saves, draw_changes, read_form, valid_baseline

# -- Opening a batch (BatchForm) ---------------------------------------------------------------

BATCH_FIELDS = {
    "name": Text(max_length=100, required=True),
    "service_unit": Choice(),
    "venue": Text(max_length=200),
    # The end may not be before the start: neither date decides alone.
    "start_date": Date(decides=False),
    "end_date": Date(decides=False),
    "capacity": Integer(minimum=1, maximum=SMALLINT_MAX),
}
BATCH_STORED = {
    "name": lambda b: b.name,
    "service_unit": lambda b: str(b.service_unit_id),
    "venue": lambda b: b.venue,
    "start_date": lambda b: b.start_date,
    "end_date": lambda b: b.end_date,
    "capacity": lambda b: b.capacity,
}


@pytest.fixture
def batch_create(english, worker_malang, world):
    english.force_login(worker_malang)
    url = reverse("programs:batch_create", args=[world.program.pk])
    form = read_form(english, url)
    baseline = valid_baseline(
        form,
        name="Angkatan Uji 2026",
        service_unit=world.batch.service_unit_id,
        venue="Aula",
        start_date="2026-01-05",
        end_date="2026-03-27",
        capacity=20,
    )
    assert_baseline_saves(english, url, baseline)
    return url, form, baseline


@given(data=st.data())
def test_opening_a_batch_survives_bad_input(english, batch_create, world, data):
    url, form, baseline = batch_create
    drawn = draw_changes(data, form, BATCH_FIELDS)
    with rolled_back():
        known = set(Batch.objects.values_list("pk", flat=True))
        answer = post_form(english, url, submission(baseline, drawn))
        assert_verdict(answer, drawn)
        if answer.saved:
            batch = Batch.objects.exclude(pk__in=known).get()
            assert answer.response["Location"] == batch.get_absolute_url()
            assert_stored(batch, BATCH_STORED, drawn)
            texts = [shown(batch.name)] + ([shown(batch.venue)] if batch.venue else [])
            assert_page_shows(english, batch.get_absolute_url(), texts)
            assert_page_shows(english, world.program.get_absolute_url(), [shown(batch.name)])


# -- Enrolling (EnrolForm) -----------------------------------------------------------------------


@pytest.fixture
def enrol(english, worker_malang, world):
    """Enrol the world's second Kota Malang client, found by name as a worker would."""
    english.force_login(worker_malang)
    url = reverse("programs:batch_enrol", args=[world.batch.pk])
    page = f"{url}?q={world.photo_client.registration_number}"
    form = read_form(english, page, action=url)
    assert form.submission()["client"] == [str(world.photo_client.pk)]
    # The hidden client id: the candidate's own, or anything else (answered with a 404,
    # since the choices are the worker's visible clients).
    form.controls["client"].options = [str(world.photo_client.pk)]
    baseline = form.submission()
    assert_baseline_saves(english, form.action, baseline)
    return form, baseline


ENROL_FIELDS = {
    "client": Choice(),
    # Not before the cohort opened, not in the future (Enrolment.clean()); empty: today.
    "enrolled_on": Date(required=False, decides=False),
    "income_before": Rupiah(),
    "q": Text(),  # the search box, carried along; never stored
}


@given(data=st.data())
def test_enrolling_survives_bad_input(english, enrol, world, data):
    form, baseline = enrol
    drawn = draw_changes(data, form, ENROL_FIELDS)
    with rolled_back():
        answer = post_form(
            english, form.action, submission(baseline, drawn), refused_statuses=(400, 404)
        )
        if answer.response.status_code == 404:
            assert drawn.get("client") and drawn["client"].accept is not True
            return
        assert_verdict(answer, {k: v for k, v in drawn.items() if k != "q"})
        if answer.saved:
            enrolment = Enrolment.objects.get(batch=world.batch, client=world.photo_client)
            assert_stored(enrolment, {"income_before": lambda e: e.income_before}, drawn)
            typed = drawn.get("enrolled_on")
            if typed is not None and typed.stored is not NOT_CHECKED:
                assert enrolment.enrolled_on == (
                    typed.stored or timezone.localdate()
                )  # empty: today
            assert_page_shows(
                english, world.batch.get_absolute_url(), [shown(world.photo_client.name)]
            )


# -- Correcting an enrolment (EnrolmentForm) --------------------------------------------------


@dataclass(frozen=True)
class SessionsAttended(Integer):
    """A count of sessions; none is refused for a completed training only (the world's
    enrolment is, but the status may be drawn too): no verdict on 0."""

    def strategy(self, control=None) -> st.SearchStrategy[Typed]:
        return (
            super()
            .strategy(control)
            .map(lambda t: replace(t, accept=None, stored=NOT_CHECKED) if t.value == "0" else t)
        )


ENROLMENT_FIELDS = {
    # Completion needs a date (the service fills in today), a comeback needs a free place.
    "status": Choice(decides=False),
    # Between the cohort's opening and the completion, not in the future.
    "enrolled_on": Date(decides=False),
    "completed_on": Date(required=False, decides=False),
    "sessions_attended": SessionsAttended(minimum=0, maximum=MAX_COUNT),
    "certificate_number": Text(max_length=100),
    "income_before": Rupiah(),
}
ENROLMENT_STORED = {
    "status": lambda e: e.status,
    "enrolled_on": lambda e: e.enrolled_on,
    "sessions_attended": lambda e: e.sessions_attended,
    "certificate_number": lambda e: e.certificate_number,
    "income_before": lambda e: e.income_before,
}


@pytest.fixture
def enrolment_edit(english, worker_malang, world):
    english.force_login(worker_malang)
    url = reverse("programs:enrolment_edit", args=[world.enrolment.pk])
    form = read_form(english, url)
    # The page as it stands (its hidden version included); the world's completed enrolment
    # was made without a completion date, which the form asks for.
    baseline = valid_baseline(form, completed_on="2026-05-29")
    assert_baseline_saves(english, url, baseline)
    return url, form, baseline


@given(data=st.data())
def test_correcting_an_enrolment_survives_bad_input(english, enrolment_edit, world, data):
    url, form, baseline = enrolment_edit
    drawn = draw_changes(data, form, ENROLMENT_FIELDS)
    with rolled_back():
        answer = post_form(english, url, submission(baseline, drawn))
        assert_verdict(answer, drawn)
        if answer.saved:
            enrolment = Enrolment.objects.get(pk=world.enrolment.pk)
            assert answer.response["Location"] == world.batch.get_absolute_url()
            assert_stored(enrolment, ENROLMENT_STORED, drawn)
            typed = drawn.get("completed_on")
            completed = enrolment.status == Enrolment.Status.COMPLETED
            if completed and typed is not None and typed.stored not in (NOT_CHECKED, None):
                assert enrolment.completed_on == typed.stored
            certificate = [shown(enrolment.certificate_number)] * bool(enrolment.certificate_number)
            assert_page_shows(english, world.batch.get_absolute_url(), certificate)
            assert_page_shows(english, world.client.get_absolute_url(), certificate)
            assert_page_shows(english, reverse("programs:report_outcomes"), [])


# -- The roster's quick status change (EnrolmentStatusForm) ---------------------------------


@pytest.fixture
def status_change(english, worker_malang, world):
    english.force_login(worker_malang)
    url = reverse("programs:enrolment_status", args=[world.enrolment.pk])
    form = read_form(english, world.batch.get_absolute_url(), action=url)
    return url, form, form.submission()


@given(data=st.data())
def test_the_quick_status_change_survives_bad_input(english, status_change, world, data):
    """Always back to the roster with a message; the status changes only to the one typed,
    and a refused change writes nothing."""
    url, form, baseline = status_change
    drawn = draw_changes(data, form, {"status": Choice(decides=False), "version": Anything()})
    with rolled_back():
        before = database_state()
        response = english.post(url, submission(baseline, drawn))
        assert response.status_code == 302, body(response)[:2000]
        assert response["Location"] == world.batch.get_absolute_url()
        status = Enrolment.objects.get(pk=world.enrolment.pk).status
        if status != world.enrolment.status:
            typed = drawn["status"].value
            assert status == (typed[-1] if isinstance(typed, list) else typed)
        if verdict(drawn) is False:
            assert not changed_tables(before, database_state())
        page = english.get(world.batch.get_absolute_url())
        html = body(page)
        assert page.status_code == 200
        assert 'class="messages"' in html
        assert_markup_escaped(html, "the roster after a status change")
