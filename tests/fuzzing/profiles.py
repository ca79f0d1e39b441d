"""Hypothesis profiles for the form fuzzing (see conftest.py for how to choose one)."""

import os

from hypothesis import HealthCheck, settings

_COMMON = {
    "deadline": None,  # a request takes what it takes on a busy CI machine
    "database": None,  # nothing written into the working tree
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    "print_blob": True,
}
settings.register_profile("ci", max_examples=20, **_COMMON)
settings.register_profile("thorough", max_examples=400, **_COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def more_examples(factor: int) -> settings:
    """The profile's number of examples times `factor`, for a form with many fields (each
    example changes one to three of them)."""
    return settings(max_examples=settings.default.max_examples * factor)
