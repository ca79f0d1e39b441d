"""The demo's businesses of the grantees and their follow-up visits (`manage.py
seed_demo_visits`), for the development server.

`make run` calls the command right after `seed_demo_programs`, on every start, so it is
idempotent: nothing is created when the fixed demo business exists already
(`demo_businesses_exist`). It needs the grants of `seed_demo_programs` (`grants_check`).

Everything goes through the services (`business_register`, `visit_record`). About 85 % of
the grantees started a business shortly after the hand-over (named and classed after the
skill of their training, or the equipment of a grant without one); the others never did.
Each business follows one story, drawn from a seeded generator: it grows, stays flat, has
not got going yet, closes (its equipment later sold or broken), lost a piece of equipment,
or simply has not been visited for a long time, or ever. Visits come every three to nine
months, by the demo worker of the client's regency (the admin elsewhere), never in the
future and never before the hand-over, and check every granted item each time. The clients
of the demo workers (Kota Malang, Kabupaten Bojonegoro) go through the stories in turn, so
each worker's worklist has clients for every reason, and some who are doing fine. The
stories, sectors, names and notes: devtools/demo/businesses.py.

The fixed demo client of `seed_demo` (Siti Aminah, the wheelchair user from Bojonegoro)
runs DEMO_WHEELCHAIR_BUSINESS_NAME with the sewing and overlock machine of her grant; it
grows steadily, and her latest visit (`demo_wheelchair_latest_visit_on()`) finds
DEMO_WHEELCHAIR_LATEST_NET_INCOME a month, DEMO_WHEELCHAIR_LATEST_EMPLOYEES employees, the
business developing and both machines in use. Find it with `demo_wheelchair_business()`
(devtools/demo/story.py).
"""

import datetime
import random

from django.core.management.base import CommandError
from django.utils import timezone

from beneficiaries.models import Client
from programs import services
from programs.models import Business, Grant, SupportKind

from .businesses import (
    CLOSED,
    CLOSED_CONDITIONS,
    EQUIPMENT_NOTES,
    EQUIPMENT_SECTORS,
    FOOD_CART_NAMES,
    NAMES,
    NEVER,
    NONE,
    NOTES,
    NOTHING,
    REPAIR,
    SCENARIO_WEIGHTS,
    SKILL_SECTORS,
    STALE,
    SUPPORT,
    WORKER_CYCLE,
    WORKER_CYCLE_OFFSET,
    Condition,
    Sector,
    Status,
    calling_name,
)
from .drawing import round_to, weighted
from .story import (
    BOJONEGORO,
    DEMO_WHEELCHAIR_BUSINESS_NAME,
    DEMO_WHEELCHAIR_BUSINESS_PRODUCTS,
    DEMO_WHEELCHAIR_BUSINESS_SECTOR,
    DEMO_WHEELCHAIR_BUSINESS_STARTED_ON,
    DEMO_WHEELCHAIR_CLIENT_BAST,
    DEMO_WHEELCHAIR_CLIENT_NAME,
    DEMO_WHEELCHAIR_CLIENT_NIK,
    DEMO_WHEELCHAIR_EARLIER_VISITS,
    DEMO_WHEELCHAIR_LATEST_EMPLOYEES,
    DEMO_WHEELCHAIR_LATEST_NET_INCOME,
    DEMO_WHEELCHAIR_LATEST_NOTES,
    DEMO_WHEELCHAIR_LATEST_REVENUE,
    DEMO_WHEELCHAIR_LATEST_STATUS,
    DEMO_WHEELCHAIR_LATEST_SUPPORT,
    MALANG,
    demo_wheelchair_latest_visit_on,
)
from .trajectories import Visit, trajectory, visit_dates, visit_revenue
from .users import RECORDERS, recorder, recorders

days = datetime.timedelta


def grants_check() -> dict:
    """The demo users who record the visits (devtools/demo/users.py), by username; refuse
    (CommandError) unless they and the grants of seed_demo_programs, the fixed client's
    included, exist."""
    users = recorders()
    grant_exists = Grant.objects.filter(
        bast_number=DEMO_WHEELCHAIR_CLIENT_BAST, client__nik=DEMO_WHEELCHAIR_CLIENT_NIK
    ).exists()
    if len(users) < len(RECORDERS) or not grant_exists:
        raise CommandError(
            "The demo grants are missing (the visits need those of seed_demo_programs, "
            f"{DEMO_WHEELCHAIR_CLIENT_NAME}'s included). Run `python manage.py seed_demo` "
            "and `python manage.py seed_demo_programs` first."
        )
    return users


def demo_businesses_exist() -> bool:
    return Business.objects.filter(
        client__nik=DEMO_WHEELCHAIR_CLIENT_NIK, name=DEMO_WHEELCHAIR_BUSINESS_NAME
    ).exists()


class VisitGenerator:
    """Draws each grant's story from one seeded generator and records the business and its
    visits through the services, oldest visit first."""

    def __init__(self, *, seed: int, users: dict):
        self.rng = random.Random(seed)  # noqa: S311 - fictitious businesses, not secrets
        self.users = users
        self.today = timezone.localdate()
        self.support = {s.name: s for s in SupportKind.objects.all()}
        needed = {n for choices in SUPPORT.values() for names in choices for n in names}
        missing = (needed | {REPAIR}) - set(self.support)
        if missing:
            raise CommandError(f"Kinds of support {sorted(missing)} are missing; run migrate.")
        self.used_names = set(Business.objects.values_list("name", flat=True))
        self.businesses = 0
        self.visits = 0

    def create(self) -> tuple[int, int]:
        grants = list(
            Grant.objects.filter(businesses__isnull=True)  # none registered by hand already
            .select_related("client", "enrolment__batch__program__skill_area")
            .prefetch_related("items__equipment_type")
            .order_by("handed_over_on", "id")
        )
        siti = next(g for g in grants if g.bast_number == DEMO_WHEELCHAIR_CLIENT_BAST)
        scenarios = self._scenarios([g for g in grants if g.pk != siti.pk])
        self._siti(siti)
        for grant in grants:
            if grant.pk != siti.pk:
                self._story(grant, scenarios[grant.pk])
        return self.businesses, self.visits

    def _scenarios(self, grants: list[Grant]) -> dict:
        rng = self.rng
        chosen = {}
        for offset, code in enumerate((MALANG, BOJONEGORO)):
            theirs = [g for g in grants if g.client.regency_id == code]
            rng.shuffle(theirs)
            for i, grant in enumerate(theirs, start=offset * WORKER_CYCLE_OFFSET):
                chosen[grant.pk] = WORKER_CYCLE[i % len(WORKER_CYCLE)]
        for grant in grants:
            if grant.pk in chosen:
                continue
            if grant.client.status == Client.Status.MOVED:
                # Gone from the regency: not followed up for a long time, if ever.
                chosen[grant.pk] = rng.choice([NONE, NEVER, STALE, CLOSED])
            else:
                chosen[grant.pk] = weighted(rng, SCENARIO_WEIGHTS.items())
        return chosen

    # -- businesses -----------------------------------------------------------------------

    def _sector(self, grant: Grant) -> str:
        if grant.enrolment:
            skill = grant.enrolment.batch.program.skill_area.name
            if skill in SKILL_SECTORS:
                return SKILL_SECTORS[skill]
        for item in grant.items.all():
            if item.equipment_type.name in EQUIPMENT_SECTORS:
                return EQUIPMENT_SECTORS[item.equipment_type.name]
        return Sector.SERVICES

    def _name_and_products(self, grant: Grant, sector: str) -> tuple[str, str]:
        rng, client = self.rng, grant.client
        equipment = {i.equipment_type.name for i in grant.items.all()}
        if sector == Sector.FOOD and "Gerobak dagang" in equipment:
            templates = FOOD_CART_NAMES
        else:
            templates = NAMES.get(sector, [("Usaha {t} {n}", "")])
        title = "Bu" if client.sex == Client.Sex.FEMALE else "Pak"
        names = [(t.format(t=title, n=calling_name(client)), p) for t, p in templates]
        fresh = [(n, p) for n, p in names if n not in self.used_names]
        name, products = rng.choice(fresh or names)
        if name in self.used_names:
            name = f"{name} {client.pk}"
        self.used_names.add(name)
        return name, products

    def _register(self, grant: Grant, **fields) -> Business:
        business = services.business_register(
            client=grant.client,
            registered_by=recorder(self.users, grant.client),
            grants=[grant],
            village=grant.client.village,
            **fields,
        )
        self.businesses += 1
        return business

    # -- visits ---------------------------------------------------------------------------

    def _record(self, business, grant, visit: Visit, *, support, notes, equipment):
        services.visit_record(
            business=business,
            visited_by=recorder(self.users, grant.client),
            visited_on=visit.on,
            net_income=visit.net_income,
            revenue=visit_revenue(self.rng, visit),
            employees=visit.employees,
            status=visit.status,
            support=[self.support[name] for name in support],
            notes=notes,
            equipment=equipment,
        )
        self.visits += 1

    def _siti(self, grant: Grant):
        business = self._register(
            grant,
            name=DEMO_WHEELCHAIR_BUSINESS_NAME,
            sector=DEMO_WHEELCHAIR_BUSINESS_SECTOR,
            products=DEMO_WHEELCHAIR_BUSINESS_PRODUCTS,
            started_on=DEMO_WHEELCHAIR_BUSINESS_STARTED_ON,
        )
        latest_on = demo_wheelchair_latest_visit_on(self.today)
        in_use = dict.fromkeys(grant.items.all(), Condition.IN_USE)
        for on, income, revenue, employees, support, notes in DEMO_WHEELCHAIR_EARLIER_VISITS:
            if on > latest_on - days(60):
                continue
            services.visit_record(
                business=business,
                visited_by=recorder(self.users, grant.client),
                visited_on=on,
                net_income=income,
                revenue=revenue,
                employees=employees,
                status=Status.DEVELOPING,
                support=[self.support[name] for name in support],
                notes=notes,
                equipment=in_use,
            )
            self.visits += 1
        services.visit_record(
            business=business,
            visited_by=recorder(self.users, grant.client),
            visited_on=latest_on,
            net_income=DEMO_WHEELCHAIR_LATEST_NET_INCOME,
            revenue=DEMO_WHEELCHAIR_LATEST_REVENUE,
            employees=DEMO_WHEELCHAIR_LATEST_EMPLOYEES,
            status=DEMO_WHEELCHAIR_LATEST_STATUS,
            support=[self.support[DEMO_WHEELCHAIR_LATEST_SUPPORT]],
            notes=DEMO_WHEELCHAIR_LATEST_NOTES,
            equipment=in_use,
        )
        self.visits += 1

    def _story(self, grant: Grant, scenario: str):
        rng, today = self.rng, self.today
        if scenario == NONE:
            return
        sector = self._sector(grant)
        name, products = self._name_and_products(grant, sector)
        started_on = min(today, grant.handed_over_on + days(rng.randint(3, 45)))
        business = self._register(
            grant, name=name, sector=sector, products=products, started_on=started_on
        )
        if scenario == NEVER:
            return
        dates = visit_dates(rng, today, started_on, scenario)
        if not dates:
            return
        baseline = grant.enrolment.income_before if grant.enrolment else None
        if baseline is None:
            baseline = round_to(rng.triangular(0, 1_000_000, 300_000))
        plan = trajectory(rng, scenario, dates, started_on, baseline, sector)
        items = list(grant.items.all())
        broken = rng.choice(items)
        conditions = dict.fromkeys(items, Condition.IN_USE)
        for visit in plan:
            notes = [rng.choice(NOTES[visit.status])]
            support = list(rng.choice(SUPPORT[visit.status]))
            if visit.closed_condition:
                for item in items:
                    if conditions[item] == Condition.IN_USE:
                        conditions[item] = weighted(rng, CLOSED_CONDITIONS.items())
                notes.insert(
                    0,
                    " ".join(
                        EQUIPMENT_NOTES[c].format(item=item.equipment_type.name)
                        for item, c in conditions.items()
                        if c != Condition.IN_USE
                    ),
                )
            elif visit.problem or visit.repaired:
                conditions[broken] = visit.problem or Condition.BROKEN
                note = EQUIPMENT_NOTES[conditions[broken]]
                notes.insert(0, note.format(item=broken.equipment_type.name))
                if conditions[broken] == Condition.BROKEN:
                    support = [s for s in support if s != NOTHING] + [REPAIR]
            elif conditions[broken] == Condition.BROKEN:
                conditions[broken] = Condition.IN_USE  # repaired since
                notes.insert(0, f"{broken.equipment_type.name} sudah diperbaiki.")
            self._record(
                business,
                grant,
                visit,
                support=support,
                notes=" ".join(n for n in notes if n),
                equipment=dict(conditions),
            )
