"""Who the demo clients are: how often each PPKS type, disability and assistive device
occurs, which UPT takes in whom, and the words their records are written in (phone
prefixes, addresses of the homeless, consent and case notes).

Shared by `seed_demo` (devtools/demo/registry.py), which draws a few hundred clients from
these, and `seed_bulk` (devtools/bulk_seed/), which draws a million.
"""

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


def short_regency_name(name: str) -> str:
    """Kabupaten Bojonegoro -> Bojonegoro, as a place of birth is written."""
    for prefix in ("Kabupaten ", "Kota "):
        if name.startswith(prefix):
            return name.removeprefix(prefix)
    return name
