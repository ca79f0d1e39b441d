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
from beneficiaries.tests.factories import ClientFactory

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the plans of PostgreSQL's planner"
)


def _plan(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def _setting(name):
    with connection.cursor() as cursor:
        cursor.execute(f"SHOW {name}")
        return cursor.fetchone()[0]


@postgresql_only
def test_the_lookups_use_btree_index_scans_while_the_table_grows_unanalysed(db):
    names = [f"nama klien {n}" for n in range(1000)]
    dates = [datetime.date(1980, 1, 1) + datetime.timedelta(days=n) for n in range(1000)]
    niks = [f"35220155078{n:05d}" for n in range(1000)]
    with transaction.atomic():  # as the import (a savepoint inside the test's transaction)
        # Rows the statistics do not know about, as in an import's later chunks.
        ClientFactory.create_batch(40)
        with registry.index_lookups():
            by_name = _plan(*registry.person_lookup_sql(list(zip(names, dates, strict=True))))
            by_nik = _plan(*registry.nik_lookup_sql(niks))
            during = _setting("enable_bitmapscan") + "/" + _setting("enable_seqscan")
        after = _setting("enable_bitmapscan") + "/" + _setting("enable_seqscan")

    for plan in (by_name, by_nik):
        assert "Index Scan" in plan, plan
        assert "Bitmap" not in plan, plan
        assert "Seq Scan" not in plan, plan
        assert "trgm" not in plan, plan
    assert during == "off/off"
    assert after == "on/on"  # the hints end with the pass


def test_the_lookups_find_exactly_the_pairs_asked(db):
    """By NIK; by name and birth date together (a birth date left empty matches an empty
    one), not by any name with any date. On SQLite as on PostgreSQL."""
    born = datetime.date(1980, 8, 17)
    sri = ClientFactory(name="Sri Wahyuni", birth_date=born)
    undated = ClientFactory(name="Sri Wahyuni", birth_date=None, nik="")
    ClientFactory(name="Sri Wahyuni", birth_date=datetime.date(1981, 1, 1))
    ClientFactory(name="Budi", birth_date=born)
    candidates = [
        _Row(nik=sri.nik, name="sri wahyuni", born=datetime.date(1990, 1, 1)),
        _Row(nik="", name="sri wahyuni", born=born),
        _Row(nik="", name="sri wahyuni", born=None),
        _Row(nik="", name="budi", born=datetime.date(1970, 1, 1)),
    ]
    with transaction.atomic(), registry.index_lookups():
        by_nik, by_person = registry._lookup(candidates)
    assert {nik: c.pk for nik, c in by_nik.items()} == {sri.nik: sri.pk}
    asked = [(r.values["name_normalized"], r.values["birth_date"]) for r in candidates]
    assert [sorted(c.pk for c in by_person.get(key, ())) for key in asked] == [
        [],
        [sri.pk],
        [undated.pk],
        [],
    ]


class _Row:
    def __init__(self, *, nik, name, born):
        self.values = {"nik": nik, "name_normalized": name, "birth_date": born}
