"""Inserting many rows of one model from plain dicts, as fast as the database allows.

On PostgreSQL the rows go in with COPY, their primary keys drawn from the tables'
sequences beforehand (`reserve_ids`: one query for every table of a chunk): a few
microseconds a row, against tens for Django's bulk_create, whose per-field preparation of
every model instance dominates an import. Elsewhere (SQLite, the zero-setup default)
bulk_create does it. Both run inside the caller's transaction, so a failure rolls back
with everything else.

Rows are dicts by attname (``regency_id``, not ``regency``); a field a row leaves out
gets the model field's default, and auto_now(_add) fields get `now`. Keys that are not
fields of the model are ignored (a client's row serves as its history row).
"""

from operator import itemgetter

from django.db import connection
from django.db.models import DateField

BATCH_SIZE = 1000


def defaults(model, now):
    """The value each concrete field of `model` gets when a row leaves it out."""
    defaults = {}
    for field in model._meta.concrete_fields:
        if isinstance(field, DateField) and (field.auto_now or field.auto_now_add):
            defaults[field.attname] = now
        elif field.has_default():
            defaults[field.attname] = field.get_default()
        elif field.empty_strings_allowed and not field.null:
            defaults[field.attname] = ""
        else:
            defaults[field.attname] = None
    return defaults


def reserve_ids(counts: dict) -> dict:
    """Primary keys for `counts` ({model: how many}) new rows of each model, in one query
    on PostgreSQL ({model: [ids]}); elsewhere nothing (bulk_create returns them)."""
    counts = {model: count for model, count in counts.items() if count}
    if connection.vendor != "postgresql" or not counts:
        return {}
    with connection.cursor() as cursor:
        selects = ", ".join(
            "ARRAY(SELECT nextval(%s::regclass) FROM generate_series(1, %s))" for _ in counts
        )
        params = []
        for model, count in counts.items():
            params += [_sequence(cursor, model._meta.db_table, model._meta.pk.column), count]
        cursor.execute(f"SELECT {selects}", params)
        return dict(zip(counts, cursor.fetchone(), strict=True))


def insert(model, rows: list[dict], *, now, ids=None, keep_ids=True) -> list:
    """Insert `rows` into `model`'s table; return their primary keys, in order, and set
    each in its row. `ids`, from `reserve_ids`, are used instead of drawing new ones.
    With `keep_ids=False` (a row nothing refers to) PostgreSQL gives the keys as it
    inserts them and none are returned."""
    if not rows:
        return []
    pk = model._meta.pk.attname
    if connection.vendor == "postgresql":
        if keep_ids:
            if ids is None:
                ids = reserve_ids({model: len(rows)})[model]
            for row, value in zip(rows, ids, strict=True):
                row[pk] = value
        _copy(model, rows, now, with_pk=keep_ids)
        return [row[pk] for row in rows] if keep_ids else []
    defaults_ = defaults(model, now)
    known = set(defaults_)
    objs = model.objects.bulk_create(
        [model(**{**defaults_, **{k: v for k, v in row.items() if k in known}}) for row in rows],
        batch_size=BATCH_SIZE,
    )
    for row, obj in zip(rows, objs, strict=True):
        row[pk] = obj.pk
    return [obj.pk for obj in objs]


_sequences: dict = {}


def _sequence(cursor, table, column):
    """The name of the sequence behind `table`.`column`, looked up once per process.

    Asked inside the statement, `pg_get_serial_sequence` is evaluated for every row:
    eight times slower than `nextval` itself (0.76 s against 0.09 s for 100,000 ids)."""
    key = (cursor.db.alias, table, column)
    if key not in _sequences:
        cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, column])
        _sequences[key] = cursor.fetchone()[0]
    return _sequences[key]


def _copy(model, rows, now, *, with_pk):
    meta = model._meta
    defaults_ = defaults(model, now)
    fields = [f for f in meta.concrete_fields if with_pk or f is not meta.pk]
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    values = itemgetter(*(field.attname for field in fields))
    sql = f"COPY {connection.ops.quote_name(meta.db_table)} ({columns}) FROM STDIN"
    # The psycopg cursor under Django's wrapper: COPY is not part of the DB-API.
    # (Binary COPY measured no faster here: the time goes to the indexes.)
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        write_row = copy.write_row
        for row in rows:
            write_row(values({**defaults_, **row}))
