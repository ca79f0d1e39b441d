"""manage.py seed_demo_programs: demo training programs, cohorts, enrolments and equipment
grants, for the development server (`make run`, after `seed_demo`). DEBUG only; idempotent.
What it builds, and how: devtools/demo/programs.py, devtools/demo/grants.py."""

import time
from collections import Counter

from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import F, Sum

from devtools.demo.debug_only import refuse_without_debug
from devtools.demo.programs import ProgramGenerator, demo_programs_exist, registry_check
from devtools.demo.story import (
    DEMO_SEWING_BATCH_NAME,
    DEMO_SEWING_PROGRAM_NAME,
    DEMO_WHEELCHAIR_CLIENT_BAST,
    DEMO_WHEELCHAIR_CLIENT_CERTIFICATE,
    DEMO_WHEELCHAIR_CLIENT_NAME,
)
from devtools.demo.trainings import PROGRAM_NAMES
from programs.models import Batch, Enrolment, Grant, GrantItem, TrainingProgram
from programs.money import rupiah


class Command(BaseCommand):
    help = (
        "Create demo training programs, cohorts, enrolments and equipment grants. DEBUG "
        "only; needs `seed_demo`; safe to run again (the programs are created once)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--seed", type=int, default=2026, help="Random seed, for the same data every time."
        )

    @transaction.atomic
    def handle(self, *args, seed, **options):
        refuse_without_debug("seed_demo_programs", "fictitious trainings and grants")
        started = time.monotonic()
        users = registry_check()
        if demo_programs_exist():
            self.stdout.write("Demo programs exist already: none created.")
        else:
            ProgramGenerator(seed=seed, users=users).create()
            self.stdout.write(
                self.style.SUCCESS(
                    f"Created the demo programs in {time.monotonic() - started:.1f}s."
                )
            )
        self._summarise()

    def _summarise(self):
        programs = TrainingProgram.objects.filter(name__in=PROGRAM_NAMES)
        batches = Batch.objects.filter(program__in=programs)
        enrolments = Enrolment.objects.filter(batch__in=batches)
        grants = Grant.objects.all()
        total = GrantItem.objects.aggregate(total=Sum(F("quantity") * F("unit_value"), default=0))[
            "total"
        ]
        years = sorted({b.start_date.year for b in batches})
        statuses = Counter(enrolments.values_list("status", flat=True))
        self.stdout.write(
            f"Programs: {programs.count()} ({programs.filter(active=True).count()} active); "
            f"batches: {batches.count()}"
            + (f" ({years[0]}-{years[-1]})" if years else "")
            + f"; enrolments: {enrolments.count()}."
        )
        for status, label in Enrolment.Status.choices:
            if statuses[status]:
                self.stdout.write(f"  {label}: {statuses[status]}")
        # int(): a sum of products is a Decimal on PostgreSQL.
        self.stdout.write(
            f"Grants: {grants.count()} ({grants.filter(enrolment=None).count()} without "
            f"training), total value {rupiah(int(total))}."
        )
        grant = Grant.objects.filter(bast_number=DEMO_WHEELCHAIR_CLIENT_BAST).first()
        if grant:
            items = ", ".join(
                f"{i.quantity} {i.equipment_type.name.lower()}"
                for i in grant.items.select_related("equipment_type")
            )
            self.stdout.write(
                f"Fixed demo client: {DEMO_WHEELCHAIR_CLIENT_NAME} completed "
                f"{DEMO_SEWING_PROGRAM_NAME}, {DEMO_SEWING_BATCH_NAME} "
                f"({DEMO_WHEELCHAIR_CLIENT_CERTIFICATE}); BAST {grant.bast_number}: {items}."
            )
