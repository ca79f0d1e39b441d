"""Settings for several machines, from the environment: the reports replica, sessions in
a shared cache, static files from a CDN, and settings.py wiring them up."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from dinsos.deploy_settings import reports_database, sessions_and_caches, static_origin

BASE_DIR = Path(__file__).resolve().parent.parent

# -- reports replica ------------------------------------------------------------------


def test_no_replica_unless_configured():
    assert reports_database({}, conn_max_age=60) is None
    assert reports_database({"REPORTS_DATABASE_URL": " "}, conn_max_age=60) is None


def test_the_replica_from_its_url():
    url = "postgres://laporan:rahasia@replica.internal:5432/dinsos"

    database = reports_database({"REPORTS_DATABASE_URL": url}, conn_max_age=30)

    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["HOST"], database["PORT"], database["NAME"]) == (
        "replica.internal",
        5432,
        "dinsos",
    )
    assert (database["USER"], database["PASSWORD"]) == ("laporan", "rahasia")
    assert database["CONN_MAX_AGE"] == 30
    assert database["ATOMIC_REQUESTS"] is False
    # Tests read the test copy of "default" through it rather than creating another.
    assert database["TEST"] == {"MIRROR": "default"}


# -- sessions ---------------------------------------------------------------------------


def test_sessions_in_the_database_by_default():
    engine, caches = sessions_and_caches({})

    assert engine == "django.contrib.sessions.backends.db"
    assert caches["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


@pytest.mark.parametrize(
    ("choice", "engine"),
    [
        ("cache", "django.contrib.sessions.backends.cache"),
        ("cached_db", "django.contrib.sessions.backends.cached_db"),
    ],
)
def test_sessions_in_a_shared_cache(choice, engine):
    chosen, caches = sessions_and_caches(
        {"SESSION_ENGINE": choice, "CACHE_URL": "redis://cache.internal:6379/1"}
    )

    assert chosen == engine
    assert caches["default"] == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://cache.internal:6379/1",
    }


def test_cache_sessions_without_a_shared_cache_are_refused():
    # A per-process cache would lose the login whenever another worker answers.
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL"):
        sessions_and_caches({"SESSION_ENGINE": "cache"})


def test_an_unknown_session_engine_is_refused():
    with pytest.raises(ImproperlyConfigured, match="SESSION_ENGINE"):
        sessions_and_caches({"SESSION_ENGINE": "file"})


# -- static files ----------------------------------------------------------------------


def test_static_files_from_this_server_have_no_origin():
    assert static_origin("static/") is None
    assert static_origin("/static/") is None


def test_static_files_from_a_cdn():
    assert static_origin("https://cdn.dinsos.example/static/") == "https://cdn.dinsos.example"


# -- settings.py -----------------------------------------------------------------------


def _settings_with(env):
    """The settings Django loads with these environment variables, read in a fresh
    process (settings are read once per process)."""
    script = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({'databases': sorted(s.DATABASES), 'routers': s.DATABASE_ROUTERS,"
        " 'reports': s.DATABASES.get('reports', {}).get('HOST'),"
        " 'private': s.STORAGES['private']['BACKEND'], 'session': s.SESSION_ENGINE,"
        " 'cache': s.CACHES['default']['BACKEND'], 'static_url': s.STATIC_URL,"
        " 'csp': s.CONTENT_SECURITY_POLICY['DIRECTIVES'],"
        " 'forwarded_host': s.USE_X_FORWARDED_HOST}))"
    )
    ours = ("AWS_", "REPORTS_", "MEDIA_STORAGE", "SESSION_ENGINE", "CACHE_URL", "STATIC_URL")
    clean = {k: v for k, v in os.environ.items() if not k.startswith(ours)}
    clean.pop("USE_X_FORWARDED_HOST", None)
    result = subprocess.run(  # noqa: S603 (our own interpreter and code)
        [sys.executable, "-c", script],
        cwd=BASE_DIR,
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "dinsos.settings",
            "SECRET_KEY": "test-only",
            "DEBUG": "off",
            **env,
        },
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_one_machine_settings_are_unchanged():
    loaded = _settings_with({})

    assert loaded["databases"] == ["default"]
    assert loaded["routers"] == []
    assert loaded["private"] == "core.storage.LocalPrivateStorage"
    assert loaded["session"] == "django.contrib.sessions.backends.db"
    assert loaded["static_url"] == "/static/"
    assert loaded["csp"]["script-src"] == ["'self'"]
    assert loaded["forwarded_host"] is False


def test_several_machines_settings_from_the_environment():
    loaded = _settings_with(
        {
            "REPORTS_DATABASE_URL": "postgres://u:p@replica.internal:5432/dinsos",
            "MEDIA_STORAGE": "s3",
            "AWS_STORAGE_BUCKET_NAME": "dinsos-berkas",
            "SESSION_ENGINE": "cached_db",
            "CACHE_URL": "redis://cache.internal:6379/0",
            "STATIC_URL": "https://cdn.dinsos.example/static/",
            "USE_X_FORWARDED_HOST": "on",
        }
    )

    assert loaded["databases"] == ["default", "reports"]
    assert loaded["routers"] == ["core.db_routers.ReportsReplicaRouter"]
    assert loaded["reports"] == "replica.internal"
    assert loaded["private"] == "core.storage_s3.S3PrivateStorage"
    assert loaded["session"] == "django.contrib.sessions.backends.cached_db"
    assert loaded["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert loaded["static_url"] == "https://cdn.dinsos.example/static/"
    # The CDN's scripts and styles are allowed by the content security policy.
    for directive in ("script-src", "style-src", "img-src"):
        assert "https://cdn.dinsos.example" in loaded["csp"][directive]
    assert loaded["forwarded_host"] is True
