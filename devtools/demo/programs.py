"""The demo's training programs, cohorts and enrolments (`manage.py seed_demo_programs`),
and the equipment grants after them (devtools/demo/grants.py), for the development server.

`make run` calls the command right after `seed_demo`, on every start, so it is idempotent:
nothing is created when the demo programs exist already (`demo_programs_exist`). It needs
the demo users and clients of `seed_demo` (`registry_check`).

Everything goes through the services (`batch_create`, `enrolment_create`, `enrolment_update`,
`grant_hand_over`), with the dates a worker would have recorded: enrolment (`enrolled_on`) a
few weeks before the cohort starts (well after it opened for enrolment, ENROLMENT_OPENS_MONTHS
before the start), attendance from its first day, completion (with a certificate number) on
its last day, and the equipment handed over shortly after. Whether a cohort is finished,
running or still to come is decided against today, so the data stays plausible whenever it
is created. What the programs and cohorts are: devtools/demo/trainings.py.

The fixed demo client of `seed_demo` (Siti Aminah, the wheelchair user from Bojonegoro)
completes the sewing cohort DEMO_SEWING_BATCH_NAME of DEMO_SEWING_PROGRAM_NAME and receives
one sewing machine and one overlock machine afterwards; later demo features (follow-up
visits) find these with `demo_wheelchair_enrolment()` and `demo_wheelchair_grant()`
(devtools/demo/story.py).
"""

import datetime
import random
from collections import Counter, defaultdict

from django.core.management.base import CommandError
from django.db.models import Prefetch
from django.utils import timezone

from beneficiaries.models import Client, DisabilityType, ServiceUnit
from programs import services
from programs.models import Enrolment, FundingSource, SkillArea, TrainingProgram

from .drawing import age, round_to, weekdays, working_day
from .grants import GrantWriter
from .story import (
    BOJONEGORO,
    DEMO_SEWING_BATCH_NAME,
    DEMO_SEWING_PROGRAM_NAME,
    DEMO_SEWING_UNIT_NAME,
    DEMO_WHEELCHAIR_CLIENT_CERTIFICATE,
    DEMO_WHEELCHAIR_CLIENT_INCOME_BEFORE,
    DEMO_WHEELCHAIR_CLIENT_NAME,
    DEMO_WHEELCHAIR_CLIENT_NIK,
    DEMO_WHEELCHAIR_CLIENT_SESSIONS,
    MALANG,
)
from .trainings import (
    AGE_RANGE,
    BATCHES,
    FAILED_SHARE,
    INCOME_KNOWN_SHARE,
    PROGRAM_NAMES,
    PROGRAMS,
    ROMAN,
    SECOND_TRAINING_SHARE,
    SEX_WEIGHTS,
    TRAINED_SHARE,
    TRAINED_SHARE_WORKERS,
    UNITS,
    VENUES,
    WITHDREW_SHARE,
    BatchSpec,
    Planned,
    by_name,
    units_for,
)
from .users import RECORDERS, recorder, recorders


def registry_check() -> dict:
    """The demo users who record the programs (devtools/demo/users.py), by username; refuse
    (CommandError) unless they and seed_demo's clients, the fixed one included, exist."""
    users = recorders()
    if (
        len(users) < len(RECORDERS)
        or not Client.objects.filter(nik=DEMO_WHEELCHAIR_CLIENT_NIK).exists()
        or not Client.objects.exclude(nik=DEMO_WHEELCHAIR_CLIENT_NIK).exists()
    ):
        raise CommandError(
            "The demo users and clients are missing (the programs need those of seed_demo, "
            f"{DEMO_WHEELCHAIR_CLIENT_NAME} included). Run `python manage.py seed_demo` first."
        )
    return users


def demo_programs_exist() -> bool:
    return TrainingProgram.objects.filter(name__in=PROGRAM_NAMES).exists()


class ProgramGenerator:
    """Draws the cohorts' participants and outcomes from one seeded generator and records
    them through the services, in the order a worker would have."""

    def __init__(self, *, seed: int, users: dict):
        self.rng = random.Random(seed)  # noqa: S311 - fictitious trainings, not secrets
        self.users = users
        self.today = timezone.localdate()
        self.skill_areas = {s.name: s for s in SkillArea.objects.all()}
        self.funding = {f.name: f for f in FundingSource.objects.all()}
        units = {u.name: u for u in ServiceUnit.objects.filter(kind=ServiceUnit.Kind.UPT)}
        self.units = {}
        for key, (name, _code) in UNITS.items():
            if name not in units:
                raise CommandError(f"Service unit {name!r} is missing; run migrate.")
            self.units[key] = units[name]
        self.specs = [
            BatchSpec(s.program, s.unit, s.start, s.end, s.capacity, s.venue, s.held_in)
            for s in BATCHES
        ]
        self._name_batches()

    # -- the plan -------------------------------------------------------------------------

    def _name_batches(self):
        numbers = Counter()
        for spec in sorted(self.specs, key=lambda s: s.start):
            key = (spec.program, spec.start.year)
            numbers[key] += 1
            spec.name = f"Angkatan {ROMAN[numbers[key] - 1]} {spec.start.year}"
        sewing = [
            s
            for s in self.specs
            if PROGRAMS[s.program][0] == DEMO_SEWING_PROGRAM_NAME
            and s.name == DEMO_SEWING_BATCH_NAME
        ]
        assert len(sewing) == 1 and UNITS[sewing[0].unit][0] == DEMO_SEWING_UNIT_NAME
        self.sewing_spec = sewing[0]

    def _clients(self) -> list[Client]:
        return list(
            Client.objects.exclude(status=Client.Status.DECEASED)
            .prefetch_related(
                "ppks_types",
                Prefetch("disabilities", queryset=DisabilityType.objects.select_related("kind")),
            )
            .order_by("id")
        )

    def _fits(self, client: Client, units: set[str], spec: BatchSpec) -> float:
        """How strongly a cohort suits a client (0: not at all)."""
        if spec.unit not in units or len(spec.clients) >= spec.capacity:
            return 0.0
        if client.birth_date and not (
            AGE_RANGE[0] <= age(client.birth_date, spec.start) <= AGE_RANGE[1]
        ):
            return 0.0
        weight = SEX_WEIGHTS[spec.program][client.sex]
        if client.status == Client.Status.CLIENT:
            # Living in a UPT now: trained there, in a recent cohort.
            if client.service_unit_id != self.units[spec.unit].pk or spec.start.year < 2024:
                return 0.0
        elif client.status == Client.Status.MOVED:
            if spec.start.year > 2022:
                return 0.0
            weight *= 0.5
        if spec.held_in:
            weight *= 6.0 if client.regency_id == spec.held_in else 0.3
        return weight / (1 + len(spec.clients))  # spread the demo clients over the cohorts

    def _choose(self, client, units, specs):
        weights = [self._fits(client, units, s) for s in specs]
        if not any(weights):
            return None
        return self.rng.choices(specs, weights=weights)[0]

    def _plan(self, clients: list[Client]) -> list[Planned]:
        siti = next(c for c in clients if c.nik == DEMO_WHEELCHAIR_CLIENT_NIK)
        self.sewing_spec.clients.append(siti)
        planned = [Planned(self.sewing_spec, siti, siti=True)]
        others = [c for c in clients if c.pk != siti.pk]
        self.rng.shuffle(others)
        first = {}
        for client in others:
            units = units_for(client)
            if not units:
                continue
            share = (
                TRAINED_SHARE_WORKERS
                if client.regency_id in (MALANG, BOJONEGORO)
                else TRAINED_SHARE
            )
            if self.rng.random() >= share:
                continue
            spec = self._choose(client, units, self.specs)
            if spec:
                spec.clients.append(client)
                planned.append(Planned(spec, client))
                first[client.pk] = spec
        # A few come back for a second skill, after the first cohort.
        for client in others:
            done = first.get(client.pk)
            if not done or self.rng.random() >= SECOND_TRAINING_SHARE:
                continue
            later = [s for s in self.specs if s.program != done.program and s.start > done.end]
            spec = self._choose(client, units_for(client), later)
            if spec:
                spec.clients.append(client)
                planned.append(Planned(spec, client))
        return planned

    # -- writing ------------------------------------------------------------------------

    def create(self):
        programs = {}
        for key, (name, skill, funding, active, description) in PROGRAMS.items():
            program = TrainingProgram(
                name=name,
                skill_area=by_name(self.skill_areas, skill, "Skill area"),
                funding_source=by_name(self.funding, funding, "Funding source"),
                description=description,
                active=active,
            )
            # There is no service for programs: they are reference data, kept in admin.
            program.full_clean()
            program.save()
            programs[key] = program
        for spec in self.specs:
            spec.batch = services.batch_create(
                program=programs[spec.program],
                name=spec.name,
                service_unit=self.units[spec.unit],
                venue=spec.venue or VENUES[spec.unit],
                start_date=spec.start,
                end_date=spec.end,
                capacity=spec.capacity,
            )
        planned = self._plan(self._clients())
        self._enrol(planned)
        # The clients again: those without a training may receive a grant all the same.
        GrantWriter(
            rng=self.rng,
            today=self.today,
            users=self.users,
            specs=self.specs,
            sewing_spec=self.sewing_spec,
        ).write(planned, self._clients())

    def _income_before(self) -> int | None:
        if self.rng.random() >= INCOME_KNOWN_SHARE:
            return None
        if self.rng.random() < 0.15:
            return 0  # no income at all before the training
        return round_to(self.rng.triangular(50_000, 1_500_000, 350_000))

    def _enrol(self, planned: list[Planned]):
        rng, today = self.rng, self.today
        dated = []
        for p in planned:
            enrolled_on = p.spec.start - datetime.timedelta(days=rng.randint(5, 35))
            dated.append((min(working_day(enrolled_on), today), p))
        dated.sort(key=lambda pair: (pair[0], pair[1].client.pk))
        for enrolled_on, p in dated:
            p.enrolment = services.enrolment_create(
                batch=p.spec.batch,
                client=p.client,
                enrolled_by=recorder(self.users, p.client),
                enrolled_on=enrolled_on,
                income_before=(
                    DEMO_WHEELCHAIR_CLIENT_INCOME_BEFORE if p.siti else self._income_before()
                ),
            )
        certificates = self._certificate_numbers(planned)
        for p in planned:
            self._progress(p, certificates)

    def _progress(self, p: Planned, certificates: dict):
        """Move an enrolment through the statuses its cohort's dates allow by today."""
        rng, today, spec = self.rng, self.today, p.spec
        if spec.start > today:
            return  # still registered
        changed_by = recorder(self.users, p.client)
        total = weekdays(spec.start, spec.end)
        services.enrolment_update(
            enrolment=p.enrolment,
            changed_by=changed_by,
            on=spec.start,
            status=Enrolment.Status.ATTENDING,
        )
        outcome = certificates.get(p.enrolment.pk)
        if outcome == Enrolment.Status.WITHDREW:
            last_day = spec.start + datetime.timedelta(days=rng.randint(5, 40))
            last_day = min(today, working_day(last_day))
            services.enrolment_update(
                enrolment=p.enrolment,
                changed_by=changed_by,
                on=last_day,
                status=Enrolment.Status.WITHDREW,
                sessions_attended=max(1, int(weekdays(spec.start, last_day) * 0.8)),
            )
        elif spec.end >= today:
            services.enrolment_update(
                enrolment=p.enrolment,
                changed_by=changed_by,
                on=today,
                sessions_attended=int(weekdays(spec.start, today) * rng.uniform(0.8, 1.0)),
            )
        elif outcome == Enrolment.Status.FAILED:
            services.enrolment_update(
                enrolment=p.enrolment,
                changed_by=changed_by,
                on=spec.end,
                status=Enrolment.Status.FAILED,
                sessions_attended=int(total * rng.uniform(0.45, 0.75)),
            )
        else:
            services.enrolment_update(
                enrolment=p.enrolment,
                changed_by=changed_by,
                on=spec.end,
                status=Enrolment.Status.COMPLETED,
                completed_on=spec.end,
                certificate_number=outcome,
                # A completion needs a session at least (Enrolment.clean()).
                sessions_attended=(
                    DEMO_WHEELCHAIR_CLIENT_SESSIONS
                    if p.siti
                    else max(1, total - rng.randint(0, max(1, total // 10)))
                ),
            )

    def _certificate_numbers(self, planned: list[Planned]) -> dict:
        """Each enrolment's outcome: WITHDREW, FAILED or the certificate number of a finished
        cohort (SERT/RSBD/2024/017), numbered per UPT and year among all its participants."""
        rng, today = self.rng, self.today
        by_spec = defaultdict(list)
        for p in planned:
            by_spec[id(p.spec)].append(p)
        offsets = Counter()  # places of the UPT's earlier cohorts that year
        outcomes = {}
        for spec in sorted(self.specs, key=lambda s: s.start):
            code = UNITS[spec.unit][1]
            offset = offsets[(code, spec.end.year)]
            offsets[(code, spec.end.year)] += spec.capacity
            completed = []
            for p in sorted(by_spec[id(spec)], key=lambda p: p.client.name_normalized):
                roll = rng.random()
                if p.siti:
                    completed.append(p)
                elif spec.start <= today and roll < WITHDREW_SHARE:
                    outcomes[p.enrolment.pk] = Enrolment.Status.WITHDREW
                elif spec.end < today and roll < WITHDREW_SHARE + FAILED_SHARE:
                    outcomes[p.enrolment.pk] = Enrolment.Status.FAILED
                elif spec.end < today:
                    completed.append(p)
            if not completed:
                continue
            numbers = list(range(offset + 1, offset + spec.capacity + 1))
            fixed = {}
            if any(p.siti for p in completed):
                siti_number = int(DEMO_WHEELCHAIR_CLIENT_CERTIFICATE.rsplit("/", 1)[1])
                numbers.remove(siti_number)
                fixed = {True: siti_number}
            drawn = iter(sorted(rng.sample(numbers, len(completed) - len(fixed))))
            for p in completed:
                number = fixed[True] if p.siti else next(drawn)
                outcomes[p.enrolment.pk] = f"SERT/{code}/{spec.end.year}/{number:03d}"
        return outcomes
