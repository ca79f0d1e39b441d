"""The grievance report: grievances by category, regency/city, channel and status, the
share resolved on time and the median time to resolve, for the user's area.

Sensitive grievances are counted here (the scope without the sensitive rule,
`GrievanceQuerySet.in_scope_of`): the report shows numbers, never a grievance. Each table
is a programs/reports/exports.py `Table`, so the page, the CSV and the XLSX show the same
numbers."""

import statistics
from dataclasses import dataclass

from django.db.models import Count, F, Q
from django.utils.translation import gettext as _

from .. import numbers
from ..models import Grievance
from ..reports.exports import Table

C, P, D = numbers.COUNT, numbers.PERCENT, numbers.DECIMAL


@dataclass(frozen=True)
class Totals:
    received: int
    open: int
    overdue: int
    closed: int
    resolved: int
    resolved_on_time: int
    median_days_to_resolve: float | None

    @property
    def on_time_share(self):
        return 100 * self.resolved_on_time / self.resolved if self.resolved else None


def report_grievances(user, *, regency=None, year=None):
    grievances = Grievance.objects.in_scope_of(user)
    if regency is not None:
        grievances = grievances.filter(regency=regency)
    if year:
        grievances = grievances.filter(received_on__year=year)
    return grievances


def _counts(today):
    resolved = Q(status=Grievance.Status.RESOLVED)
    return {
        "received": Count("pk"),
        "open": Count("pk", filter=Q(status__in=Grievance.OPEN_STATUSES)),
        "overdue": Count("pk", filter=Q(status__in=Grievance.OPEN_STATUSES, due_on__lt=today)),
        "closed": Count("pk", filter=Q(status__in=Grievance.CLOSED_STATUSES)),
        "resolved": Count("pk", filter=resolved),
        "resolved_on_time": Count("pk", filter=resolved & Q(closed_on__lte=F("due_on"))),
    }


def _median_days(grievances) -> float | None:
    """Calendar days from receipt to resolution, the median over the resolved grievances
    (exact: every duration is read, a province holds a few thousand a year)."""
    days = [
        (closed - received).days
        for received, closed in grievances.filter(status=Grievance.Status.RESOLVED)
        .values_list("received_on", "closed_on")
        .order_by()
        if closed is not None
    ]
    return float(statistics.median(days)) if days else None


def grievance_totals(grievances, *, today) -> Totals:
    counts = grievances.order_by().aggregate(**_counts(today))
    return Totals(**counts, median_days_to_resolve=_median_days(grievances))


def _row(label, counts) -> list:
    on_time = (
        round(100 * counts["resolved_on_time"] / counts["resolved"], 1)
        if counts["resolved"]
        else None
    )
    return [
        label,
        counts["received"],
        counts["open"],
        counts["overdue"],
        counts["resolved"],
        on_time,
    ]


def _breakdown(grievances, key: str, label_of, *, today, title, column) -> Table:
    rows = grievances.order_by().values(key).annotate(**_counts(today)).order_by(key)
    return Table(
        title=title,
        header=[
            column,
            _("Received"),
            _("Open"),
            _("Past the deadline"),
            _("Resolved"),
            _("Resolved on time (%)"),
        ],
        rows=[_row(label_of(row[key]), row) for row in rows],
        kinds=[numbers.TEXT, C, C, C, C, P],
    )


def grievance_report(grievances, *, today) -> tuple[Totals, list[Table]]:
    totals = grievance_totals(grievances, today=today)
    headline = Table(
        title=_("Grievances in all"),
        header=[_("Figure"), _("Value")],
        rows=[
            [_("Received"), totals.received],
            [_("Open"), totals.open],
            [_("Open past the deadline"), totals.overdue],
            [_("Resolved"), totals.resolved],
            [_("Resolved on time (%)"), _round1(totals.on_time_share)],
            [_("Median days to resolve"), totals.median_days_to_resolve],
            [_("Closed (resolved or rejected)"), totals.closed],
        ],
        row_kinds=[C, C, C, C, P, D, C],
    )
    categories = dict(grievances.order_by().values_list("category_id", "category__name").distinct())
    regencies = dict(grievances.order_by().values_list("regency_id", "regency__name").distinct())
    channel = dict(Grievance.Channel.choices)
    status = dict(Grievance.Status.choices)
    tables = [
        headline,
        _breakdown(
            grievances,
            "category_id",
            categories.get,
            today=today,
            title=_("Grievances by category"),
            column=_("Category"),
        ),
        _breakdown(
            grievances,
            "regency_id",
            regencies.get,
            today=today,
            title=_("Grievances by regency/city"),
            column=_("Regency/city"),
        ),
        _breakdown(
            grievances,
            "channel",
            lambda v: str(channel.get(v, v)),
            today=today,
            title=_("Grievances by channel"),
            column=_("Channel"),
        ),
        _breakdown(
            grievances,
            "status",
            lambda v: str(status.get(v, v)),
            today=today,
            title=_("Grievances by status"),
            column=_("Status"),
        ),
    ]
    return totals, tables


def _round1(value):
    return round(value, 1) if value is not None else None
