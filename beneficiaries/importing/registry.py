"""Rows of a chunk matched against the registry: two queries per chunk, none per row.

A row is the same person as a registered client when the NIK is the same; a row without
NIK when the normalised name, birth date and village are. That is what makes a second
import of the same file add nothing. A match outside the user's scope is an error, as in
the form: the worker is told only that the person is registered elsewhere (no number,
name or count), and the row carries the match for the access log (`RowResult.elsewhere`).
Possible duplicates by name and birth date are warned of within the scope only.
"""

from collections import defaultdict
from contextlib import contextmanager

from django.db import connection
from django.db.models import Q
from django.utils.translation import gettext as _

from ..models import Client
from ..models.access import REGISTERED_ELSEWHERE_NIK, REGISTERED_ELSEWHERE_PERSON, Area
from .validation import Outcome, Problem

MATCH_FIELDS = (
    "id",
    "registration_number",
    "nik",
    "name",
    "name_normalized",
    "birth_date",
    "village_id",
    "regency_id",
    "service_unit_id",
)


def _in(queryset, field, values):
    """`queryset` where `field` is one of `values` (None among them: or empty).

    On PostgreSQL as `= ANY(array)`: one parameter instead of a thousand placeholders,
    and a plan that uses the index.
    """
    values = set(values)
    with_null = None in values
    values = list(values - {None})
    if connection.vendor == "postgresql":
        column = connection.ops.quote_name(Client._meta.get_field(field).column)
        condition = f"{column} = ANY(%s)" + (f" OR {column} IS NULL" if with_null else "")
        return queryset.extra(where=[f"({condition})"], params=[values])  # noqa: S610
    condition = Q(**{f"{field}__in": values})
    if with_null:
        condition |= Q(**{f"{field}__isnull": True})
    return queryset.filter(condition)


@contextmanager
def _index_lookups():
    """Have PostgreSQL look the keys up in their indexes.

    During an import the table grows inside one transaction, past what its statistics
    say; the planner then takes `nik = ANY(1,000 values)` for most of the table and scans
    it all, once per chunk. Bitmap scans are ruled out too: with the same misjudged
    statistics it took the name search's trigram index (GIN, which only bitmap scans can
    read) for `name_normalized = ANY(...)` and spent seconds per chunk, growing with the
    table (94 rows/s for 8,000 rows into a new database). A plain index scan of the btree
    answers each key directly. The hints hold for these two queries only (SET LOCAL, then
    back to the defaults), inside the import's transaction.
    """
    if connection.vendor != "postgresql" or not connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cursor:
        # One round trip each way (two statements, no parameters).
        cursor.execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_bitmapscan = off")
        try:
            yield
        finally:
            cursor.execute(
                "SET LOCAL enable_seqscan TO DEFAULT; SET LOCAL enable_bitmapscan TO DEFAULT"
            )


def _lookup(candidates):
    niks = [r.values["nik"] for r in candidates if r.values["nik"]]
    by_nik = {}
    clients = Client.objects.only(*MATCH_FIELDS).order_by()
    if niks:
        by_nik = {c.nik: c for c in _in(clients, "nik", niks)}
    by_person = defaultdict(list)
    # Same name and birth date: the two together select few rows even for common names.
    people = _in(
        _in(clients, "name_normalized", [r.values["name_normalized"] for r in candidates]),
        "birth_date",
        [r.values["birth_date"] for r in candidates],
    )
    for c in people:
        by_person[(c.name_normalized, c.birth_date)].append(c)
    return by_nik, by_person


def match_chunk(results, *, scope: Area, columns) -> None:
    """Mark the chunk's ready rows that are already registered (EXISTING), or that match
    a record the user may not see (ERROR); warn of possible duplicates."""
    candidates = [r for r in results if r.outcome == Outcome.READY]
    if not candidates:
        return
    with _index_lookups():
        by_nik, by_person = _lookup(candidates)
    for result in candidates:
        row = result.values
        same_person = by_person.get((row["name_normalized"], row["birth_date"]), [])
        if row["nik"]:
            existing = by_nik.get(row["nik"])
        else:
            existing = next((c for c in same_person if c.village_id == row["village_id"]), None)
        if existing is None:
            # Within the scope only: a warning for a match outside it would tell that
            # someone of this name and birth date is registered there.
            if row["birth_date"] and any(
                c.nik != row["nik"] and _covers(scope, c) for c in same_person
            ):
                result.warnings.append(
                    Problem(
                        result.number,
                        columns.label("name"),
                        _(
                            "A client with the same name and date of birth is already "
                            "registered. Check that this is not the same person."
                        ),
                    )
                )
            continue
        if not _covers(scope, existing):
            result.outcome = Outcome.ERROR
            result.errors.append(
                Problem(
                    result.number,
                    columns.label("nik" if row["nik"] else "name"),
                    # Stored in the preview (JSON): the text, not the lazy message.
                    str(REGISTERED_ELSEWHERE_NIK if row["nik"] else REGISTERED_ELSEWHERE_PERSON),
                )
            )
            result.elsewhere = (existing.pk, "NIK" if row["nik"] else "name, birth date, village")
            result.values = None
            continue
        result.outcome = Outcome.EXISTING
        result.existing = existing


def _covers(scope: Area, client) -> bool:
    return scope.covers(regency_id=client.regency_id, service_unit_id=client.service_unit_id)
