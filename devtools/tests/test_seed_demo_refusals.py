"""`seed_demo_programs` and `seed_demo_visits` refuse to run outside DEBUG or without what
they build on, and write nothing. (Apart from the tests of what they build, which share one
demo world per module: these need a database without it.)"""

import pytest
from django.core.management import CommandError

from devtools.tests.demo_seed import (
    seed_programs,
    seed_registry,
    seed_visits,
)
from programs.models import Business, TrainingProgram

pytestmark = pytest.mark.django_db


def test_programs_refuse_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        seed_programs()
    assert not TrainingProgram.objects.exists()


def test_programs_refuse_without_the_demo_clients(demo_settings):
    with pytest.raises(CommandError, match="seed_demo"):
        seed_programs()
    assert not TrainingProgram.objects.exists()


def test_visits_refuse_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        seed_visits()
    assert not Business.objects.exists()


def test_visits_refuse_without_the_demo_programs(demo_settings):
    seed_registry()
    with pytest.raises(CommandError, match="seed_demo_programs"):
        seed_visits()
    assert not Business.objects.exists()
