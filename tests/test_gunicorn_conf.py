"""gunicorn's settings (dinsos/gunicorn_conf.py), as the deploy docs describe them."""

import importlib

import pytest

from dinsos import gunicorn_conf


@pytest.fixture
def load(monkeypatch):
    def load(**environ):
        for name in ("GUNICORN_BIND", "GUNICORN_WORKERS", "GUNICORN_TIMEOUT", "GUNICORN_ACCESSLOG"):
            monkeypatch.delenv(name, raising=False)
        for name, value in environ.items():
            monkeypatch.setenv(name, value)
        return importlib.reload(gunicorn_conf)

    yield load
    monkeypatch.undo()
    importlib.reload(gunicorn_conf)


def test_the_defaults_leave_the_province_report_room(load, monkeypatch):
    monkeypatch.setattr("multiprocessing.cpu_count", lambda: 2)
    conf = load()
    assert conf.timeout == 180  # the report at a million clients: 30 s, over 60 s cold
    assert conf.workers == 5
    assert conf.bind == "0.0.0.0:8000"
    assert conf.accesslog is None


def test_the_environment_overrides_them(load):
    conf = load(
        GUNICORN_BIND="127.0.0.1:9000",
        GUNICORN_WORKERS="2",
        GUNICORN_TIMEOUT="60",
        GUNICORN_ACCESSLOG="-",
    )
    assert (conf.bind, conf.workers, conf.timeout, conf.accesslog) == ("127.0.0.1:9000", 2, 60, "-")
