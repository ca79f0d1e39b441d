"""The demo seeds run with DEBUG on only: they make logins with a published password and
fictitious people, which have no place in a real registry."""

from django.conf import settings
from django.core.management.base import CommandError


def refuse_without_debug(command: str, creates: str) -> None:
    """Raise CommandError unless DEBUG is on; `creates` says what the command would make."""
    if not settings.DEBUG:
        raise CommandError(
            f"{command} creates {creates}; it runs only with DEBUG on "
            f"(DEBUG=on python manage.py {command})."
        )
