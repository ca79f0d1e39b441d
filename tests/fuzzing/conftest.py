"""Property-based tests of every form (issue #6, point 10): Hypothesis pushes random strings,
numbers, dates and files through each form and checks what comes back.

Profiles (profiles.py; HYPOTHESIS_PROFILE chooses one): ``dev`` by default, ``ci`` when
CI=true (the same 20 examples per form every run, so a CI failure reproduces with
``HYPOTHESIS_PROFILE=ci``), ``thorough`` for a long run before a release or after touching
a form: ``HYPOTHESIS_PROFILE=thorough .venv/bin/pytest tests/fuzzing``. Forms with many
fields get more examples (`profiles.more_examples`).

No example database is kept (nothing is written into the working tree): a failure prints
the falsifying example and a `@reproduce_failure` blob; pin the bug down with a plain test
in test_found_bugs.py once it is fixed.

The fixture world (`world`: a Kota Malang client with an enrolment, a grant, a business and
a visit) is the authorization matrix's, built once per module (tests/worlds.py); every
example runs inside a transaction that is rolled back, so each one starts from that same
world.
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
