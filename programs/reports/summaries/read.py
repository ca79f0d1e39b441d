"""The outcome report from its summary rows: a dozen grouped queries over rows already
aggregated (store.py keeps them), whatever the number of clients.

Answered here: the report under the scope, the regency and sex filters, the period
(either basis) and at most one of the program, service-unit, PPKS-type and
disability-kind filters. Anything else (an age band, one cohort, two of those four
filters) is computed from the records by programs/reports/figures.py, as exact and slower
(`answerable`). Every figure is the one figures.py defines; the summary rows count each
person once per combination (contributions.py), so the sums here count no one twice.

A row counts under a period when one of its `years` is in it: that test is made here, on
the few thousand grouped rows, not in SQL (a comma-separated list).
"""

from collections import defaultdict

from django.conf import settings
from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _

from beneficiaries.models import Client, DisabilityKind, PpksType, Regency
from beneficiaries.models.access import user_area

from ...follow_up.dates import months_ago
from ...models import Batch, FollowUpVisit, ReportSummary, TrainingProgram
from ...models.report_summaries import MEASURES
from .. import breakdowns as breakdowns_module
from ..breakdowns import Breakdown, BreakdownRow, QuarterRow
from ..figures import Headline, Report, ReportFilters
from .contributions import NO_YEAR

STATUS_FIELDS = {
    FollowUpVisit.Status.DEVELOPING: "developing",
    FollowUpVisit.Status.FLAT: "flat",
    FollowUpVisit.Status.NOT_YET: "not_yet",
    FollowUpVisit.Status.CLOSED: "closed",
}
SUMS = {m: Sum(m) for m in MEASURES}


def answerable(f: ReportFilters) -> bool:
    """Whether the summaries hold the report under these filters."""
    further = [f.program, f.service_unit, f.ppks_type, f.disability_kind]
    return not f.age_band and not f.batch and sum(x is not None for x in further) <= 1


def _filter_key(f: ReportFilters) -> str:
    if f.program:
        return f"program:{f.program.pk}"
    if f.service_unit:
        return f"unit:{f.service_unit.pk}"
    if f.ppks_type:
        return f"ppks:{f.ppks_type.pk}"
    if f.disability_kind:
        return f"kind:{f.disability_kind.pk}"
    return "-"


class _Period:
    def __init__(self, f: ReportFilters):
        self.start, self.end = f.year_from, f.year_to
        self.any = not (self.start or self.end)

    def holds(self, year: int) -> bool:
        return (not self.start or year >= self.start) and (not self.end or year <= self.end)

    def meets(self, years: str) -> bool:
        """Whether one of the comma-separated `years` is in the period."""
        if self.any:
            return True
        return any(y != NO_YEAR and self.holds(int(y)) for y in years.split(",") if y)

    def q(self, field: str) -> Q:
        q = Q()
        if self.start:
            q &= Q(**{f"{field}__gte": self.start})
        if self.end:
            q &= Q(**{f"{field}__lte": self.end})
        return q


def _summed(rows, *keys, period=None, measures=MEASURES) -> dict:
    """{key: {measure: sum}} of the rows grouped by `keys`, those whose years meet
    `period` (when given) summed together."""
    names = [*keys, "years"] if period is not None else list(keys)
    grouped = rows.order_by().values(*names).annotate(**{m: SUMS[m] for m in measures})
    totals: dict = defaultdict(lambda: dict.fromkeys(measures, 0))
    for row in grouped:
        if period is not None and not period.meets(row["years"]):
            continue
        key = row[keys[0]] if len(keys) == 1 else tuple(row[k] for k in keys)
        total = totals[key]
        for m in measures:
            total[m] += row[m] or 0
    return totals


def _median(counted: dict) -> float | None:
    """The median of values given as {value: how many times}: the middle one, or the
    mean of the middle two (PostgreSQL's percentile_cont(0.5))."""
    size = sum(counted.values())
    if not size:
        return None
    wanted = [(size - 1) // 2, size // 2]
    found, seen = [], 0
    for value in sorted(counted):
        count = counted[value]
        while wanted and wanted[0] < seen + count:
            found.append(value)
            wanted.pop(0)
        seen += count
        if not wanted:
            break
    return sum(found) / len(found)


def _row(label, people=None, grants=None, businesses=None) -> BreakdownRow:
    people, grants, businesses = people or {}, grants or {}, businesses or {}
    followed = sum(businesses.get(field, 0) for field in STATUS_FIELDS.values())
    income_n = businesses.get("income_n", 0)
    return BreakdownRow(
        label=label,
        enrolled=people.get("enrolled", 0),
        completed=people.get("completed", 0),
        grants=grants.get("n", 0),
        grant_value=int(grants.get("amount", 0)),
        followed=followed,
        developing=int(businesses.get("developing", 0)),
        income_mean=businesses.get("income_sum", 0) / income_n if income_n else None,
    )


def summary_report(user, f: ReportFilters, *, today, interval_months) -> Report:
    """The report as figures.outcome_report gives it, from the summary rows (for filters
    that `answerable` accepts)."""
    area = user_area(user)
    rows = ReportSummary.objects.filter(filter=_filter_key(f))
    if area.nobody:
        rows = rows.none()
    elif not area.everyone:
        rows = rows.filter(area.client_q())
    if f.regency:
        rows = rows.filter(regency_id=f.regency.pk)
    if f.sex:
        rows = rows.filter(sex=f.sex)
    period = _Period(f)
    # Without a period both bases count the same rows: the grant basis's are read.
    basis = "g" if f.basis == "grant" or period.any else "t"
    grant_year = "handed_year" if basis == "g" else "start_year"

    people = rows.filter(kind="people")
    people_total = people.filter(breakdown="total")
    registered = _summed(
        people_total.filter(figure="registered"),
        "regency_id",
        "sex",
        period=period,
        measures=["n"],
    )
    enrolled = {
        figure: _summed(
            people_total.filter(figure=figure),
            "regency_id",
            "sex",
            period=period,
            measures=["n"],
        )
        for figure in ("enrolled", "completed")
    }
    grantees = _summed(
        people_total.filter(figure="grantees", basis=basis),
        "figure",
        period=period,
        measures=["n"],
    )
    visited = _summed(
        rows.filter(kind="visited", basis=basis, day__gte=months_ago(today, interval_months)),
        "kind",
        period=period,
        measures=["n"],
    )
    grants = rows.filter(kind="grants").filter(period.q(grant_year))
    grants_total = _summed(
        grants.filter(breakdown="total"), "regency_id", "sex", measures=["n", "amount"]
    )
    businesses = rows.filter(kind="businesses", basis=basis)
    businesses_total = _summed(
        businesses.filter(breakdown="total"), "regency_id", "sex", period=period
    )

    # The breakdowns other than regency and sex, and the cohorts.
    people_by = _summed(
        people.exclude(breakdown="total").filter(batch_id__isnull=True),
        "breakdown",
        "figure",
        period=period,
        measures=["n"],
    )
    grants_by = _summed(
        grants.exclude(breakdown="total").filter(batch_id__isnull=True),
        "breakdown",
        measures=["n", "amount"],
    )
    businesses_by = _summed(
        businesses.exclude(breakdown="total").filter(batch_id__isnull=True),
        "breakdown",
        period=period,
    )

    def people_of(breakdown) -> dict:
        return {
            figure: people_by.get((breakdown, figure), {}).get("n", 0)
            for figure in ("enrolled", "completed")
        }

    def breakdown_rows(categories, prefix):
        return [
            _row(
                str(c),
                people_of(f"{prefix}:{c.pk}"),
                grants_by.get(f"{prefix}:{c.pk}"),
                businesses_by.get(f"{prefix}:{c.pk}"),
            )
            for c in categories
        ]

    def without_training() -> list[BreakdownRow]:
        if not grants_by.get("program:-", {}).get("n"):
            return []
        row = _row(
            str(_("No training")), None, grants_by["program:-"], businesses_by.get("program:-")
        )
        row.without_training = True
        return [row]

    headline = _headline(
        registered,
        enrolled,
        grantees,
        visited,
        grants_total,
        businesses_total,
        _medians(rows, basis, period),
    )
    regencies = Regency.objects.filter(province_id=settings.PROVINCE_CODE).order_by("code")

    def by_cell(position, value) -> BreakdownRow:
        def part(figures):
            total: dict = defaultdict(int)
            for key, measures in figures.items():
                if key[position] == value:
                    for m, v in measures.items():
                        total[m] += v
            return total

        return _row(
            "",
            {figure: part(enrolled[figure]).get("n", 0) for figure in enrolled},
            part(grants_total),
            part(businesses_total),
        )

    regency_rows = []
    for regency in regencies:
        row = by_cell(0, regency.pk)
        row.label = str(regency)
        regency_rows.append(row)
    sex_rows = []
    for value, label in Client.Sex.choices:
        row = by_cell(1, value)
        row.label = str(label)
        sex_rows.append(row)
    breakdowns = [
        Breakdown("regency", _("By regency/city"), regency_rows),
        Breakdown(
            "program",
            _("By program"),
            breakdown_rows(TrainingProgram.objects.order_by("name"), "program")
            + without_training(),
        ),
        _cohorts(people, grants, businesses, period, without_training),
        Breakdown(
            "ppks_type",
            _("By PPKS type"),
            breakdown_rows(PpksType.objects.order_by("code"), "ppks"),
        ),
        Breakdown(
            "disability_kind",
            _("By disability kind"),
            breakdown_rows(DisabilityKind.objects.order_by("code"), "kind"),
        ),
        Breakdown("sex", _("By sex"), sex_rows),
    ]
    return Report(
        filters=f,
        headline=headline,
        breakdowns=breakdowns,
        trend=_trend(rows, basis, period),
    )


def _total(figures: dict, name: str):
    return sum(m.get(name, 0) for m in figures.values())


def _headline(registered, enrolled, grantees, visited, grants, businesses, middle) -> Headline:
    statuses = {s: _total(businesses, field) for s, field in STATUS_FIELDS.items()}
    followed = sum(statuses.values())
    income_n = _total(businesses, "income_n")
    employees = int(_total(businesses, "employees"))
    return Headline(
        clients=_total(registered, "n"),
        enrolled=_total(enrolled["enrolled"], "n"),
        completed=_total(enrolled["completed"], "n"),
        grants=_total(grants, "n"),
        grantees=_total(grantees, "n"),
        grant_value=int(_total(grants, "amount")),
        businesses_followed=followed,
        status_counts={s: statuses.get(s, 0) for s in FollowUpVisit.Status.values},
        income_median=middle["income"],
        income_mean=_total(businesses, "income_sum") / income_n if income_n else None,
        baseline_median=middle["baseline"],
        change_median=middle["change"],
        employees=employees,
        people_working=followed - statuses[FollowUpVisit.Status.CLOSED] + employees,
        coverage_visited=_total(visited, "n"),
        payback_median_months=middle["payback"],
    )


def _medians(rows, basis, period) -> dict:
    counted: dict = {name: defaultdict(int) for name in ("income", "change", "payback", "baseline")}
    values = (
        rows.filter(kind="values")
        .filter(Q(figure="baseline") | Q(basis=basis))
        .order_by()
        .values("figure", "years", "value")
        .annotate(n=Sum("n"))
    )
    for row in values:
        if period.meets(row["years"]):
            counted[row["figure"]][row["value"]] += row["n"]
    return {name: _median(values) for name, values in counted.items()}


def _trend(rows, basis, period) -> list[QuarterRow]:
    quarters = _summed(
        rows.filter(kind="trend", basis=basis),
        "day",
        period=period,
        measures=["n", "developing", "income_sum", "income_n"],
    )
    return [
        QuarterRow(
            day,
            q["n"],
            q["developing"],
            q["income_sum"] / q["income_n"] if q["income_n"] else None,
        )
        for day, q in sorted(quarters.items())
        if q["n"]
    ]


def _cohorts(people, grants, businesses, period, without_training) -> Breakdown:
    """The COHORT_ROWS most recent cohorts with an enrolment or a grant in the report (the
    cohort rows' years are their start year alone, so the period is a condition in SQL)."""

    enrolled = people.filter(figure="enrolled", batch_id__isnull=False).filter(
        period.q("years") if not period.any else Q()
    )
    granted = grants.filter(batch_id__isnull=False)
    in_report = Batch.objects.filter(
        Q(pk__in=enrolled.values("batch_id")) | Q(pk__in=granted.values("batch_id"))
    )
    total = in_report.count()
    shown = list(
        in_report.select_related("program").order_by("-start_date", "-pk")[
            : breakdowns_module.COHORT_ROWS
        ]
    )
    shown.sort(key=lambda batch: (batch.program.name, batch.start_date, batch.pk))
    ids = [batch.pk for batch in shown]
    people_by = _summed(
        people.filter(batch_id__in=ids), "batch_id", "figure", period=period, measures=["n"]
    )
    grants_by = _summed(granted.filter(batch_id__in=ids), "batch_id", measures=["n", "amount"])
    businesses_by = _summed(businesses.filter(batch_id__in=ids), "batch_id", period=period)
    rows = [
        _row(
            str(batch),
            {
                figure: people_by.get((batch.pk, figure), {}).get("n", 0)
                for figure in ("enrolled", "completed")
            },
            grants_by.get(batch.pk),
            businesses_by.get(batch.pk),
        )
        for batch in shown
    ]
    return Breakdown("batch", _("By cohort"), rows + without_training(), total - len(shown))
