"""The demo world of `make run`, for the tests of the seed_demo_programs and seed_demo_visits
commands: the settings they need (the `demo_settings` fixture is in conftest.py), and the
commands themselves."""

import io

from django.core.management import call_command
from django.test.utils import override_settings

from tests.worlds import built_once

CLIENTS = 60
# The demo commands refuse to run without DEBUG; the password is the one they print.
DEMO_SETTINGS = {"DEBUG": True, "DEMO_PASSWORD": "demo-password-for-tests"}


def _run(command, **options) -> str:
    output = io.StringIO()
    call_command(command, stdout=output, **options)
    return output.getvalue()


def seed_registry() -> None:
    """What seed_demo_programs builds on: the regions and seed_demo's users and clients."""
    call_command("load_regions", stdout=io.StringIO())
    call_command("seed_demo", clients=CLIENTS, stdout=io.StringIO())


def seed_programs(**options) -> str:
    return _run("seed_demo_programs", **options)


def seed_visits(**options) -> str:
    return _run("seed_demo_visits", **options)


def seeded_once(request, django_db_blocker, *, visits: bool):
    """A generator for a module-scoped fixture: registry and programs (and visits), built
    once for the module; yields what the last command printed."""

    def build():
        with override_settings(**DEMO_SETTINGS):
            seed_registry()
            printed = seed_programs()
            return seed_visits() if visits else printed

    yield from built_once(request, django_db_blocker, build)
