"""manage.py bench on a tiny registry: it runs, prints every page and writes them all to
JSON. (Its timings are only meaningful on the big database; nothing here asserts them.)"""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from beneficiaries.models import Client
from beneficiaries.tests.factories import BOJONEGORO, KOTA_MALANG, place
from devtools.bench import grouping_sets, headline_sql
from devtools.bench import pages as bench_pages

PAGES = [
    "list: default (worker, one regency)",
    "list: default (manager, province)",
    "list: name search",
    "list: NIK search",
    "list: regency filter",
    "list: deep page (2)",
    "client detail with timeline",
    "worklist (worker, one regency)",
    "worklist (manager, province)",
    "report: province-wide",
    "report: filtered",
    "catalogue: first page (anonymous)",
    "catalogue: search 'seragam'",
    "catalogue: one regency",
    "catalogue: a business's page",
    "catalogue: first page (anonymous), right after a change",
    "export CSV (20 rows)",
    "export XLSX (20 rows)",
    "import (bench_import, CSV)",
]
COPY = "export CSV: COPY baseline (20 rows)"  # PostgreSQL only
SQL = [  # PostgreSQL only
    grouping_sets.GROUPING_SETS_BASELINE,
    headline_sql.SQL_BASELINE,
    headline_sql.SQL_FROM_VISITS,
]


@pytest.fixture
def registry(db):
    place(KOTA_MALANG)
    place(BOJONEGORO)
    call_command(
        "seed_bulk",
        clients=60,
        seed=2,
        until=datetime.date(2026, 11, 28),
        no_progress=True,
        stdout=StringIO(),
    )


def test_bench_prints_and_writes_every_page(registry, tmp_path, monkeypatch):
    monkeypatch.setattr(bench_pages, "DEEP_PAGE", 2)  # a tiny list has no page 2,000
    out = StringIO()
    path = tmp_path / "bench.json"

    call_command(
        "bench",
        runs=2,
        import_rows=30,
        export_rows=20,
        json_path=path,
        admin=True,
        stdout=out,
        stderr=StringIO(),
    )

    printed = out.getvalue()
    result = json.loads(path.read_text())
    pages = {page["page"]: page for page in result["pages"]}
    expected = PAGES + ([COPY, *SQL] if connection.vendor == "postgresql" else [])
    assert sorted(pages) == sorted(expected)
    for name in expected:
        assert name in printed
    for name in SQL if connection.vendor == "postgresql" else []:
        # The hand-written SQL computes the report's own figures.
        assert pages[name]["extra"]["differs_from_report"] == [], name
    for name, page in pages.items():
        assert page["times_ms"], name
        if not name.startswith("import"):  # timed by bench_import, which counts no queries
            assert page["queries"] >= 1, name
    if connection.vendor == "postgresql":
        report = pages["report: province-wide"]
        assert report["extra"]["ratio_to_baseline"] > 0
        assert "report to GROUPING SETS baseline" in printed
    assert pages["catalogue: first page (anonymous)"]["extra"]["listed"] > 0
    import_ = pages["import (bench_import, CSV)"]
    assert import_["rows"] == 30 and import_["extra"]["rows_per_s"] > 0
    export = pages["export CSV (20 rows)"]
    assert export["rows"] == 20 and export["extra"]["rows_per_s"] > 0
    assert pages["export XLSX (20 rows)"]["rows"] == 20
    if connection.vendor == "postgresql":
        assert pages[COPY]["rows"] == 20
        assert export["extra"]["ratio_to_copy"] > 0
    assert {"admin: beneficiaries.Client", "admin: programs.FollowUpVisit"} <= {
        page["page"] for page in result["admin"]
    }


def test_bench_import_imports_a_generated_file_and_removes_it(registry):
    before = Client.objects.count()
    out = StringIO()

    call_command("bench_import", rows=30, format="xlsx", stdout=out)

    printed = out.getvalue()
    assert "Generated 30 rows (XLSX" in printed
    assert "check (preview): 30 rows read in" in printed
    assert "import: 30 rows read in" in printed
    assert "import under tracemalloc:" in printed
    assert Client.objects.count() == before  # the bench leaves no clients behind
