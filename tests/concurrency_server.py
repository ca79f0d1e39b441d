"""A real server for tests/test_concurrent_writes.py: gunicorn against a throwaway database.

pytest-django's live server would not do for SQLite: its test database is in memory, and
for an in-memory database the live server shares one connection between all its threads,
so nothing would ever wait for a lock. Here the database is what production uses: a file
for SQLite (WAL, the settings' busy timeout and IMMEDIATE transactions), a database of its
own on the PostgreSQL server the suite runs on. gunicorn serves it with several worker
processes of several threads each (dinsos/gunicorn_conf.py, DEBUG off), so 20 requests
really run at once, in separate connections.

`Browser` is a user's browser reduced to what the test needs: her cookies, a GET of a form
and its POST as the page gives it (tests/fuzzing/html_forms.py reads the form).
"""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

from django.conf import settings

from tests.fuzzing.html_forms import form_posting_to

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
# 4 processes of 5 threads: 20 requests at once, across processes and within one.
WORKERS, THREADS = 4, 5
REQUEST_TIMEOUT = 60  # seconds; well above SQLite's busy timeout (20 s in settings)


def configured_engine() -> str:
    """ "sqlite3" or "postgresql": the suite's engine (DATABASE_URL, or SQLite by default)."""
    return settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]


@contextmanager
def throwaway_database(tmp_path: Path):
    """A DATABASE_URL for an empty database of the configured engine, removed afterwards."""
    engine = configured_engine()
    if engine == "sqlite3":
        yield f"sqlite:///{tmp_path / 'concurrency.sqlite3'}"
        return
    if engine != "postgresql":
        raise NotImplementedError(f"no throwaway database for {engine}")
    import psycopg

    db = settings.DATABASES["default"]
    server = {
        "host": db.get("HOST") or None,
        "port": db.get("PORT") or None,
        "user": db.get("USER") or None,
        "password": db.get("PASSWORD") or None,
    }
    name = f"dinsos_concurrency_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        # The suite's own DATABASE_URL with another database name keeps its options.
        parts = urlsplit(os.environ["DATABASE_URL"])
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def server_environment(database_url: str, tmp_path: Path) -> dict[str, str]:
    """Production-like settings (as pytest.ini and .ci/run set them) on that database."""
    environ = {
        name: value
        for name, value in os.environ.items()
        # A report replica of the suite's run would be another database than the server's.
        if name != "REPORTS_DATABASE_URL"
    }
    environ.update(
        DATABASE_URL=database_url,
        DEBUG="off",
        SECRET_KEY=os.environ.get("SECRET_KEY") or "concurrency-test-secret-key-not-for-use",
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="off",
        STATIC_ROOT=str(tmp_path / "static"),
        MEDIA_ROOT=str(tmp_path / "media"),
        PYTHONUNBUFFERED="1",
    )
    return environ


def run_world(command: str, environ: dict[str, str]) -> dict:
    """Run tests/concurrency_world.py in the server's database and return its JSON."""
    done = subprocess.run(  # noqa: S603 - our own interpreter and module
        [PYTHON, "-m", "tests.concurrency_world", command],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, f"concurrency_world {command} failed:\n{done.stderr[-5000:]}"
    return json.loads(done.stdout.strip().splitlines()[-1])


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    port: int
    log: Path

    def log_errors(self) -> str:
        """The tracebacks and error lines the server logged, for a failure's message."""
        text = self.log.read_text(errors="replace")
        errors = [
            block
            for block in re.split(r"\n(?=\S)", text)
            if "Traceback" in block or "Error" in block or "error" in block.split("\n")[0]
        ]
        return "\n".join(errors)[-8000:] or text[-2000:]


@contextmanager
def gunicorn(environ: dict[str, str], tmp_path: Path):
    """gunicorn on a free port of 127.0.0.1, stopped (and waited for) at the end."""
    port = _free_port()
    log = tmp_path / "server.log"
    command = [
        *(PYTHON, "-m", "gunicorn", "-c", "python:dinsos.gunicorn_conf", "dinsos.wsgi"),
        *("--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS), "--threads", str(THREADS)),
        *("--worker-class", "gthread", "--timeout", str(REQUEST_TIMEOUT)),
        # The application imported once, before the workers fork: a second or two less
        # to wait on a busy machine; each worker still opens its own connections.
        "--preload",
    ]
    with log.open("w") as output:
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and gunicorn
            command, cwd=ROOT, env=environ, stdout=output, stderr=subprocess.STDOUT
        )
    try:
        _wait_until_serving(port, process, log)
        yield Server(port=port, log=log)
    finally:
        process.send_signal(signal.SIGQUIT)  # quick shutdown: nothing is left to answer
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_serving(port, process, log, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"gunicorn exited:\n{log.read_text()[-5000:]}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"gunicorn did not answer /healthz:\n{log.read_text()[-5000:]}")


@dataclass
class Answer:
    status: int
    location: str
    body: str


class Browser:
    """One user's browser: her cookies, kept between requests."""

    def __init__(self, port: int, cookies: dict[str, str]):
        self.port = port
        self.cookies = dict(cookies)

    def request(self, method: str, path: str, data: dict | None = None) -> Answer:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if data is not None:
            body = urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=REQUEST_TIMEOUT)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return Answer(
                status=response.status,
                location=response.getheader("Location") or "",
                body=response.read().decode(errors="replace"),
            )
        finally:
            conn.close()

    def open_form(self, path: str) -> dict[str, list[str]]:
        """GET the page and return what its form would submit unchanged (CSRF token and
        hidden version included)."""
        page = self.request("GET", path)
        assert page.status == 200, f"GET {path}: {page.status}\n{page.body[-2000:]}"
        return form_posting_to(page.body, path, path).submission()
