"""Bad input through the hand-over (grant and its equipment rows), the business and the
follow-up visit forms. A saved record must also leave the pages that add it up (the
client's page, the worklist, the outcome report) working."""

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from programs.forms import MAX_COUNT
from programs.models import Business, FollowUpVisit, Grant
from programs.tests.factories import overlock_machine

from .checks import (
    assert_page_shows,
    assert_stored,
    assert_verdict,
    post_form,
    rolled_back,
    shown,
    submission,
)
from .profiles import more_examples
from .strategies import (
    NOT_CHECKED,
    Choice,
    Date,
    Integer,
    MultipleChoice,
    Rupiah,
    Text,
    Upload,
    stored_file_kind,
)
from .submissions import assert_baseline_saves, draw_changes, read_form, valid_baseline

WORKLIST = reverse("programs:worklist")
REPORT = reverse("programs:report_outcomes")


def _pks(related):
    return sorted(str(pk) for pk in related.values_list("pk", flat=True))


# -- Handing over equipment (GrantForm + GrantItemFormSet) ---------------------------------


def grant_fields():
    return {
        "handed_over_on": Date(upper=timezone.localdate()),  # never in the future
        "bast_number": Text(max_length=100, required=True),
        "funding_source": Choice(),
        "enrolment": Choice(required=False),
        "document": Upload(pdf=True),
        "notes": Text(),
        # A second sewing machine for the same client is a warning to confirm.
        "items-0-equipment_type": Choice(decides=False),
        "items-0-quantity": Integer(minimum=1, maximum=MAX_COUNT),
        "items-0-unit_value": Rupiah(empty_stored=NOT_CHECKED),  # empty: the standard value
        "items-0-serial_numbers": Text(max_length=255),
    }


def _item(grant):
    """The item of the first row (the page also offers an empty second row, which the
    fuzzing may fill in)."""
    return grant.items.order_by("pk").first()


GRANT_STORED = {
    "handed_over_on": lambda g: g.handed_over_on,
    "bast_number": lambda g: g.bast_number,
    "funding_source": lambda g: str(g.funding_source_id),
    "enrolment": lambda g: str(g.enrolment_id or ""),
    "document": lambda g: stored_file_kind(g.document),
    "notes": lambda g: g.notes,
    "items-0-equipment_type": lambda g: str(_item(g).equipment_type_id),
    "items-0-quantity": lambda g: _item(g).quantity,
    "items-0-unit_value": lambda g: _item(g).unit_value,
    "items-0-serial_numbers": lambda g: _item(g).serial_numbers,
}


@pytest.fixture
def hand_over(english, worker_malang, world):
    english.force_login(worker_malang)
    url = reverse("programs:grant_create", args=[world.client.pk])
    form = read_form(english, url)
    baseline = valid_baseline(
        form,
        handed_over_on="2026-07-01",
        bast_number="BAST/UJI/2026/0001",
        funding_source=world.grant.funding_source_id,
        **{"items-0-equipment_type": overlock_machine().pk, "items-0-quantity": 1},
    )
    assert_baseline_saves(english, url, baseline)
    return url, form, baseline


@more_examples(2)
@given(data=st.data())
def test_handing_over_equipment_survives_bad_input(english, hand_over, world, data):
    url, form, baseline = hand_over
    drawn = draw_changes(data, form, grant_fields())
    # Now and then the "add another item" button instead: the form again, nothing saved.
    add_row = data.draw(st.sampled_from([False, False, False, True]), label="add_row")
    posted = submission(baseline, drawn) | ({"add_item": "1"} if add_row else {})
    with rolled_back():
        known = set(Grant.objects.values_list("pk", flat=True))
        answer = post_form(english, url, posted)
        if add_row:
            assert not answer.saved
            return
        assert_verdict(answer, drawn)
        if not answer.saved:
            return
        grant = Grant.objects.exclude(pk__in=known).get()
        assert answer.response["Location"] == grant.get_absolute_url()
        assert_stored(grant, GRANT_STORED, drawn)
        item = _item(grant)
        texts = [shown(grant.bast_number)]
        texts += [shown(grant.notes, multiline=True)] * bool(grant.notes)
        texts += [shown(item.serial_numbers)] * bool(item.serial_numbers)
        assert_page_shows(english, grant.get_absolute_url(), texts)
        assert_page_shows(english, world.client.get_absolute_url(), [shown(grant.bast_number)])
        assert_page_shows(english, WORKLIST, [])
        assert_page_shows(english, REPORT, [])


# -- Recording a business (BusinessForm) -------------------------------------------------------

BUSINESS_FIELDS = {
    "name": Text(max_length=150, required=True),
    "sector": Choice(),
    "products": Text(max_length=255),
    "started_on": Date(required=False),
    "grants": MultipleChoice(),
}
BUSINESS_STORED = {
    "name": lambda b: b.name,
    "sector": lambda b: b.sector,
    "products": lambda b: b.products,
    "started_on": lambda b: b.started_on,
    "grants": lambda b: _pks(b.grants),
}


@pytest.fixture
def business_create(english, worker_malang, world):
    english.force_login(worker_malang)
    url = reverse("programs:business_create", args=[world.client.pk])
    form = read_form(english, url)
    baseline = valid_baseline(form, name="Warung Uji", sector=Business.Sector.GARMENTS)
    assert_baseline_saves(english, url, baseline)
    return url, form, baseline


@given(data=st.data())
def test_recording_a_business_survives_bad_input(english, business_create, world, data):
    url, form, baseline = business_create
    drawn = draw_changes(data, form, BUSINESS_FIELDS)
    with rolled_back():
        known = set(Business.objects.values_list("pk", flat=True))
        answer = post_form(english, url, submission(baseline, drawn))
        assert_verdict(answer, drawn)
        if answer.saved:
            business = Business.objects.exclude(pk__in=known).get()
            assert answer.response["Location"] == business.get_absolute_url()
            assert_stored(business, BUSINESS_STORED, drawn)
            texts = [shown(business.name)] + [shown(business.products)] * bool(business.products)
            assert_page_shows(english, business.get_absolute_url(), texts)
            assert_page_shows(english, world.client.get_absolute_url(), [shown(business.name)])


# -- Recording a follow-up visit (VisitForm) ---------------------------------------------------


def visit_fields(world):
    return {
        # Not before the equipment was handed over, not in the future.
        "visited_on": Date(lower=world.grant.handed_over_on, upper=timezone.localdate()),
        "net_income": Rupiah(required=True),
        "revenue": Rupiah(),
        "employees": Integer(minimum=0, maximum=MAX_COUNT),
        "status": Choice(),
        "support": MultipleChoice(),
        "notes": Text(),
        "photo": Upload(),
        f"item_{world.item.pk}": Choice(),  # the condition of the granted sewing machine
    }


def visit_stored(world):
    return {
        "visited_on": lambda v: v.visited_on,
        "net_income": lambda v: v.net_income,
        "revenue": lambda v: v.revenue,
        "employees": lambda v: v.employees,
        "status": lambda v: v.status,
        "support": lambda v: _pks(v.support),
        "notes": lambda v: v.notes,
        "photo": lambda v: stored_file_kind(v.photo),
        f"item_{world.item.pk}": lambda v: v.equipment_checks.get(grant_item=world.item).condition,
    }


@pytest.fixture
def visit_create(english, worker_malang, world):
    english.force_login(worker_malang)
    url = reverse("programs:visit_create", args=[world.business.pk])
    form = read_form(english, url)
    baseline = valid_baseline(
        form, net_income="2500000", employees=2, status=FollowUpVisit.Status.DEVELOPING
    )
    assert_baseline_saves(english, url, baseline)
    return url, form, baseline


@more_examples(2)
@given(data=st.data())
def test_recording_a_visit_survives_bad_input(english, visit_create, world, data):
    url, form, baseline = visit_create
    drawn = draw_changes(data, form, visit_fields(world))
    with rolled_back():
        known = set(FollowUpVisit.objects.values_list("pk", flat=True))
        answer = post_form(english, url, submission(baseline, drawn))
        assert_verdict(answer, drawn)
        if not answer.saved:
            return
        visit = FollowUpVisit.objects.exclude(pk__in=known).get()
        assert answer.response["Location"] == world.business.get_absolute_url()
        assert_stored(visit, visit_stored(world), drawn)
        notes = [shown(visit.notes)] * bool(visit.notes)
        assert_page_shows(english, world.business.get_absolute_url(), notes)
        assert_page_shows(english, world.client.get_absolute_url(), [])
        assert_page_shows(english, WORKLIST, [])
        assert_page_shows(english, REPORT, [])
