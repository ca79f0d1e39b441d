#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys

# Commands run by hand (migrate, makemigrations, createsuperuser, ...) sign nothing, so they
# may run without SECRET_KEY. Whatever serves requests (runserver here, gunicorn through
# wsgi.py) and the deploy check still refuse to start without one.
NEEDS_SECRET_KEY = {"runserver", "check", "shell", "dbshell"}


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dinsos.settings")
    if len(sys.argv) > 1 and sys.argv[1] not in NEEDS_SECRET_KEY:
        os.environ.setdefault("DINSOS_SECRET_KEY_OPTIONAL", "on")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
