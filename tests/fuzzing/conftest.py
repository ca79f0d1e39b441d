"""Property-based tests of every form (issue #6, point 10): Hypothesis pushes random strings,
numbers, dates and files through each form and checks what comes back.

Profiles (choose with the HYPOTHESIS_PROFILE environment variable):

- ``ci`` (default): a few examples per form, so that the whole package runs in about a
  minute and a half on SQLite on a 2-core machine;
- ``thorough``: many more examples, for a run before a release or after touching a form:
  ``HYPOTHESIS_PROFILE=thorough .venv/bin/pytest tests/fuzzing``.

No example database is kept (nothing is written into the working tree): a failure prints
the falsifying example, which `@example(...)` or a plain test can then pin down.

The fixture world (`world`: a Kota Malang client with an enrolment, a grant, a business and
a visit) is the authorization matrix's; every example runs inside a transaction that is
rolled back, so each one starts from that same world.
"""

import os

import pytest
from django.conf import settings as django_settings
from hypothesis import HealthCheck, settings

from tests.test_authorization_matrix import _fast_password_hashing, world  # noqa: F401

_COMMON = {
    "deadline": None,  # a request takes what it takes on a busy CI machine
    "database": None,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    "print_blob": True,
}
settings.register_profile("ci", max_examples=20, **_COMMON)
settings.register_profile("thorough", max_examples=400, **_COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture
def english(client):
    """Answer in English, so that tests can look for Django's own messages."""
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
