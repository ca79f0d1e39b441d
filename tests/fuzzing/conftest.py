"""Property-based tests of every form (issue #6, point 10): Hypothesis pushes random strings,
numbers, dates and files through each form and checks what comes back.

Profiles (profiles.py; choose one with the HYPOTHESIS_PROFILE environment variable):

- ``ci`` (default): 20 examples per form (more for the forms with many fields, see
  `profiles.more_examples`), so that the whole package runs in about a minute and a half
  on SQLite on a 2-core machine;
- ``thorough``: many more examples, for a run before a release or after touching a form:
  ``HYPOTHESIS_PROFILE=thorough .venv/bin/pytest tests/fuzzing``.

No example database is kept (nothing is written into the working tree): a failure prints
the falsifying example and a `@reproduce_failure` blob; pin the bug down with a plain test
in test_found_bugs.py once it is fixed.

The fixture world (`world`: a Kota Malang client with an enrolment, a grant, a business and
a visit) is the authorization matrix's; every example runs inside a transaction that is
rolled back, so each one starts from that same world.
"""

import pytest
from django.conf import settings as django_settings

from tests.test_authorization_matrix import _world_once, world  # noqa: F401

from . import profiles  # noqa: F401 - registers and loads the Hypothesis profiles


@pytest.fixture
def english(client):
    """Answer in English, so that tests can look for Django's own messages."""
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
