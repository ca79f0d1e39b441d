"""Fixtures of the devtools tests beyond the personas of the root conftest.py."""

import pytest

from .demo_seed import DEMO_SETTINGS


@pytest.fixture
def demo_settings(settings):
    """The settings the demo commands need (they refuse to run without DEBUG; seed_demo prints
    the password)."""
    for name, value in DEMO_SETTINGS.items():
        setattr(settings, name, value)
    return settings
