"""How PostgreSQL answers the import's registry lookups (beneficiaries/importing/registry.py).

A first import into a new database ran at 94 rows/s: the table grows inside the import's
transaction, its statistics still say it is empty, and the planner read the name search's
trigram index (GIN, through a bitmap scan) for `name_normalized = ANY(1,000 names)`,
seconds per chunk. The lookups must go through the btree indexes, key by key.
"""

import datetime

import pytest
from django.db import connection, transaction

from beneficiaries.importing import registry
from beneficiaries.models import Client
from beneficiaries.tests.factories import ClientFactory

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the plans of PostgreSQL's planner"
)


def _plan(queryset):
    return queryset.explain()


def test_the_lookups_use_btree_index_scans_while_the_table_grows_unanalysed(db):
    names = [f"nama klien {n}" for n in range(1000)]
    dates = [datetime.date(1980, 1, 1) + datetime.timedelta(days=n) for n in range(1000)]
    niks = [f"35220155078{n:05d}" for n in range(1000)]
    clients = Client.objects.only(*registry.MATCH_FIELDS).order_by()
    with transaction.atomic():  # as the import (a savepoint inside the test's transaction)
        # Rows the statistics do not know about, as in an import's later chunks.
        ClientFactory.create_batch(40)
        with registry._index_lookups():
            by_name = _plan(
                registry._in(registry._in(clients, "name_normalized", names), "birth_date", dates)
            )
            by_nik = _plan(registry._in(clients, "nik", niks))
        with connection.cursor() as cursor:
            cursor.execute("SHOW enable_bitmapscan")
            after = cursor.fetchone()[0]
            cursor.execute("SHOW enable_seqscan")
            after += "/" + cursor.fetchone()[0]

    for plan in (by_name, by_nik):
        assert "Index Scan" in plan, plan
        assert "Bitmap" not in plan, plan
        assert "Seq Scan" not in plan, plan
        assert "trgm" not in plan, plan
    assert after == "on/on"  # the hints end with the lookups
