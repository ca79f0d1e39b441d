"""The clients of the synthetic registry: the person (sex, birth date fitting the PPKS
type, village, NIK, family card, name, address, phone), their PPKS types, disabilities and
devices, status and service unit, consent, sometimes a case note; then what follows them
(`trainings`). Registration numbers are given per chunk, from the app's own sequence."""

import datetime

from beneficiaries.models import CaseNote, Client
from beneficiaries.services import registration_numbers_allocate
from devtools.demo.drawing import weighted
from devtools.demo.population import (
    CASE_NOTES,
    CONSENT_NOTES,
    DEVICE_SHARE,
    DISABILITY_DEVICES,
    DISABILITY_KINDS,
    HOMELESS_PLACES,
    MULTIPLE_DISABILITY_SHARE,
    PHONE_PREFIXES,
    short_regency_name,
)

from .period import START, at
from .tables import Table

HOMELESS_TYPES = ["Gelandangan", "Pengemis", "Pemulung"]
HOMELESS_SHARE = 0.06
NO_NIK_SHARE = {"homeless": 0.6, "other": 0.03}
CASE_NOTE_SHARE = 0.08

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
REGISTRATION_NUMBER = CLIENT_COLUMNS.index("registration_number")
CREATED_AT = CLIENT_COLUMNS.index("created_at")


class People:
    """Makes the clients' rows; `trainings.client()` then makes what follows each."""

    def __init__(self, rng, reference, *, total, until, now, names, workers, trainings):
        self.rng = rng
        self.ref = reference
        self.total = total
        self.until = until
        self.names = names
        self.workers = workers
        self.trainings = trainings
        self.span_days = max((until - START).days, 1)
        field = Client._meta.get_field

        def link(relation, column):
            through = field(relation).remote_field.through
            return Table(through, ["client_id", column], now=now, own_ids=False)

        self.t = {
            "clients": Table(Client, CLIENT_COLUMNS, now=now, own_ids=True),
            "client_ppks": link("ppks_types", "ppkstype_id"),
            "client_disabilities": link("disabilities", "disabilitytype_id"),
            "client_devices": link("assistive_devices", "assistivedevice_id"),
            "case_notes": Table(
                CaseNote, ["client_id", "author_id", "text", "created_at"], now=now, own_ids=False
            ),
        }
        self.nik_serials: dict[str, int] = {}
        self.taken_niks = set(
            Client.objects.exclude(nik="").values_list("nik", flat=True).iterator(10_000)
        )
        self.pending: list[list] = []

    def client(self, index: int) -> None:
        """The `index`th client of `total`, registered that far into the period."""
        rng = self.rng
        ref = self.ref
        t = self.t
        registered = START + datetime.timedelta(days=index * self.span_days // self.total)
        created_at = at(registered, rng.randrange(7, 16), rng.randrange(60))
        village, district, regency = rng.choice(ref.villages)
        worker = self.workers.get(regency)
        homeless = rng.random() < HOMELESS_SHARE
        if homeless:
            ppks = [ref.ppks[rng.choice(HOMELESS_TYPES)]]
            years = (1955, 2005)
        else:
            main, _, years = rng.choices(ref.ppks_main, weights=ref.ppks_weights)[0]
            ppks = [main]
        sex = "P" if rng.random() < 0.52 else "L"
        born = datetime.date(rng.randint(*years), 1, 1) + datetime.timedelta(
            days=rng.randrange(365)
        )
        if born >= registered:
            born = registered - datetime.timedelta(days=365 * 18)
        if ref.poor_ppks and ppks[0] != ref.poor_ppks and rng.random() < 0.2:
            ppks.append(ref.poor_ppks)
        name, name_normalized = self.names.full_name(rng, sex)
        nik = ""
        if rng.random() >= NO_NIK_SHARE["homeless" if homeless else "other"]:
            nik = self._nik(district, born, sex)
        client_id = t["clients"].next_id()
        disability_kinds = self._disabilities(client_id, ppks[0])
        status, unit = self._status(regency, disability_kinds, ppks[0])
        regency_name = ref.regency_names.get(regency, "")
        if homeless:
            address = rng.choice(HOMELESS_PLACES)
        else:
            address = (
                f"{rng.choice(self.names.streets)} No. {rng.randrange(1, 160)}, "
                f"RT {rng.randrange(1, 15):02d}/RW {rng.randrange(1, 9):02d}"
            )
        consent = rng.random() < 0.96
        self.pending.append(
            [
                client_id,
                "",  # registration number: allocated per year when the chunk is written
                nik,
                self._kk(district) if nik and rng.random() < 0.9 else "",
                name,
                name_normalized,
                sex,
                short_regency_name(regency_name) if rng.random() < 0.85 else "",
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
                (client_id, worker, rng.choice(CASE_NOTES), at(day, rng.randrange(8, 16)))
            )
        if status != Client.Status.DECEASED or rng.random() < 0.5:
            self.trainings.client(client_id, sex, name, village, worker, registered, ppks[0])

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
        if main_ppks != self.ref.disability_ppks and rng.random() > 0.04:
            return []
        kinds = [weighted(rng, DISABILITY_KINDS)]
        if rng.random() < MULTIPLE_DISABILITY_SHARE:
            other = weighted(rng, DISABILITY_KINDS)
            if other != kinds[0]:
                kinds.append(other)
        for kind in kinds:
            options = self.ref.disability_types.get(kind)
            if not options:
                continue
            pk, subtype, _ = rng.choices(options, weights=[w for *_, w in options])[0]
            self.t["client_disabilities"].add((client_id, pk))
            devices = DISABILITY_DEVICES.get(subtype)
            if devices and rng.random() < DEVICE_SHARE:
                device = weighted(rng, devices)
                if device in self.ref.devices:
                    self.t["client_devices"].add((client_id, self.ref.devices[device]))
        return kinds

    def _status(self, regency, disability_kinds, main_ppks):
        rng = self.rng
        roll = rng.random()
        if roll < 0.12:
            if disability_kinds:
                key = disability_kinds[0]
            elif main_ppks == self.ref.elderly_ppks:
                key = "elderly"
            else:
                key = "other"
            return Client.Status.CLIENT, rng.choice(self.ref.upt_for_kind[key])
        if roll < 0.17:
            return Client.Status.MOVED, None
        if roll < 0.20:
            return Client.Status.DECEASED, None
        office = self.ref.regency_offices.get(regency)
        return Client.Status.FORMER_CLIENT, office if office and rng.random() < 0.5 else None

    def add_pending(self) -> None:
        """Give the clients made since the last chunk their registration numbers, per year
        from the same sequence as the app, and hand them to the clients table."""
        by_year: dict[int, list[list]] = {}
        for row in self.pending:
            by_year.setdefault(row[CREATED_AT].year, []).append(row)
        for year, rows in by_year.items():
            numbers = registration_numbers_allocate(year=year, count=len(rows))
            for row, number in zip(rows, numbers, strict=True):
                row[REGISTRATION_NUMBER] = number
        for row in self.pending:
            self.t["clients"].add(tuple(row))
        self.pending = []
