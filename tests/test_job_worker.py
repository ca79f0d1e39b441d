"""A worker killed in the middle of an import (issue #18): the registry is unchanged, the
job is marked failed (its heartbeat stopped) rather than left running, and the import can
be confirmed again and then imports every row once.

Real processes on a throwaway database of the suite's engine (a file on SQLite, a database
of its own on PostgreSQL; tests/concurrency_server.py): `manage.py db_worker` runs the job
and is killed with SIGKILL, as the kernel's OOM killer or a lost machine would, once the
job has reported rows written but before it ends.
"""

import json
import signal
import subprocess
import time

from django.core.cache.backends.filebased import FileBasedCache

from tests.concurrency_server import PYTHON, ROOT, server_environment, throwaway_database

ROWS = 20000
STALE_SECONDS = 2


def _world(environ, *args):
    done = subprocess.run(  # noqa: S603 - our own interpreter and module
        [PYTHON, "-m", "tests.job_world", *args],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, f"job_world {args} failed:\n{done.stderr[-5000:]}"
    return json.loads(done.stdout.strip().splitlines()[-1])


def _worker(environ, *extra):
    return subprocess.Popen(  # noqa: S603 - our own interpreter and manage.py
        [PYTHON, "manage.py", "db_worker", "--no-startup-delay", "--interval", "0.1", *extra],
        cwd=ROOT,
        env=environ,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_killing_the_worker_mid_import_leaves_the_registry_unchanged(tmp_path):
    progress_dir = tmp_path / "progress"
    with throwaway_database(tmp_path) as database_url:
        environ = server_environment(database_url, tmp_path) | {
            "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
            "JOBS_PROGRESS_DIR": str(progress_dir),
            "JOB_STALE_SECONDS": str(STALE_SECONDS),
        }
        world = _world(environ, "build", str(ROWS))
        assert (world["ready"], world["clients"]) == (ROWS, 0)
        progress = FileBasedCache(str(progress_dir), {})

        worker = _worker(environ)
        try:
            deadline = time.monotonic() + 240
            reported = None
            while time.monotonic() < deadline and worker.poll() is None:
                reported = progress.get(f"job-progress:{world['job']}")
                # Rows written (in the import's one transaction), the job not finished.
                if reported and 1000 <= reported[0] < ROWS * 0.8:
                    break
                time.sleep(0.02)
            assert worker.poll() is None, worker.stderr.read()[-3000:]
            assert reported and 1000 <= reported[0] < ROWS * 0.8, reported
            worker.send_signal(signal.SIGKILL)
            worker.wait(timeout=30)
        finally:
            if worker.poll() is None:
                worker.kill()

        time.sleep(STALE_SECONDS + 1)
        after = _world(environ, "inspect", world["job"])
        assert (after["clients"], after["client_history"]) == (0, 0)
        assert after["import_status"] == "checked"
        assert after["stored_status"] == "running"  # as the dead worker left it
        assert after["status"] == "failed"  # seen as dead, and said so
        assert "Nothing of it was saved" in after["error"] or "Tidak ada" in after["error"]

        # Confirmed again, a worker imports every row, once.
        again = _world(environ, "again", str(world["import"]))
        worker = _worker(environ, "--batch")
        try:
            assert worker.wait(timeout=240) == 0, worker.stderr.read()[-3000:]
        finally:
            if worker.poll() is None:
                worker.kill()
        done = _world(environ, "inspect", again["job"])
        assert (done["status"], done["import_status"], done["clients"]) == (
            "done",
            "imported",
            ROWS,
        )
