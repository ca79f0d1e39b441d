"""Tests hash passwords with a fast hasher (conftest.py); production must not."""

import os
import subprocess
import sys
from pathlib import Path

from django.contrib.auth.hashers import get_hasher

from conftest import FAST_HASHERS

PROJECT = Path(__file__).resolve().parent.parent
SLOW_AND_SAFE = {"pbkdf2_sha256", "argon2", "scrypt", "bcrypt_sha256"}


def _hasher_outside_the_tests(**env):
    # A fresh interpreter reads dinsos/settings.py as a server would, with none of the
    # test run's overrides.
    script = (
        "import django; django.setup();"
        "from django.contrib.auth.hashers import get_hasher;"
        "print(get_hasher().algorithm)"
    )
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        "DJANGO_SETTINGS_MODULE": "dinsos.settings",
        "SECRET_KEY": "hasher-test-key",
        **env,
    }
    done = subprocess.run(  # noqa: S603 - our own interpreter, a fixed script
        [sys.executable, "-c", script],
        cwd=PROJECT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def test_production_settings_keep_a_slow_password_hasher():
    assert _hasher_outside_the_tests(DEBUG="off") in SLOW_AND_SAFE


def test_development_settings_keep_a_slow_password_hasher():
    assert _hasher_outside_the_tests(DEBUG="on") in SLOW_AND_SAFE


def test_the_test_run_hashes_with_the_fast_hasher():
    assert FAST_HASHERS == ["django.contrib.auth.hashers.MD5PasswordHasher"]
    assert get_hasher().algorithm == "md5"
