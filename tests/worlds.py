"""Worlds built once per module instead of once per test.

pytest-django runs each test inside a transaction that is rolled back at its end (the `db`
fixture). A fixture of module scope can open an outer transaction first, build its world
inside it, and roll that back when the module is done: each test then starts from the same
world, in a savepoint of its own, and none sees another's writes. This is what Django's
`TestCase.setUpTestData` does per class; pytest-django leaves room for it (it skips
`TestCase.setUpClass` precisely so that tests can be wrapped in wider transactions).

Tests get deep copies of the world's objects (as `setUpTestData` hands them out), so a test
that changes an instance in memory does not change it for the next one, and a copy of the
files the world saved, in the test's own MEDIA_ROOT.

Only for modules whose tests use `db` (not `transactional_db` or `live_server`: those flush
tables and would empty the world under the other tests). While a world is in the database,
a test that uses the database without asking for that world fails (`check_independent`, run
before every test by the root conftest.py): it would see rows it never asked for, and its
result would depend on which tests ran before it.

Usage::

    @pytest.fixture(scope="module")
    def _world_once(request, django_db_setup, django_db_blocker):
        yield from built_once(request, django_db_blocker, build_world)

    @pytest.fixture
    def world(_world_once, db, settings):
        return for_this_test(_world_once, settings)
"""

from __future__ import annotations

import copy
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.db import connection, transaction
from django.test.utils import override_settings


@dataclass(frozen=True)
class Built:
    world: Any
    media_root: Path


# The fixtures whose world is in the test database right now.
_in_database: set[str] = set()


def built_once(request, django_db_blocker, build: Callable[[], Any]) -> Iterator[Built]:
    """A generator for a module-scoped fixture: `build()` runs once, in a transaction that
    stays open while the module's tests run and is rolled back after the last one."""
    media_root = request.getfixturevalue("tmp_path_factory").mktemp("world-media")
    with _connection_kept(), django_db_blocker.unblock(), transaction.atomic():
        with override_settings(MEDIA_ROOT=media_root):
            world = build()
        _in_database.add(request.fixturename)
        try:
            # Between tests the database is closed again, as for any test without `db`.
            with django_db_blocker.block():
                yield Built(world=world, media_root=media_root)
        finally:
            _in_database.discard(request.fixturename)
            transaction.set_rollback(True)


@contextmanager
def _connection_kept():
    """Django closes a connection left inside a transaction when a request ends
    (`close_old_connections`: a server must not hand an open transaction to the next
    request). A test that closes a response itself ends a request, and on PostgreSQL that
    would end the world's transaction under the module's other tests (SQLite's in-memory
    test database ignores the close). While a world lives, a request's end keeps it."""
    with mock.patch.object(connection, "close_if_unusable_or_obsolete", lambda: None):
        yield


def check_independent(request) -> None:
    """Fail a test that would see a world it did not ask for."""
    uses_database = request.node.get_closest_marker("django_db") or {
        "db",
        "transactional_db",
    } & set(request.fixturenames)
    unasked = _in_database - set(request.fixturenames)
    if uses_database and unasked:
        pytest.fail(
            f"{request.node.nodeid} uses the database while {', '.join(sorted(unasked))} "
            "is built in it: ask for that fixture, or move the test to another module",
            pytrace=False,
        )


def for_this_test(built: Built, settings) -> Any:
    """The world as one test sees it: its objects copied, its files in the test's media."""
    shutil.copytree(built.media_root, settings.MEDIA_ROOT, dirs_exist_ok=True)
    return copy.deepcopy(built.world)
