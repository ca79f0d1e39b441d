"""A large synthetic registry for measuring the app at scale (`manage.py seed_bulk`).

`seed_bulk()` writes N clients with their trainings, grants, businesses and follow-up
visits (see `generate` for what the data looks like, and `people`, `trainings` and
`follow_ups` for each part of it) in chunks of CHUNK clients, each chunk with one COPY per
table on PostgreSQL (`tables`). It all runs in one transaction: a seed
that fails leaves nothing behind.

No change-history rows are written for these records. The import writes one per client
because there a person's record starts; here a million synthetic rows would double the
seed's time and size for history nobody will read, and no page's speed depends on them
(the history tables are only read for one record at a time). The registry's own
derived values are kept: normalised names, registration numbers from the sequence, and the
latest-visit figures of businesses and grantees (`programs.follow_up`).
"""

import datetime
import time
from collections.abc import Callable

from django.db import connection, transaction
from django.utils import timezone

from programs.follow_up.refresh import follow_up_refresh_all

from .generate import Seeder

CHUNK = 10_000

Progress = Callable[[int, int], None]


def seed_bulk(
    *,
    clients: int,
    seed: int,
    until: datetime.date | None = None,
    progress: Progress | None = None,
    progress_refresh: Progress | None = None,
) -> dict:
    """Write `clients` synthetic clients and what follows them; return rows per table and
    seconds taken (`seconds` in all, `follow_up_seconds` of it for the derived follow-up
    figures; `analyze_seconds` on PostgreSQL). `progress(done, total)` is called after
    each chunk of clients, `progress_refresh` after each chunk of follow-up figures."""
    started = time.monotonic()
    until = until or timezone.localdate()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Foreign keys are checked at the end of each COPY rather than all at commit:
            # the queue of deferred checks for millions of rows would not fit in memory.
            # (Rows are written parents first, so every check finds its parent.)
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        seeder = Seeder(total=clients, seed=seed, until=until, now=timezone.now())
        for start in range(0, clients, CHUNK):
            for index in range(start, min(start + CHUNK, clients)):
                seeder.client(index)
            seeder.flush()
            if progress:
                progress(min(start + CHUNK, clients), clients)
        seeder.finish()
        if connection.vendor == "postgresql":
            # Statistics of the new rows before the refresh queries them: without, the
            # planner takes the tables for empty and reads all visits for every business.
            # (ANALYZE sees this transaction's own rows.)
            with connection.cursor() as cursor:
                for table in seeder.tables():
                    cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
        # The derived follow-up figures, by the same code as every visit and grant.
        refreshed = time.monotonic()
        follow_up_refresh_all(progress=progress_refresh)
        refresh_seconds = time.monotonic() - refreshed
    result = {
        **seeder.counts(),
        "seconds": round(time.monotonic() - started, 1),
        "follow_up_seconds": round(refresh_seconds, 1),
    }
    if connection.vendor == "postgresql":
        # Fresh statistics, so that the planner knows the tables grew a thousandfold, and
        # the visibility map set, so that counts can be answered from the indexes alone.
        started = time.monotonic()
        with connection.cursor() as cursor:
            # (VACUUM cannot run inside a transaction, e.g. a test's: ANALYZE then.)
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
        result["analyze_seconds"] = round(time.monotonic() - started, 1)
    return result
