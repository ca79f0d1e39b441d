"""manage.py seed_demo_visits: demo businesses of the grantees and their follow-up visits,
for the development server (`make run`, after `seed_demo_programs`). DEBUG only;
idempotent. What it builds, and how: devtools/demo/visits.py."""

import time
from collections import Counter
from datetime import date, timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from beneficiaries.models import Client
from devtools.demo.debug_only import refuse_without_debug
from devtools.demo.grievances import demo_grievances_create, demo_grievances_exist
from devtools.demo.marketing import demo_marketing_create, demo_marketing_exists
from devtools.demo.story import (
    BOJONEGORO,
    DEMO_WHEELCHAIR_BUSINESS_NAME,
    DEMO_WHEELCHAIR_CLIENT_NAME,
    DEMO_WHEELCHAIR_CLIENT_NIK,
    MALANG,
)
from devtools.demo.visits import VisitGenerator, demo_businesses_exist, grants_check
from programs.models import Business, EquipmentCheck, FollowUpVisit, Grant
from programs.money import rupiah

SIX_MONTHS = timedelta(days=183)
# The worklist reasons the summary counts.
NO_VISIT = "no visit for six months, or never"
NEEDS_HELP = "last status stagnan, belum berkembang or tutup"
EQUIPMENT_PROBLEM = "equipment broken, sold or lost at the last visit"
DOING_FINE = "fine: berkembang, visited in the last two months"


class Command(BaseCommand):
    help = (
        "Create demo businesses of the grantees and their follow-up visits. DEBUG only; needs "
        "`seed_demo_programs`; safe to run again (the businesses are created once)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--seed", type=int, default=2026, help="Random seed, for the same data every time."
        )

    @transaction.atomic
    def handle(self, *args, seed, **options):
        refuse_without_debug("seed_demo_visits", "fictitious businesses and visits")
        started = time.monotonic()
        users = grants_check()
        if demo_businesses_exist():
            self.stdout.write("Demo businesses exist already: none created.")
        else:
            businesses, visits = VisitGenerator(seed=seed, users=users).create()
            self.stdout.write(
                self.style.SUCCESS(
                    f"Created {businesses} businesses and {visits} visits in "
                    f"{time.monotonic() - started:.1f}s."
                )
            )
        if not demo_grievances_exist():
            count = demo_grievances_create(users)
            self.stdout.write(self.style.SUCCESS(f"Created {count} demo grievances."))
        if not demo_marketing_exists():
            count = demo_marketing_create(users)
            self.stdout.write(self.style.SUCCESS(f"Recorded {count} demo market supports."))
        self._summarise()

    def _summarise(self):
        today = timezone.localdate()
        businesses = list(Business.objects.select_related("client"))
        visits = list(
            FollowUpVisit.objects.order_by("business_id", "-visited_on", "-id").only(
                "id", "business_id", "visited_on", "status", "net_income", "employees"
            )
        )
        latest = {}
        for visit in visits:
            latest.setdefault(visit.business_id, visit)
        problems = set(
            EquipmentCheck.objects.filter(
                visit__in=[v.pk for v in latest.values()], condition__in=EquipmentCheck.PROBLEMS
            ).values_list("visit__business_id", flat=True)
        )
        grants = Grant.objects.all()
        used = grants.filter(businesses__isnull=False).distinct().count()
        self.stdout.write(
            f"Businesses: {len(businesses)} (for {used} of {grants.count()} grants; "
            f"{len(businesses) - len(latest)} never visited); visits: {len(visits)}."
        )
        statuses = Counter(v.status for v in latest.values())
        self.stdout.write(
            "Latest visits: "
            + ", ".join(
                f"{label} {statuses[value]}"
                for value, label in FollowUpVisit.Status.choices
                if statuses[value]
            )
            + "."
        )

        # The worklist reasons, counted in clients (a client can have several).
        last_visit = {}
        for business in businesses:
            visit = latest.get(business.pk)
            if visit and visit.visited_on > last_visit.get(business.client_id, date.min):
                last_visit[business.client_id] = visit.visited_on
        regency = dict(Client.objects.filter(grants__isnull=False).values_list("pk", "regency_id"))
        reasons = {r: set() for r in (NO_VISIT, NEEDS_HELP, EQUIPMENT_PROBLEM, DOING_FINE)}
        for client_id in regency:
            if last_visit.get(client_id, date.min) < today - SIX_MONTHS:
                reasons[NO_VISIT].add(client_id)
        for business in businesses:
            visit = latest.get(business.pk)
            if visit is None:
                continue
            if visit.status in FollowUpVisit.NEEDS_HELP:
                reasons[NEEDS_HELP].add(business.client_id)
            if business.pk in problems:
                reasons[EQUIPMENT_PROBLEM].add(business.client_id)
            if (
                visit.status == FollowUpVisit.Status.DEVELOPING
                and visit.visited_on >= today - timedelta(days=61)
                and business.pk not in problems
            ):
                reasons[DOING_FINE].add(business.client_id)
        self.stdout.write("Worklist (clients; Kota Malang, Kabupaten Bojonegoro):")
        for reason, clients in reasons.items():
            where = Counter(regency.get(c) for c in clients)
            self.stdout.write(f"  {reason}: {len(clients)} ({where[MALANG]}, {where[BOJONEGORO]})")

        business = Business.objects.filter(
            client__nik=DEMO_WHEELCHAIR_CLIENT_NIK, name=DEMO_WHEELCHAIR_BUSINESS_NAME
        ).first()
        visit = latest.get(business.pk) if business else None
        if visit:
            self.stdout.write(
                f"Fixed demo client: {DEMO_WHEELCHAIR_CLIENT_NAME}, {business.name}; latest "
                f"visit {date_format(visit.visited_on, 'j F Y')}: {rupiah(visit.net_income)} "
                f"a month, {visit.employees} employees, {visit.get_status_display()}."
            )
