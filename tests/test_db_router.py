"""The read-replica router: report reads go to the "reports" database when one is
configured, everything else (and every write) to the primary."""

import threading

import pytest
from django.db import DEFAULT_DB_ALIAS, connections, router
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from beneficiaries.models import Client, RecordAccess
from core.db_routers import REPORTS_DB_ALIAS, ReportsReplicaRouter, reading_reports
from programs.tests.test_report_page import make_world

ROUTERS = ["core.db_routers.ReportsReplicaRouter"]
REPORT_URL = reverse("programs:report_outcomes")


@pytest.fixture
def with_router(settings):
    settings.DATABASE_ROUTERS = ROUTERS


def _add_reports_alias():
    # What REPORTS_DATABASE_URL does at start-up, done late: a second alias, and so a
    # second connection, to the same database as "default" (the test database once the
    # test runner has set it up), as a replica holds the primary's data.
    connections.settings[REPORTS_DB_ALIAS] = dict(connections[DEFAULT_DB_ALIAS].settings_dict)


def _remove_reports_alias():
    if hasattr(connections._connections, REPORTS_DB_ALIAS):
        connections[REPORTS_DB_ALIAS].close()
        del connections[REPORTS_DB_ALIAS]
    del connections.settings[REPORTS_DB_ALIAS]


@pytest.fixture
def reports_alias(with_router):
    _add_reports_alias()
    yield
    _remove_reports_alias()


# -- the router on its own -------------------------------------------------------------


def test_reads_outside_a_report_go_to_the_primary(reports_alias):
    assert router.db_for_read(Client) == DEFAULT_DB_ALIAS


def test_reads_inside_a_report_go_to_the_replica(reports_alias):
    with reading_reports():
        assert router.db_for_read(Client) == REPORTS_DB_ALIAS
    assert router.db_for_read(Client) == DEFAULT_DB_ALIAS


def test_without_a_replica_report_reads_go_to_the_primary(with_router):
    assert REPORTS_DB_ALIAS not in connections.settings
    with reading_reports():
        assert router.db_for_read(Client) == DEFAULT_DB_ALIAS


def test_writes_always_go_to_the_primary(reports_alias):
    with reading_reports():
        assert router.db_for_write(RecordAccess) == DEFAULT_DB_ALIAS
    assert router.db_for_write(RecordAccess) == DEFAULT_DB_ALIAS


def test_only_the_primary_is_migrated(reports_alias):
    assert router.allow_migrate(DEFAULT_DB_ALIAS, "beneficiaries", model_name="client")
    assert not router.allow_migrate(REPORTS_DB_ALIAS, "beneficiaries", model_name="client")


def test_objects_from_both_databases_may_be_related():
    assert ReportsReplicaRouter().allow_relation(Client(), RecordAccess()) is True


def test_leaving_the_block_after_an_error_ends_replica_reads(reports_alias):
    with pytest.raises(RuntimeError), reading_reports():
        raise RuntimeError("the report failed")
    assert router.db_for_read(Client) == DEFAULT_DB_ALIAS


def test_the_decorator_form_routes_only_during_the_call(reports_alias):
    @reading_reports()
    def report():
        return router.db_for_read(Client)

    assert report() == REPORTS_DB_ALIAS
    assert report() == REPORTS_DB_ALIAS  # reusable: a fresh block on every call
    assert router.db_for_read(Client) == DEFAULT_DB_ALIAS


def test_another_request_thread_keeps_reading_the_primary(reports_alias):
    seen = []
    inside = threading.Event()
    done = threading.Event()

    def other_request():
        inside.wait(5)
        seen.append(router.db_for_read(Client))
        done.set()

    thread = threading.Thread(target=other_request)
    thread.start()
    with reading_reports():
        inside.set()
        done.wait(5)
    thread.join(5)
    assert seen == [DEFAULT_DB_ALIAS]


# -- the report page through the router ------------------------------------------------
# A real second connection: it sees only committed data, so these tests commit (a
# transactional test), and put the migrations' reference data back afterwards.

replica_test = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def replica(transactional_db, with_router):
    _add_reports_alias()
    reports = connections[REPORTS_DB_ALIAS]
    # The test case refuses to open connections for aliases it was not told about when
    # it started (this one did not exist yet); opening it here, explicitly, is allowed.
    reports.connect()
    yield reports
    _remove_reports_alias()


def _tables_read(queries):
    return " ".join(query["sql"] for query in queries)


@replica_test
def test_the_report_page_reads_its_figures_from_the_replica(client, manager, replica):
    make_world(3)
    client.force_login(manager)
    primary = connections[DEFAULT_DB_ALIAS]
    assert replica is not primary

    with CaptureQueriesContext(primary) as on_primary, CaptureQueriesContext(replica) as on_replica:
        response = client.get(REPORT_URL)

    assert response.status_code == 200
    # The figures are right, so the replica's connection really served the data.
    h = response.context["h"]
    assert (h.clients, h.grants, h.grant_value) == (4, 4, 3 * 2_500_000 + 2_750_000)
    replica_sql = _tables_read(on_replica.captured_queries)
    for table in ("programs_grant", "programs_enrolment", "beneficiaries_client"):
        assert table in replica_sql
    # The primary only answered the middleware and the permission check (session, user,
    # permissions), which run before the report begins.
    primary_sql = _tables_read(on_primary.captured_queries)
    assert "programs_" not in primary_sql
    assert "beneficiaries_" not in primary_sql
    assert "django_session" in primary_sql


@replica_test
def test_a_report_download_reads_from_the_replica_and_logs_on_the_primary(client, manager, replica):
    make_world(1)
    client.force_login(manager)

    with CaptureQueriesContext(replica) as on_replica:
        response = client.get(REPORT_URL, {"format": "csv"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "programs_grant" in _tables_read(on_replica.captured_queries)
    # The access log is a write: it went to the primary (a replica would refuse it).
    assert not any(
        query["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        for query in on_replica.captured_queries
    )
    assert (
        RecordAccess.objects.using(DEFAULT_DB_ALIAS)
        .filter(user=manager, action=RecordAccess.Action.EXPORT)
        .exists()
    )


@replica_test
def test_other_pages_do_not_touch_the_replica(client, manager, replica):
    make_world(1)
    client.force_login(manager)

    with CaptureQueriesContext(replica) as on_replica:
        response = client.get(reverse("beneficiaries:client_list"))

    assert response.status_code == 200
    assert on_replica.captured_queries == []
