"""What synthetic records are made of: pools of names and words, and the programs' shape.

Faker (id_ID) makes realistic Indonesian names but takes tens of microseconds a name; a
million clients would spend minutes on it. So a few hundred first and family names are drawn
once from a seeded Faker and combined at random: the same seed gives the same pools, and
the combinations give hundreds of thousands of different full names.
"""

from faker import Faker

from beneficiaries.models import normalize_name

FIRST_NAMES = 400  # of each sex
FAMILY_NAMES = 500

# Javanese and Muslim name parts that Faker's id_ID provider does not lean on much.
EXTRA_FEMALE = ["Siti", "Sri", "Nur", "Dewi", "Sumarni", "Suwarni", "Lestari", "Endang", "Tutik"]
EXTRA_MALE = ["Muhammad", "Ahmad", "Slamet", "Joko", "Agus", "Bambang", "Sutrisno", "Imam", "Eko"]


class NamePools:
    def __init__(self, seed: int):
        fake = Faker("id_ID")
        fake.seed_instance(seed)
        self.female = _unique(EXTRA_FEMALE, fake.first_name_female, FIRST_NAMES)
        self.male = _unique(EXTRA_MALE, fake.first_name_male, FIRST_NAMES)
        self.family = _unique([], fake.last_name, FAMILY_NAMES)
        self.streets = _unique([], fake.street_name, 300)
        # normalize_name of each part, so a full name's normalised form is a join, not a regex
        self.normal = {part: normalize_name(part) for part in self.female + self.male + self.family}

    def full_name(self, rng, sex: str) -> tuple[str, str]:
        """A full name and its normalised form (as Client.save() would compute it)."""
        first = self.female if sex == "P" else self.male
        shape = rng.random()
        if shape < 0.2:  # one name only, common in Java
            parts = [rng.choice(first)]
        elif shape < 0.75:
            parts = [rng.choice(first), rng.choice(self.family)]
        else:
            parts = [rng.choice(first), rng.choice(first), rng.choice(self.family)]
        if len(parts) == 3 and parts[0] == parts[1]:
            parts.pop(1)
        normal = self.normal
        return " ".join(parts), " ".join(normal[p] for p in parts)


def _unique(start, make, count):
    seen = dict.fromkeys(start)
    tries = 0
    while len(seen) < count and tries < count * 20:
        tries += 1
        value = make().strip()
        if value and "'" not in value:
            seen[value] = None
    return list(seen)


# The programs of the synthetic office: (name, skill area, funding source, sector of the
# businesses that follow, what they sell, equipment as (type, quantity, share of grants)).
PROGRAMS = [
    (
        "Pelatihan Menjahit Dasar",
        "Menjahit dan konveksi",
        "APBD Provinsi",
        "konveksi",
        "Jahit pakaian, seragam sekolah, permak",
        [("Mesin jahit", 1, 1.0), ("Mesin obras", 1, 0.6)],
    ),
    (
        "Pelatihan Konveksi dan Bordir",
        "Menjahit dan konveksi",
        "APBN",
        "konveksi",
        "Konveksi kaos, bordir nama dan logo",
        [("Mesin jahit", 1, 1.0), ("Mesin bordir", 1, 0.5)],
    ),
    (
        "Pelatihan Tata Boga Rumahan",
        "Tata boga",
        "APBD Provinsi",
        "kuliner",
        "Kue basah, nasi kotak, katering rumahan",
        [("Kompor gas dan tabung", 1, 1.0), ("Oven", 1, 0.5), ("Mixer", 1, 0.4)],
    ),
    (
        "Pelatihan Usaha Makanan Keliling",
        "Tata boga",
        "APBD Kabupaten/Kota",
        "kuliner",
        "Bakso, gorengan, minuman keliling",
        [("Gerobak dagang", 1, 1.0), ("Kompor gas dan tabung", 1, 0.8)],
    ),
    (
        "Pelatihan Tata Rias dan Salon",
        "Tata rias dan salon",
        "APBN",
        "salon",
        "Potong rambut, rias pengantin, creambath",
        [("Peralatan salon", 1, 1.0)],
    ),
    (
        "Pelatihan Pangkas Rambut",
        "Pangkas rambut",
        "CSR",
        "pangkas_rambut",
        "Pangkas rambut pria",
        [("Peralatan pangkas rambut", 1, 1.0)],
    ),
    (
        "Pelatihan Kerajinan Anyaman dan Suvenir",
        "Kerajinan tangan",
        "APBD Provinsi",
        "kerajinan",
        "Anyaman bambu, keset, suvenir",
        [("Etalase", 1, 0.7), ("Peralatan pertukangan", 1, 0.4)],
    ),
    (
        "Pelatihan Pertukangan Kayu",
        "Pertukangan kayu",
        "APBD Provinsi",
        "pertukangan",
        "Mebel, kusen, perbaikan perabot",
        [("Peralatan pertukangan", 1, 1.0)],
    ),
    (
        "Pelatihan Servis Sepeda Motor",
        "Otomotif",
        "APBN",
        "otomotif",
        "Servis dan tambal ban sepeda motor",
        [("Peralatan bengkel", 1, 1.0)],
    ),
    (
        "Pelatihan Desain Grafis dan Percetakan",
        "Komputer dan desain grafis",
        "CSR",
        "jasa",
        "Desain undangan, cetak banner, pengetikan",
        [("Laptop", 1, 1.0)],
    ),
    (
        "Pelatihan Beternak Kambing",
        "Pertanian dan peternakan",
        "APBD Kabupaten/Kota",
        "pertanian",
        "Ternak kambing, pupuk kandang",
        [("Kambing", 2, 1.0)],
    ),
    (
        "Pelatihan Servis Elektronik",
        "Elektronika",
        "Hibah/donasi",
        "jasa",
        "Servis radio, televisi dan telepon genggam",
        [("Peralatan bengkel", 1, 0.8), ("Etalase", 1, 0.3)],
    ),
]
PROGRAM_WEIGHTS = [14, 6, 12, 8, 8, 5, 8, 6, 7, 4, 7, 3]
# Programs women (P) and men (L) are more likely to join: weights by program index.
SEX_PROGRAM_BIAS = {
    "P": [1.6, 1.4, 1.5, 1.0, 1.8, 0.2, 1.2, 0.2, 0.3, 1.0, 0.8, 0.4],
    "L": [0.5, 0.7, 0.6, 1.2, 0.3, 1.8, 0.9, 1.8, 1.8, 1.1, 1.3, 1.6],
}

BUSINESS_WORDS = {
    "konveksi": ["Konveksi", "Penjahit", "Jahit"],
    "kuliner": ["Warung", "Dapur", "Kue", "Katering"],
    "salon": ["Salon", "Rias"],
    "pangkas_rambut": ["Pangkas Rambut", "Barbershop"],
    "kerajinan": ["Kerajinan", "Anyaman"],
    "pertukangan": ["Mebel", "Tukang Kayu"],
    "otomotif": ["Bengkel", "Servis Motor"],
    "jasa": ["Servis", "Percetakan", "Jasa"],
    "pertanian": ["Ternak", "Kandang"],
}

VISIT_NOTES = [
    "",
    "",
    "",
    "",
    "Pesanan ramai menjelang hari raya.",
    "Pemasaran masih dari mulut ke mulut; disarankan memakai media sosial.",
    "Penerima sakit beberapa minggu, usaha sempat berhenti.",
    "Sudah punya pelanggan tetap di pasar desa.",
    "Modal habis untuk kebutuhan keluarga; perlu pendampingan keuangan.",
]
# Enrolments and visits archived as recorded by mistake: how often, and why (of a visit).
ARCHIVED_SHARE = 0.003
ARCHIVE_REASON = "Salah input: kunjungan dicatat dua kali"
