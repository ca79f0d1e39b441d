"""The outcome report: how many were trained, what was handed over, what became of them.

Every figure is an aggregate computed by the database over querysets that start from
`Client.objects.visible_to(user)`, so a social worker's report never contains a figure
computed from people outside their scope. The query count is a small constant: a handful
of aggregate queries for the headline, one per breakdown (all categories at once, zeros
included), one for the quarterly trend.

Definitions (also shown on the page):
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
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import (
    Avg,
    Count,
    Exists,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
)
from django.db.models.functions import Cast, Coalesce, TruncQuarter
from django.utils.translation import gettext_lazy as _

from beneficiaries.models import (
    Client,
    DisabilityKind,
    PpksType,
    Regency,
)

from .models import Batch, Business, Enrolment, FollowUpVisit, Grant, GrantItem, TrainingProgram
from .worklist import months_ago

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


def grant_value_subquery():
    return Subquery(
        GrantItem.objects.filter(grant=OuterRef("pk"))
        .order_by()
        .values("grant")
        .annotate(total=Sum(F("quantity") * F("unit_value")))
        .values("total"),
        output_field=IntegerField(),
    )


def report_grants(clients, f: ReportFilters):
    grants = Grant.objects.active().filter(client__in=clients)
    if f.program:
        grants = grants.filter(enrolment__batch__program=f.program)
    if f.batch:
        grants = grants.filter(enrolment__batch=f.batch)
    if f.service_unit:
        grants = grants.filter(enrolment__batch__service_unit=f.service_unit)
    period = "handed_over_on" if f.basis == "grant" else "enrolment__batch__start_date"
    return grants.filter(_in_years(period, f)).annotate(value=Coalesce(grant_value_subquery(), 0))


def report_businesses(grants):
    """Businesses working with the given grants, annotated with their latest visit, the
    baseline income before training and the value of their grants."""
    linked = Business.grants.through.objects.filter(grant__in=grants.values("pk"))
    latest = (
        FollowUpVisit.objects.active()
        .filter(business=OuterRef("pk"))
        .order_by("-visited_on", "-id")
    )
    baseline = (
        Grant.objects.active()
        .filter(businesses=OuterRef("pk"), enrolment__income_before__isnull=False)
        .order_by("handed_over_on", "id")
        .values("enrolment__income_before")[:1]
    )
    value = (
        GrantItem.objects.filter(grant__businesses=OuterRef("pk"), grant__archived_at__isnull=True)
        .order_by()
        .values("grant__businesses")
        .annotate(total=Sum(F("quantity") * F("unit_value")))
        .values("total")
    )
    return (
        Business.objects.filter(pk__in=linked.values("business_id"))
        .annotate(
            latest_status=Subquery(latest.values("status")[:1]),
            latest_income=Subquery(latest.values("net_income")[:1]),
            latest_employees=Subquery(latest.values("employees")[:1]),
            latest_visit_on=Subquery(latest.values("visited_on")[:1]),
            baseline_income=Subquery(baseline),
            grant_value=Subquery(value, output_field=IntegerField()),
        )
        .annotate(income_change=F("latest_income") - F("baseline_income"))
    )


# -- aggregates ------------------------------------------------------------------------


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


class SubqueryAggregate(Subquery):
    """An aggregate over a subquery's rows, usable as an annotation of another query."""

    template = "(SELECT COALESCE(%(function)s(%(column)s), 0) FROM (%(subquery)s) AS _agg)"

    def __init__(self, queryset, *, function, column="*", output_field=None):
        super().__init__(
            queryset, output_field=output_field or IntegerField(), function=function, column=column
        )


class SubqueryAverage(SubqueryAggregate):
    """AVG without the COALESCE: no rows means no mean, not a mean of 0."""

    template = "(SELECT AVG(%(column)s) FROM (%(subquery)s) AS _agg)"


def _count(queryset):
    return SubqueryAggregate(queryset, function="COUNT")


def _count_distinct_clients(queryset):
    return _count(queryset.order_by().values("client_id").distinct())


def _sum(queryset, column):
    return SubqueryAggregate(queryset.order_by().values(column), function="SUM", column=column)


def _avg(queryset, column):
    return SubqueryAverage(
        queryset.order_by().values(column), function="AVG", column=column, output_field=FloatField()
    )


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


def headline(clients, enrolments, grants, businesses, *, today, interval_months) -> Headline:
    cutoff = months_ago(today, interval_months)
    enrolment_figures = enrolments.aggregate(
        enrolled=Count("client", distinct=True),
        completed=Count("client", filter=Q(status=Enrolment.Status.COMPLETED), distinct=True),
    )
    grant_figures = grants.annotate(
        # Annotated first: the aggregate below runs over a wrapped query of this one.
        visited_recently=Exists(
            FollowUpVisit.objects.active().filter(
                business__client=OuterRef("client"), visited_on__gte=cutoff
            )
        )
    ).aggregate(
        grants=Count("id"),
        grantees=Count("client", distinct=True),
        total_value=Coalesce(Sum("value"), 0),
        visited=Count("client", distinct=True, filter=Q(visited_recently=True)),
    )
    statuses = FollowUpVisit.Status.values
    business_figures = businesses.aggregate(
        followed=Count("id", filter=Q(latest_status__isnull=False)),
        income_mean=Avg("latest_income"),
        employees=Coalesce(Sum("latest_employees"), 0),
        open_businesses=Count(
            "id", filter=Q(latest_status__isnull=False) & ~Q(latest_status="tutup")
        ),
        **{f"status_{status}": Count("id", filter=Q(latest_status=status)) for status in statuses},
    )
    payback = businesses.filter(latest_income__gt=0, grant_value__isnull=False).annotate(
        payback=Cast(F("grant_value"), FloatField()) / F("latest_income")
    )
    return Headline(
        clients=clients.count(),
        enrolled=enrolment_figures["enrolled"],
        completed=enrolment_figures["completed"],
        grants=grant_figures["grants"],
        grantees=grant_figures["grantees"],
        grant_value=grant_figures["total_value"],
        businesses_followed=business_figures["followed"],
        status_counts={s: business_figures[f"status_{s}"] for s in statuses},
        income_median=median(businesses, "latest_income"),
        income_mean=business_figures["income_mean"],
        baseline_median=median(
            enrolments.filter(status=Enrolment.Status.COMPLETED), "income_before"
        ),
        change_median=median(businesses, "income_change"),
        employees=business_figures["employees"],
        people_working=business_figures["open_businesses"] + business_figures["employees"],
        coverage_visited=grant_figures["visited"],
        payback_median_months=median(payback, "payback"),
    )


# -- breakdowns ------------------------------------------------------------------------


@dataclass
class BreakdownRow:
    label: str
    enrolled: int
    completed: int
    grants: int
    grant_value: int
    followed: int
    developing: int
    income_mean: float | None

    @property
    def developing_share(self):
        return self.developing / self.followed if self.followed else None


@dataclass
class Breakdown:
    key: str
    title: str
    rows: list[BreakdownRow] = field(default_factory=list)


def _client_belongs(through, category_lookup):
    """Membership through a client's many-to-many (EXISTS: each client counted once)."""
    member = Exists(
        through.objects.filter(
            client_id=OuterRef("client_id"), **{category_lookup: OuterRef(OuterRef("pk"))}
        )
    )
    return {"enrolments": member, "grants": member, "businesses": member}


def _membership(key, grants):
    """How to say "belongs to category OuterRef('pk')" for enrolments, grants, businesses.

    A business belongs to a program or cohort through the report's own grants only (not
    through another grant of the same business outside the filters).

    Multi-valued categories (PPKS types, disability kinds) use EXISTS, so a client with two
    disabilities of one kind is still counted once and grant values are never doubled."""
    in_report = Grant.objects.filter(pk__in=grants.values("pk"))
    if key == "regency":
        return {
            "enrolments": Q(client__regency=OuterRef("pk")),
            "grants": Q(client__regency=OuterRef("pk")),
            "businesses": Q(client__regency=OuterRef("pk")),
        }
    if key == "program":
        return {
            "enrolments": Q(batch__program=OuterRef("pk")),
            "grants": Q(enrolment__batch__program=OuterRef("pk")),
            "businesses": Exists(
                in_report.filter(
                    businesses=OuterRef("pk"), enrolment__batch__program=OuterRef(OuterRef("pk"))
                )
            ),
        }
    if key == "batch":
        return {
            "enrolments": Q(batch=OuterRef("pk")),
            "grants": Q(enrolment__batch=OuterRef("pk")),
            "businesses": Exists(
                in_report.filter(
                    businesses=OuterRef("pk"), enrolment__batch=OuterRef(OuterRef("pk"))
                )
            ),
        }
    if key == "ppks_type":
        return _client_belongs(Client.ppks_types.through, "ppkstype_id")
    if key == "disability_kind":
        return _client_belongs(Client.disabilities.through, "disabilitytype__kind_id")
    raise ValueError(key)


def _row(label, values) -> BreakdownRow:
    return BreakdownRow(
        label=label,
        enrolled=values["enrolled"] or 0,
        completed=values["completed"] or 0,
        grants=values["grants_n"] or 0,
        grant_value=values["grant_value"] or 0,
        followed=values["followed"] or 0,
        developing=values["developing"] or 0,
        income_mean=values["income_mean"],
    )


def _breakdown_by_category(key, title, categories, enrolments, grants, businesses):
    """All categories with all metrics in one query (zeros included)."""
    member = _membership(key, grants)
    completed = Enrolment.Status.COMPLETED
    rows = categories.annotate(
        enrolled=_count_distinct_clients(enrolments.filter(member["enrolments"])),
        completed=_count_distinct_clients(
            enrolments.filter(member["enrolments"], status=completed)
        ),
        grants_n=_count(grants.filter(member["grants"]).values("id")),
        grant_value=_sum(grants.filter(member["grants"]), "value"),
        followed=_count(
            businesses.filter(member["businesses"], latest_status__isnull=False).values("id")
        ),
        developing=_count(
            businesses.filter(
                member["businesses"], latest_status=FollowUpVisit.Status.DEVELOPING
            ).values("id")
        ),
        income_mean=_avg(
            businesses.filter(member["businesses"], latest_income__isnull=False),
            "latest_income",
        ),
    )
    return Breakdown(key, title, [_row(str(category), vars(category)) for category in rows])


def _breakdown_by_sex(enrolments, grants, businesses):
    """Sex is a column, not a model: three grouped queries, merged with every choice."""
    completed = Enrolment.Status.COMPLETED
    by_enrolments = {
        r["client__sex"]: r
        for r in enrolments.order_by()
        .values("client__sex")
        .annotate(
            enrolled=Count("client", distinct=True),
            completed=Count("client", filter=Q(status=completed), distinct=True),
        )
    }
    by_grants = {
        r["client__sex"]: r
        for r in grants.order_by()
        .values("client__sex")
        .annotate(grants_n=Count("id"), grant_value=Sum("value"))
    }
    by_businesses = {
        r["client__sex"]: r
        for r in businesses.order_by()
        .values("client__sex")
        .annotate(
            followed=Count("id", filter=Q(latest_status__isnull=False)),
            developing=Count("id", filter=Q(latest_status=FollowUpVisit.Status.DEVELOPING)),
            income_mean=Avg("latest_income"),
        )
    }
    rows = []
    for value, label in Client.Sex.choices:
        merged = {"income_mean": None}
        for part in (by_enrolments, by_grants, by_businesses):
            merged.update(part.get(value, {}))
        rows.append(
            _row(
                str(label),
                {
                    k: merged.get(k)
                    for k in (
                        "enrolled",
                        "completed",
                        "grants_n",
                        "grant_value",
                        "followed",
                        "developing",
                        "income_mean",
                    )
                },
            )
        )
    return Breakdown("sex", _("By sex"), rows)


def breakdowns(enrolments, grants, businesses) -> list[Breakdown]:
    # The cohorts of the period's enrolments and of its grants (a 2026 grant may follow a
    # 2025 cohort).
    cohorts = Batch.objects.filter(
        Q(pk__in=enrolments.values("batch")) | Q(pk__in=grants.values("enrolment__batch"))
    ).select_related("program")
    return [
        _breakdown_by_category(
            "regency",
            _("By regency/city"),
            Regency.objects.filter(province_id=settings.PROVINCE_CODE).order_by("code"),
            enrolments,
            grants,
            businesses,
        ),
        _breakdown_by_category(
            "program",
            _("By program"),
            TrainingProgram.objects.order_by("name"),
            enrolments,
            grants,
            businesses,
        ),
        _breakdown_by_category(
            "batch",
            _("By cohort"),
            cohorts.order_by("program__name", "start_date"),
            enrolments,
            grants,
            businesses,
        ),
        _breakdown_by_category(
            "ppks_type",
            _("By PPKS type"),
            PpksType.objects.order_by("code"),
            enrolments,
            grants,
            businesses,
        ),
        _breakdown_by_category(
            "disability_kind",
            _("By disability kind"),
            DisabilityKind.objects.order_by("code"),
            enrolments,
            grants,
            businesses,
        ),
        _breakdown_by_sex(enrolments, grants, businesses),
    ]


@dataclass
class QuarterRow:
    quarter: datetime.date
    visits: int
    developing: int
    income_mean: float | None

    @property
    def label(self):
        return f"{self.quarter.year} T{(self.quarter.month - 1) // 3 + 1}"


def visit_trend(businesses) -> list[QuarterRow]:
    rows = (
        FollowUpVisit.objects.active()
        .filter(business__in=businesses.values("pk"))
        .annotate(quarter=TruncQuarter("visited_on"))
        .order_by()
        .values("quarter")
        .annotate(
            visits=Count("id"),
            developing=Count("id", filter=Q(status=FollowUpVisit.Status.DEVELOPING)),
            income_mean=Avg("net_income"),
        )
        .order_by("quarter")
    )
    return [
        QuarterRow(
            r["quarter"].date() if hasattr(r["quarter"], "date") else r["quarter"],
            r["visits"],
            r["developing"],
            r["income_mean"],
        )
        for r in rows
    ]


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
    return Report(
        filters=filters,
        headline=headline(
            clients, enrolments, grants, businesses, today=today, interval_months=interval_months
        ),
        breakdowns=breakdowns(enrolments, grants, businesses),
        trend=visit_trend(businesses),
    )
