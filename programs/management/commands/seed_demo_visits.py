"""Demo businesses of the grantees and their follow-up visits, for the development server.

`make run` calls this right after `seed_demo_programs`, on every start, so it is idempotent:
nothing is created when the fixed demo business exists already. It runs with DEBUG on only
and needs the grants of `seed_demo_programs`.

Everything goes through the services (`business_register`, `visit_record`). About 85 % of
the grantees started a business shortly after the hand-over (named and classed after the
skill of their training, or the equipment of a grant without one); the others never did.
Each business follows one story, drawn from a seeded generator: it grows, stays flat, has
not got going yet, closes (its equipment later sold or broken), lost a piece of equipment,
or simply has not been visited for a long time, or ever. Visits come every three to nine
months, by the demo worker of the client's regency (the admin elsewhere), never in the
future and never before the hand-over, and check every granted item each time. The clients
of the demo workers (Kota Malang, Kabupaten Bojonegoro) go through the stories in turn, so
each worker's worklist has clients for every reason, and some who are doing fine.

The fixed demo client of `seed_demo` (Siti Aminah, the wheelchair user from Bojonegoro)
runs DEMO_WHEELCHAIR_BUSINESS_NAME with the sewing and overlock machine of her grant; it
grows steadily, and her latest visit (`demo_wheelchair_latest_visit_on()`) finds
DEMO_WHEELCHAIR_LATEST_NET_INCOME a month, DEMO_WHEELCHAIR_LATEST_EMPLOYEES employees, the
business developing and both machines in use. Find it with `demo_wheelchair_business()`.
"""

import datetime
import itertools
import random
import time
from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from beneficiaries.management.commands.seed_demo import (
    BOJONEGORO,
    DEMO_WHEELCHAIR_CLIENT_NAME,
    DEMO_WHEELCHAIR_CLIENT_NIK,
    MALANG,
)
from beneficiaries.models import Client
from programs import services
from programs.management.commands.seed_demo_programs import DEMO_WHEELCHAIR_CLIENT_BAST
from programs.models import (
    Business,
    EquipmentCheck,
    FollowUpVisit,
    Grant,
    SupportKind,
)
from programs.templatetags.money import rupiah

date = datetime.date
days = datetime.timedelta
Status = FollowUpVisit.Status
Condition = EquipmentCheck.Condition
Sector = Business.Sector

# The fixed demo story: Siti Aminah sews school uniforms at home in Kapas with the machines
# of her grant (BAST DEMO_WHEELCHAIR_CLIENT_BAST) and now employs four neighbours.
DEMO_WHEELCHAIR_BUSINESS_NAME = "Konveksi Siti Aminah"
DEMO_WHEELCHAIR_BUSINESS_SECTOR = Sector.GARMENTS
DEMO_WHEELCHAIR_BUSINESS_PRODUCTS = "Seragam sekolah, gamis, masker kain"
DEMO_WHEELCHAIR_BUSINESS_STARTED_ON = date(2024, 5, 13)
DEMO_WHEELCHAIR_LATEST_VISIT_ON = date(2026, 10, 20)  # see demo_wheelchair_latest_visit_on()
DEMO_WHEELCHAIR_LATEST_NET_INCOME = 3_000_000
DEMO_WHEELCHAIR_LATEST_REVENUE = 8_000_000
DEMO_WHEELCHAIR_LATEST_EMPLOYEES = 4
DEMO_WHEELCHAIR_LATEST_STATUS = Status.DEVELOPING
DEMO_WHEELCHAIR_LATEST_SUPPORT = "Pemasaran"
DEMO_WHEELCHAIR_LATEST_NOTES = (
    "Menerima pesanan seragam dari tiga SD di Kecamatan Kapas; empat tetangga kini ikut "
    "bekerja. Kedua mesin terawat dan dipakai setiap hari. Perlu bantuan pemasaran daring "
    "untuk gamis."
)
# Her earlier visits: date, net income, revenue, employees, support, notes.
DEMO_WHEELCHAIR_EARLIER_VISITS = [
    (
        date(2024, 8, 14),
        750_000,
        1_800_000,
        0,
        ["Pendampingan usaha"],
        "Mulai menerima jahitan dan permak dari tetangga; ruang kerja di rumah sudah ditata "
        "agar mudah dijangkau dengan kursi roda.",
    ),
    (
        date(2025, 2, 12),
        1_200_000,
        3_000_000,
        1,
        ["Akses permodalan"],
        "Pesanan seragam sekolah pertama; dibantu satu tetangga untuk memotong kain.",
    ),
    (
        date(2025, 8, 19),
        1_800_000,
        4_500_000,
        2,
        ["Pelatihan lanjutan"],
        "Pesanan seragam tahun ajaran baru meningkat; mengikuti pelatihan pola gamis.",
    ),
    (
        date(2026, 3, 10),
        2_400_000,
        6_000_000,
        3,
        ["Pemasaran"],
        "Pesanan gamis menjelang Lebaran; mulai berjualan lewat WhatsApp dan Facebook.",
    ),
]

NO_BUSINESS_SHARE = 0.15  # of the grants: the grantee never started a business
SIX_MONTHS = days(183)
# The worklist reasons the summary counts.
NO_VISIT = "no visit for six months, or never"
NEEDS_HELP = "last status stagnan, belum berkembang or tutup"
EQUIPMENT_PROBLEM = "equipment broken, sold or lost at the last visit"
DOING_FINE = "fine: berkembang, visited in the last two months"

# The stories a business follows (Scenario.*), and how likely each is outside the demo
# workers' regencies, per grant.
NONE = "none"  # no business at all
NEVER = "never"  # a business, never visited
FINE = "fine"  # growing, visited last month
GROWING = "growing"  # growing, visited a few months ago
STALE = "stale"  # doing all right, but not visited for more than six months
FLAT = "flat"  # stagnan
NOT_YET = "not_yet"  # belum berkembang
CLOSED = "closed"  # tutup, equipment sold or broken
EQUIPMENT = "equipment"  # running, but an item was found broken, sold or lost
SCENARIO_WEIGHTS = {
    NONE: NO_BUSINESS_SHARE,
    NEVER: 0.15,
    FINE: 0.12,
    GROWING: 0.2,
    STALE: 0.08,
    FLAT: 0.11,
    NOT_YET: 0.06,
    CLOSED: 0.07,
    EQUIPMENT: 0.06,
}
# The demo workers' clients go through these in turn (after a shuffle), so that each
# worklist reason has several of them.
WORKER_CYCLE = [FINE, FLAT, STALE, EQUIPMENT, NEVER, CLOSED, GROWING, NOT_YET, NONE, FINE]
# How long before today the last visit of a story was (days).
LAST_VISIT_AGO = {
    FINE: (5, 35),
    GROWING: (20, 170),
    STALE: (200, 700),
    FLAT: (10, 170),
    NOT_YET: (10, 170),
    CLOSED: (10, 400),
    EQUIPMENT: (10, 170),
}
VISIT_GAP = (90, 270)  # days between visits: three to nine months
FIRST_VISIT_AFTER_START = 30  # days: the business runs a month before it is visited

# The sector of a training's skill area, and of a grant without a training by its equipment.
SKILL_SECTORS = {
    "Menjahit dan konveksi": Sector.GARMENTS,
    "Tata boga": Sector.FOOD,
    "Tata rias dan salon": Sector.BEAUTY,
    "Kerajinan tangan": Sector.CRAFTS,
    "Pangkas rambut": Sector.BARBER,
    "Pertanian dan peternakan": Sector.FARMING,
    "Pertukangan kayu": Sector.CARPENTRY,
    "Otomotif": Sector.AUTOMOTIVE,
}
EQUIPMENT_SECTORS = {
    "Kambing": Sector.FARMING,
    "Gerobak dagang": Sector.FOOD,
    "Kompor gas dan tabung": Sector.FOOD,
    "Etalase": Sector.FOOD,
    "Mesin jahit": Sector.GARMENTS,
    "Mesin obras": Sector.GARMENTS,
    "Peralatan salon": Sector.BEAUTY,
    "Peralatan pangkas rambut": Sector.BARBER,
    "Peralatan pertukangan": Sector.CARPENTRY,
    "Peralatan bengkel": Sector.AUTOMOTIVE,
}

# Business names ({n}: the owner's calling name, {t}: Bu or Pak) and what each sells.
NAMES = {
    Sector.GARMENTS: [
        ("Konveksi {t} {n}", "Seragam sekolah, kaos dan seragam kerja"),
        ("Penjahit {n}", "Jahit pakaian pesanan dan permak"),
        ("Jahit {n} Collection", "Gamis, mukena, jilbab"),
        ("Konveksi {n} Jaya", "Seragam sekolah, permak pakaian"),
        ("Modiste {n}", "Kebaya dan baju pesta pesanan"),
        ("Busana Anak {n}", "Baju anak dan daster"),
    ],
    Sector.FOOD: [
        ("Warung Makan Barokah", "Nasi pecel, rawon, es teh"),
        ("Warung Makan Berkah Jaya", "Nasi campur, soto ayam, es jeruk"),
        ("Warung {t} {n}", "Nasi goreng dan mi goreng"),
        ("Kue Basah {t} {n}", "Kue basah dan jajanan pasar"),
        ("Katering {n}", "Katering nasi kotak"),
        ("Nasi Pecel {t} {n}", "Nasi pecel dan lontong sayur"),
        ("Dapur {n}", "Keripik singkong, rempeyek, kue kering pesanan Lebaran"),
    ],
    Sector.BEAUTY: [
        ("Salon {n}", "Potong rambut, creambath, rias wajah"),
        ("{n} Salon & Rias", "Rias pengantin dan wisuda"),
        ("Salon Ayu {n}", "Potong rambut wanita dan anak, smoothing"),
        ("Rias Pengantin {n}", "Rias pengantin, sewa kebaya"),
    ],
    Sector.CRAFTS: [
        ("Kerajinan {n}", "Keset kain perca dan sapu ijuk"),
        ("Anyaman Bambu {t} {n}", "Anyaman bambu: besek dan tampah"),
        ("Keset {n} Makmur", "Keset kain perca"),
        ("Kriya {n}", "Manik-manik dan gantungan kunci"),
        ("Suvenir {n}", "Suvenir pernikahan"),
        ("Mebel Bambu {t} {n}", "Rak dan kursi bambu"),
    ],
    Sector.BARBER: [
        ("Pangkas Rambut {n}", "Pangkas rambut pria dan anak"),
        ("Barbershop {n}", "Pangkas rambut, cukur jenggot"),
        ("Cukur Rapi {t} {n}", "Pangkas rambut pria dan anak"),
    ],
    Sector.FARMING: [
        ("Ternak Kambing {t} {n}", "Penggemukan dan pembiakan kambing"),
        ("Ternak {n} Makmur", "Kambing potong untuk kurban dan akikah"),
    ],
    Sector.CARPENTRY: [
        ("Mebel {n}", "Kursi, meja dan lemari pesanan"),
        ("Pertukangan {t} {n}", "Servis perabot kayu"),
    ],
    Sector.AUTOMOTIVE: [
        ("Bengkel {n}", "Servis sepeda motor"),
        ("Bengkel Motor {t} {n}", "Servis dan tambal ban sepeda motor"),
    ],
}
FOOD_CART_NAMES = [
    ("Bakso {t} {n}", "Bakso dan mi ayam keliling"),
    ("Siomay {t} {n}", "Siomay dan batagor"),
    ("Es Teh {n}", "Es teh dan gorengan"),
    ("Cilok {t} {n}", "Cilok dan cireng"),
]
# Net monthly income (Rp) a growing business of each sector reaches after two or three years.
GROWTH_TARGET = {
    Sector.GARMENTS: (1_500_000, 4_500_000),
    Sector.FOOD: (1_500_000, 5_000_000),
    Sector.BEAUTY: (1_200_000, 3_500_000),
    Sector.CRAFTS: (800_000, 2_500_000),
    Sector.BARBER: (1_500_000, 4_000_000),
    Sector.FARMING: (1_000_000, 3_000_000),
    Sector.CARPENTRY: (1_500_000, 4_000_000),
    Sector.AUTOMOTIVE: (1_500_000, 4_000_000),
}
MAX_NET_INCOME = 5_000_000

SUPPORT = {
    Status.DEVELOPING: [
        ["Pemasaran"],
        ["Akses permodalan"],
        ["Pelatihan lanjutan"],
        ["Pemasaran", "Akses permodalan"],
        ["Tidak ada"],
        ["Tidak ada"],
    ],
    Status.FLAT: [
        ["Pendampingan usaha"],
        ["Pemasaran"],
        ["Pendampingan usaha", "Pemasaran"],
        ["Akses permodalan"],
        ["Pendampingan usaha", "Akses permodalan"],
    ],
    Status.NOT_YET: [
        ["Pendampingan usaha"],
        ["Pelatihan lanjutan"],
        ["Pendampingan usaha", "Pemasaran"],
        ["Tidak ada"],
    ],
    Status.CLOSED: [["Pendampingan usaha"], ["Tidak ada"], ["Akses permodalan"]],
}
REPAIR = "Perbaikan peralatan"
NOTHING = "Tidak ada"

NOTES = {
    Status.DEVELOPING: [
        "",
        "Pesanan bertambah, terutama menjelang Lebaran.",
        "Usaha berjalan baik; pelanggan tetap bertambah.",
        "Sudah memasarkan lewat WhatsApp dan Facebook.",
        "Mulai menerima pesanan dari luar desa.",
        "Omzet naik; pembukuan sederhana sudah rapi.",
        "Menyisihkan keuntungan untuk menambah bahan baku.",
    ],
    Status.FLAT: [
        "Pesanan tidak bertambah sejak kunjungan lalu.",
        "Persaingan dengan usaha sejenis di desa cukup ketat.",
        "Modal terbatas untuk membeli bahan.",
        "Penjualan turun setelah harga bahan baku naik.",
        "Pemasaran masih dari mulut ke mulut.",
    ],
    Status.NOT_YET: [
        "Usaha baru berjalan, pelanggan masih keluarga dan tetangga.",
        "Belum rutin berproduksi; masih mencari pasar.",
        "Penerima masih ragu memulai usaha sendiri; perlu pendampingan.",
        "Baru menerima pesanan kecil beberapa kali.",
        "Terkendala modal untuk bahan baku.",
    ],
    Status.CLOSED: [
        "Usaha berhenti; penerima bekerja sebagai buruh harian.",
        "Usaha tutup karena penerima sakit cukup lama.",
        "Usaha tutup; penerima ikut keluarga ke luar kota.",
        "Tidak ada pesanan selama beberapa bulan, usaha dihentikan.",
        "Usaha tutup; modal terpakai untuk kebutuhan keluarga.",
    ],
}
EQUIPMENT_NOTES = {
    Condition.BROKEN: "{item} rusak, belum ada biaya untuk perbaikan.",
    Condition.SOLD: "{item} sudah dijual untuk kebutuhan keluarga.",
    Condition.LOST: "{item} hilang; menurut penerima dipinjam kerabat dan tidak kembali.",
    Condition.PASSED_ON: "{item} dipakai saudara penerima.",
}
# What becomes of the equipment of a closed business, and of the one item of a running
# business that is no longer in use.
CLOSED_CONDITIONS = {
    Condition.SOLD: 0.4,
    Condition.BROKEN: 0.35,
    Condition.PASSED_ON: 0.15,
    Condition.LOST: 0.1,
}
PROBLEM_CONDITIONS = {Condition.BROKEN: 0.55, Condition.SOLD: 0.3, Condition.LOST: 0.15}


def demo_wheelchair_business() -> Business:
    """Siti Aminah's tailoring business, run with the machines of her grant."""
    return Business.objects.get(
        client__nik=DEMO_WHEELCHAIR_CLIENT_NIK, name=DEMO_WHEELCHAIR_BUSINESS_NAME
    )


def demo_wheelchair_latest_visit_on(today: datetime.date | None = None) -> datetime.date:
    """The date of Siti Aminah's latest visit: DEMO_WHEELCHAIR_LATEST_VISIT_ON while that is
    within the last two months, otherwise about six weeks before `today`, so that the demo
    always shows her visited recently."""
    today = today or timezone.localdate()
    if DEMO_WHEELCHAIR_LATEST_VISIT_ON <= today <= DEMO_WHEELCHAIR_LATEST_VISIT_ON + days(60):
        return DEMO_WHEELCHAIR_LATEST_VISIT_ON
    return _weekday_on_or_before(today - days(39))


def _round_to(value: float, step: int = 50_000) -> int:
    return max(0, round(value / step) * step)


def _weekday_on_or_before(day: datetime.date) -> datetime.date:
    """The day itself, or the Friday before a weekend."""
    return day - days(max(0, day.weekday() - 4))


def _calling_name(client: Client) -> str:
    """Siti Aminah -> Siti, Moch. Rizky Pratama -> Rizky: how neighbours name a business."""
    words = client.name.split()
    if len(words) > 1 and words[0] in ("Muhammad", "Moch.", "Ahmad"):
        return words[1]
    return words[0]


def _weighted(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


@dataclass
class _Visit:
    on: datetime.date
    net_income: int = 0
    employees: int = 0
    status: str = Status.DEVELOPING
    problem: str | None = None  # the condition of the one item no longer in use
    closed_condition: bool = False  # every item as after a closure
    repaired: bool = False  # an item found broken for a while, support: repair


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
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo_visits creates fictitious businesses and visits; it runs only with "
                "DEBUG on (DEBUG=on python manage.py seed_demo_visits)."
            )
        started = time.monotonic()
        users = self._demo_users()
        if Business.objects.filter(
            client__nik=DEMO_WHEELCHAIR_CLIENT_NIK, name=DEMO_WHEELCHAIR_BUSINESS_NAME
        ).exists():
            self.stdout.write("Demo businesses exist already: none created.")
        else:
            created = _VisitGenerator(seed=seed, users=users).create()
            self.stdout.write(
                self.style.SUCCESS(
                    f"Created {created[0]} businesses and {created[1]} visits in "
                    f"{time.monotonic() - started:.1f}s."
                )
            )
        self._summarise()

    def _demo_users(self) -> dict:
        User = get_user_model()
        usernames = ["admin", "worker-malang", "worker-bojonegoro"]
        users = {u.username: u for u in User.objects.filter(username__in=usernames)}
        grant_exists = Grant.objects.filter(
            bast_number=DEMO_WHEELCHAIR_CLIENT_BAST, client__nik=DEMO_WHEELCHAIR_CLIENT_NIK
        ).exists()
        if len(users) < len(usernames) or not grant_exists:
            raise CommandError(
                "The demo grants are missing (the visits need those of seed_demo_programs, "
                f"{DEMO_WHEELCHAIR_CLIENT_NAME}'s included). Run `python manage.py seed_demo` "
                "and `python manage.py seed_demo_programs` first."
            )
        return users

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
                f"{label} {statuses[value]}" for value, label in Status.choices if statuses[value]
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
                visit.status == Status.DEVELOPING
                and visit.visited_on >= today - days(61)
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


class _VisitGenerator:
    """Draws each grant's story from one seeded generator and records the business and its
    visits through the services, oldest visit first."""

    def __init__(self, *, seed: int, users: dict):
        self.rng = random.Random(seed)
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

    def _visitor(self, client: Client):
        """The demo worker of the client's regency, or the admin for the rest."""
        if client.regency_id == MALANG:
            return self.users["worker-malang"]
        if client.regency_id == BOJONEGORO:
            return self.users["worker-bojonegoro"]
        return self.users["admin"]

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
        for code in (MALANG, BOJONEGORO):
            theirs = [g for g in grants if g.client.regency_id == code]
            rng.shuffle(theirs)
            for i, grant in enumerate(theirs):
                chosen[grant.pk] = WORKER_CYCLE[i % len(WORKER_CYCLE)]
        for grant in grants:
            if grant.pk in chosen:
                continue
            if grant.client.status == Client.Status.MOVED:
                # Gone from the regency: not followed up for a long time, if ever.
                chosen[grant.pk] = rng.choice([NONE, NEVER, STALE, CLOSED])
            else:
                chosen[grant.pk] = _weighted(rng, SCENARIO_WEIGHTS)
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
        names = [(t.format(t=title, n=_calling_name(client)), p) for t, p in templates]
        fresh = [(n, p) for n, p in names if n not in self.used_names]
        name, products = rng.choice(fresh or names)
        if name in self.used_names:
            name = f"{name} {client.pk}"
        self.used_names.add(name)
        return name, products

    def _register(self, grant: Grant, **fields) -> Business:
        business = services.business_register(
            client=grant.client,
            registered_by=self._visitor(grant.client),
            grants=[grant],
            village=grant.client.village,
            **fields,
        )
        self.businesses += 1
        return business

    # -- visits ---------------------------------------------------------------------------

    def _record(self, business, grant, visit: _Visit, *, support, notes, equipment):
        services.visit_record(
            business=business,
            visited_by=self._visitor(grant.client),
            visited_on=visit.on,
            net_income=visit.net_income,
            revenue=self._revenue(visit),
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
                visited_by=self._visitor(grant.client),
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
            visited_by=self._visitor(grant.client),
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
        dates = self._visit_dates(started_on, scenario)
        if not dates:
            return
        baseline = grant.enrolment.income_before if grant.enrolment else None
        if baseline is None:
            baseline = _round_to(rng.triangular(0, 1_000_000, 300_000))
        plan = self._trajectory(scenario, dates, started_on, baseline, sector)
        items = list(grant.items.all())
        broken = rng.choice(items)
        conditions = dict.fromkeys(items, Condition.IN_USE)
        for visit in plan:
            notes = [rng.choice(NOTES[visit.status])]
            support = list(rng.choice(SUPPORT[visit.status]))
            if visit.closed_condition:
                for item in items:
                    if conditions[item] == Condition.IN_USE:
                        conditions[item] = _weighted(rng, CLOSED_CONDITIONS)
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

    def _visit_dates(self, started_on: datetime.date, scenario: str) -> list[datetime.date]:
        """Every three to nine months, counted back from the story's last visit."""
        rng = self.rng
        low, high = LAST_VISIT_AGO[scenario]
        on = _weekday_on_or_before(self.today - days(rng.randint(low, high)))
        earliest = started_on + days(FIRST_VISIT_AFTER_START)
        dates = []
        while on >= earliest:
            dates.append(on)
            on = _weekday_on_or_before(on - days(rng.randint(*VISIT_GAP)))
        return dates[::-1]

    def _trajectory(self, scenario, dates, started_on, baseline, sector) -> list[_Visit]:
        rng = self.rng
        visits = [_Visit(on) for on in dates]
        months = [(on - started_on).days / 30.4 for on in dates]
        last = visits[-1]
        if scenario in (FINE, GROWING) or (scenario == STALE and rng.random() < 0.7):
            self._grow(visits, months, baseline, sector)
        elif scenario in (FLAT, STALE):
            self._flat(visits, baseline)
            if scenario == STALE:
                last.status = Status.DEVELOPING
        elif scenario == NOT_YET:
            for visit in visits:
                visit.net_income = _round_to(rng.uniform(0, 500_000))
                visit.status = Status.NOT_YET
        elif scenario == CLOSED:
            self._flat(visits, baseline)
            for visit, share in zip(visits, range(len(visits), 0, -1), strict=True):
                visit.net_income = _round_to(visit.net_income * min(1, 0.4 + 0.25 * share))
            last.net_income = last.employees = 0
            last.status = Status.CLOSED
            last.closed_condition = True
        elif scenario == EQUIPMENT:
            if rng.random() < 0.5:
                self._grow(visits, months, baseline, sector)
            else:
                self._flat(visits, baseline)
            last.status = _weighted(
                rng, {Status.FLAT: 0.5, Status.NOT_YET: 0.25, Status.DEVELOPING: 0.25}
            )
            if last.status != Status.DEVELOPING:
                last.net_income = _round_to(last.net_income * 0.6)
            last.problem = _weighted(rng, PROBLEM_CONDITIONS)
        # Now and then an item broke for a while and was repaired by the next visit.
        for visit in visits[1:-1]:
            if not visit.problem and rng.random() < 0.04:
                visit.repaired = True
        return visits

    def _grow(self, visits, months, baseline, sector):
        rng = self.rng
        target = _round_to(rng.uniform(*GROWTH_TARGET[sector]))
        start = baseline + rng.uniform(0, 300_000)
        horizon = rng.uniform(18, 36)  # months to reach the target
        employees = _weighted(rng, {0: 3, 1: 4, 2: 3, 3: 2, 4: 1})
        for visit, month in zip(visits, months, strict=True):
            progress = min(1.0, month / horizon)
            income = start + (target - start) * progress * rng.uniform(0.9, 1.1)
            visit.net_income = min(MAX_NET_INCOME, _round_to(income))
            visit.employees = round(employees * progress)
            visit.status = (
                Status.DEVELOPING if visit.net_income > baseline + 100_000 else Status.NOT_YET
            )
        for previous, visit in itertools.pairwise(visits[:-1]):
            if rng.random() < 0.12:  # a flat spell
                visit.net_income = previous.net_income
                visit.employees = previous.employees
                visit.status = Status.FLAT
        visits[-1].status = Status.DEVELOPING
        visits[-1].net_income = max(visits[-1].net_income, baseline + 150_000)

    def _flat(self, visits, baseline):
        rng = self.rng
        level = max(baseline, 0) + rng.uniform(0, 600_000) + 200_000
        employees = 1 if rng.random() < 0.2 else 0
        for i, visit in enumerate(visits):
            visit.net_income = min(MAX_NET_INCOME, _round_to(level * rng.uniform(0.85, 1.1)))
            visit.employees = employees
            visit.status = Status.FLAT
            if i == 0:
                visit.status = Status.DEVELOPING if rng.random() < 0.5 else Status.NOT_YET

    def _revenue(self, visit: _Visit) -> int | None:
        rng = self.rng
        if visit.status == Status.CLOSED:
            return 0
        if rng.random() < 0.1:
            return None  # the owner keeps no accounts
        if visit.net_income == 0:
            return _round_to(rng.uniform(0, 300_000))
        return _round_to(visit.net_income * rng.uniform(2, 3))
