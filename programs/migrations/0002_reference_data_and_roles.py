"""Reference data of the programs (skill areas, funding sources, equipment types with a
typical value in rupiah; all editable in admin) and what each role may do with programs.

Social workers enrol clients, change enrolments and record grants; managers read; the
Admin group gets every permission of the app."""

from django.contrib.auth.management import create_permissions
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

GROUP_PERMISSIONS = {
    "Pekerja Sosial": [
        "view_trainingprogram",
        "view_batch",
        "add_batch",
        "view_enrolment",
        "add_enrolment",
        "change_enrolment",
        "view_grant",
        "add_grant",
        "view_grantitem",
        "view_equipmenttype",
    ],
    "Manajer": [
        "view_trainingprogram",
        "view_batch",
        "view_enrolment",
        "view_grant",
        "view_grantitem",
        "view_equipmenttype",
    ],
    "Admin": None,  # everything of the app
}


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

    # Permissions are normally created after all migrations; create them now for the groups.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    app_permissions = Permission.objects.filter(content_type__app_label="programs")
    for name, codenames in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        chosen = (
            app_permissions if codenames is None else app_permissions.filter(codename__in=codenames)
        )
        group.permissions.add(*chosen)


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0001_initial"),
        ("beneficiaries", "0004_roles"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
