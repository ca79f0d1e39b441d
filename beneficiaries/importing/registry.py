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

import psycopg
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
    """`queryset` where `field` is one of `values` (None among them: or empty)."""
    values = set(values)
    condition = Q(**{f"{field}__in": list(values - {None})})
    if None in values:
        condition |= Q(**{f"{field}__isnull": True})
    return queryset.filter(condition)


@contextmanager
def index_lookups():
    """Have PostgreSQL look the keys up in their indexes, for the whole pass.

    During an import the table grows inside one transaction, past what its statistics
    say; the planner then takes the lookup of 1,000 NIKs for most of the table and scans
    it all, once per chunk. Bitmap scans are ruled out too: with the same misjudged
    statistics it took the name search's trigram index (GIN, which only bitmap scans can
    read) for the names and spent seconds per chunk, growing with the table (94 rows/s
    for 8,000 rows into a new database). A plain index scan of the btree answers each
    key directly. The hints hold inside the import's transaction while it runs (SET
    LOCAL, set once and back to the defaults at the end rather than around every
    chunk's lookups: two round trips a pass instead of four a chunk); the pass's other
    statements read by primary key or a unique key, or plan nothing (COPY).
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
    """The registered clients with a candidate's NIK, and those with a candidate's name
    and birth date: by NIK, and by (name, birth date)."""
    niks = list({r.values["nik"] for r in candidates if r.values["nik"]})
    pairs = list({(r.values["name_normalized"], r.values["birth_date"]) for r in candidates})
    if connection.vendor == "postgresql":
        found_by_nik, found_by_person = _postgresql_lookups(niks, pairs)
    else:
        clients = Client.objects.only(*MATCH_FIELDS).order_by()
        found_by_nik = _in(clients, "nik", niks) if niks else ()
        # Same name and birth date: the two together select few rows even for common
        # names; the pairs are picked out below.
        found_by_person = _in(
            _in(clients, "name_normalized", [name for name, _born in pairs]),
            "birth_date",
            [born for _name, born in pairs],
        )
    by_nik = {c.nik: c for c in found_by_nik}
    by_person = defaultdict(list)
    for c in found_by_person:
        by_person[(c.name_normalized, c.birth_date)].append(c)
    return by_nik, by_person


class _ServerBound(psycopg.Cursor):
    """Parameters bound on the server, statements never prepared (a connection pooler in
    transaction mode, PgBouncer's, does not keep prepared statements)."""

    def execute(self, query, params=None, **options):
        return super().execute(query, params, **{**options, "prepare": False})


def _postgresql_lookups(niks, pairs):
    """The two lookups with the keys sent as typed parameters, not written into the SQL
    as 1,000-value literals (Django's way with psycopg, which the server then parses): a
    psycopg cursor that binds on the server, in Django's wrapper (errors, the query
    log). The clients come with only MATCH_FIELDS read."""
    queries = [nik_lookup_sql(niks)] if niks else []
    queries.append(person_lookup_sql(pairs))
    names = [field.attname for field in _match_fields()]
    found = []
    connection.ensure_connection()
    raw = _ServerBound(connection.connection)
    wrapped = connection.make_debug_cursor if connection.queries_logged else connection.make_cursor
    with wrapped(raw) as cursor:
        for sql, params in queries:
            cursor.execute(sql, params)
            found.append([Client.from_db(connection.alias, names, r) for r in cursor.fetchall()])
    return (found[0] if niks else []), found[-1]


# The two lookups on PostgreSQL, as joins with the chunk's keys passed as arrays
# (`unnest`): exactly the (name, birth date) pairs asked, and a plan made in a fraction
# of a millisecond (`= ANY` of a 1,000-value array had the planner estimate every value:
# 10 ms a query), read through the btree indexes key by key (index_lookups).


def _match_fields():
    # In the model's order: Model.from_db takes the values so.
    return [f for f in Client._meta.concrete_fields if f.attname in MATCH_FIELDS]


def _match_sql():
    quote = connection.ops.quote_name
    columns = ", ".join(f"c.{quote(field.column)}" for field in _match_fields())
    # Names of the model's own columns, quoted; the keys go in as parameters.
    return f"SELECT {columns} FROM {quote(Client._meta.db_table)} c"  # noqa: S608


def nik_lookup_sql(niks):
    nik = connection.ops.quote_name(Client._meta.get_field("nik").column)
    sql = f"{_match_sql()} JOIN unnest(%s::varchar[]) k(nik) ON c.{nik} = k.nik"
    return sql, [list(niks)]


def person_lookup_sql(pairs):
    quote = connection.ops.quote_name
    name = quote(Client._meta.get_field("name_normalized").column)
    born = quote(Client._meta.get_field("birth_date").column)
    sql = (
        f"{_match_sql()} JOIN unnest(%s::varchar[], %s::date[]) k(name, born) "
        f"ON c.{name} = k.name AND c.{born} IS NOT DISTINCT FROM k.born"
    )
    return sql, [[name for name, _born in pairs], [born for _name, born in pairs]]


def match_chunk(results, *, scope: Area, columns) -> None:
    """Mark the chunk's ready rows that are already registered (EXISTING), or that match
    a record the user may not see (ERROR); warn of possible duplicates."""
    candidates = [r for r in results if r.outcome == Outcome.READY]
    if not candidates:
        return
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
