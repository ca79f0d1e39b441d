"""Reference data of the programs (skill areas, funding sources, equipment types with a
typical value in rupiah; all editable in admin). What each role may do with programs was
granted here too; programs/roles.py declares it now."""

from django.db import migrations

SKILL_AREAS = [
    "Menjahit dan konveksi",
    "Tata boga",
    "Tata rias dan salon",
    "Kerajinan tangan",
    "Pertukangan kayu",
    "Otomotif",
    "Komputer dan desain grafis",
    "Pertanian dan peternakan",
    "Pijat dan refleksi",
    "Pangkas rambut",
    "Elektronika",
]

FUNDING_SOURCES = ["APBD Provinsi", "APBD Kabupaten/Kota", "APBN", "CSR", "Hibah/donasi"]

# name, unit, standard value (Rp)
EQUIPMENT_TYPES = [
    ("Mesin jahit", "unit", 2_500_000),
    ("Mesin obras", "unit", 2_750_000),
    ("Mesin bordir", "unit", 4_500_000),
    ("Kompor gas dan tabung", "paket", 750_000),
    ("Oven", "unit", 1_500_000),
    ("Mixer", "unit", 600_000),
    ("Etalase", "unit", 1_750_000),
    ("Gerobak dagang", "unit", 3_000_000),
    ("Peralatan salon", "paket", 2_000_000),
    ("Peralatan pangkas rambut", "paket", 1_250_000),
    ("Peralatan pertukangan", "paket", 2_500_000),
    ("Peralatan bengkel", "paket", 3_500_000),
    ("Laptop", "unit", 7_000_000),
    ("Kambing", "ekor", 2_500_000),
]


def load(apps, schema_editor):
    SkillArea = apps.get_model("programs", "SkillArea")
    FundingSource = apps.get_model("programs", "FundingSource")
    EquipmentType = apps.get_model("programs", "EquipmentType")
    for name in SKILL_AREAS:
        SkillArea.objects.get_or_create(name=name)
    for name in FUNDING_SOURCES:
        FundingSource.objects.get_or_create(name=name)
    for name, unit, value in EQUIPMENT_TYPES:
        EquipmentType.objects.get_or_create(
            name=name, defaults={"unit": unit, "standard_value": value}
        )

    # What each role may do is declared in programs/roles.py and written after every
    # migrate; this migration once granted it and now leaves it to that.


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0001_initial"),
        ("beneficiaries", "0004_roles"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
