"""manage.py seed_demo: four demo logins and a few hundred fictitious clients, for the
development server (`make run`). DEBUG only; idempotent. What it builds, and how:
devtools/demo/registry.py (the clients) and devtools/demo/users.py (the logins)."""

import time
from collections import Counter

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from beneficiaries.models import Client, Regency
from devtools.demo.debug_only import refuse_without_debug
from devtools.demo.registry import ClientGenerator, demo_clients_exist, regions_check
from devtools.demo.story import (
    BOJONEGORO,
    DEMO_WHEELCHAIR_CLIENT_NAME,
    DEMO_WHEELCHAIR_CLIENT_NIK,
    MALANG,
)
from devtools.demo.users import DEMO_USERS, users_ensure


class Command(BaseCommand):
    help = (
        "Create demo users (password: the DEMO_PASSWORD setting) and fictitious clients. "
        "DEBUG only; needs `load_regions`; safe to run again (clients are created once)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--clients",
            type=int,
            default=300,
            help="How many clients to create, the fixed demo client included (default 300).",
        )
        parser.add_argument(
            "--seed", type=int, default=2026, help="Random seed, for the same data every time."
        )

    @transaction.atomic
    def handle(self, *args, clients, seed, **options):
        refuse_without_debug("seed_demo", "logins with a published password and fictitious clients")
        if clients < 1:
            raise CommandError("--clients must be at least 1 (the fixed demo client).")
        started = time.monotonic()
        regions_check()

        users = {}
        for ensured in users_ensure():
            username = ensured.user.username
            if ensured.created:
                self.stdout.write(f"Created user {username}.")
            elif ensured.changed:
                self.stdout.write(f"Reset user {username} ({', '.join(ensured.changed)}).")
            users[username] = ensured.user

        if demo_clients_exist():
            self.stdout.write("Demo clients exist already: none created.")
        else:
            created = ClientGenerator(seed=seed, registered_by=users["admin"]).create(
                count=clients, users=users
            )
            self._summarise(created, time.monotonic() - started)
        self._print_logins()

    def _summarise(self, created: list[Client], seconds: float):
        statuses = Counter(c.get_status_display() for c in created)
        regencies = Counter(c.regency_id for c in created)
        without_nik = sum(1 for c in created if not c.nik)
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {len(created)} demo clients in {seconds:.1f}s "
                f"({without_nik} without NIK; {len(regencies)} regencies; "
                f"Kota Malang {regencies[MALANG]}, Kabupaten Bojonegoro {regencies[BOJONEGORO]})."
            )
        )
        for status, count in statuses.most_common():
            self.stdout.write(f"  {status}: {count}")
        self.stdout.write(
            f"Fixed demo client: {DEMO_WHEELCHAIR_CLIENT_NAME}, NIK {DEMO_WHEELCHAIR_CLIENT_NIK} "
            "(Kabupaten Bojonegoro, kursi roda)."
        )

    def _print_logins(self):
        self.stdout.write(f"Demo logins, password {settings.DEMO_PASSWORD!r}:")
        for username, first_name, last_name, role, scope in DEMO_USERS:
            if scope == "superuser":
                where = "superuser, Django admin"
            elif scope == "all":
                where = "whole province"
            else:
                where = ", ".join(str(r) for r in Regency.objects.filter(code__in=scope))
            self.stdout.write(f"  {username:<18} {first_name} {last_name} ({role}; {where})")
