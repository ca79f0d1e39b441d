"""Demo data for the development server: four logins and a few hundred fictitious clients.

`make run` calls this on every start, so it is idempotent: the users are brought back to
their documented state (password included) on each run, and the clients are created only
once, when the fixed demo client below does not exist yet. It runs with DEBUG on only: it
creates logins with a published password.

Everyone here is invented (Faker names, generated NIKs), but the records follow the real
rules: NIKs agree with the district, birth date and sex (see `beneficiaries.nik`), villages
are real villages of the province, PPKS types, disabilities and assistive devices fit
together.
"""

import datetime
import random
import time
from collections import Counter, defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from faker import Faker

from beneficiaries import roles, services
from beneficiaries.models import (
    AssistiveDevice,
    Client,
    DisabilityType,
    District,
    PpksType,
    Regency,
    ServiceUnit,
    StaffScope,
    Village,
    normalize_name,
)
from beneficiaries.nik import compose_nik

MALANG = "35.73"  # Kota Malang
BOJONEGORO = "35.22"  # Kabupaten Bojonegoro

# The fixed client later demo features (training, the sewing machine grant, follow-up
# visits) attach to: the woman in a wheelchair from Bojonegoro of DESIGN.md. Find her with
# `demo_wheelchair_client()`; the NIK is unique, the name is kept unique among demo clients.
DEMO_WHEELCHAIR_CLIENT_NAME = "Siti Aminah"
DEMO_WHEELCHAIR_CLIENT_NIK = "3522145704880003"  # Kapas, Bojonegoro; 17-04-1988, woman
DEMO_WHEELCHAIR_CLIENT_VILLAGE = "35.22.14.2002"  # Desa Bendo, Kecamatan Kapas
DEMO_WHEELCHAIR_CLIENT_DISABILITY = ("fisik", "Lumpuh layuh atau kaku")
DEMO_WHEELCHAIR_CLIENT_DEVICE = "Kursi roda"

# username, first name, last name, role group, scope: "all", "superuser" or regency codes.
DEMO_USERS = [
    ("admin", "Bambang", "Setiawan", roles.ADMIN, "superuser"),
    ("manager", "Sri", "Wahyuningsih", roles.MANAGER, "all"),
    ("worker-malang", "Dewi", "Lestari", roles.SOCIAL_WORKER, [MALANG]),
    ("worker-bojonegoro", "Agus", "Santoso", roles.SOCIAL_WORKER, [BOJONEGORO]),
]

# The demo workers' regencies hold a fixed share of the clients each (30 of 300, the fixed
# client included); the rest are drawn over the other regencies of the province, Surabaya
# weighing a little more than the others.
WORKER_REGENCY_SHARE = {MALANG: 0.10, BOJONEGORO: 0.10}
REGENCY_WEIGHTS = {"35.78": 2.0}

# The main PPKS type of a client (the homeless are drawn separately), with its weight and
# the range of birth years that fits it.
PPKS_MAIN = [
    ("Penyandang Disabilitas", 50, (1960, 2008)),
    ("Fakir Miskin", 15, (1955, 2000)),
    ("Lanjut Usia Terlantar", 13, (1950, 1964)),
    ("Perempuan Rawan Sosial Ekonomi", 6, (1965, 2000)),
    ("Korban Tindak Kekerasan", 3, (1975, 2006)),
    ("Korban Bencana Alam", 3, (1955, 2005)),
    ("Bekas Warga Binaan Lembaga Pemasyarakatan", 2, (1965, 2000)),
    ("Korban Penyalahgunaan NAPZA", 2, (1975, 2005)),
    ("Pekerja Migran Bermasalah Sosial", 2, (1970, 2000)),
    ("Orang dengan HIV/AIDS", 1, (1970, 2000)),
]
HOMELESS_SHARE = 0.10  # Gelandangan/Pengemis/Pemulung, who mostly have no NIK
HOMELESS_YEARS = (1955, 2005)
WOMEN_ONLY = {"Perempuan Rawan Sosial Ekonomi"}

# Disability kinds (code, weight) and their sub-types (name, weight).
DISABILITY_KINDS = [("fisik", 50), ("sensorik", 25), ("intelektual", 15), ("mental", 10)]
DISABILITY_TYPES = {
    "fisik": [
        ("Amputasi", 4),
        ("Lumpuh layuh atau kaku", 6),
        ("Paraplegi", 3),
        ("Cerebral palsy", 3),
        ("Akibat stroke", 4),
        ("Akibat kusta", 1),
        ("Orang kecil", 1),
    ],
    "sensorik": [("Disabilitas netra", 5), ("Disabilitas rungu", 4), ("Disabilitas wicara", 1)],
    "intelektual": [("Lambat belajar", 2), ("Disabilitas grahita", 4), ("Down syndrome", 2)],
    "mental": [
        ("Psikososial (skizofrenia, bipolar, depresi, anxietas, gangguan kepribadian)", 3),
        ("Disabilitas perkembangan (autis, hiperaktif)", 1),
    ],
}
MULTIPLE_DISABILITY_SHARE = 0.15  # a second kind: disabilitas ganda
# The assistive devices that go with a sub-type (name, weight), and how often one is used.
DISABILITY_DEVICES = {
    "Amputasi": [("Kaki palsu", 5), ("Kruk", 3), ("Tangan palsu", 2)],
    "Lumpuh layuh atau kaku": [("Kursi roda", 6), ("Kruk", 2), ("Brace/ortosis", 2)],
    "Paraplegi": [("Kursi roda", 1)],
    "Cerebral palsy": [("Kursi roda", 4), ("Walker", 3), ("Brace/ortosis", 2)],
    "Akibat stroke": [("Tongkat", 4), ("Kursi roda", 3), ("Walker", 2)],
    "Akibat kusta": [("Kruk", 2), ("Kaki palsu", 1)],
    "Disabilitas netra": [("Tongkat putih", 4), ("Kacamata", 1)],
    "Disabilitas rungu": [("Alat bantu dengar", 1)],
}
DEVICE_SHARE = 0.75

# Which UPT (found by a part of its name) takes in a client of a kind, for status klien.
UPT_FOR_DISABILITY = {
    "fisik": ["Bina Daksa"],
    "intelektual": ["Bina Grahita"],
    "mental": ["Bina Laras"],
}
UPT_FOR_NETRA = ["Bina Netra"]
UPT_FOR_ELDERLY = ["Tresna Werdha"]
UPT_FOR_HOMELESS = ["Bina Karya"]
IN_UPT_SHARE = 0.2  # of those a UPT could take in

PHONE_PREFIXES = ["0811", "0812", "0813", "0821", "0822", "0823", "0852", "0853", "0856"]
PHONE_PREFIXES += ["0857", "0858", "0877", "0878", "0881", "0895", "0896", "0838", "0831"]

HOMELESS_PLACES = [
    "Tidak memiliki tempat tinggal tetap (sekitar terminal)",
    "Tidak memiliki tempat tinggal tetap (sekitar pasar)",
    "Tidak memiliki tempat tinggal tetap (sekitar stasiun)",
    "Tidak memiliki tempat tinggal tetap (emperan toko)",
]
CONSENT_NOTES = [
    "Formulir persetujuan ditandatangani klien",
    "Formulir persetujuan ditandatangani klien",
    "Formulir persetujuan ditandatangani klien",
    "Persetujuan lisan, cap jempol pada formulir",
]
CONSENT_NOTE_GUARDIAN = "Persetujuan diberikan oleh keluarga/wali, formulir ditandatangani"

CASE_NOTES = [
    "Kunjungan rumah: klien tinggal bersama keluarga, kondisi rumah sederhana. Keluarga "
    "mendukung klien mengikuti pelatihan keterampilan.",
    "Klien menyampaikan minat mengikuti pelatihan menjahit. Cek kuota angkatan berikutnya di UPT.",
    "Koordinasi dengan pemerintah desa untuk pengurusan KTP-el dan kepesertaan BPJS "
    "Kesehatan (PBI).",
    "Klien sedang berobat jalan di puskesmas. Kunjungan berikutnya dijadwalkan bulan depan.",
    "Klien sudah membuka warung kecil di depan rumah, omzet belum stabil. Perlu "
    "pendampingan pencatatan keuangan sederhana.",
    "Keluarga meminta informasi bantuan alat bantu. Dirujuk ke UPT Rehabilitasi Sosial "
    "Bina Daksa Pasuruan.",
]
WHEELCHAIR_CLIENT_NOTE = (
    "Kunjungan awal: klien pengguna kursi roda, tinggal bersama orang tua. Dulu sering "
    "membantu tetangga menjahit dengan tangan; berminat mengikuti pelatihan menjahit dan "
    "membuka usaha konveksi di rumah."
)


def demo_wheelchair_client() -> Client:
    """The fixed demo client (see DEMO_WHEELCHAIR_CLIENT_NAME)."""
    return Client.objects.get(nik=DEMO_WHEELCHAIR_CLIENT_NIK)


def _short_regency_name(regency: Regency) -> str:
    """Kabupaten Bojonegoro -> Bojonegoro, as a place of birth is written."""
    for prefix in ("Kabupaten ", "Kota "):
        if regency.name.startswith(prefix):
            return regency.name.removeprefix(prefix)
    return regency.name


def _weighted(rng: random.Random, pairs):
    items, weights = zip(*pairs, strict=True)
    return rng.choices(items, weights=weights)[0]


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
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo creates logins with a published password and fictitious clients; "
                "it runs only with DEBUG on (DEBUG=on python manage.py seed_demo)."
            )
        if clients < 1:
            raise CommandError("--clients must be at least 1 (the fixed demo client).")
        started = time.monotonic()
        self._check_regions()

        users = self._users_ensure()
        admin = users["admin"]

        if Client.objects.filter(nik=DEMO_WHEELCHAIR_CLIENT_NIK).exists():
            self.stdout.write("Demo clients exist already: none created.")
        else:
            created = _ClientGenerator(seed=seed, registered_by=admin).create(
                count=clients, users=users
            )
            self._summarise(created, time.monotonic() - started)
        self._print_logins()

    def _check_regions(self):
        province = settings.PROVINCE_CODE
        missing = [
            code
            for code in (MALANG, BOJONEGORO)
            if not Village.objects.filter(district__regency_id=code).exists()
        ]
        if (
            missing
            or not District.objects.filter(regency__province_id=province).exists()
            or not Village.objects.filter(district__regency__province_id=province).exists()
        ):
            raise CommandError(
                "The districts and villages are not loaded (the demo data needs those of "
                f"province {province}, Kota Malang {MALANG} and Kabupaten Bojonegoro "
                f"{BOJONEGORO}). Run `python manage.py load_regions` first."
            )

    def _users_ensure(self) -> dict:
        User = get_user_model()
        password = settings.DEMO_PASSWORD
        users = {}
        for username, first_name, last_name, role, scope in DEMO_USERS:
            try:
                group = Group.objects.get(name=role)
            except Group.DoesNotExist:
                raise CommandError(
                    f"The role group {role!r} is missing. Run `python manage.py migrate`."
                ) from None
            user, created = User.objects.get_or_create(username=username)
            wanted = {
                "first_name": first_name,
                "last_name": last_name,
                "email": f"{username}@dinsos-jatim.example",
                "is_active": True,
                "is_staff": scope == "superuser",
                "is_superuser": scope == "superuser",
            }
            changed = [f for f, value in wanted.items() if getattr(user, f) != value]
            for field in changed:
                setattr(user, field, wanted[field])
            # Only when it does not work already, so that a rerun writes nothing.
            if not user.check_password(password):
                user.set_password(password)
                changed.append("password")
            if changed:
                user.save()
            if set(user.groups.all()) != {group}:
                user.groups.set([group])
            if scope != "superuser":
                staff_scope, _ = StaffScope.objects.get_or_create(user=user)
                if staff_scope.province_wide != (scope == "all"):
                    staff_scope.province_wide = scope == "all"
                    staff_scope.save(update_fields=["province_wide"])
                regencies = [] if scope == "all" else list(Regency.objects.filter(code__in=scope))
                if set(staff_scope.regencies.all()) != set(regencies):
                    staff_scope.regencies.set(regencies)
                if staff_scope.service_units.exists():
                    staff_scope.service_units.clear()
            if created:
                self.stdout.write(f"Created user {username}.")
            elif changed:
                self.stdout.write(f"Reset user {username} ({', '.join(changed)}).")
            users[username] = user
        return users

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


class _ClientGenerator:
    """Draws plausible clients from one seeded random generator and registers them."""

    def __init__(self, *, seed: int, registered_by):
        self.rng = random.Random(seed)
        self.fake = Faker("id_ID")
        self.fake.seed_instance(seed)
        self.registered_by = registered_by
        self.today = timezone.localdate()

        self.ppks = {p.name: p for p in PpksType.objects.all()}
        self.disabilities = {
            (d.kind.code, d.name): d for d in DisabilityType.objects.select_related("kind")
        }
        self.devices = {d.name: d for d in AssistiveDevice.objects.all()}
        units = list(ServiceUnit.objects.filter(active=True))
        self.upts = [u for u in units if u.kind == ServiceUnit.Kind.UPT]
        self.regency_offices = {
            u.regency_id: u for u in units if u.kind == ServiceUnit.Kind.REGENCY_OFFICE
        }

        self.villages = defaultdict(list)
        for village in Village.objects.filter(
            district__regency__province_id=settings.PROVINCE_CODE
        ).select_related("district__regency"):
            self.villages[village.district.regency_id].append(village)
        self.birth_places = [
            _short_regency_name(self.villages[code][0].district.regency)
            for code in sorted(self.villages)
        ]

        # Never collide with a NIK or KK number in the database, demo or not.
        self.used_niks = set(Client.objects.exclude(nik="").values_list("nik", flat=True))
        self.used_niks.update(
            Client.objects.exclude(kk_number="").values_list("kk_number", flat=True)
        )
        self.used_niks.add(DEMO_WHEELCHAIR_CLIENT_NIK)
        self.used_names = {normalize_name(DEMO_WHEELCHAIR_CLIENT_NAME)}

    # -- reference data ---------------------------------------------------------------

    def _ppks(self, name):
        try:
            return self.ppks[name]
        except KeyError:
            raise CommandError(f"PPKS type {name!r} is missing; run migrate.") from None

    def _disability(self, kind, name):
        try:
            return self.disabilities[(kind, name)]
        except KeyError:
            raise CommandError(f"Disability type {kind}: {name!r} is missing.") from None

    def _device(self, name):
        try:
            return self.devices[name]
        except KeyError:
            raise CommandError(f"Assistive device {name!r} is missing.") from None

    def _upt(self, keywords):
        candidates = [u for u in self.upts if any(k in u.name for k in keywords)]
        return self.rng.choice(candidates) if candidates else None

    # -- the parts of a record ----------------------------------------------------------

    def _birth_date(self, years):
        start = datetime.date(years[0], 1, 1)
        end = datetime.date(years[1], 12, 31)
        return start + datetime.timedelta(days=self.rng.randrange((end - start).days + 1))

    def _nik(self, district: District, birth_date: datetime.date, sex: str) -> str:
        while True:
            nik = compose_nik(
                district_code=district.code,
                birth_date=birth_date,
                sex=sex,
                serial=self.rng.randint(1, 9999),
            )
            if nik not in self.used_niks:
                self.used_niks.add(nik)
                return nik

    def _kk_number(self, district: District) -> str:
        # A family card number: district, date of issue (DDMMYY), serial.
        while True:
            issued = self._birth_date((2005, self.today.year - 1))
            kk = f"{district.nik_prefix}{issued:%d%m%y}{self.rng.randint(1, 9999):04d}"
            if kk not in self.used_niks:
                self.used_niks.add(kk)
                return kk

    def _name(self, sex: str) -> str:
        fake = self.fake
        while True:
            if sex == Client.Sex.FEMALE:
                first, last = fake.first_name_female(), fake.last_name_female()
                prefix = "Siti "
            else:
                first, last = fake.first_name_male(), fake.last_name_male()
                prefix = self.rng.choice(["Muhammad ", "Moch. ", "Ahmad "])
            roll = self.rng.random()
            if roll < 0.25:
                name = first  # a single name, common in Java
            elif roll < 0.35:
                name = f"{prefix}{first}"
            else:
                name = f"{first} {last}"
            if normalize_name(name) not in self.used_names:
                self.used_names.add(normalize_name(name))
                return name

    def _phone(self) -> str:
        prefix = self.rng.choice(PHONE_PREFIXES)
        return prefix + "".join(str(self.rng.randrange(10)) for _ in range(self.rng.choice([7, 8])))

    def _address(self) -> str:
        street = self.fake.street()
        rt, rw = self.rng.randint(1, 12), self.rng.randint(1, 8)
        return f"Jl. {street} No. {self.rng.randint(1, 150)}, RT {rt:03d}/RW {rw:03d}"

    def _disabilities(self):
        """A disabled person's disability types, assistive devices, the UPT that could take
        them in (keywords or None), and whether a guardian gave consent on their behalf."""
        kind = _weighted(self.rng, DISABILITY_KINDS)
        kinds = [kind]
        if self.rng.random() < MULTIPLE_DISABILITY_SHARE:
            others = [(k, w) for k, w in DISABILITY_KINDS if k != kind]
            kinds.append(_weighted(self.rng, others))
        types, devices = [], []
        for k in kinds:
            name = _weighted(self.rng, DISABILITY_TYPES[k])
            types.append(self._disability(k, name))
            if name == "Disabilitas rungu" and self.rng.random() < 0.5:
                types.append(self._disability(k, "Disabilitas wicara"))  # tunarungu wicara
            options = DISABILITY_DEVICES.get(name)
            if options and (name == "Paraplegi" or self.rng.random() < DEVICE_SHARE):
                devices.append(self._device(_weighted(self.rng, options)))
        if any(t.name == "Disabilitas netra" for t in types):
            upt_keywords = UPT_FOR_NETRA
        else:
            upt_keywords = UPT_FOR_DISABILITY.get(kind)
        return types, devices, upt_keywords, len(kinds) > 1 or kind in ("intelektual", "mental")

    def _regency_codes(self, count: int) -> list[str]:
        """The regencies of `count` random clients, in random order (see WORKER_REGENCY_SHARE)."""
        codes = []
        for code, share in WORKER_REGENCY_SHARE.items():
            # The fixed client counts towards Bojonegoro's share.
            codes += [code] * max(0, round(share * (count + 1)) - (code == BOJONEGORO))
        others = [code for code in sorted(self.villages) if code not in WORKER_REGENCY_SHARE]
        weights = [REGENCY_WEIGHTS.get(code, 1.0) for code in others]
        codes = codes[:count]
        codes += self.rng.choices(others, weights=weights, k=count - len(codes))
        self.rng.shuffle(codes)
        return codes

    def _fields(self, regency_code: str):
        """The keyword arguments of one random client of a regency for `client_register`."""
        rng = self.rng
        village = rng.choice(self.villages[regency_code])
        district = village.district
        regency = district.regency

        ppks, disabilities, devices, upt_keywords = [], [], [], None
        guardian = False
        homeless = rng.random() < HOMELESS_SHARE
        if homeless:
            main = rng.choices(["Gelandangan", "Pengemis", "Pemulung"], weights=[5, 3, 2])[0]
            ppks.append(self._ppks(main))
            if main == "Gelandangan" and rng.random() < 0.4:
                ppks.append(self._ppks("Pengemis"))
            years, upt_keywords = HOMELESS_YEARS, UPT_FOR_HOMELESS
            sex = Client.Sex.MALE if rng.random() < 0.65 else Client.Sex.FEMALE
        else:
            main, _, years = _weighted(rng, [((n, w, y), w) for n, w, y in PPKS_MAIN])
            ppks.append(self._ppks(main))
            if main == "Penyandang Disabilitas":
                disabilities, devices, upt_keywords, guardian = self._disabilities()
            elif main == "Lanjut Usia Terlantar":
                upt_keywords = UPT_FOR_ELDERLY
            if main in ("Penyandang Disabilitas", "Lanjut Usia Terlantar") and rng.random() < 0.3:
                ppks.append(self._ppks("Fakir Miskin"))
            if main in WOMEN_ONLY:
                sex = Client.Sex.FEMALE
            else:
                sex = rng.choice([Client.Sex.MALE, Client.Sex.FEMALE])

        # The homeless often know neither their birth date nor have papers.
        birth_date = None if homeless and rng.random() < 0.3 else self._birth_date(years)
        has_papers = not homeless or rng.random() < 0.1
        nik = self._nik(district, birth_date, sex) if has_papers and birth_date else ""

        roll = rng.random()
        elderly = bool(birth_date) and birth_date.year < 1965
        service_unit = None
        if roll < 0.03 + (0.07 if elderly else 0):
            status = Client.Status.DECEASED
        elif roll < 0.08 + (0.07 if elderly else 0):
            status = Client.Status.MOVED
        else:
            upt = self._upt(upt_keywords) if upt_keywords else None
            if upt and rng.random() < IN_UPT_SHARE:
                status, service_unit = Client.Status.CLIENT, upt
            else:
                status = Client.Status.FORMER_CLIENT
                service_unit = self.regency_offices.get(regency.code)

        if homeless:
            birth_place = "" if birth_date is None else rng.choice(self.birth_places)
        elif rng.random() < 0.8:
            birth_place = _short_regency_name(regency)
        else:
            birth_place = rng.choice(self.birth_places)

        return {
            "nik": nik,
            "kk_number": self._kk_number(district) if nik else "",
            "name": self._name(sex),
            "sex": sex,
            "birth_place": birth_place,
            "birth_date": birth_date,
            "address": rng.choice(HOMELESS_PLACES) if homeless else self._address(),
            "regency": regency,
            "district": district,
            "village": village,
            "phone": "" if homeless or rng.random() < 0.15 else self._phone(),
            "status": status,
            "service_unit": service_unit,
            "consent_given": True,
            "consent_date": self.today - datetime.timedelta(days=rng.randint(0, 3 * 365)),
            "consent_note": CONSENT_NOTE_GUARDIAN if guardian else rng.choice(CONSENT_NOTES),
            "ppks_types": ppks,
            "disabilities": disabilities,
            "assistive_devices": devices,
        }

    def _wheelchair_client_fields(self):
        try:
            village = Village.objects.select_related("district__regency").get(
                code=DEMO_WHEELCHAIR_CLIENT_VILLAGE
            )
        except Village.DoesNotExist:
            raise CommandError(
                f"Village {DEMO_WHEELCHAIR_CLIENT_VILLAGE} is missing; run load_regions."
            ) from None
        regency = village.district.regency
        return {
            "nik": DEMO_WHEELCHAIR_CLIENT_NIK,
            "kk_number": f"{village.district.nik_prefix}1203150021",
            "name": DEMO_WHEELCHAIR_CLIENT_NAME,
            "sex": Client.Sex.FEMALE,
            "birth_place": _short_regency_name(regency),
            "birth_date": datetime.date(1988, 4, 17),
            "address": "Jl. Raya Bendo No. 27, RT 002/RW 001",
            "regency": regency,
            "district": village.district,
            "village": village,
            "phone": "085231704417",
            "status": Client.Status.FORMER_CLIENT,
            "service_unit": self.regency_offices.get(regency.code),
            "consent_given": True,
            "consent_date": self.today - datetime.timedelta(days=2 * 365 + 40),
            "consent_note": CONSENT_NOTES[0],
            "ppks_types": [self._ppks("Penyandang Disabilitas")],
            "disabilities": [self._disability(*DEMO_WHEELCHAIR_CLIENT_DISABILITY)],
            "assistive_devices": [self._device(DEMO_WHEELCHAIR_CLIENT_DEVICE)],
        }

    # -- writing ------------------------------------------------------------------------

    def create(self, *, count: int, users: dict) -> list[Client]:
        wheelchair_fields = self._wheelchair_client_fields()
        self.used_niks.add(wheelchair_fields["kk_number"])
        created = [services.client_register(registered_by=self.registered_by, **wheelchair_fields)]
        for regency_code in self._regency_codes(count - 1):
            fields = self._fields(regency_code)
            created.append(services.client_register(registered_by=self.registered_by, **fields))
        self._case_notes(created, users)
        return created

    def _case_notes(self, created: list[Client], users: dict):
        authors = {MALANG: users["worker-malang"], BOJONEGORO: users["worker-bojonegoro"]}
        services.case_note_add(
            client=created[0], author=authors[BOJONEGORO], text=WHEELCHAIR_CLIENT_NOTE
        )
        # Two notes each for a few clients of the demo workers, one for some others.
        for code, author in authors.items():
            theirs = [c for c in created[1:] if c.regency_id == code]
            for client in self.rng.sample(theirs, min(2, len(theirs))):
                for text in self.rng.sample(CASE_NOTES, 2):
                    services.case_note_add(client=client, author=author, text=text)
        others = [c for c in created[1:] if c.regency_id not in authors]
        for client in self.rng.sample(others, min(3, len(others))):
            services.case_note_add(
                client=client, author=self.registered_by, text=self.rng.choice(CASE_NOTES)
            )
