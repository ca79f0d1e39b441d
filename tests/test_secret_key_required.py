"""Without DEBUG, whatever serves requests refuses to start without SECRET_KEY; commands run
by hand that sign nothing (migrations) may run without one."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def without_key():
    return {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY")}


def manage(*args):
    return subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=without_key(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("command", [["check"], ["runserver", "127.0.0.1:8799", "--noreload"]])
def test_server_and_deploy_check_refuse_to_start_without_a_key(command):
    result = manage(*command)

    assert result.returncode != 0
    assert "Set the SECRET_KEY environment variable" in result.stderr


def test_migration_check_runs_without_a_key():
    result = manage("makemigrations", "--check", "--dry-run")

    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout


def test_the_wsgi_application_refuses_to_load_without_a_key():
    result = subprocess.run(
        [sys.executable, "-c", "import dinsos.wsgi"],
        cwd=ROOT,
        env=without_key(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode != 0
    assert "Set the SECRET_KEY environment variable" in result.stderr
