"""Paging a list of up to millions of rows (the client list) without counting or skipping
them row by row (LargeListPaginator), and the admin's changelists of big tables
(EstimatingPaginator), and a list whose caller counts it more cheaply than COUNT(*) over
its queryset can (KnownCountPaginator).

Two costs grow with the table, and this paginator removes both:

- the count: `COUNT(*)` of a million rows reads a million index entries on every page
  view. When the list is the whole table (for the client list: no filter, a
  province-wide user) on PostgreSQL, the table statistics already hold the number
  (pg_class.reltuples, kept current by autovacuum's ANALYZE), so the page says "about
  1,000,000" instead. Any filtered or scoped list is counted exactly (an index answers
  those quickly), and so is a small table, where an estimate would be silly.
- a deep page: OFFSET 50,000 makes the database fetch and throw away 50,000 rows. From
  DEFERRED_JOIN_FROM rows on, the page first takes the ids of its rows from the index
  alone (`values("pk")[offset:offset + size]`, an index-only scan) and then reads just
  those rows, in the same query.
"""

from functools import cached_property

from django.core.paginator import Paginator
from django.db import connections

ESTIMATE_FROM = 100_000  # below this, count exactly
DEFERRED_JOIN_FROM = 1_000


class LargeListPaginator(Paginator):
    def __init__(self, object_list, per_page, *, whole_table: bool = False, **kwargs):
        """`whole_table`: the list holds every (active) row of its table, so the table's
        row estimate may stand for its count."""
        super().__init__(object_list, per_page, **kwargs)
        self.whole_table = whole_table

    @cached_property
    def estimate(self) -> int | None:
        """The table's estimated row count when it stands in for the count, else None."""
        if not self.whole_table:
            return None
        queryset = self.object_list
        connection = connections[queryset.db]
        if connection.vendor != "postgresql":
            return None
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
                [queryset.model._meta.db_table],
            )
            row = cursor.fetchone()
        # -1: never analysed (PostgreSQL 14+); small tables are counted exactly.
        return row[0] if row and row[0] >= ESTIMATE_FROM else None

    @property
    def estimated(self) -> bool:
        return self.estimate is not None

    @cached_property
    def count(self):
        return self.estimate if self.estimated else super().count

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        if bottom < DEFERRED_JOIN_FROM or not hasattr(self.object_list, "values"):
            return super().page(number)
        top = bottom + self.per_page
        queryset = self.object_list
        rows = queryset.filter(pk__in=queryset.values("pk")[bottom:top])
        return self._get_page(rows, number, self)


class EstimatingPaginator(Paginator):
    """For Django admin's changelists of big tables: an unfiltered list (no search, no
    filter) on PostgreSQL counts from the table statistics, like LargeListPaginator; a
    filtered one exactly. With `show_full_result_count = False` a changelist then never
    counts a whole table of millions of rows."""

    @cached_property
    def count(self):
        queryset = self.object_list
        if hasattr(queryset, "query") and not queryset.query.where:
            estimate = LargeListPaginator(queryset, self.per_page, whole_table=True).estimate
            if estimate is not None:
                return estimate
        return super().count


class KnownCountPaginator(Paginator):
    """A paginator told its exact count by a caller that has a cheaper way to count than
    COUNT(*) over the page's own queryset (e.g. the province's worklist); with
    `count=None` it counts the queryset as usual."""

    def __init__(self, object_list, per_page, *, count: int | None = None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self._known_count = count

    @cached_property
    def count(self):
        return self._known_count if self._known_count is not None else super().count
