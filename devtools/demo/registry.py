"""What `manage.py seed_demo` builds for the development server: a few hundred fictitious
clients, besides the four demo logins of devtools/demo/users.py.

`make run` calls it on every start, so it is idempotent: the users are brought back to
their documented state (password included) on each run, and the clients are created only
once, when the fixed demo client (devtools/demo/story.py) does not exist yet. It runs with
DEBUG on only: it creates logins with a published password.

Everyone here is invented (Faker names, generated NIKs), but the records follow the real
rules: NIKs agree with the district, birth date and sex (see `beneficiaries.nik`), villages
are real villages of the province, PPKS types, disabilities and assistive devices fit
together.
"""

import datetime
import random
from collections import defaultdict

from django.conf import settings
from django.core.management.base import CommandError
from django.utils import timezone
from faker import Faker

from beneficiaries import services
from beneficiaries.models import (
    AssistiveDevice,
    Client,
    DisabilityType,
    District,
    PpksType,
    ServiceUnit,
    Village,
    normalize_name,
)
from beneficiaries.nik import compose_nik

from .drawing import weighted
from .population import (
    CASE_NOTES,
    CONSENT_NOTE_GUARDIAN,
    CONSENT_NOTES,
    DEVICE_SHARE,
    DISABILITY_DEVICES,
    DISABILITY_KINDS,
    DISABILITY_TYPES,
    HOMELESS_PLACES,
    HOMELESS_SHARE,
    HOMELESS_YEARS,
    IN_UPT_SHARE,
    MULTIPLE_DISABILITY_SHARE,
    PHONE_PREFIXES,
    PPKS_MAIN,
    UPT_FOR_DISABILITY,
    UPT_FOR_ELDERLY,
    UPT_FOR_HOMELESS,
    UPT_FOR_NETRA,
    WOMEN_ONLY,
    short_regency_name,
)
from .story import (
    BOJONEGORO,
    DEMO_WHEELCHAIR_CLIENT_DEVICE,
    DEMO_WHEELCHAIR_CLIENT_DISABILITY,
    DEMO_WHEELCHAIR_CLIENT_NAME,
    DEMO_WHEELCHAIR_CLIENT_NIK,
    DEMO_WHEELCHAIR_CLIENT_VILLAGE,
    MALANG,
    WHEELCHAIR_CLIENT_NOTE,
)

# The demo workers' regencies hold a fixed share of the clients each (30 of 300, the fixed
# client included); the rest are drawn over the other regencies of the province, Surabaya
# weighing a little more than the others.
WORKER_REGENCY_SHARE = {MALANG: 0.10, BOJONEGORO: 0.10}
REGENCY_WEIGHTS = {"35.78": 2.0}


def regions_check() -> None:
    """Refuse (CommandError) unless the province's districts and villages are loaded, those
    of the demo workers' regencies included."""
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


def demo_clients_exist() -> bool:
    """Whether the demo clients are there: the fixed demo client stands for them all."""
    return Client.objects.filter(nik=DEMO_WHEELCHAIR_CLIENT_NIK).exists()


class ClientGenerator:
    """Draws plausible clients from one seeded random generator and registers them."""

    def __init__(self, *, seed: int, registered_by):
        self.rng = random.Random(seed)  # noqa: S311 - fictitious people, not secrets
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
            short_regency_name(self.villages[code][0].district.regency.name)
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
        kind = weighted(self.rng, DISABILITY_KINDS)
        kinds = [kind]
        if self.rng.random() < MULTIPLE_DISABILITY_SHARE:
            others = [(k, w) for k, w in DISABILITY_KINDS if k != kind]
            kinds.append(weighted(self.rng, others))
        types, devices = [], []
        for k in kinds:
            name = weighted(self.rng, DISABILITY_TYPES[k])
            types.append(self._disability(k, name))
            if name == "Disabilitas rungu" and self.rng.random() < 0.5:
                types.append(self._disability(k, "Disabilitas wicara"))  # tunarungu wicara
            options = DISABILITY_DEVICES.get(name)
            if options and (name == "Paraplegi" or self.rng.random() < DEVICE_SHARE):
                devices.append(self._device(weighted(self.rng, options)))
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
            main, _, years = weighted(rng, [((n, w, y), w) for n, w, y in PPKS_MAIN])
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
            birth_place = short_regency_name(regency.name)
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
            "birth_place": short_regency_name(regency.name),
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
