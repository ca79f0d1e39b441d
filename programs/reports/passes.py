"""The outcome report's figures, a grouped query (one pass over a table) at a time.

Each function takes one of the report's populations (enrolments, grants, businesses; see
programs/reports/figures.py) and the lookups to group by, and returns {key: figures}. The report
asks each table once per breakdown instead of once per row and figure (38 regencies x 7
figures were 266 correlated subqueries): at a million clients that is seconds instead of
minutes (docs/performance.md).

Every figure stays exact whatever the grouping:
- people are counted with COUNT(DISTINCT client): a client with two trainings in a row's
  category is one person;
- a grant belongs to one client and one cohort, so its value is summed once per row;
- where one record can meet a row's category twice (a business with two grants of one
  program, a client with two disabilities of one kind), the (category, record) pairs are
  made distinct first and the figures computed over them (`_over_distinct_pairs`).
"""

import numbers

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Count, F, Q, Sum

from ..models import Business, Enrolment, FollowUpVisit, GrantItem

COMPLETED = Enrolment.Status.COMPLETED
DEVELOPING = FollowUpVisit.Status.DEVELOPING
CLOSED = FollowUpVisit.Status.CLOSED
STATUSES = FollowUpVisit.Status.values

ITEM_VALUE = F("items__quantity") * F("items__unit_value")


def _key(row, keys):
    return row[keys[0]] if len(keys) == 1 else tuple(row[k] for k in keys)


def _grouped(queryset, keys, **figures) -> dict:
    rows = queryset.order_by().values(*keys).annotate(**figures)
    return {_key(row, keys): row for row in rows}


def enrolment_figures(enrolments, *keys) -> dict:
    """Clients enrolled and clients who completed, per key."""
    return _grouped(
        enrolments,
        keys,
        enrolled=Count("client", distinct=True),
        completed=Count("client", distinct=True, filter=Q(status=COMPLETED)),
    )


def grant_figures(grants, *keys, cutoff=None) -> dict:
    """Grants and their value per key; with `cutoff`, also the clients who received them
    and those of them visited since `cutoff` (the follow-up coverage)."""
    figures = {
        "grants_n": Count("id", distinct=True),
        "grant_value": Sum(ITEM_VALUE),
    }
    if cutoff is not None:
        figures["grantees"] = Count("client", distinct=True)
        figures["visited"] = Count(
            "client", distinct=True, filter=Q(client__follow_up__last_visit_on__gte=cutoff)
        )
    return _grouped(grants, keys, **figures)


def business_figures(businesses, *keys) -> dict:
    """What the latest visits found, per key (a business is one row of each key here)."""
    followed = Q(latest_status__isnull=False)
    return _grouped(
        businesses,
        keys,
        followed=Count("id", filter=followed),
        developing=Count("id", filter=Q(latest_status=DEVELOPING)),
        income_sum=Sum("latest_income"),
        income_n=Count("latest_income"),
        employees=Sum("latest_employees"),
        open=Count("id", filter=followed & ~Q(latest_status=CLOSED)),
        **{f"status_{status}": Count("id", filter=Q(latest_status=status)) for status in STATUSES},
    )


def _over_distinct_pairs(pairs, select: str, joins: str, select_params=()) -> dict:
    """Run `SELECT p.key, <select> FROM (<pairs>) p <joins> GROUP BY p.key`: figures over
    the distinct (key, record) pairs of `pairs` (a queryset of values "key" and "record").

    Plain SQL around the ORM's own query, because the ORM cannot aggregate over a
    DISTINCT subquery; it reads the same database as the report (a replica, if used)."""
    pairs = pairs.order_by().distinct()
    try:
        inner, inner_params = pairs.query.sql_with_params()
    except EmptyResultSet:  # a filter no row can match (the ORM would not ask either)
        return {}
    connection = connections[pairs.db]
    sql = f"SELECT p.key, {select} FROM ({inner}) p {joins} GROUP BY p.key"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [*select_params, *inner_params])
        names = [column[0] for column in cursor.description]
        return {row[0]: dict(zip(names, row, strict=True)) for row in cursor.fetchall()}


def business_figures_over_pairs(pairs) -> dict:
    """Followed, developing and mean income per key, over distinct (key, business) pairs
    (`pairs`: values "key" and "record", a business id)."""
    return _over_distinct_pairs(
        pairs,
        "COUNT(b.latest_status) AS followed, "
        "SUM(CASE WHEN b.latest_status = %s THEN 1 ELSE 0 END) AS developing, "
        "SUM(b.latest_income) AS income_sum, COUNT(b.latest_income) AS income_n",
        f"JOIN {Business._meta.db_table} b ON b.id = p.record",
        [DEVELOPING],
    )


def grant_figures_over_pairs(pairs) -> dict:
    """Grants and their value per key, over distinct (key, grant) pairs: each pair joined
    to its own grant's items (not to a sum over every item of the province, which cost a
    scan of all of them for a regency's report)."""
    items = GrantItem._meta.db_table
    return _over_distinct_pairs(
        pairs,
        "COUNT(DISTINCT p.record) AS grants_n, SUM(i.quantity * i.unit_value) AS grant_value",
        f"LEFT JOIN {items} i ON i.grant_id = p.record",
    )


def pairs(queryset, key: str, record: str = "pk"):
    """The (key, record) values of `queryset`, for the *_over_pairs functions."""
    return queryset.order_by().annotate(key=F(key), record=F(record)).values("key", "record")


def mean(figures) -> float | None:
    """The mean latest income of a row of business figures (None: no income known)."""
    if not figures or not figures.get("income_n"):
        return None
    return float(figures["income_sum"]) / figures["income_n"]


def rolled_up(figures: dict, position: int) -> dict:
    """Figures keyed by tuples, summed into the part of the key at `position`; exact for
    counts of people because each person has exactly one value of each part."""
    totals: dict = {}
    for key, row in figures.items():
        total = totals.setdefault(key[position], {})
        for name, value in row.items():
            if isinstance(value, numbers.Number):
                total[name] = total.get(name, 0) + value
    return totals
