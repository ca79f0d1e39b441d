"""The demo's fixed story, which the three demo seeds tell together and their
tests check: Siti Aminah, a woman in a wheelchair from Bojonegoro, is registered by
`seed_demo` (devtools/demo/registry.py), completes the sewing cohort DEMO_SEWING_BATCH_NAME
of DEMO_SEWING_PROGRAM_NAME and receives a sewing and an overlock machine (`seed_demo_programs`,
devtools/demo/programs.py and grants.py), and runs DEMO_WHEELCHAIR_BUSINESS_NAME with them,
growing steadily (`seed_demo_visits`, devtools/demo/visits.py). Also here: the
two regencies of the demo social workers. The functions at the end find her records.
"""

import datetime

from django.utils import timezone

from beneficiaries.models import Client
from programs.models import Batch, Business, Enrolment, FollowUpVisit, Grant

from .drawing import weekday_on_or_before

date = datetime.date
days = datetime.timedelta

# The regencies of the demo social workers (seed_demo's worker-malang and worker-bojonegoro).
MALANG = "35.73"  # Kota Malang
BOJONEGORO = "35.22"  # Kabupaten Bojonegoro

# -- the client (seed_demo) ----------------------------------------------------------------

# The fixed client later demo features (training, the sewing machine grant, follow-up
# visits) attach to: the woman in a wheelchair from Bojonegoro. Find her with
# `demo_wheelchair_client()`; the NIK is unique, the name is kept unique among demo clients.
DEMO_WHEELCHAIR_CLIENT_NAME = "Siti Aminah"
DEMO_WHEELCHAIR_CLIENT_NIK = "3522145704880003"  # Kapas, Bojonegoro; 17-04-1988, woman
DEMO_WHEELCHAIR_CLIENT_VILLAGE = "35.22.14.2002"  # Desa Bendo, Kecamatan Kapas
DEMO_WHEELCHAIR_CLIENT_DISABILITY = ("fisik", "Lumpuh layuh atau kaku")
DEMO_WHEELCHAIR_CLIENT_DEVICE = "Kursi roda"
# Her social worker's first case note.
WHEELCHAIR_CLIENT_NOTE = (
    "Kunjungan awal: klien pengguna kursi roda, tinggal bersama orang tua. Dulu sering "
    "membantu tetangga menjahit dengan tangan; berminat mengikuti pelatihan menjahit dan "
    "membuka usaha konveksi di rumah."
)

# -- her training and grant (seed_demo_programs) -------------------------------------------

# Siti Aminah learns sewing at the UPT for people with physical disabilities in Pasuruan and
# receives a sewing and an overlock machine.
DEMO_SEWING_PROGRAM_NAME = "Pelatihan Menjahit dan Konveksi"
DEMO_SEWING_BATCH_NAME = "Angkatan I 2024"
DEMO_SEWING_UNIT_NAME = "UPT Rehabilitasi Sosial Bina Daksa Pasuruan"
DEMO_WHEELCHAIR_CLIENT_CERTIFICATE = "SERT/RSBD/2024/017"
DEMO_WHEELCHAIR_CLIENT_INCOME_BEFORE = 400_000
DEMO_WHEELCHAIR_CLIENT_SESSIONS = 52
DEMO_WHEELCHAIR_CLIENT_BAST = "BAST/DINSOS-JATIM/2024/0117"
DEMO_WHEELCHAIR_CLIENT_HANDED_OVER_ON = date(2024, 4, 23)
DEMO_WHEELCHAIR_CLIENT_EQUIPMENT = ("Mesin jahit", "Mesin obras")

# -- her business and its visits (seed_demo_visits) ----------------------------------------

# Siti Aminah sews school uniforms at home in Kapas with the machines of her grant (BAST
# DEMO_WHEELCHAIR_CLIENT_BAST) and now employs four neighbours.
DEMO_WHEELCHAIR_BUSINESS_NAME = "Konveksi Siti Aminah"
DEMO_WHEELCHAIR_BUSINESS_SECTOR = Business.Sector.GARMENTS
DEMO_WHEELCHAIR_BUSINESS_PRODUCTS = "Seragam sekolah, gamis, masker kain"
DEMO_WHEELCHAIR_BUSINESS_STARTED_ON = date(2024, 5, 13)
DEMO_WHEELCHAIR_LATEST_VISIT_ON = date(2026, 10, 20)  # see demo_wheelchair_latest_visit_on()
DEMO_WHEELCHAIR_LATEST_NET_INCOME = 3_000_000
DEMO_WHEELCHAIR_LATEST_REVENUE = 8_000_000
DEMO_WHEELCHAIR_LATEST_EMPLOYEES = 4
DEMO_WHEELCHAIR_LATEST_STATUS = FollowUpVisit.Status.DEVELOPING
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


def demo_wheelchair_client() -> Client:
    """The fixed demo client (see DEMO_WHEELCHAIR_CLIENT_NAME)."""
    return Client.objects.get(nik=DEMO_WHEELCHAIR_CLIENT_NIK)


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
    return weekday_on_or_before(today - days(39))
