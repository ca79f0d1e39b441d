"""A grievance's deadline: working days (weekends and the Holiday table), the working days
allowed for a category and severity, and the escalation of the open grievances past it.

The dates are of August and December 2026, whose holidays the data migration seeds
(17 Aug, a Monday; 25 Dec, a Friday; 1 Jan 2027, a Friday)."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from beneficiaries.models import Regency
from beneficiaries.tests.factories import KOTA_MALANG
from programs.grievances import deadlines, services
from programs.models import (
    Grievance,
    GrievanceCategory,
    GrievanceNote,
    Holiday,
    ResolutionDeadline,
)

pytestmark = pytest.mark.django_db

D = datetime.date
DAMAGED = "Bantuan rusak/tidak sesuai"
OTHER = "Lainnya"


def category(name=DAMAGED):
    return GrievanceCategory.objects.get(name=name)


def grievance(*, received_on, due_on, status=Grievance.Status.NEW, **fields):
    """A grievance written straight to the table, on the given dates (no service: these
    tests set the deadline and the status themselves)."""
    closed = status in Grievance.CLOSED_STATUSES
    return Grievance.objects.create(
        complainant_name="Pak Slamet",
        regency=Regency.objects.get(pk=KOTA_MALANG),
        channel=Grievance.Channel.IN_PERSON,
        category=category(),
        description="Mesin jahit yang diterima tidak berfungsi.",
        received_on=received_on,
        due_on=due_on,
        status=status,
        resolution="Mesin diganti." if status == Grievance.Status.RESOLVED else "",
        rejection_reason="Bukan wewenang dinas." if status == Grievance.Status.REJECTED else "",
        closed_on=due_on if closed else None,
        **fields,
    )


# --- Working days --------------------------------------------------------------------


def test_the_migration_seeds_the_fixed_holidays_of_2026_and_2027():
    seeded = deadlines.holidays()

    for year in (2026, 2027):
        assert {D(year, 1, 1), D(year, 5, 1), D(year, 6, 1), D(year, 8, 17), D(year, 12, 25)} <= (
            seeded
        )
    assert D(2026, 8, 18) not in seeded


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        pytest.param(D(2026, 8, 3), 0, D(2026, 8, 3), id="no-days-is-the-start"),
        pytest.param(D(2026, 8, 3), 1, D(2026, 8, 4), id="day-of-receipt-not-counted"),
        pytest.param(D(2026, 8, 4), 3, D(2026, 8, 7), id="within-one-week"),
        pytest.param(D(2026, 8, 7), 1, D(2026, 8, 10), id="friday-to-monday"),
        pytest.param(D(2026, 8, 8), 1, D(2026, 8, 10), id="received-on-a-saturday"),
        pytest.param(D(2026, 8, 9), 1, D(2026, 8, 10), id="received-on-a-sunday"),
        pytest.param(D(2026, 8, 8), 5, D(2026, 8, 14), id="saturday-plus-a-week"),
        pytest.param(D(2026, 8, 13), 3, D(2026, 8, 19), id="weekend-then-17-august"),
        pytest.param(D(2026, 8, 14), 1, D(2026, 8, 18), id="friday-before-a-monday-holiday"),
        pytest.param(D(2026, 8, 17), 1, D(2026, 8, 18), id="received-on-a-holiday"),
        pytest.param(D(2026, 8, 3), 10, D(2026, 8, 18), id="ten-days-across-17-august"),
        pytest.param(D(2026, 12, 24), 1, D(2026, 12, 28), id="christmas-then-weekend"),
        pytest.param(D(2026, 12, 30), 2, D(2027, 1, 4), id="new-year-then-weekend"),
        pytest.param(D(2026, 5, 29), 1, D(2026, 6, 2), id="weekend-then-1-june"),
        pytest.param(D(2026, 4, 30), 1, D(2026, 5, 4), id="1-may-then-weekend"),
    ],
)
def test_add_working_days(start, days, expected):
    assert deadlines.add_working_days(start, days, deadlines.holidays()) == expected


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        # Without the Holiday table only weekends are skipped: 17 August is a Monday.
        (D(2026, 8, 13), 3, D(2026, 8, 18)),
        (D(2026, 12, 24), 1, D(2026, 12, 25)),
    ],
)
def test_add_working_days_counts_a_holiday_only_when_given(start, days, expected):
    assert deadlines.add_working_days(start, days, frozenset()) == expected


def test_a_holiday_added_in_admin_moves_the_deadline():
    before = deadlines.add_working_days(D(2026, 8, 13), 3, deadlines.holidays())
    Holiday.objects.create(date=D(2026, 8, 18), name="Cuti bersama")

    after = deadlines.add_working_days(D(2026, 8, 13), 3, deadlines.holidays())

    assert (before, after) == (D(2026, 8, 19), D(2026, 8, 20))


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        pytest.param(D(2026, 8, 3), D(2026, 8, 3), 0, id="same-day"),
        pytest.param(D(2026, 8, 3), D(2026, 8, 4), 1, id="next-day"),
        pytest.param(D(2026, 8, 7), D(2026, 8, 9), 0, id="friday-to-sunday"),
        pytest.param(D(2026, 8, 7), D(2026, 8, 10), 1, id="friday-to-monday"),
        pytest.param(D(2026, 8, 8), D(2026, 8, 9), 0, id="saturday-to-sunday"),
        pytest.param(D(2026, 8, 16), D(2026, 8, 17), 0, id="sunday-to-holiday"),
        pytest.param(D(2026, 8, 13), D(2026, 8, 19), 3, id="across-weekend-and-holiday"),
        pytest.param(D(2026, 8, 3), D(2026, 8, 28), 18, id="august-weeks"),
        pytest.param(D(2026, 8, 19), D(2026, 8, 13), -3, id="backwards-is-negative"),
        pytest.param(D(2026, 8, 10), D(2026, 8, 7), -1, id="monday-back-to-friday"),
        pytest.param(D(2026, 12, 31), D(2027, 1, 4), 1, id="across-new-year"),
    ],
)
def test_working_days_between(start, end, expected):
    assert deadlines.working_days_between(start, end, deadlines.holidays()) == expected


@pytest.mark.parametrize("days", [1, 2, 3, 5, 10, 20])
@pytest.mark.parametrize(
    "start", [D(2026, 8, 8), D(2026, 8, 13), D(2026, 12, 23), D(2026, 5, 29), D(2026, 8, 17)]
)
def test_working_days_between_undoes_add_working_days(start, days):
    known = deadlines.holidays()

    due = deadlines.add_working_days(start, days, known)

    assert deadlines.working_days_between(start, due, known) == days
    assert deadlines.is_working_day(due, known)


@pytest.mark.parametrize(
    ("due_on", "today", "expected"),
    [
        pytest.param(D(2026, 8, 19), D(2026, 8, 19), 0, id="due-today"),
        pytest.param(D(2026, 8, 19), D(2026, 8, 18), 1, id="due-tomorrow"),
        pytest.param(D(2026, 8, 19), D(2026, 8, 14), 2, id="friday-over-weekend-and-holiday"),
        pytest.param(D(2026, 8, 19), D(2026, 8, 13), 3, id="thursday-before"),
        pytest.param(D(2026, 8, 19), D(2026, 8, 15), 2, id="counted-from-a-saturday"),
        pytest.param(D(2026, 8, 19), D(2026, 8, 20), -1, id="one-day-past"),
        pytest.param(D(2026, 8, 19), D(2026, 8, 26), -5, id="a-week-past"),
        pytest.param(D(2026, 8, 14), D(2026, 8, 18), -1, id="past-across-weekend-and-holiday"),
        pytest.param(D(2026, 12, 24), D(2026, 12, 28), -1, id="past-across-christmas"),
    ],
)
def test_days_left(due_on, today, expected):
    assert deadlines.days_left(due_on, today) == expected


def test_days_left_reads_the_holiday_table_unless_given_holidays():
    # From Friday 14 August to Wednesday 19 August: 17 August is a holiday on record.
    assert deadlines.days_left(D(2026, 8, 19), D(2026, 8, 14)) == 2
    assert deadlines.days_left(D(2026, 8, 19), D(2026, 8, 14), frozenset()) == 3


# Found by this test: days_left() once said 0 ("due today") on the days off after a
# deadline, while the lists already counted the grievance as overdue.
@pytest.mark.parametrize(
    "today",
    [
        pytest.param(D(2026, 8, 15), id="saturday-after-a-friday-deadline"),
        pytest.param(D(2026, 8, 16), id="sunday-after-a-friday-deadline"),
        pytest.param(D(2026, 8, 17), id="holiday-after-a-friday-deadline"),
    ],
)
def test_days_left_is_negative_on_a_day_off_after_the_deadline(today):
    due_on = D(2026, 8, 14)
    assert due_on < today  # what GrievanceQuerySet.overdue() and the escalation use

    assert deadlines.days_left(due_on, today) < 0


# --- Working days allowed --------------------------------------------------------------


@pytest.mark.parametrize(("severity", "expected"), [("high", 3), ("medium", 10), ("low", 20)])
def test_the_seeded_rows_apply_to_every_category(severity, expected):
    assert deadlines.working_days_allowed(category=category(), severity=severity) == expected
    assert deadlines.working_days_allowed(category=None, severity=severity) == expected


@pytest.mark.parametrize(
    ("own_row", "severity_row", "asked_category", "expected"),
    [
        pytest.param(5, 7, DAMAGED, 5, id="category-row-first"),
        pytest.param(5, 7, OTHER, 7, id="other-category-gets-the-severity-row"),
        pytest.param(5, 7, None, 7, id="no-category-gets-the-severity-row"),
        pytest.param(5, None, DAMAGED, 5, id="category-row-without-severity-row"),
        pytest.param(5, None, OTHER, 12, id="other-category-gets-the-setting"),
        pytest.param(None, 7, DAMAGED, 7, id="severity-row"),
        pytest.param(None, None, DAMAGED, 12, id="setting-when-no-row"),
        pytest.param(None, None, None, 12, id="setting-when-no-row-nor-category"),
    ],
)
def test_working_days_allowed_precedence(settings, own_row, severity_row, asked_category, expected):
    settings.GRIEVANCE_DEFAULT_WORKING_DAYS = 12
    ResolutionDeadline.objects.filter(severity="medium").delete()
    if own_row is not None:
        ResolutionDeadline.objects.create(
            category=category(), severity="medium", working_days=own_row
        )
    if severity_row is not None:
        ResolutionDeadline.objects.create(
            category=None, severity="medium", working_days=severity_row
        )
    asked = category(asked_category) if asked_category else None

    assert deadlines.working_days_allowed(category=asked, severity="medium") == expected


def test_a_category_row_of_another_severity_does_not_apply():
    ResolutionDeadline.objects.create(category=category(), severity="high", working_days=1)

    assert deadlines.working_days_allowed(category=category(), severity="medium") == 10
    assert deadlines.working_days_allowed(category=category(), severity="high") == 1


@pytest.mark.parametrize(
    ("severity", "own_row", "received_on", "expected"),
    [
        # Seeded high = 3 working days: Thursday 13 August, then 14, 18, 19 (17 is off).
        pytest.param("high", None, D(2026, 8, 13), D(2026, 8, 19), id="seeded-high"),
        # Seeded medium = 10: from Monday 3 August, 17 August skipped.
        pytest.param("medium", None, D(2026, 8, 3), D(2026, 8, 18), id="seeded-medium"),
        # Seeded low = 20: from Thursday 10 December, 25 Dec and 1 Jan skipped.
        pytest.param("low", None, D(2026, 12, 10), D(2027, 1, 11), id="seeded-low"),
        # The category's own row of 1 day, from a Saturday.
        pytest.param("medium", 1, D(2026, 8, 8), D(2026, 8, 10), id="own-row"),
    ],
)
def test_deadline_for(severity, own_row, received_on, expected):
    if own_row is not None:
        ResolutionDeadline.objects.create(
            category=category(), severity=severity, working_days=own_row
        )

    due = deadlines.deadline_for(received_on=received_on, category=category(), severity=severity)

    assert due == expected


def test_deadline_for_uses_the_setting_without_any_row(settings):
    settings.GRIEVANCE_DEFAULT_WORKING_DAYS = 2
    ResolutionDeadline.objects.all().delete()

    due = deadlines.deadline_for(received_on=D(2026, 8, 13), category=category(), severity="low")

    assert due == D(2026, 8, 18)


# --- Escalation ------------------------------------------------------------------------

TODAY = D(2026, 8, 19)  # a Wednesday
OPEN = [Grievance.Status.NEW, Grievance.Status.IN_PROGRESS, Grievance.Status.AWAITING]
CLOSED = [Grievance.Status.RESOLVED, Grievance.Status.REJECTED]


@pytest.mark.parametrize(
    ("status", "due_on", "escalated"),
    [
        *[pytest.param(s, D(2026, 8, 18), True, id=f"{s}-due-yesterday") for s in OPEN],
        *[pytest.param(s, D(2026, 8, 3), True, id=f"{s}-long-past") for s in OPEN],
        *[pytest.param(s, TODAY, False, id=f"{s}-due-today") for s in OPEN],
        *[pytest.param(s, D(2026, 8, 20), False, id=f"{s}-due-tomorrow") for s in OPEN],
        *[pytest.param(s, D(2026, 8, 18), False, id=f"{s}-past-but-closed") for s in CLOSED],
        *[pytest.param(s, D(2026, 8, 3), False, id=f"{s}-long-past-but-closed") for s in CLOSED],
    ],
)
def test_escalation_rule(admin_user, status, due_on, escalated):
    g = grievance(received_on=D(2026, 7, 30), due_on=due_on, status=status)

    count = services.grievances_escalate(today=TODAY, escalated_by=admin_user)

    g.refresh_from_db()
    notes = list(g.notes.filter(kind=GrievanceNote.Kind.ESCALATION))
    assert count == int(escalated)
    assert g.escalated_on == (TODAY if escalated else None)
    assert len(notes) == int(escalated)
    if escalated:
        assert notes[0].author == admin_user
        assert due_on.strftime("%d-%m-%Y") in notes[0].text
    assert g.status == status  # escalation marks, it does not change the status


def test_escalation_picks_exactly_the_open_overdue_ones_and_never_twice():
    made = {
        (status, due_on): grievance(received_on=D(2026, 7, 30), due_on=due_on, status=status)
        for status in OPEN + CLOSED
        for due_on in (D(2026, 8, 10), D(2026, 8, 18), TODAY, D(2026, 8, 24))
    }
    expected = {g.pk for (status, due_on), g in made.items() if status in OPEN and due_on < TODAY}

    first = services.grievances_escalate(today=TODAY)
    second = services.grievances_escalate(today=TODAY)
    next_day = services.grievances_escalate(today=D(2026, 8, 20))

    escalated = set(Grievance.objects.filter(escalated_on=TODAY).values_list("pk", flat=True))
    assert len(expected) == 6
    assert escalated == expected
    assert (first, second) == (6, 0)
    # The next day, only those due on the 19th are newly past their deadline.
    due_19 = {g.pk for (status, due_on), g in made.items() if status in OPEN and due_on == TODAY}
    assert next_day == len(due_19) == 3
    assert (
        set(Grievance.objects.filter(escalated_on=D(2026, 8, 20)).values_list("pk", flat=True))
        == due_19
    )
    # One escalation note each, however often the job ran.
    per_grievance = {
        pk: GrievanceNote.objects.filter(
            grievance_id=pk, kind=GrievanceNote.Kind.ESCALATION
        ).count()
        for pk in (g.pk for g in made.values())
    }
    assert per_grievance == {pk: int(pk in expected | due_19) for pk in per_grievance}


def test_an_escalated_grievance_is_not_escalated_again_after_reopening():
    g = grievance(received_on=D(2026, 7, 30), due_on=D(2026, 8, 10))
    services.grievances_escalate(today=TODAY)
    g.refresh_from_db()
    g.status = Grievance.Status.AWAITING
    g.save()

    assert services.grievances_escalate(today=D(2026, 8, 25)) == 0
    assert g.notes.filter(kind=GrievanceNote.Kind.ESCALATION).count() == 1


def test_the_daily_command_escalates_what_is_overdue_once():
    import datetime as _dt
    from io import StringIO

    from django.core.management import call_command

    from programs.tests.factories import grievance_for

    late = grievance_for(received_on=_dt.date(2026, 1, 5))
    first, second = StringIO(), StringIO()
    call_command("escalate_grievances", stdout=first)
    call_command("escalate_grievances", stdout=second)
    late.refresh_from_db()
    assert late.escalated_on is not None
    assert first.getvalue().startswith("1 ") and second.getvalue().startswith("0 ")


@given(
    start=st.dates(min_value=D(2000, 1, 1), max_value=D(2030, 12, 31)),
    span=st.integers(min_value=-800, max_value=800),
    holidays=st.frozensets(st.dates(min_value=D(1999, 1, 1), max_value=D(2033, 12, 31))),
)
def test_working_days_between_by_weeks_equals_counting_day_by_day(start, span, holidays):
    end = start + datetime.timedelta(days=span)
    low, high = sorted((start, end))
    counted = sum(
        1
        for offset in range(1, (high - low).days + 1)
        if (day := low + datetime.timedelta(days=offset)).weekday() < 5 and day not in holidays
    )

    assert deadlines.working_days_between(start, end, holidays) == (
        counted if end >= start else -counted
    )
