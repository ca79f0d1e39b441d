"""The market-support report: businesses the office helped to sell against those it did
not (how many, the median change of income against before training, the share still
open at the latest visit, employees), and the orders brokered and their value by
regency/city and by sector, for the user's area. Tables as programs/reports/exports.py's
`Table`, for the page, the CSV and the XLSX."""

import statistics

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils.translation import gettext as _

from .. import numbers
from ..models import Business, FollowUpVisit, MarketSupport
from ..reports.exports import Table

C, R, P, D = numbers.COUNT, numbers.RUPIAH, numbers.PERCENT, numbers.DECIMAL


def report_businesses(user, *, regency=None):
    businesses = Business.objects.visible_to(user).filter(client__archived_at__isnull=True)
    if regency is not None:
        businesses = businesses.filter(client__regency=regency)
    return businesses


def report_supports(businesses, *, year=None):
    supports = MarketSupport.objects.filter(business__in=businesses)
    if year:
        supports = supports.filter(on__year=year)
    return supports


def _group_row(label, rows) -> list:
    """rows: (latest_status, latest_income, baseline_income, latest_employees) of a group."""
    followed = [r for r in rows if r[0] is not None]
    open_ = [r for r in followed if r[0] != FollowUpVisit.Status.CLOSED]
    changes = [r[1] - r[2] for r in followed if r[1] is not None and r[2] is not None]
    employees = sum(r[3] or 0 for r in followed)
    return [
        label,
        len(rows),
        len(followed),
        round(100 * len(open_) / len(followed), 1) if followed else None,
        statistics.median(changes) if changes else None,
        employees,
        round(employees / len(followed), 1) if followed else None,
    ]


def comparison(businesses, supports) -> Table:
    """With market support (in the period, if a year is chosen) against without."""
    helped = Exists(supports.filter(business=OuterRef("pk")))
    columns = ("latest_status", "latest_income", "baseline_income", "latest_employees")
    rows = {True: [], False: []}
    for was_helped, *values in (
        businesses.annotate(helped=helped).order_by().values_list("helped", *columns)
    ):
        rows[bool(was_helped)].append(tuple(values))
    return Table(
        title=_("Businesses with and without market support"),
        header=[
            _("Businesses"),
            _("Number"),
            _("Followed up"),
            _("Still open (%)"),
            _("Median change of income (Rp)"),
            _("Employees"),
            _("Employees per business"),
        ],
        rows=[
            _group_row(_("With market support"), rows[True]),
            _group_row(_("Without market support"), rows[False]),
        ],
        kinds=[numbers.TEXT, C, C, P, R, C, D],
    )


def _orders_by(supports, key, label_of, *, title, column) -> Table:
    orders = supports.filter(kind=MarketSupport.Kind.ORDER)
    rows = (
        orders.order_by()
        .values(key)
        .annotate(
            n=Count("pk"),
            businesses=Count("business", distinct=True),
            value=Sum("value", default=0),
            on_time=Count("pk", filter=Q(delivery=MarketSupport.OnTime.YES)),
            late=Count("pk", filter=Q(delivery=MarketSupport.OnTime.NO)),
        )
        .order_by(key)
    )
    return Table(
        title=title,
        header=[
            column,
            _("Orders"),
            _("Businesses"),
            _("Value (Rp)"),
            _("Delivered on time"),
            _("Delivered late"),
        ],
        rows=[
            [label_of(r[key]), r["n"], r["businesses"], r["value"], r["on_time"], r["late"]]
            for r in rows
        ],
        kinds=[numbers.TEXT, C, C, R, C, C],
    )


def by_kind(supports) -> Table:
    kinds = dict(MarketSupport.Kind.choices)
    rows = (
        supports.order_by()
        .values("kind")
        .annotate(n=Count("pk"), businesses=Count("business", distinct=True))
        .order_by("kind")
    )
    return Table(
        title=_("Market support by kind"),
        header=[_("Kind"), _("Times"), _("Businesses")],
        rows=[[str(kinds.get(r["kind"], r["kind"])), r["n"], r["businesses"]] for r in rows],
        kinds=[numbers.TEXT, C, C],
    )


def market_report(businesses, supports) -> list[Table]:
    regencies = dict(
        supports.order_by()
        .values_list("business__client__regency_id", "business__client__regency__name")
        .distinct()
    )
    sectors = dict(Business.Sector.choices)
    return [
        comparison(businesses, supports),
        by_kind(supports),
        _orders_by(
            supports,
            "business__client__regency_id",
            regencies.get,
            title=_("Orders brokered by regency/city"),
            column=_("Regency/city"),
        ),
        _orders_by(
            supports,
            "business__sector",
            lambda v: str(sectors.get(v, v)),
            title=_("Orders brokered by sector"),
            column=_("Sector"),
        ),
    ]
