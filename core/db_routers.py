"""Send the outcome report's reads to a read replica, when one is configured.

The report reads the same models as every other page, so the model cannot say where a
query should go; the request can. A view that only reads, and can live with data a few
seconds old, enters `reading_reports()` (as a `with` block or a decorator). Inside it,
reads go to the "reports" database alias if settings.DATABASES has one (set by
REPORTS_DATABASE_URL, see docs/deploy.md); everywhere else, and for every write, the
primary ("default") is used. Without the alias the router changes nothing.

The flag is a ContextVar, not a thread-local or a global: each request (thread, or task
under ASGI) sees only its own, and leaving the block restores the previous value even
when the view raises.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db import DEFAULT_DB_ALIAS, connections

# The alias of the read replica in settings.DATABASES; dinsos/deploy_settings.py adds it
# under this name when REPORTS_DATABASE_URL is set.
REPORTS_DB_ALIAS = "reports"

_reading_reports = ContextVar("reading_reports", default=False)


@contextmanager
def reading_reports():
    """Route the reads made inside this block to the "reports" replica, if configured."""
    token = _reading_reports.set(True)
    try:
        yield
    finally:
        _reading_reports.reset(token)


def reports_database_configured():
    return REPORTS_DB_ALIAS in connections.settings


class ReportsReplicaRouter:
    """Reads inside `reading_reports()` go to "reports"; all else stays on the primary."""

    def db_for_read(self, model, **hints):
        if _reading_reports.get() and reports_database_configured():
            return REPORTS_DB_ALIAS
        return None  # no opinion: Django uses the primary

    def db_for_write(self, model, **hints):
        # A replica is read-only; a write in a report view (the access log) must reach
        # the primary.
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # Both aliases hold the same data, so objects read from either may be related.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica copies the primary's schema; `migrate` never runs against it.
        return db == DEFAULT_DB_ALIAS
