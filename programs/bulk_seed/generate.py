"""The synthetic registry, one client at a time, with everything that happens to them.

Clients are made in the order they were registered (from START to `until`), so
registration numbers, cohorts, grants and visits follow each other in time as in a real
office. For each client, in this order:

- the person: sex, birth date fitting the PPKS type, a real village of the province, a
  NIK made of the village's district code, the birth date (+40 on the day for women) and a
  serial counted per district and date (so NIKs are valid, consistent and unique), a
  family card number, name, address, phone, PPKS types, disabilities and devices, status
  and service unit, consent; sometimes a case note;
- trainings: most clients are enrolled in a cohort of a program, some in a second one;
  cohorts are opened as they fill (20 to 30 places) and their outcome (completed, did not
  pass, withdrew, still running) follows from their dates;
- grants: about two thirds of the completed trainings end with equipment handed over,
  the items fitting the program (sewing and overlock machines after sewing, ...);
- a business for most grantees, working with their grants;
- follow-up visits every three to eight months from the hand-over until `until` (or
  until the visits stop: a share is never followed up again, which is what the worklist
  is for), each with the condition of every granted item. A business has a fate
  (developing, flat, not yet developing, closed) its visits tell over time.

Everything is drawn from one `random.Random(seed)`: the same seed and `until` give the
same data on an empty database (ids and registration numbers continue from what is there).
"""

import datetime
import random
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from beneficiaries import roles
from beneficiaries.management.commands.seed_demo import (
    CASE_NOTES,
    CONSENT_NOTES,
    DEVICE_SHARE,
    DISABILITY_DEVICES,
    DISABILITY_KINDS,
    DISABILITY_TYPES,
    HOMELESS_PLACES,
    MULTIPLE_DISABILITY_SHARE,
    PHONE_PREFIXES,
    PPKS_MAIN,
)
from beneficiaries.models import (
    AssistiveDevice,
    CaseNote,
    Client,
    DisabilityType,
    PpksType,
    Regency,
    ServiceUnit,
    StaffScope,
    Village,
)
from beneficiaries.services import registration_numbers_allocate

from ..models import (
    Batch,
    Business,
    Enrolment,
    EquipmentCheck,
    EquipmentType,
    FollowUpVisit,
    FundingSource,
    Grant,
    GrantItem,
    SkillArea,
    SupportKind,
    TrainingProgram,
)
from .pools import (
    ARCHIVE_REASON,
    BUSINESS_WORDS,
    PROGRAM_WEIGHTS,
    PROGRAMS,
    SEX_PROGRAM_BIAS,
    VISIT_NOTES,
    NamePools,
)
from .tables import Table

START = datetime.date(2018, 1, 2)
WORKER_PREFIX = "seed-pekerja-"
HOMELESS_TYPES = ["Gelandangan", "Pengemis", "Pemulung"]
HOMELESS_SHARE = 0.06
NO_NIK_SHARE = {"homeless": 0.6, "other": 0.03}
ENROL_SHARE = 0.93
ENROL_SHARE_ELDERLY = 0.25
SECOND_ENROL_SHARE = 0.2
GRANT_SHARE = 0.7  # of completed trainings
BUSINESS_SHARE = 0.87  # of grantees
VISIT_STOP_SHARE = 0.045  # after each visit, the follow-up stops for good
FATES = [("berkembang", 45), ("stagnan", 22), ("belum_berkembang", 18), ("tutup", 15)]
ARCHIVED_SHARE = 0.003
CASE_NOTE_SHARE = 0.08
JAKARTA = ZoneInfo("Asia/Jakarta")


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=JAKARTA)


def _round(value: float, step: int = 50_000) -> int:
    return max(0, round(value / step) * step)


def _short(regency_name: str) -> str:
    for prefix in ("Kabupaten ", "Kota "):
        if regency_name.startswith(prefix):
            return regency_name.removeprefix(prefix)
    return regency_name


def seed_workers() -> dict[str, int]:
    """One social worker per regency of the province (who records its clients and visits),
    created once; username seed-pekerja-<regency code>. Returns regency code -> user id."""
    User = get_user_model()
    group = Group.objects.get(name=roles.SOCIAL_WORKER)
    workers = {}
    for regency in Regency.objects.in_province():
        user, created = User.objects.get_or_create(
            username=f"{WORKER_PREFIX}{regency.code}",
            defaults={"first_name": "Pekerja Sosial", "last_name": _short(regency.name)},
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
            user.groups.add(group)
            scope = StaffScope.objects.create(user=user)
            scope.regencies.add(regency)
        workers[regency.code] = user.pk
    return workers


class Seeder:
    """Makes the rows (see the module docstring); `flush()` writes what is pending."""

    def __init__(self, *, total: int, seed: int, until: datetime.date, now):
        self.total = total
        self.until = until
        self.rng = random.Random(seed)  # noqa: S311 - synthetic data, not secrets
        self.names = NamePools(seed)
        self._load_reference()
        self.workers = seed_workers()
        self.span_days = max((until - START).days, 1)
        self._tables(now)
        self.nik_serials: dict[str, int] = {}
        self.taken_niks = set(
            Client.objects.exclude(nik="").values_list("nik", flat=True).iterator(10_000)
        )
        self.open_batches: dict[int, list[dict]] = {}
        self.batch_numbers: dict[tuple[int, int], int] = {}
        self.pending_clients: list[list] = []

    # -- reference data ------------------------------------------------------------------

    def _load_reference(self):
        province = settings.PROVINCE_CODE
        self.villages = [
            (code, code[:8], code[:5])
            for code in Village.objects.filter(code__startswith=f"{province}.")
            .order_by("code")
            .values_list("code", flat=True)
        ]
        if not self.villages:
            raise ValueError("No villages: run `manage.py load_regions` first.")
        self.regency_names = dict(Regency.objects.in_province().values_list("code", "name"))
        self.ppks = dict(PpksType.objects.values_list("name", "id"))
        self.ppks_main = [(self.ppks[n], w, years) for n, w, years in PPKS_MAIN if n in self.ppks]
        self.ppks_weights = [w for _, w, _ in self.ppks_main]
        self.disability_ppks = self.ppks.get("Penyandang Disabilitas")
        self.elderly_ppks = self.ppks.get("Lanjut Usia Terlantar")
        self.poor_ppks = self.ppks.get("Fakir Miskin")
        types = {
            (kind, name): pk
            for kind, name, pk in DisabilityType.objects.values_list("kind__code", "name", "id")
        }
        self.disability_kinds = [(k, w) for k, w in DISABILITY_KINDS]
        self.disability_types = {
            kind: [(types[(kind, n)], n, w) for n, w in subtypes if (kind, n) in types]
            for kind, subtypes in DISABILITY_TYPES.items()
        }
        self.devices = dict(AssistiveDevice.objects.values_list("name", "id"))
        units = list(ServiceUnit.objects.values_list("id", "name", "kind", "regency_id"))
        self.upts = [(pk, name) for pk, name, kind, _ in units if kind == ServiceUnit.Kind.UPT]
        if not self.upts:
            raise ValueError("No UPT service units (they come with the migrations).")
        self.regency_offices = {
            regency: pk for pk, _, kind, regency in units if kind == ServiceUnit.Kind.REGENCY_OFFICE
        }
        self.upt_for_kind = {
            kind: [pk for pk, name in self.upts if fragment in name] or [self.upts[0][0]]
            for kind, fragment in (
                ("fisik", "Bina Daksa"),
                ("sensorik", "Bina Netra"),
                ("intelektual", "Bina Grahita"),
                ("mental", "Bina Laras"),
                ("elderly", "Tresna Werdha"),
                ("other", "Bina Karya"),
            )
        }
        equipment = {e.name: e for e in EquipmentType.objects.all()}
        funding = {f.name: f for f in FundingSource.objects.all()}
        skills = {s.name: s for s in SkillArea.objects.all()}
        self.funding_ids = [f.pk for f in funding.values()]
        self.programs = []
        for name, skill, fund, sector, products, items in PROGRAMS:
            program, _ = TrainingProgram.objects.get_or_create(
                name=name,
                defaults={"skill_area": skills[skill], "funding_source": funding[fund]},
            )
            self.programs.append(
                {
                    "id": program.pk,
                    "funding": program.funding_source_id,
                    "sector": sector,
                    "products": products,
                    "items": [
                        (equipment[t].pk, equipment[t].standard_value, q, share, t)
                        for t, q, share in items
                        if t in equipment
                    ],
                    "names": set(program.batches.values_list("name", flat=True)),
                }
            )
        self.support = dict(SupportKind.objects.values_list("name", "id"))
        self.support_none = self.support.pop("Tidak ada", None)
        self.support_ids = list(self.support.values())

    def _tables(self, now):
        def table(model, columns, own_ids=True):
            return Table(model, columns, now=now, own_ids=own_ids)

        through = Client._meta.get_field
        self.t = {
            "clients": table(Client, CLIENT_COLUMNS),
            "client_ppks": table(
                through("ppks_types").remote_field.through,
                ["client_id", "ppkstype_id"],
                own_ids=False,
            ),
            "client_disabilities": table(
                through("disabilities").remote_field.through,
                ["client_id", "disabilitytype_id"],
                own_ids=False,
            ),
            "client_devices": table(
                through("assistive_devices").remote_field.through,
                ["client_id", "assistivedevice_id"],
                own_ids=False,
            ),
            "case_notes": table(
                CaseNote, ["client_id", "author_id", "text", "created_at"], own_ids=False
            ),
            "batches": table(Batch, BATCH_COLUMNS),
            "enrolments": table(Enrolment, ENROLMENT_COLUMNS),
            "grants": table(Grant, GRANT_COLUMNS),
            "grant_items": table(GrantItem, GRANT_ITEM_COLUMNS),
            "businesses": table(Business, BUSINESS_COLUMNS),
            "business_grants": table(
                Business.grants.through, ["business_id", "grant_id"], own_ids=False
            ),
            "visits": table(FollowUpVisit, VISIT_COLUMNS),
            "checks": table(
                EquipmentCheck, ["visit_id", "grant_item_id", "condition"], own_ids=False
            ),
            "visit_support": table(
                FollowUpVisit.support.through,
                ["followupvisit_id", "supportkind_id"],
                own_ids=False,
            ),
        }

    # -- one client ----------------------------------------------------------------------

    def client(self, index: int) -> None:
        rng = self.rng
        t = self.t
        registered = START + datetime.timedelta(days=index * self.span_days // self.total)
        created_at = _at(registered, rng.randrange(7, 16), rng.randrange(60))
        village, district, regency = rng.choice(self.villages)
        worker = self.workers.get(regency)
        homeless = rng.random() < HOMELESS_SHARE
        if homeless:
            ppks = [self.ppks[rng.choice(HOMELESS_TYPES)]]
            years = (1955, 2005)
        else:
            main, _, years = rng.choices(self.ppks_main, weights=self.ppks_weights)[0]
            ppks = [main]
        sex = "P" if rng.random() < 0.52 else "L"
        born = datetime.date(rng.randint(*years), 1, 1) + datetime.timedelta(
            days=rng.randrange(365)
        )
        if born >= registered:
            born = registered - datetime.timedelta(days=365 * 18)
        if self.poor_ppks and ppks[0] != self.poor_ppks and rng.random() < 0.2:
            ppks.append(self.poor_ppks)
        name, name_normalized = self.names.full_name(rng, sex)
        nik = ""
        if rng.random() >= NO_NIK_SHARE["homeless" if homeless else "other"]:
            nik = self._nik(district, born, sex)
        client_id = t["clients"].next_id()
        disability_kinds = self._disabilities(client_id, ppks[0])
        status, unit = self._status(rng, regency, disability_kinds, ppks[0])
        regency_name = self.regency_names.get(regency, "")
        if homeless:
            address = rng.choice(HOMELESS_PLACES)
        else:
            address = (
                f"{rng.choice(self.names.streets)} No. {rng.randrange(1, 160)}, "
                f"RT {rng.randrange(1, 15):02d}/RW {rng.randrange(1, 9):02d}"
            )
        consent = rng.random() < 0.96
        self.pending_clients.append(
            [
                client_id,
                "",  # registration number: allocated per year when the chunk is written
                nik,
                self._kk(district) if nik and rng.random() < 0.9 else "",
                name,
                name_normalized,
                sex,
                _short(regency_name) if rng.random() < 0.85 else "",
                born,
                address,
                regency,
                district,
                village,
                f"{rng.choice(PHONE_PREFIXES)}{rng.randrange(10**7, 10**8)}"
                if rng.random() < 0.7
                else "",
                status,
                unit,
                consent,
                registered if consent else None,
                rng.choice(CONSENT_NOTES) if consent else "",
                created_at,
                created_at,
                worker,
                worker,
            ]
        )
        for ppks_id in ppks:
            t["client_ppks"].add((client_id, ppks_id))
        if rng.random() < CASE_NOTE_SHARE:
            day = min(registered + datetime.timedelta(days=rng.randrange(1, 300)), self.until)
            t["case_notes"].add(
                (client_id, worker, rng.choice(CASE_NOTES), _at(day, rng.randrange(8, 16)))
            )
        if status != Client.Status.DECEASED or rng.random() < 0.5:
            self._trainings(client_id, sex, name, village, worker, registered, ppks[0])

    def _nik(self, district: str, born: datetime.date, sex: str) -> str:
        day = born.day + (40 if sex == "P" else 0)
        stem = f"{district.replace('.', '')}{day:02d}{born.month:02d}{born.year % 100:02d}"
        serial = self.nik_serials.get(stem, 0)
        while True:
            serial += 1
            if serial > 9999:  # more people born on one day in one district than serials
                return ""
            nik = f"{stem}{serial:04d}"
            if nik not in self.taken_niks:
                break
        self.nik_serials[stem] = serial
        return nik

    def _kk(self, district: str) -> str:
        rng = self.rng
        issued = datetime.date(2005, 1, 1) + datetime.timedelta(days=rng.randrange(5800))
        return (
            f"{district.replace('.', '')}{issued.day:02d}{issued.month:02d}"
            f"{issued.year % 100:02d}{rng.randrange(1, 10000):04d}"
        )

    def _disabilities(self, client_id, main_ppks) -> list[str]:
        rng = self.rng
        if main_ppks != self.disability_ppks and rng.random() > 0.04:
            return []
        kinds = [rng.choices(*zip(*self.disability_kinds, strict=True))[0]]
        if rng.random() < MULTIPLE_DISABILITY_SHARE:
            other = rng.choices(*zip(*self.disability_kinds, strict=True))[0]
            if other != kinds[0]:
                kinds.append(other)
        for kind in kinds:
            options = self.disability_types.get(kind)
            if not options:
                continue
            pk, subtype, _ = rng.choices(options, weights=[w for *_, w in options])[0]
            self.t["client_disabilities"].add((client_id, pk))
            devices = DISABILITY_DEVICES.get(subtype)
            if devices and rng.random() < DEVICE_SHARE:
                device = rng.choices(*zip(*devices, strict=True))[0]
                if device in self.devices:
                    self.t["client_devices"].add((client_id, self.devices[device]))
        return kinds

    def _status(self, rng, regency, disability_kinds, main_ppks):
        roll = rng.random()
        if roll < 0.12:
            if disability_kinds:
                key = disability_kinds[0]
            elif main_ppks == self.elderly_ppks:
                key = "elderly"
            else:
                key = "other"
            return Client.Status.CLIENT, rng.choice(self.upt_for_kind[key])
        if roll < 0.17:
            return Client.Status.MOVED, None
        if roll < 0.20:
            return Client.Status.DECEASED, None
        office = self.regency_offices.get(regency)
        return Client.Status.FORMER_CLIENT, office if office and rng.random() < 0.5 else None

    # -- trainings, grants, businesses, visits -----------------------------------------

    def _trainings(self, client_id, sex, name, village, worker, registered, main_ppks):
        rng = self.rng
        share = ENROL_SHARE_ELDERLY if main_ppks == self.elderly_ppks else ENROL_SHARE
        if rng.random() >= share:
            return
        weights = [w * b for w, b in zip(PROGRAM_WEIGHTS, SEX_PROGRAM_BIAS[sex], strict=True)]
        first = rng.choices(range(len(self.programs)), weights=weights)[0]
        wanted = [(first, registered + datetime.timedelta(days=rng.randrange(14, 120)))]
        if rng.random() < SECOND_ENROL_SHARE:
            second = rng.choices(range(len(self.programs)), weights=weights)[0]
            if second != first:
                wanted.append(
                    (second, registered + datetime.timedelta(days=rng.randrange(200, 700)))
                )
        grants = []
        earliest = registered + datetime.timedelta(days=7)
        for program_index, wanted_start in wanted:
            if wanted_start > self.until + datetime.timedelta(days=60):
                continue
            batch, grant = self._enrol(
                client_id, worker, registered, program_index, wanted_start, earliest
            )
            earliest = batch["end"] + datetime.timedelta(days=14)
            if grant:
                grants.append(grant)
        if grants:
            self._business(client_id, name, sex, village, worker, grants)

    def _batch(self, program_index, wanted_start, earliest, registered):
        """The open cohort of the program if it has a place and starts after `earliest` and
        not long after `wanted_start`, else a new one starting around `wanted_start`."""
        rng = self.rng
        wanted_start = max(wanted_start, earliest)
        latest = wanted_start + datetime.timedelta(days=45)
        open_batches = self.open_batches.setdefault(program_index, [])
        for batch in open_batches:
            if batch["filled"] < batch["capacity"] and earliest <= batch["start"] <= latest:
                return batch
        start = wanted_start + datetime.timedelta(days=rng.randrange(0, 21))
        start -= datetime.timedelta(days=start.weekday())  # cohorts start on a Monday
        end = start + datetime.timedelta(weeks=rng.randrange(5, 13), days=-3)
        program = self.programs[program_index]
        key = (program_index, start.year)
        number = self.batch_numbers.get(key, 0)
        while True:
            number += 1
            name = f"Angkatan {number} {start.year}"
            if name not in program["names"]:
                break
        self.batch_numbers[key] = number
        unit_id, unit_name = rng.choice(self.upts)
        batch = {
            "id": self.t["batches"].next_id(),
            "start": start,
            "end": end,
            "capacity": rng.randrange(20, 31),
            "filled": 0,
        }
        self.t["batches"].add(
            (
                batch["id"],
                program["id"],
                name,
                unit_id,
                f"Ruang Keterampilan, {unit_name}",
                start,
                end,
                batch["capacity"],
            )
        )
        # Clients come in the order they registered: a full cohort, or one that started
        # before this client registered, takes nobody any more.
        open_batches[:] = [
            b for b in open_batches if b["filled"] < b["capacity"] and b["start"] > registered
        ]
        open_batches.append(batch)
        return batch

    def _enrol(self, client_id, worker, registered, program_index, wanted_start, earliest):
        """An enrolment; returns its cohort and the grant that followed it, if any, as
        (grant id, hand-over date, program index, [item ids])."""
        rng = self.rng
        until = self.until
        batch = self._batch(program_index, wanted_start, earliest, registered)
        batch["filled"] += 1
        start, end = batch["start"], batch["end"]
        enrolled_on = max(registered, start - datetime.timedelta(days=rng.randrange(3, 21)))
        completed_on = None
        certificate = ""
        sessions = 0
        if start > until:
            status, changed = Enrolment.Status.REGISTERED, enrolled_on
        elif end >= until:
            status, changed = Enrolment.Status.ATTENDING, start
            sessions = max(0, (until - start).days * 5 // 7)
        else:
            roll = rng.random()
            if roll < 0.84:
                status, changed, completed_on = Enrolment.Status.COMPLETED, end, end
                certificate = f"SERT/{batch['id']}/{start.year}/{batch['filled']:02d}"
                sessions = rng.randrange(40, 61)
            elif roll < 0.91:
                status, changed = Enrolment.Status.FAILED, end
                sessions = rng.randrange(10, 40)
            else:
                status = Enrolment.Status.WITHDREW
                changed = start + datetime.timedelta(days=rng.randrange(1, 20))
                sessions = rng.randrange(0, 10)
        income_before = (
            _round(rng.triangular(0, 1_500_000, 300_000)) if rng.random() < 0.8 else None
        )
        archived = rng.random() < ARCHIVED_SHARE
        enrolment_id = self.t["enrolments"].next_id()
        self.t["enrolments"].add(
            (
                enrolment_id,
                batch["id"],
                client_id,
                status,
                enrolled_on,
                changed,
                completed_on,
                sessions,
                certificate,
                income_before,
                worker,
                _at(changed, 15) if archived else None,
                worker if archived else None,
                "Salah angkatan" if archived else "",
            )
        )
        if status != Enrolment.Status.COMPLETED or archived or rng.random() >= GRANT_SHARE:
            return batch, None
        handed_over = completed_on + datetime.timedelta(days=rng.randrange(5, 45))
        if handed_over > until:
            return batch, None
        return batch, self._grant(client_id, worker, enrolment_id, program_index, handed_over)

    def _grant(self, client_id, worker, enrolment_id, program_index, handed_over):
        rng = self.rng
        program = self.programs[program_index]
        grant_id = self.t["grants"].next_id()
        funding = program["funding"] if rng.random() < 0.85 else rng.choice(self.funding_ids)
        self.t["grants"].add(
            (
                grant_id,
                client_id,
                enrolment_id,
                handed_over,
                f"{grant_id:07d}/BAST/DINSOS-JATIM/{handed_over.year}",
                funding,
                _at(handed_over, 11),
                worker,
            )
        )
        items = []
        for type_id, value, quantity, share, type_name in program["items"]:
            if rng.random() >= share and items:
                continue
            if rng.random() < 0.1:
                value = _round(value * rng.uniform(0.9, 1.1))
            item_id = self.t["grant_items"].next_id()
            serial = f"SN{rng.randrange(10**6, 10**7)}" if type_name.startswith("Mesin") else ""
            self.t["grant_items"].add((item_id, grant_id, type_id, quantity, value, serial))
            items.append(item_id)
        return grant_id, handed_over, program_index, items

    def _business(self, client_id, name, sex, village, worker, grants):
        rng = self.rng
        if rng.random() >= BUSINESS_SHARE:
            return
        _, first_day, program_index, _ = grants[0]
        program = self.programs[program_index]
        started = min(first_day + datetime.timedelta(days=rng.randrange(0, 60)), self.until)
        business_id = self.t["businesses"].next_id()
        word = rng.choice(BUSINESS_WORDS.get(program["sector"], ["Usaha"]))
        title = "Bu" if sex == "P" else "Pak"
        self.t["businesses"].add(
            (
                business_id,
                client_id,
                f"{word} {title} {name.split()[0]}",
                program["sector"],
                program["products"],
                started,
                village,
                _at(started, 10),
                worker,
            )
        )
        for grant_id, *_ in grants:
            self.t["business_grants"].add((business_id, grant_id))
        self._visits(business_id, worker, grants)

    def _visits(self, business_id, worker, grants):
        rng = self.rng
        until = self.until
        fate = rng.choices(*zip(*FATES, strict=True))[0]
        closes_at = rng.randrange(0, 5)
        baseline = rng.randrange(0, 12) * 50_000
        day = grants[0][1] + datetime.timedelta(days=rng.randrange(45, 150))
        conditions: dict[int, str] = {}
        visit_index = 0
        while day <= until:
            status, income, employees = self._visit_outcome(fate, visit_index, closes_at, baseline)
            visit_id = self.t["visits"].next_id()
            archived = rng.random() < ARCHIVED_SHARE
            revenue = _round(income * rng.uniform(1.8, 3.2)) if rng.random() < 0.7 else None
            self.t["visits"].add(
                (
                    visit_id,
                    business_id,
                    day,
                    worker,
                    income,
                    revenue,
                    employees,
                    status,
                    rng.choice(VISIT_NOTES),
                    _at(day, rng.randrange(9, 16)),
                    _at(day + datetime.timedelta(days=2), 9) if archived else None,
                    worker if archived else None,
                    ARCHIVE_REASON if archived else "",
                )
            )
            for _, handed_over, _, items in grants:
                if handed_over > day:
                    continue
                for item in items:
                    condition = self._condition(conditions.get(item), status)
                    conditions[item] = condition
                    self.t["checks"].add((visit_id, item, condition))
            roll = rng.random()
            if roll < 0.35 and self.support_ids:
                self.t["visit_support"].add((visit_id, rng.choice(self.support_ids)))
            elif roll < 0.45 and self.support_none:
                self.t["visit_support"].add((visit_id, self.support_none))
            visit_index += 1
            if rng.random() < VISIT_STOP_SHARE or (status == "tutup" and rng.random() < 0.75):
                break
            day += datetime.timedelta(days=rng.randrange(80, 200))

    def _visit_outcome(self, fate, index, closes_at, baseline):
        rng = self.rng
        if fate == "berkembang":
            status = "belum_berkembang" if index == 0 and rng.random() < 0.6 else "berkembang"
            if index > 0 and rng.random() < 0.1:
                status = "stagnan"
            income = min(baseline * 1.3**index + 400_000 * index, 9_000_000)
            employees = min(index // 2, 6) + rng.randrange(0, 2)
        elif fate == "stagnan":
            status = "stagnan" if index > 0 or rng.random() < 0.5 else "belum_berkembang"
            if rng.random() < 0.12:
                status = "berkembang"
            income = baseline * rng.uniform(1.0, 1.3) + 200_000
            employees = rng.randrange(0, 2)
        elif fate == "tutup" and index >= closes_at:
            return "tutup", 0, 0
        else:
            status = "belum_berkembang" if rng.random() < 0.9 else "stagnan"
            income = rng.uniform(0, 500_000)
            employees = 0
        return status, _round(income * rng.uniform(0.9, 1.1)), employees

    def _condition(self, before, status):
        if before in ("dijual", "hilang", "dialihkan"):
            return before
        roll = self.rng.random()
        if status == "tutup" and roll < 0.5:
            return "dijual"
        if roll < 0.03:
            return "rusak"
        if roll < 0.04:
            return "hilang"
        if roll < 0.045:
            return "dialihkan"
        return "dipakai"

    # -- writing -------------------------------------------------------------------------

    def flush(self) -> None:
        """Write what is pending: clients first (their registration numbers allocated per
        year from the same sequence as the app), then the tables that point at them."""
        self._allocate_registration_numbers()
        clients = self.t["clients"]
        for row in self.pending_clients:
            clients.add(tuple(row))
        self.pending_clients = []
        for table in self.t.values():
            table.flush()

    def _allocate_registration_numbers(self):
        by_year: dict[int, list[list]] = {}
        for row in self.pending_clients:
            by_year.setdefault(row[CREATED_AT].year, []).append(row)
        for year, rows in by_year.items():
            numbers = registration_numbers_allocate(year=year, count=len(rows))
            for row, number in zip(rows, numbers, strict=True):
                row[1] = number

    def finish(self) -> None:
        for table in self.t.values():
            table.finish_ids()

    def tables(self) -> list[str]:
        """The database tables written."""
        return [table.meta.db_table for table in self.t.values()]

    def counts(self) -> dict[str, int]:
        return {name: table.written for name, table in self.t.items()}


CLIENT_COLUMNS = [
    "id",
    "registration_number",
    "nik",
    "kk_number",
    "name",
    "name_normalized",
    "sex",
    "birth_place",
    "birth_date",
    "address",
    "regency_id",
    "district_id",
    "village_id",
    "phone",
    "status",
    "service_unit_id",
    "consent_given",
    "consent_date",
    "consent_note",
    "created_at",
    "updated_at",
    "created_by_id",
    "updated_by_id",
]
CREATED_AT = CLIENT_COLUMNS.index("created_at")
BATCH_COLUMNS = [
    "id",
    "program_id",
    "name",
    "service_unit_id",
    "venue",
    "start_date",
    "end_date",
    "capacity",
]
ENROLMENT_COLUMNS = [
    "id",
    "batch_id",
    "client_id",
    "status",
    "enrolled_on",
    "status_changed_on",
    "completed_on",
    "sessions_attended",
    "certificate_number",
    "income_before",
    "created_by_id",
    "archived_at",
    "archived_by_id",
    "archive_reason",
]
GRANT_COLUMNS = [
    "id",
    "client_id",
    "enrolment_id",
    "handed_over_on",
    "bast_number",
    "funding_source_id",
    "created_at",
    "created_by_id",
]
GRANT_ITEM_COLUMNS = [
    "id",
    "grant_id",
    "equipment_type_id",
    "quantity",
    "unit_value",
    "serial_numbers",
]
BUSINESS_COLUMNS = [
    "id",
    "client_id",
    "name",
    "sector",
    "products",
    "started_on",
    "village_id",
    "created_at",
    "created_by_id",
]
VISIT_COLUMNS = [
    "id",
    "business_id",
    "visited_on",
    "visited_by_id",
    "net_income",
    "revenue",
    "employees",
    "status",
    "notes",
    "created_at",
    "archived_at",
    "archived_by_id",
    "archive_reason",
]
