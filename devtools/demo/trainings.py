"""What the demo's training programs are (`seed_demo_programs`, devtools/demo/programs.py):
the five programs and the UPTs that run them, their cohorts from 2019 to 2026, who each UPT
trains and how likely a client is to take part, and what the grants after a training hold.
Also the two records every module of the programs' seed passes around: a cohort to be
created (BatchSpec) and a client's place in one (Planned).
"""

import datetime
from dataclasses import dataclass, field

from django.core.management.base import CommandError

from beneficiaries.models import Client
from programs.models import Batch, Enrolment

from .story import (
    BOJONEGORO,
    DEMO_SEWING_PROGRAM_NAME,
    DEMO_SEWING_UNIT_NAME,
    MALANG,
)

date = datetime.date

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
PROGRAM_NAMES = [name for name, *_ in PROGRAMS.values()]


@dataclass
class Planned:
    """A client's place in a cohort (spec None: a grant without a training), and the
    enrolment once it is recorded."""

    spec: BatchSpec | None
    client: Client
    siti: bool = False
    enrolment: Enrolment | None = None


def units_for(client: Client) -> set[str]:
    """The UPTs (keys of UNITS) whose cohorts fit a client's PPKS types and disabilities."""
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


def by_name(mapping: dict, name: str, what: str):
    """mapping[name]; the reference data named here (skill areas, funding sources, equipment
    types) comes with the migrations, so a missing name is a CommandError to run migrate."""
    try:
        return mapping[name]
    except KeyError:
        raise CommandError(f"{what} {name!r} is missing; run migrate.") from None
