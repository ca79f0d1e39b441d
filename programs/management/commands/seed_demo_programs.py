"""Demo training programs, cohorts, enrolments and equipment grants for the development server.

`make run` calls this right after `seed_demo`, on every start, so it is idempotent: nothing is
created when the demo programs exist already. It runs with DEBUG on only and needs the demo
users and clients of `seed_demo`.

Everything goes through the services (`batch_create`, `enrolment_create`, `enrolment_update`,
`grant_hand_over`), with the dates a worker would have recorded: enrolment a few weeks before
the cohort starts, attendance from its first day, completion (with a certificate number) on
its last day, and the equipment handed over shortly after. Whether a cohort is finished,
running or still to come is decided against today, so the data stays plausible whenever it
is created.

The fixed demo client of `seed_demo` (Siti Aminah, the wheelchair user from Bojonegoro)
completes the sewing cohort DEMO_SEWING_BATCH_NAME of DEMO_SEWING_PROGRAM_NAME and receives
one sewing machine and one overlock machine afterwards; later demo features (follow-up
visits) find these with `demo_wheelchair_enrolment()` and `demo_wheelchair_grant()`.
"""

import datetime
import random
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import F, Prefetch, Sum
from django.utils import timezone

from beneficiaries.management.commands.seed_demo import (
    BOJONEGORO,
    DEMO_WHEELCHAIR_CLIENT_NAME,
    DEMO_WHEELCHAIR_CLIENT_NIK,
    MALANG,
)
from beneficiaries.models import Client, DisabilityType, ServiceUnit
from programs import services
from programs.models import (
    Batch,
    Enrolment,
    EquipmentType,
    FundingSource,
    Grant,
    GrantItem,
    SkillArea,
    TrainingProgram,
)
from programs.templatetags.money import rupiah

date = datetime.date

# The fixed demo story (DESIGN.md): Siti Aminah learns sewing at the UPT for people with
# physical disabilities in Pasuruan and receives a sewing and an overlock machine.
DEMO_SEWING_PROGRAM_NAME = "Pelatihan Menjahit dan Konveksi"
DEMO_SEWING_BATCH_NAME = "Angkatan I 2024"
DEMO_SEWING_UNIT_NAME = "UPT Rehabilitasi Sosial Bina Daksa Pasuruan"
DEMO_WHEELCHAIR_CLIENT_CERTIFICATE = "SERT/RSBD/2024/017"
DEMO_WHEELCHAIR_CLIENT_INCOME_BEFORE = 400_000
DEMO_WHEELCHAIR_CLIENT_SESSIONS = 52
DEMO_WHEELCHAIR_CLIENT_BAST = "BAST/DINSOS-JATIM/2024/0117"
DEMO_WHEELCHAIR_CLIENT_HANDED_OVER_ON = date(2024, 4, 23)
DEMO_WHEELCHAIR_CLIENT_EQUIPMENT = ("Mesin jahit", "Mesin obras")

# key: name, skill area, funding source, active, description
PROGRAMS = {
    "jahit": (
        DEMO_SEWING_PROGRAM_NAME,
        "Menjahit dan konveksi",
        "APBD Provinsi",
        True,
        "Pelatihan menjahit pakaian dan konveksi bagi penyandang disabilitas dan kelompok "
        "rentan: mengukur badan, membuat pola, memotong kain, menjahit dengan mesin jahit dan "
        "mesin obras, sampai menghitung harga jual dan menerima pesanan seragam. Lulusan yang "
        "dinilai siap usaha menerima bantuan mesin jahit, dan bila memungkinkan mesin obras.",
    ),
    "boga": (
        "Pelatihan Tata Boga",
        "Tata boga",
        "APBD Provinsi",
        True,
        "Pelatihan mengolah makanan untuk dijual: kebersihan dan keamanan pangan, kue basah "
        "dan kue kering, lauk siap saji dan katering rumahan, pengemasan, perhitungan biaya, "
        "serta pengurusan izin PIRT. Lulusan menerima bantuan peralatan usaha boga.",
    ),
    "salon": (
        "Pelatihan Tata Rias dan Salon",
        "Tata rias dan salon",
        "APBN",
        True,
        "Pelatihan tata rias wajah, perawatan dan potong rambut, creambath, serta rias "
        "pengantin dasar, dengan praktik melayani pelanggan dan mengelola salon rumahan. "
        "Lulusan menerima paket peralatan salon.",
    ),
    "kriya": (
        "Pelatihan Kerajinan Tangan",
        "Kerajinan tangan",
        "APBD Provinsi",
        True,
        "Pelatihan membuat kerajinan bernilai jual yang disesuaikan dengan kemampuan peserta "
        "(keset, sapu, anyaman bambu, manik-manik, suvenir), termasuk pengemasan dan "
        "pemasaran lewat pameran dan media sosial. Sebagian lulusan menerima bantuan "
        "peralatan atau etalase.",
    ),
    "pangkas": (
        "Pelatihan Pangkas Rambut",
        "Pangkas rambut",
        "CSR",
        False,
        "Pelatihan pangkas rambut pria bersama mitra CSR: teknik potong dasar sampai model "
        "terkini, sanitasi alat dan pelayanan pelanggan. Program tidak dilanjutkan sejak 2023 "
        "karena kerja sama CSR berakhir; lulusannya tetap dipantau.",
    ),
}

# key: the UPT's name and the code its certificate numbers carry.
UNITS = {
    "daksa": (DEMO_SEWING_UNIT_NAME, "RSBD"),
    "netra": ("UPT Rehabilitasi Sosial Bina Netra Malang", "RSBN"),
    "grahita": ("UPT Rehabilitasi Sosial Bina Grahita Kediri", "RSBG"),
    "laras": ("UPT Rehabilitasi Sosial Bina Laras Kediri", "RSBL"),
    "karya": ("UPT Rehabilitasi Sosial Bina Karya Sidoarjo", "RSBK"),
}

VENUES = {
    "daksa": "Ruang Keterampilan Menjahit, UPT Rehabilitasi Sosial Bina Daksa Pasuruan",
    "netra": "Ruang Keterampilan, UPT Rehabilitasi Sosial Bina Netra Malang",
    "grahita": "Ruang Vokasional, UPT Rehabilitasi Sosial Bina Grahita Kediri",
    "laras": "Ruang Terapi Kerja, UPT Rehabilitasi Sosial Bina Laras Kediri",
    "karya": "Gedung Pelatihan Keterampilan, UPT Rehabilitasi Sosial Bina Karya Sidoarjo",
}
VENUE_KITCHEN = "Dapur Pelatihan, UPT Rehabilitasi Sosial Bina Karya Sidoarjo"
VENUE_SALON = "Ruang Praktik Salon, UPT Rehabilitasi Sosial Bina Karya Sidoarjo"
VENUE_BOJONEGORO = "Aula Dinas Sosial Kabupaten Bojonegoro (kelas luar panti)"
VENUE_MALANG = "Aula Dinas Sosial Kota Malang (kelas luar panti)"


@dataclass
class BatchSpec:
    program: str
    unit: str
    start: datetime.date
    end: datetime.date
    capacity: int
    venue: str = ""
    held_in: str | None = None  # a regency whose clients come first (classes outside the UPT)
    name: str = ""  # Angkatan I 2024: numbered per program and year by start date
    batch: Batch | None = None
    clients: list = field(default_factory=list)


# The cohorts, 2019 to 2026. No classes in spring 2020 (COVID-19) and smaller ones after it.
BATCHES = [
    BatchSpec("jahit", "daksa", date(2019, 7, 8), date(2019, 9, 27), 20),
    BatchSpec("jahit", "daksa", date(2021, 8, 2), date(2021, 10, 15), 15),
    BatchSpec(
        "jahit", "daksa", date(2022, 7, 11), date(2022, 9, 30), 20, VENUE_BOJONEGORO, BOJONEGORO
    ),
    BatchSpec("jahit", "daksa", date(2023, 2, 6), date(2023, 4, 14), 25),
    BatchSpec("jahit", "karya", date(2023, 5, 8), date(2023, 7, 21), 20),
    BatchSpec("jahit", "daksa", date(2023, 7, 17), date(2023, 10, 6), 25),
    BatchSpec("jahit", "daksa", date(2024, 1, 15), date(2024, 3, 28), 25),  # Siti Aminah's
    BatchSpec("jahit", "daksa", date(2024, 7, 8), date(2024, 9, 27), 25),
    BatchSpec("jahit", "daksa", date(2025, 5, 12), date(2025, 7, 25), 30),
    BatchSpec("jahit", "karya", date(2025, 8, 4), date(2025, 10, 17), 20, VENUE_MALANG, MALANG),
    BatchSpec("jahit", "daksa", date(2026, 2, 2), date(2026, 4, 17), 30),
    BatchSpec("jahit", "daksa", date(2026, 12, 7), date(2027, 2, 26), 25),  # still to come
    BatchSpec("boga", "karya", date(2019, 3, 4), date(2019, 5, 17), 25, VENUE_KITCHEN),
    BatchSpec("boga", "karya", date(2021, 9, 6), date(2021, 11, 19), 15, VENUE_KITCHEN),
    BatchSpec("boga", "grahita", date(2022, 8, 1), date(2022, 10, 14), 20),
    BatchSpec("boga", "karya", date(2023, 8, 7), date(2023, 10, 20), 25, VENUE_MALANG, MALANG),
    BatchSpec("boga", "grahita", date(2024, 9, 2), date(2024, 11, 15), 20),
    BatchSpec("boga", "karya", date(2025, 4, 21), date(2025, 7, 4), 25, VENUE_KITCHEN),
    BatchSpec("boga", "karya", date(2026, 9, 28), date(2026, 12, 18), 25, VENUE_KITCHEN),
    BatchSpec("salon", "karya", date(2020, 10, 5), date(2020, 12, 11), 15, VENUE_SALON),
    BatchSpec("salon", "daksa", date(2022, 5, 23), date(2022, 8, 5), 20),
    BatchSpec("salon", "karya", date(2023, 9, 4), date(2023, 11, 17), 20, VENUE_SALON),
    BatchSpec(
        "salon", "daksa", date(2024, 10, 7), date(2024, 12, 13), 20, VENUE_BOJONEGORO, BOJONEGORO
    ),
    BatchSpec("salon", "karya", date(2025, 9, 1), date(2025, 11, 14), 20, VENUE_SALON),
    BatchSpec("salon", "daksa", date(2026, 7, 6), date(2026, 9, 18), 20),
    BatchSpec("kriya", "netra", date(2019, 9, 2), date(2019, 11, 15), 15),
    BatchSpec("kriya", "grahita", date(2020, 1, 13), date(2020, 3, 20), 15),
    BatchSpec("kriya", "laras", date(2021, 10, 4), date(2021, 12, 10), 15),
    BatchSpec("kriya", "netra", date(2022, 10, 3), date(2022, 12, 16), 15),
    BatchSpec("kriya", "laras", date(2023, 3, 6), date(2023, 5, 19), 15),
    BatchSpec("kriya", "netra", date(2024, 5, 13), date(2024, 7, 26), 20),
    BatchSpec("kriya", "laras", date(2025, 6, 2), date(2025, 8, 15), 15),
    BatchSpec("kriya", "netra", date(2026, 3, 30), date(2026, 6, 12), 20),
    BatchSpec("pangkas", "daksa", date(2019, 10, 7), date(2019, 12, 13), 15),
    BatchSpec("pangkas", "karya", date(2020, 1, 20), date(2020, 3, 13), 15),
    BatchSpec("pangkas", "karya", date(2021, 3, 1), date(2021, 5, 7), 15),
    BatchSpec("pangkas", "daksa", date(2022, 9, 5), date(2022, 11, 18), 15),
]

# Who a UPT trains (besides its current residents): PPKS types of Bina Karya's clients.
KARYA_PPKS = {
    "Gelandangan",
    "Pengemis",
    "Pemulung",
    "Fakir Miskin",
    "Perempuan Rawan Sosial Ekonomi",
    "Bekas Warga Binaan Lembaga Pemasyarakatan",
    "Korban Penyalahgunaan NAPZA",
    "Pekerja Migran Bermasalah Sosial",
    "Korban Tindak Kekerasan",
    "Korban Bencana Alam",
    "Orang dengan HIV/AIDS",
}
NOT_TRAINED_AT_KARYA = {"Penyandang Disabilitas", "Lanjut Usia Terlantar"}
RUNGU_WICARA = {"Disabilitas rungu", "Disabilitas wicara"}
AGE_RANGE = (16, 57)  # at the start of the cohort

# How likely a client of a program's pool is of each sex (weights), and of a grant.
SEX_WEIGHTS = {
    "jahit": {"P": 1.0, "L": 0.5},
    "boga": {"P": 1.0, "L": 0.6},
    "salon": {"P": 1.0, "L": 0.15},
    "kriya": {"P": 1.0, "L": 1.0},
    "pangkas": {"P": 0.2, "L": 1.0},
}
GRANT_SHARE = {"jahit": 0.92, "boga": 0.85, "salon": 0.85, "kriya": 0.6, "pangkas": 0.85}

TRAINED_SHARE = 0.7  # of the clients a cohort fits
TRAINED_SHARE_WORKERS = 0.92  # ... in the demo workers' regencies, who show up more
SECOND_TRAINING_SHARE = 0.12
INCOME_KNOWN_SHARE = 0.85
WITHDREW_SHARE = 0.06
FAILED_SHARE = 0.07
OTHER_FUNDING_SHARE = 0.12

SERIAL_PREFIXES = {"Mesin jahit": "JH", "Mesin obras": "OB", "Mesin bordir": "BD"}

GRANT_NOTES = [
    "",
    "",
    "",
    "Diserahkan pada acara penutupan pelatihan.",
    "Diserahkan di rumah penerima oleh pekerja sosial.",
    "Penerima menandatangani BAST; foto serah terima ada di arsip UPT.",
]
DIRECT_GRANT_NOTE = (
    "Bantuan usaha ekonomi produktif tanpa pelatihan: penerima sudah memiliki keterampilan "
    "dan usaha kecil yang berjalan."
)
# Equipment (name, quantity) of grants without a training, and their funding source.
DIRECT_GRANTS = [
    ([("Kambing", 2)], "APBD Kabupaten/Kota"),  # to a client in Bojonegoro
    ([("Gerobak dagang", 1), ("Kompor gas dan tabung", 1)], "APBD Kabupaten/Kota"),  # Malang
    ([("Etalase", 1), ("Kompor gas dan tabung", 1)], "Hibah/donasi"),
    ([("Mesin jahit", 1)], "CSR"),
    ([("Gerobak dagang", 1)], "APBN"),
]

ROMAN = ["I", "II", "III", "IV", "V", "VI"]


def demo_sewing_batch() -> Batch:
    """The sewing cohort the fixed demo client completed."""
    return Batch.objects.select_related("program", "service_unit").get(
        program__name=DEMO_SEWING_PROGRAM_NAME, name=DEMO_SEWING_BATCH_NAME
    )


def demo_wheelchair_enrolment() -> Enrolment:
    """Siti Aminah's completed enrolment in the demo sewing cohort."""
    return Enrolment.objects.select_related("batch__program", "client").get(
        client__nik=DEMO_WHEELCHAIR_CLIENT_NIK,
        batch__program__name=DEMO_SEWING_PROGRAM_NAME,
        batch__name=DEMO_SEWING_BATCH_NAME,
    )


def demo_wheelchair_grant() -> Grant:
    """The sewing and overlock machine handed to Siti Aminah after her training."""
    return Grant.objects.get(bast_number=DEMO_WHEELCHAIR_CLIENT_BAST)


def _round_to(value: float, step: int = 50_000) -> int:
    return round(value / step) * step


def _weekdays(start: datetime.date, end: datetime.date) -> int:
    """Training days (Monday to Friday) from start to end, both included."""
    days = (end - start).days + 1
    return sum(1 for i in range(days) if (start + datetime.timedelta(days=i)).weekday() < 5)


def _working_day(day: datetime.date) -> datetime.date:
    """The day itself, or the Monday after a weekend."""
    if day.weekday() >= 5:
        return day + datetime.timedelta(days=7 - day.weekday())
    return day


def _age(birth_date: datetime.date, on: datetime.date) -> int:
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))


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
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo_programs creates fictitious trainings and grants; it runs only with "
                "DEBUG on (DEBUG=on python manage.py seed_demo_programs)."
            )
        started = time.monotonic()
        users = self._demo_users()
        names = [p[0] for p in PROGRAMS.values()]
        if TrainingProgram.objects.filter(name__in=names).exists():
            self.stdout.write("Demo programs exist already: none created.")
        else:
            _ProgramGenerator(seed=seed, users=users).create()
            self.stdout.write(
                self.style.SUCCESS(
                    f"Created the demo programs in {time.monotonic() - started:.1f}s."
                )
            )
        self._summarise(names)

    def _demo_users(self) -> dict:
        User = get_user_model()
        usernames = ["admin", "worker-malang", "worker-bojonegoro"]
        users = {u.username: u for u in User.objects.filter(username__in=usernames)}
        if (
            len(users) < len(usernames)
            or not Client.objects.filter(nik=DEMO_WHEELCHAIR_CLIENT_NIK).exists()
            or not Client.objects.exclude(nik=DEMO_WHEELCHAIR_CLIENT_NIK).exists()
        ):
            raise CommandError(
                "The demo users and clients are missing (the programs need those of seed_demo, "
                f"{DEMO_WHEELCHAIR_CLIENT_NAME} included). Run `python manage.py seed_demo` first."
            )
        return users

    def _summarise(self, names):
        programs = TrainingProgram.objects.filter(name__in=names)
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
        self.stdout.write(
            f"Grants: {grants.count()} ({grants.filter(enrolment=None).count()} without "
            f"training), total value {rupiah(total)}."
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


@dataclass
class _Planned:
    spec: BatchSpec
    client: Client
    siti: bool = False
    enrolment: Enrolment | None = None


class _ProgramGenerator:
    """Draws the cohorts' participants and outcomes from one seeded generator and records
    them through the services, in the order a worker would have."""

    def __init__(self, *, seed: int, users: dict):
        self.rng = random.Random(seed)
        self.users = users
        self.today = timezone.localdate()
        self.skill_areas = {s.name: s for s in SkillArea.objects.all()}
        self.funding = {f.name: f for f in FundingSource.objects.all()}
        self.equipment = {e.name: e for e in EquipmentType.objects.all()}
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
        self.used_bast = set(Grant.objects.values_list("bast_number", flat=True))

    # -- reference data ---------------------------------------------------------------

    def _get(self, mapping, name, what):
        try:
            return mapping[name]
        except KeyError:
            raise CommandError(f"{what} {name!r} is missing; run migrate.") from None

    def _recorder(self, client: Client):
        """The demo worker of the client's regency, or the admin for the rest."""
        if client.regency_id == MALANG:
            return self.users["worker-malang"]
        if client.regency_id == BOJONEGORO:
            return self.users["worker-bojonegoro"]
        return self.users["admin"]

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

    @staticmethod
    def _units_for(client: Client) -> set[str]:
        """The UPTs whose cohorts fit a client's PPKS types and disabilities."""
        ppks = {p.name for p in client.ppks_types.all()}
        kinds = {d.kind.code for d in client.disabilities.all()}
        types = {d.name for d in client.disabilities.all()}
        units = set()
        if "fisik" in kinds or (types and types <= RUNGU_WICARA):
            units.add("daksa")
        if "Disabilitas netra" in types:
            units.add("netra")
        if "intelektual" in kinds:
            units.add("grahita")
        if "mental" in kinds:
            units.add("laras")
        if ppks & KARYA_PPKS and not ppks & NOT_TRAINED_AT_KARYA:
            units.add("karya")
        return units

    def _fits(self, client: Client, units: set[str], spec: BatchSpec) -> float:
        """How strongly a cohort suits a client (0: not at all)."""
        if spec.unit not in units or len(spec.clients) >= spec.capacity:
            return 0.0
        if client.birth_date and not (
            AGE_RANGE[0] <= _age(client.birth_date, spec.start) <= AGE_RANGE[1]
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

    def _plan(self, clients: list[Client]) -> list[_Planned]:
        siti = next(c for c in clients if c.nik == DEMO_WHEELCHAIR_CLIENT_NIK)
        self.sewing_spec.clients.append(siti)
        planned = [_Planned(self.sewing_spec, siti, siti=True)]
        others = [c for c in clients if c.pk != siti.pk]
        self.rng.shuffle(others)
        first = {}
        for client in others:
            units = self._units_for(client)
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
                planned.append(_Planned(spec, client))
                first[client.pk] = spec
        # A few come back for a second skill, after the first cohort.
        for client in others:
            done = first.get(client.pk)
            if not done or self.rng.random() >= SECOND_TRAINING_SHARE:
                continue
            later = [s for s in self.specs if s.program != done.program and s.start > done.end]
            spec = self._choose(client, self._units_for(client), later)
            if spec:
                spec.clients.append(client)
                planned.append(_Planned(spec, client))
        return planned

    # -- writing ------------------------------------------------------------------------

    def create(self):
        programs = {}
        for key, (name, skill, funding, active, description) in PROGRAMS.items():
            program = TrainingProgram(
                name=name,
                skill_area=self._get(self.skill_areas, skill, "Skill area"),
                funding_source=self._get(self.funding, funding, "Funding source"),
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
        self._grants(planned)

    def _income_before(self) -> int | None:
        if self.rng.random() >= INCOME_KNOWN_SHARE:
            return None
        if self.rng.random() < 0.15:
            return 0  # no income at all before the training
        return _round_to(self.rng.triangular(50_000, 1_500_000, 350_000))

    def _enrol(self, planned: list[_Planned]):
        rng, today = self.rng, self.today
        dated = []
        for p in planned:
            enrolled_on = p.spec.start - datetime.timedelta(days=rng.randint(5, 35))
            dated.append((min(_working_day(enrolled_on), today), p))
        dated.sort(key=lambda pair: (pair[0], pair[1].client.pk))
        for enrolled_on, p in dated:
            p.enrolment = services.enrolment_create(
                batch=p.spec.batch,
                client=p.client,
                enrolled_by=self._recorder(p.client),
                enrolled_on=enrolled_on,
                income_before=(
                    DEMO_WHEELCHAIR_CLIENT_INCOME_BEFORE if p.siti else self._income_before()
                ),
            )
        certificates = self._certificate_numbers(planned)
        for p in planned:
            self._progress(p, certificates)

    def _progress(self, p: _Planned, certificates: dict):
        """Move an enrolment through the statuses its cohort's dates allow by today."""
        rng, today, spec = self.rng, self.today, p.spec
        if spec.start > today:
            return  # still registered
        changed_by = self._recorder(p.client)
        total = _weekdays(spec.start, spec.end)
        services.enrolment_update(
            enrolment=p.enrolment,
            changed_by=changed_by,
            on=spec.start,
            status=Enrolment.Status.ATTENDING,
        )
        outcome = certificates.get(p.enrolment.pk)
        if outcome == Enrolment.Status.WITHDREW:
            last_day = spec.start + datetime.timedelta(days=rng.randint(5, 40))
            last_day = min(today, _working_day(last_day))
            services.enrolment_update(
                enrolment=p.enrolment,
                changed_by=changed_by,
                on=last_day,
                status=Enrolment.Status.WITHDREW,
                sessions_attended=max(1, int(_weekdays(spec.start, last_day) * 0.8)),
            )
        elif spec.end >= today:
            services.enrolment_update(
                enrolment=p.enrolment,
                changed_by=changed_by,
                on=today,
                sessions_attended=int(_weekdays(spec.start, today) * rng.uniform(0.8, 1.0)),
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
                sessions_attended=(
                    DEMO_WHEELCHAIR_CLIENT_SESSIONS
                    if p.siti
                    else total - rng.randint(0, max(1, total // 10))
                ),
            )

    def _certificate_numbers(self, planned: list[_Planned]) -> dict:
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

    def _unit_value(self, equipment: EquipmentType, year: int) -> int | None:
        """Mostly the standard value; older grants were often cheaper, a few differ."""
        roll = self.rng.random()
        if year <= 2022 and roll < 0.5:
            return _round_to(equipment.standard_value * self.rng.uniform(0.8, 0.95))
        if roll < 0.08:
            return _round_to(equipment.standard_value * self.rng.uniform(0.9, 1.1))
        return None

    def _serials(self, name: str, quantity: int, year: int) -> str:
        prefix = SERIAL_PREFIXES.get(name)
        if not prefix:
            return ""
        return ", ".join(
            f"SN-{prefix}{year % 100:02d}-{self.rng.randint(10_000, 999_999):06d}"
            for _ in range(quantity)
        )

    def _items(self, names_quantities, year: int) -> list[services.ItemInput]:
        items = []
        for name, quantity in names_quantities:
            equipment = self._get(self.equipment, name, "Equipment type")
            items.append(
                services.ItemInput(
                    equipment_type=equipment,
                    quantity=quantity,
                    unit_value=self._unit_value(equipment, year),
                    serial_numbers=self._serials(name, quantity, year),
                )
            )
        return items

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

    def _grants(self, planned: list[_Planned]):
        """Plan every grant, then number the BASTs per year in date order and record them."""
        rng, today = self.rng, self.today
        grants = []  # (date, client, enrolment, funding source name, items, notes, bast)
        ceremonies = {
            id(spec): _working_day(spec.end + datetime.timedelta(days=rng.randint(10, 35)))
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
                on = min(today, _working_day(on))
            funding = PROGRAMS[p.spec.program][2]
            if rng.random() < OTHER_FUNDING_SHARE:
                funding = rng.choice(["CSR", "Hibah/donasi", "APBD Kabupaten/Kota"])
            items = self._equipment_for(p.spec.program)
            grants.append((on, p, funding, items, rng.choice(GRANT_NOTES), None))
        grants += self._direct_grants(planned)

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
                recorded_by=self._recorder(p.client),
                handed_over_on=on,
                bast_number=bast,
                funding_source=self._get(self.funding, funding, "Funding source"),
                items=self._items(items, on.year),
                enrolment=p.enrolment,
                notes=notes,
            )

    def _direct_grants(self, planned: list[_Planned]):
        """A few grants without a training, to former clients with a small business."""
        rng, today = self.rng, self.today
        enrolled = {p.client.pk for p in planned}
        candidates = [
            c
            for c in self._clients()
            if c.pk not in enrolled
            and c.status == Client.Status.FORMER_CLIENT
            and "karya" in self._units_for(c)
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
            on = _working_day(today - datetime.timedelta(days=rng.randint(30, 3 * 365)))
            grants.append((on, _Planned(None, client), funding, items, DIRECT_GRANT_NOTE, None))
        return grants
