"""The outcome report: how many were trained, what was handed over, what became of them.

Every figure is an aggregate computed by the database over querysets that start from
`Client.objects.visible_to(user)`, so a social worker's report never contains a figure
computed from people outside their scope. The query count is a small constant, and each
query is one pass over a table, grouped (programs/reports/passes.py): three grouped by the
clients' regency and sex give the headline's counts and two breakdowns, two more the
headline's medians (percentile_cont on PostgreSQL; two small queries each elsewhere), three
or four each of the other breakdowns, one the quarterly trend. What the latest visit of
each business found is stored with the business (programs/follow_up/refresh.py), not looked up.

Definitions (also shown on the page). Every figure honours every filter; what a filter
means for each figure:
- registered clients: the clients the person filters (regency, PPKS type, disability kind,
  sex, age band) select, each other filter a further condition on the client: registered
  (`created_at`, local date) in the years, whatever the basis; of the service unit (living
  in it now, or enrolled in a cohort it organised); enrolled in a cohort of the program; in
  the cohort (archived enrolments count for none of these);
- the other figures count enrolments and grants of the clients the person filters select:
  enrolments of cohorts of the program / the cohort / organised by the service unit that
  started in the years, whatever the basis; grants after such an enrolment (a grant after no
  training is in no program, cohort or unit) handed over in the years (basis "grant") or
  after a training that started in them (basis "training"); businesses through those grants;
- enrolled / completed: distinct clients with a matching enrolment / a completed one;
- grants and their value: matching grants, value = sum of quantity x unit value;
- businesses followed up: businesses of matching grants with at least one visit; their
  latest visit gives the status, the net income and the employees;
- employees: people working in the businesses besides the owner (jobs beyond the owner);
  people working = owners of businesses not closed + employees;
- follow-up coverage: grantees visited within FOLLOW_UP_INTERVAL_MONTHS;
- payback: months of current net income that equal the value of the business's grants.
"""

import datetime
from dataclasses import dataclass

from django.db import connections
from django.db.models import (
    Aggregate,
    Exists,
    F,
    FloatField,
    OuterRef,
    Q,
)
from django.db.models.functions import Cast

from beneficiaries.models import (
    Client,
    DisabilityKind,
    PpksType,
    Regency,
)

from ..follow_up.dates import months_ago
from ..models import Batch, Business, Enrolment, FollowUpVisit, Grant, TrainingProgram
from . import passes
from .breakdowns import Breakdown, QuarterRow, breakdowns, visit_trend

AGE_BANDS = {
    "0-17": (0, 17),
    "18-35": (18, 35),
    "36-59": (36, 59),
    "60+": (60, 200),
}


@dataclass(frozen=True)
class ReportFilters:
    basis: str = "grant"  # "grant": the period is the grant date; "training": cohort start
    year_from: int | None = None
    year_to: int | None = None
    regency: Regency | None = None
    service_unit: object = None
    program: TrainingProgram | None = None
    batch: Batch | None = None
    ppks_type: PpksType | None = None
    disability_kind: DisabilityKind | None = None
    sex: str = ""
    age_band: str = ""


# -- the populations -------------------------------------------------------------------


def report_clients(user, f: ReportFilters, *, today: datetime.date):
    # Archived records (entered by mistake, duplicates) are left out of every figure.
    clients = Client.objects.visible_to(user).active()
    if f.regency:
        clients = clients.filter(regency=f.regency)
    if f.ppks_type:
        clients = clients.filter(ppks_types=f.ppks_type)
    if f.disability_kind:
        clients = clients.filter(
            Exists(
                Client.disabilities.through.objects.filter(
                    client_id=OuterRef("pk"), disabilitytype__kind=f.disability_kind
                )
            )
        )
    if f.sex:
        clients = clients.filter(sex=f.sex)
    if f.age_band in AGE_BANDS:
        low, high = AGE_BANDS[f.age_band]
        youngest_birth = _years_before(today, low)
        oldest_birth = _years_before(today, high + 1) + datetime.timedelta(days=1)
        clients = clients.filter(birth_date__lte=youngest_birth, birth_date__gte=oldest_birth)
    return clients


def report_registered(clients, f: ReportFilters):
    """The registered clients of the headline: `clients` (report_clients) under the other
    filters too, each a condition on the client (the module's definitions). Kept apart from
    `clients`, which the enrolments and grants start from: a registration year is no
    condition on a grant."""
    registered = clients.filter(_in_years("created_at", f))
    enrolments = Enrolment.objects.active().filter(client_id=OuterRef("pk"))
    if f.service_unit:
        registered = registered.filter(
            Q(service_unit=f.service_unit)
            | Exists(enrolments.filter(batch__service_unit=f.service_unit))
        )
    if f.program:
        registered = registered.filter(Exists(enrolments.filter(batch__program=f.program)))
    if f.batch:
        registered = registered.filter(Exists(enrolments.filter(batch=f.batch)))
    return registered


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _in_years(prefix: str, f: ReportFilters) -> Q:
    q = Q()
    if f.year_from:
        q &= Q(**{f"{prefix}__year__gte": f.year_from})
    if f.year_to:
        q &= Q(**{f"{prefix}__year__lte": f.year_to})
    return q


def report_enrolments(clients, f: ReportFilters):
    enrolments = Enrolment.objects.active().filter(client__in=clients)
    if f.program:
        enrolments = enrolments.filter(batch__program=f.program)
    if f.batch:
        enrolments = enrolments.filter(batch=f.batch)
    if f.service_unit:
        enrolments = enrolments.filter(batch__service_unit=f.service_unit)
    # Enrolments are dated by their cohort whatever the basis: a grant period selects the
    # trainings of the same years.
    return enrolments.filter(_in_years("batch__start_date", f))


def report_grants(clients, f: ReportFilters):
    grants = Grant.objects.active().filter(client__in=clients)
    if f.program:
        grants = grants.filter(enrolment__batch__program=f.program)
    if f.batch:
        grants = grants.filter(enrolment__batch=f.batch)
    if f.service_unit:
        grants = grants.filter(enrolment__batch__service_unit=f.service_unit)
    period = "handed_over_on" if f.basis == "grant" else "enrolment__batch__start_date"
    return grants.filter(_in_years(period, f))


def report_businesses(grants):
    """Businesses working with the given grants. What their latest visit found, their
    income before training and the value of their grants are stored with them
    (programs/follow_up/refresh.py); the change of income is worked out here."""
    linked = Business.grants.through.objects.filter(grant__in=grants.values("pk"))
    return Business.objects.filter(pk__in=linked.values("business_id")).annotate(
        income_change=F("latest_income") - F("baseline_income")
    )


# -- aggregates ------------------------------------------------------------------------


class Median(Aggregate):
    """PostgreSQL's exact median: percentile_cont(0.5), the mean of the middle two values
    of an even count (as `median()` computes it elsewhere); NULLs left out."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def median(queryset, field_name: str):
    """The median of a column, computed by the database on SQLite and PostgreSQL alike:
    the middle one or two values of the sorted column (two small queries)."""
    values = queryset.filter(**{f"{field_name}__isnull": False})
    count = values.count()
    if count == 0:
        return None
    middle = list(
        values.order_by(field_name).values_list(field_name, flat=True)[
            (count - 1) // 2 : count // 2 + 1
        ]
    )
    return sum(middle) / len(middle)


def medians(enrolments, businesses) -> dict:
    """The headline's four medians: on PostgreSQL two queries (percentile_cont, one pass
    over each table); elsewhere two small queries each."""
    payback = Q(latest_income__gt=0, grant_value__isnull=False)
    payback_value = Cast(F("grant_value"), FloatField()) / F("latest_income")
    completed = enrolments.filter(status=Enrolment.Status.COMPLETED)
    if connections[businesses.db].vendor == "postgresql":
        figures = businesses.order_by().aggregate(
            income=Median("latest_income"),
            change=Median("income_change"),
            payback=Median(payback_value, filter=payback),
        )
        figures.update(completed.order_by().aggregate(baseline=Median("income_before")))
        return figures
    return {
        "income": median(businesses, "latest_income"),
        "change": median(businesses, "income_change"),
        "payback": median(businesses.filter(payback).annotate(payback=payback_value), "payback"),
        "baseline": median(completed, "income_before"),
    }


@dataclass
class Headline:
    clients: int
    enrolled: int
    completed: int
    grants: int
    grantees: int
    grant_value: int
    businesses_followed: int
    status_counts: dict  # status -> count at the latest visit
    income_median: float | None
    income_mean: float | None
    baseline_median: float | None
    change_median: float | None
    employees: int
    people_working: int
    coverage_visited: int
    payback_median_months: float | None

    @property
    def completion_rate(self):
        return self.completed / self.enrolled if self.enrolled else None

    @property
    def coverage_rate(self):
        return self.coverage_visited / self.grantees if self.grantees else None

    @property
    def status_shares(self):
        total = sum(self.status_counts.values())
        return {s: (n / total if total else None) for s, n in self.status_counts.items()}


def partition_figures(enrolments, grants, businesses, *, cutoff) -> dict:
    """Enrolment, grant and business figures by (regency, sex) of the client: three
    queries that give the headline's counts and the breakdowns by regency and by sex
    (each person has one regency and one sex, so the parts add up exactly)."""
    keys = ("client__regency", "client__sex")
    return {
        "enrolments": passes.enrolment_figures(enrolments, *keys),
        "grants": passes.grant_figures(grants, *keys, cutoff=cutoff),
        "businesses": passes.business_figures(businesses, *keys),
    }


def _total(figures: dict, name: str):
    return sum(row[name] or 0 for row in figures.values())


def headline(
    clients, enrolments, grants, businesses, *, today, interval_months, parts=None
) -> Headline:
    """The headline figures; `clients` are the registered clients to count
    (`report_registered()`), `parts` are `partition_figures()` when already computed."""
    if parts is None:
        parts = partition_figures(
            enrolments, grants, businesses, cutoff=months_ago(today, interval_months)
        )
    e, g, b = parts["enrolments"], parts["grants"], parts["businesses"]
    statuses = FollowUpVisit.Status.values
    income_n = _total(b, "income_n")
    employees = int(_total(b, "employees"))
    middle = medians(enrolments, businesses)
    return Headline(
        clients=clients.count(),
        enrolled=_total(e, "enrolled"),
        completed=_total(e, "completed"),
        grants=_total(g, "grants_n"),
        grantees=_total(g, "grantees"),
        grant_value=int(_total(g, "grant_value")),
        businesses_followed=_total(b, "followed"),
        status_counts={s: _total(b, f"status_{s}") for s in statuses},
        income_median=middle["income"],
        income_mean=float(_total(b, "income_sum")) / income_n if income_n else None,
        baseline_median=middle["baseline"],
        change_median=middle["change"],
        employees=employees,
        people_working=_total(b, "open") + employees,
        coverage_visited=_total(g, "visited"),
        payback_median_months=middle["payback"],
    )


@dataclass
class Report:
    filters: ReportFilters
    headline: Headline
    breakdowns: list[Breakdown]
    trend: list[QuarterRow]


def outcome_report(user, filters: ReportFilters, *, today, interval_months) -> Report:
    clients = report_clients(user, filters, today=today)
    enrolments = report_enrolments(clients, filters)
    grants = report_grants(clients, filters)
    businesses = report_businesses(grants)
    parts = partition_figures(
        enrolments, grants, businesses, cutoff=months_ago(today, interval_months)
    )
    return Report(
        filters=filters,
        headline=headline(
            report_registered(clients, filters),
            enrolments,
            grants,
            businesses,
            today=today,
            interval_months=interval_months,
            parts=parts,
        ),
        breakdowns=breakdowns(enrolments, grants, businesses, parts=parts),
        trend=visit_trend(businesses),
    )
