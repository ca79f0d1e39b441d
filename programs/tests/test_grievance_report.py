"""The grievance report's figures against a plain Python count over small random worlds:
received, open, past the deadline, resolved and resolved on time, in all and by category,
regency/city, channel and status, and the median days to resolve."""

import datetime
import statistics
from collections import defaultdict
from dataclasses import dataclass

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from beneficiaries.models import Regency
from beneficiaries.tests.factories import BOJONEGORO, KOTA_MALANG
from programs.grievances.report import grievance_report, grievance_totals, report_grievances
from programs.models import Grievance, GrievanceCategory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 30)
REGENCIES = [KOTA_MALANG, BOJONEGORO]
CHANNELS = list(Grievance.Channel.values)
STATUSES = list(Grievance.Status.values)


@dataclass(frozen=True)
class Case:
    status: str
    received_days_ago: int
    allowed_days: int  # calendar days from receipt to the deadline
    days_to_close: int  # from receipt, for a closed grievance
    category: int
    regency: int
    channel: int
    sensitive: bool


cases = st.builds(
    Case,
    status=st.sampled_from(STATUSES),
    received_days_ago=st.integers(0, 60),
    allowed_days=st.integers(1, 30),
    days_to_close=st.integers(0, 45),
    category=st.integers(0, 8),
    regency=st.integers(0, 1),
    channel=st.integers(0, len(CHANNELS) - 1),
    sensitive=st.booleans(),
)


def build(world: list[Case]) -> list[Grievance]:
    categories = list(GrievanceCategory.objects.order_by("pk"))
    regencies = [Regency.objects.get(pk=code) for code in REGENCIES]
    made = []
    for case in world:
        received = TODAY - datetime.timedelta(days=case.received_days_ago)
        closed = case.status in Grievance.CLOSED_STATUSES
        channel = CHANNELS[case.channel]
        made.append(
            Grievance(
                complainant_name="Warga",
                regency=regencies[case.regency],
                channel=channel,
                lapor_ticket="LAP-1" if channel == Grievance.Channel.LAPOR else "",
                category=categories[case.category],
                description="-",
                sensitive=case.sensitive,
                received_on=received,
                due_on=received + datetime.timedelta(days=case.allowed_days),
                status=case.status,
                resolution="Selesai." if case.status == Grievance.Status.RESOLVED else "",
                rejection_reason="Ditolak." if case.status == Grievance.Status.REJECTED else "",
                closed_on=received + datetime.timedelta(days=case.days_to_close)
                if closed
                else None,
            )
        )
    return Grievance.objects.bulk_create(made)


def figures(grievances: list[Grievance]) -> dict:
    """The report's counts, the slow and obvious way."""
    resolved = [g for g in grievances if g.status == Grievance.Status.RESOLVED]
    is_open = [g for g in grievances if g.status in Grievance.OPEN_STATUSES]
    return {
        "received": len(grievances),
        "open": len(is_open),
        "overdue": sum(1 for g in is_open if g.due_on < TODAY),
        "closed": sum(1 for g in grievances if g.status in Grievance.CLOSED_STATUSES),
        "resolved": len(resolved),
        "resolved_on_time": sum(1 for g in resolved if g.closed_on <= g.due_on),
        "median_days_to_resolve": float(
            statistics.median((g.closed_on - g.received_on).days for g in resolved)
        )
        if resolved
        else None,
    }


def row(label, f) -> list:
    on_time = round(100 * f["resolved_on_time"] / f["resolved"], 1) if f["resolved"] else None
    return [label, f["received"], f["open"], f["overdue"], f["resolved"], on_time]


def breakdown(grievances, label_of) -> dict:
    groups = defaultdict(list)
    for g in grievances:
        groups[label_of(g)].append(g)
    return {label: row(label, figures(members)) for label, members in groups.items()}


def expected_tables(grievances) -> dict[str, dict]:
    return {
        "category": breakdown(grievances, lambda g: g.category.name),
        "regency": breakdown(grievances, lambda g: g.regency.name),
        "channel": breakdown(grievances, lambda g: str(g.get_channel_display())),
        "status": breakdown(grievances, lambda g: str(g.get_status_display())),
    }


def check_report(queryset, grievances):
    expected = figures(grievances)

    totals = grievance_totals(queryset, today=TODAY)
    report_totals, tables = grievance_report(queryset, today=TODAY)

    assert totals == report_totals
    assert {name: getattr(totals, name) for name in expected} == expected
    on_time = (
        100 * expected["resolved_on_time"] / expected["resolved"] if expected["resolved"] else None
    )
    assert totals.on_time_share == on_time
    headline, *by = tables
    assert [r[1] for r in headline.rows] == [
        expected["received"],
        expected["open"],
        expected["overdue"],
        expected["resolved"],
        round(on_time, 1) if on_time is not None else None,
        expected["median_days_to_resolve"],
        expected["closed"],
    ]
    for table, (name, want) in zip(by, expected_tables(grievances).items(), strict=True):
        got = {r[0]: r for r in table.rows}
        assert got == want, name
        # Every breakdown adds up to the whole.
        assert sum(r[1] for r in table.rows) == expected["received"], name


@settings(
    max_examples=25,
    database=None,  # no example database written into the project tree
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(world=st.lists(cases, max_size=10))
def test_report_figures_match_a_plain_count(world, worker_malang, admin_user):
    with transaction.atomic():
        made = build(world)
        everything = list(Grievance.objects.select_related("category", "regency").order_by("pk"))
        assert len(everything) == len(made) == len(world)

        # An admin's report covers the province; a worker's only her regency.
        check_report(report_grievances(admin_user), everything)
        check_report(
            report_grievances(worker_malang),
            [g for g in everything if g.regency_id == KOTA_MALANG],
        )
        transaction.set_rollback(True)


def case(status, *, ago=10, allowed=5, close=3, category=1, regency=0, channel=0):
    return Case(status, ago, allowed, close, category, regency, channel, False)


@pytest.mark.parametrize(
    ("world", "median", "on_time", "overdue"),
    [
        pytest.param([], None, 0, 0, id="nothing"),
        pytest.param([case("resolved", close=4)], 4.0, 1, 0, id="one-resolved-on-time"),
        pytest.param(
            [case("resolved", allowed=5, close=5), case("resolved", allowed=5, close=6)],
            5.5,
            1,
            0,
            id="deadline-day-is-on-time-the-next-is-late",
        ),
        pytest.param(
            [case("resolved", close=1), case("resolved", close=9), case("resolved", close=2)],
            2.0,
            2,  # 9 days is past the deadline of 5
            0,
            id="odd-median",
        ),
        pytest.param(
            [case("rejected", close=1), case("resolved", close=7)],
            7.0,
            0,
            0,
            id="rejected-not-in-median-nor-resolved",
        ),
        pytest.param(
            [
                case("new", ago=10, allowed=9),
                case("in_progress", ago=10, allowed=10),
                case("awaiting", ago=10, allowed=11),
            ],
            None,
            0,
            1,
            id="due-today-is-not-overdue",
        ),
        pytest.param(
            [case("resolved", ago=30, allowed=5, close=20), case("rejected", ago=30, allowed=5)],
            20.0,
            0,
            0,
            id="closed-past-the-deadline-is-not-overdue",
        ),
    ],
)
def test_report_edges(world, median, on_time, overdue):
    made = build(world)

    totals = grievance_totals(Grievance.objects.all(), today=TODAY)

    assert totals.received == len(made)
    assert totals.median_days_to_resolve == median
    assert totals.resolved_on_time == on_time
    assert totals.overdue == overdue


def test_report_filters_by_regency_and_year(admin_user):
    build(
        [
            case("new", regency=0),
            case("resolved", regency=0),
            case("new", regency=1),
            case("new", ago=400, regency=0),  # received in 2025
        ]
    )
    malang = Regency.objects.get(pk=KOTA_MALANG)

    def received(**filters):
        return grievance_totals(report_grievances(admin_user, **filters), today=TODAY).received

    assert received() == 4
    assert received(regency=malang) == 3
    assert received(year=2026) == 3
    assert received(regency=malang, year=2026) == 2
    assert received(year=2025) == 1
