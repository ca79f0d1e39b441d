"""Writing generated rows into one table, fast: COPY on PostgreSQL, executemany elsewhere.

A `Table` takes plain tuples in the order of the columns it was given and adds, to each
row, the value every other concrete column of the model gets when left out (its default:
`version` 1, `archive_reason` "", `photo` "", `archived_at` NULL, ...; see
`beneficiaries.importing.bulk.defaults`), so that no NOT NULL column is ever missed, also
not one added to a model later.

On SQLite the rows go in with one `executemany` INSERT per block, their values prepared by
each field as Django would: not `bulk_create`, whose `pre_save` would overwrite the
generated `created_at` of every row with the time of the seeding (auto_now_add).

Primary keys: a table whose rows are referenced by other rows (clients, batches, grants,
...) hands out its ids itself, consecutive from a block reserved up front (`next_id`), so a
row can be referenced before it is written. Leaf tables (many-to-many rows, equipment
checks) leave the id to the database.
"""

from django.db import connection
from django.db.models import Max

from beneficiaries.importing.bulk import defaults

SQLITE_BATCH = 500


class Table:
    def __init__(self, model, columns: list[str], *, now, own_ids: bool):
        self.model = model
        self.meta = model._meta
        self._fields = {f.attname: f for f in self.meta.concrete_fields}
        self.own_ids = own_ids
        pk = self.meta.pk.attname
        if own_ids and columns[0] != pk:
            columns = [pk, *columns]
        known = set(columns)
        missing = [
            f.attname
            for f in self.meta.concrete_fields
            if f.attname not in known and not (f.primary_key and not own_ids)
        ]
        values = defaults(model, now)
        unknown = known - set(self._fields)
        if unknown:
            raise ValueError(f"{model.__name__}: no such columns {sorted(unknown)}")
        self.columns = [*columns, *missing]
        self.tail = tuple(values[name] for name in missing)
        self.rows: list[tuple] = []
        self.written = 0
        self._next = self._first_free_id() if own_ids else None
        self._first = self._next

    # -- ids ---------------------------------------------------------------------------

    def _first_free_id(self) -> int:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, %s))",
                    [self.meta.db_table, self.meta.pk.column],
                )
                return cursor.fetchone()[0]
        return (self.model._base_manager.aggregate(last=Max("pk"))["last"] or 0) + 1

    def next_id(self) -> int:
        value = self._next
        self._next += 1
        return value

    def finish_ids(self) -> None:
        """Move the table's sequence past the ids handed out (PostgreSQL), so that the
        application's next insert does not collide with them."""
        if not self.own_ids or connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, %s), %s)",
                [self.meta.db_table, self.meta.pk.column, max(self._next - 1, 1)],
            )

    @property
    def ids_used(self) -> range:
        return range(self._first, self._next) if self.own_ids else range(0)

    # -- rows --------------------------------------------------------------------------

    def add(self, row: tuple) -> None:
        self.rows.append(row)

    def flush(self) -> None:
        if not self.rows:
            return
        if connection.vendor == "postgresql":
            self._copy()
        else:
            self._insert()
        self.written += len(self.rows)
        self.rows = []

    def _copy(self):
        quote = connection.ops.quote_name
        columns = ", ".join(quote(self._fields[c].column) for c in self.columns)
        sql = f"COPY {quote(self.meta.db_table)} ({columns}) FROM STDIN"
        tail = self.tail
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            # The psycopg cursor under Django's wrapper: COPY is not part of the DB-API.
            write = copy.write_row
            for row in self.rows:
                write(row + tail)

    def _insert(self):
        quote = connection.ops.quote_name
        fields = [self._fields[c] for c in self.columns]
        sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 - names from the model
            quote(self.meta.db_table),
            ", ".join(quote(f.column) for f in fields),
            ", ".join(["%s"] * len(fields)),
        )
        prepare = [f.get_db_prep_save for f in fields]
        tail = self.tail
        with connection.cursor() as cursor:
            for start in range(0, len(self.rows), SQLITE_BATCH):
                cursor.executemany(
                    sql,
                    [
                        [p(v, connection) for p, v in zip(prepare, row + tail, strict=True)]
                        for row in self.rows[start : start + SQLITE_BATCH]
                    ],
                )
