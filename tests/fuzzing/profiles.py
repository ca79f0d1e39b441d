"""Hypothesis profiles for the form fuzzing (see conftest.py for how to choose one).

- ``dev`` (the default outside CI): 20 examples per form, new ones on every run, so that
  the runs of a working day explore more than any one of them;
- ``ci`` (the default when CI=true): the same 20 examples per form, derandomized: the
  examples follow from each test's name, so a failure in CI fails the same way on a
  laptop (``HYPOTHESIS_PROFILE=ci``), and the SQLite and PostgreSQL runs try the same
  inputs;
- ``thorough``: 400 examples, random, for a run before a release or after touching a form.
"""

import os

from hypothesis import HealthCheck, settings

_COMMON = {
    "deadline": None,  # a request takes what it takes on a busy CI machine
    "database": None,  # nothing written into the working tree
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    "print_blob": True,
}
settings.register_profile("dev", max_examples=20, **_COMMON)
settings.register_profile("ci", max_examples=20, derandomize=True, **_COMMON)
settings.register_profile("thorough", max_examples=400, **_COMMON)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") == "true" else "dev")
)


def more_examples(factor: int) -> settings:
    """The profile's number of examples times `factor`, for a form with many fields (each
    example changes one to three of them)."""
    return settings(max_examples=settings.default.max_examples * factor)
