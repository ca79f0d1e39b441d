"""Reference data: the 26 PPKS types of Permensos 8/2012, the disability kinds of
UU 8/2016 with their sub-types (as listed in the law's elucidation of article 4),
common assistive devices, and service units of Dinas Sosial Provinsi Jawa Timur.
All editable in admin afterwards."""

from django.conf import settings
from django.db import migrations

PPKS_TYPES = [
    ("01", "Anak Balita Terlantar"),
    ("02", "Anak Terlantar"),
    ("03", "Anak yang Berhadapan dengan Hukum"),
    ("04", "Anak Jalanan"),
    ("05", "Anak dengan Kedisabilitasan"),
    ("06", "Anak yang Menjadi Korban Tindak Kekerasan atau Diperlakukan Salah"),
    ("07", "Anak yang Memerlukan Perlindungan Khusus"),
    ("08", "Lanjut Usia Terlantar"),
    ("09", "Penyandang Disabilitas"),
    ("10", "Tuna Susila"),
    ("11", "Gelandangan"),
    ("12", "Pengemis"),
    ("13", "Pemulung"),
    ("14", "Kelompok Minoritas"),
    ("15", "Bekas Warga Binaan Lembaga Pemasyarakatan"),
    ("16", "Orang dengan HIV/AIDS"),
    ("17", "Korban Penyalahgunaan NAPZA"),
    ("18", "Korban Trafficking"),
    ("19", "Korban Tindak Kekerasan"),
    ("20", "Pekerja Migran Bermasalah Sosial"),
    ("21", "Korban Bencana Alam"),
    ("22", "Korban Bencana Sosial"),
    ("23", "Perempuan Rawan Sosial Ekonomi"),
    ("24", "Fakir Miskin"),
    ("25", "Keluarga Bermasalah Sosial Psikologis"),
    ("26", "Komunitas Adat Terpencil"),
]

DISABILITIES = {
    ("fisik", "Disabilitas fisik"): [
        "Amputasi",
        "Lumpuh layuh atau kaku",
        "Paraplegi",
        "Cerebral palsy",
        "Akibat stroke",
        "Akibat kusta",
        "Orang kecil",
    ],
    ("intelektual", "Disabilitas intelektual"): [
        "Lambat belajar",
        "Disabilitas grahita",
        "Down syndrome",
    ],
    ("mental", "Disabilitas mental"): [
        "Psikososial (skizofrenia, bipolar, depresi, anxietas, gangguan kepribadian)",
        "Disabilitas perkembangan (autis, hiperaktif)",
    ],
    ("sensorik", "Disabilitas sensorik"): [
        "Disabilitas netra",
        "Disabilitas rungu",
        "Disabilitas wicara",
    ],
}

ASSISTIVE_DEVICES = [
    "Kursi roda",
    "Kruk",
    "Tongkat",
    "Tongkat putih",
    "Walker",
    "Kaki palsu",
    "Tangan palsu",
    "Alat bantu dengar",
    "Kacamata",
    "Brace/ortosis",
]

# (name, kind, regency code) of Dinas Sosial Provinsi Jawa Timur.
JAWA_TIMUR_UNITS = [
    ("UPT Rehabilitasi Sosial Bina Daksa Pasuruan", "upt", "35.14"),
    ("UPT Rehabilitasi Sosial Bina Netra Malang", "upt", "35.73"),
    ("UPT Rehabilitasi Sosial Bina Grahita Kediri", "upt", "35.06"),
    ("UPT Rehabilitasi Sosial Bina Laras Kediri", "upt", "35.71"),
    ("UPT Rehabilitasi Sosial Bina Karya Sidoarjo", "upt", "35.15"),
    ("UPT Pelayanan Sosial Tresna Werdha Jombang", "upt", "35.17"),
    ("UPT Pelayanan Sosial Tresna Werdha Bondowoso", "upt", "35.11"),
    ("UPT Pelayanan Sosial Asuhan Balita Sidoarjo", "upt", "35.15"),
    ("UPT Pelayanan Sosial Petirahan Anak Batu", "upt", "35.79"),
    ("Dinas Sosial Kota Malang", "dinas", "35.73"),
    ("Dinas Sosial Kabupaten Bojonegoro", "dinas", "35.22"),
]


def load(apps, schema_editor):
    PpksType = apps.get_model("beneficiaries", "PpksType")
    DisabilityKind = apps.get_model("beneficiaries", "DisabilityKind")
    DisabilityType = apps.get_model("beneficiaries", "DisabilityType")
    AssistiveDevice = apps.get_model("beneficiaries", "AssistiveDevice")
    ServiceUnit = apps.get_model("beneficiaries", "ServiceUnit")

    for code, name in PPKS_TYPES:
        PpksType.objects.update_or_create(code=code, defaults={"name": name})
    for (code, name), types in DISABILITIES.items():
        kind, _ = DisabilityKind.objects.update_or_create(code=code, defaults={"name": name})
        for type_name in types:
            DisabilityType.objects.get_or_create(kind=kind, name=type_name)
    for name in ASSISTIVE_DEVICES:
        AssistiveDevice.objects.get_or_create(name=name)
    # The units are the first user's; another province's office records its own in admin.
    if settings.PROVINCE_CODE == "35":
        for name, kind, regency in JAWA_TIMUR_UNITS:
            ServiceUnit.objects.get_or_create(
                name=name, defaults={"kind": kind, "regency_id": regency}
            )


class Migration(migrations.Migration):
    dependencies = [("beneficiaries", "0002_provinces_and_regencies")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
