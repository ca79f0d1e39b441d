"""The equipment grants of the demo programs (`seed_demo_programs`): most graduates of a
finished cohort receive the equipment of its skill at a hand-over ceremony a few weeks after
the last day (some later, at home), and a few former clients with a small business receive
one without a training. BAST numbers run per year in the order of the hand-overs, as the
office numbers them. Siti Aminah's grant is fixed (devtools/demo/story.py).
"""

import datetime
import random
from collections import Counter

from beneficiaries.models import Client
from programs import services
from programs.models import Enrolment, EquipmentType, FundingSource, Grant

from .drawing import round_to, working_day
from .story import (
    BOJONEGORO,
    DEMO_WHEELCHAIR_CLIENT_BAST,
    DEMO_WHEELCHAIR_CLIENT_EQUIPMENT,
    DEMO_WHEELCHAIR_CLIENT_HANDED_OVER_ON,
    MALANG,
)
from .trainings import (
    DIRECT_GRANT_NOTE,
    DIRECT_GRANTS,
    GRANT_NOTES,
    GRANT_SHARE,
    OTHER_FUNDING_SHARE,
    PROGRAMS,
    SERIAL_PREFIXES,
    BatchSpec,
    Planned,
    by_name,
    units_for,
)
from .users import recorder


class GrantWriter:
    """Plans the grants of the enrolments a ProgramGenerator recorded, drawing from its
    generator (so that one seed gives the same grants), and records them."""

    def __init__(
        self,
        *,
        rng: random.Random,
        today: datetime.date,
        users: dict,
        specs: list[BatchSpec],
        sewing_spec: BatchSpec,
    ):
        self.rng, self.today, self.users = rng, today, users
        self.specs, self.sewing_spec = specs, sewing_spec
        self.funding = {f.name: f for f in FundingSource.objects.all()}
        self.equipment = {e.name: e for e in EquipmentType.objects.all()}
        self.used_bast = set(Grant.objects.values_list("bast_number", flat=True))

    def write(self, planned: list[Planned], clients: list[Client]):
        """Plan every grant, then number the BASTs per year in date order and record them.
        `clients`: who could receive a grant without a training (besides `planned`)."""
        rng, today = self.rng, self.today
        grants = []  # (date, Planned, funding source name, items, notes, bast)
        ceremonies = {
            id(spec): working_day(spec.end + datetime.timedelta(days=rng.randint(10, 35)))
            for spec in self.specs
        }
        ceremonies[id(self.sewing_spec)] = DEMO_WHEELCHAIR_CLIENT_HANDED_OVER_ON
        for p in planned:
            if p.enrolment.status != Enrolment.Status.COMPLETED:
                continue
            ceremony = ceremonies[id(p.spec)]
            if p.siti:
                items = [(name, 1) for name in DEMO_WHEELCHAIR_CLIENT_EQUIPMENT]
                grants.append(
                    (
                        ceremony,
                        p,
                        PROGRAMS["jahit"][2],
                        items,
                        GRANT_NOTES[3],
                        DEMO_WHEELCHAIR_CLIENT_BAST,
                    )
                )
                continue
            if ceremony > today or rng.random() >= GRANT_SHARE[p.spec.program]:
                continue
            on = ceremony
            if rng.random() < 0.15:  # delivered later, at home
                on = ceremony + datetime.timedelta(days=rng.randint(7, 60))
                on = min(today, working_day(on))
            funding = PROGRAMS[p.spec.program][2]
            if rng.random() < OTHER_FUNDING_SHARE:
                funding = rng.choice(["CSR", "Hibah/donasi", "APBD Kabupaten/Kota"])
            items = self._equipment_for(p.spec.program)
            grants.append((on, p, funding, items, rng.choice(GRANT_NOTES), None))
        grants += self._direct_grants(planned, clients)

        grants.sort(key=lambda g: (g[0], g[1].client.pk))
        sequence = Counter()
        for on, p, funding, items, notes, bast in grants:
            if bast is None:
                while True:
                    sequence[on.year] += rng.randint(1, 5)
                    bast = f"BAST/DINSOS-JATIM/{on.year}/{sequence[on.year]:04d}"
                    if bast not in self.used_bast and bast != DEMO_WHEELCHAIR_CLIENT_BAST:
                        break
            self.used_bast.add(bast)
            services.grant_hand_over(
                client=p.client,
                recorded_by=recorder(self.users, p.client),
                handed_over_on=on,
                bast_number=bast,
                funding_source=by_name(self.funding, funding, "Funding source"),
                items=self._items(items, on.year),
                enrolment=p.enrolment,
                notes=notes,
            )

    def _direct_grants(self, planned: list[Planned], clients: list[Client]):
        """A few grants without a training, to former clients with a small business."""
        rng, today = self.rng, self.today
        enrolled = {p.client.pk for p in planned}
        candidates = [
            c
            for c in clients
            if c.pk not in enrolled
            and c.status == Client.Status.FORMER_CLIENT
            and "karya" in units_for(c)
        ]
        # One for a client of each demo worker (Bojonegoro first: APBD Kabupaten/Kota).
        chosen = []
        for code in (BOJONEGORO, MALANG):
            theirs = [c for c in candidates if c.regency_id == code]
            if theirs:
                chosen.append(rng.choice(theirs))
        rest = [c for c in candidates if c not in chosen]
        chosen += rng.sample(rest, min(len(DIRECT_GRANTS) - len(chosen), len(rest)))
        grants = []
        for client, (items, funding) in zip(chosen, DIRECT_GRANTS, strict=False):
            on = working_day(today - datetime.timedelta(days=rng.randint(30, 3 * 365)))
            grants.append((on, Planned(None, client), funding, items, DIRECT_GRANT_NOTE, None))
        return grants

    # -- the items ------------------------------------------------------------------------

    def _equipment_for(self, program: str) -> list[tuple[str, int]]:
        rng = self.rng
        if program == "jahit":
            chosen = [("Mesin jahit", 1)]
            if rng.random() < 0.6:
                chosen.append(("Mesin obras", 1))
            elif rng.random() < 0.1:
                chosen.append(("Mesin bordir", 1))
        elif program == "boga":
            chosen = [("Kompor gas dan tabung", 1)]
            chosen += [
                (n, 1) for n, share in (("Oven", 0.6), ("Mixer", 0.7)) if rng.random() < share
            ]
            if rng.random() < 0.2:
                chosen.append(("Etalase", 1))
        elif program == "salon":
            chosen = [("Peralatan salon", 1)]
        elif program == "kriya":
            chosen = [rng.choice([("Peralatan pertukangan", 1), ("Etalase", 1)])]
        else:
            chosen = [("Peralatan pangkas rambut", 1)]
        return chosen

    def _items(self, names_quantities, year: int) -> list[services.ItemInput]:
        items = []
        for name, quantity in names_quantities:
            equipment = by_name(self.equipment, name, "Equipment type")
            items.append(
                services.ItemInput(
                    equipment_type=equipment,
                    quantity=quantity,
                    unit_value=self._unit_value(equipment, year),
                    serial_numbers=self._serials(name, quantity, year),
                )
            )
        return items

    def _unit_value(self, equipment: EquipmentType, year: int) -> int | None:
        """Mostly the standard value; older grants were often cheaper, a few differ."""
        roll = self.rng.random()
        if year <= 2022 and roll < 0.5:
            return round_to(equipment.standard_value * self.rng.uniform(0.8, 0.95))
        if roll < 0.08:
            return round_to(equipment.standard_value * self.rng.uniform(0.9, 1.1))
        return None

    def _serials(self, name: str, quantity: int, year: int) -> str:
        prefix = SERIAL_PREFIXES.get(name)
        if not prefix:
            return ""
        return ", ".join(
            f"SN-{prefix}{year % 100:02d}-{self.rng.randint(10_000, 999_999):06d}"
            for _ in range(quantity)
        )
