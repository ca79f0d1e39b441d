"""Kinds of support given at follow-up visits (editable in admin), and what each role may do
with businesses and visits: social workers record them, managers read, Admin does all."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

SUPPORT_KINDS = [
    "Pemasaran",
    "Akses permodalan",
    "Pelatihan lanjutan",
    "Pendampingan usaha",
    "Perbaikan peralatan",
    "Tidak ada",
]

GROUP_PERMISSIONS = {
    "Pekerja Sosial": [
        "view_business",
        "add_business",
        "change_business",
        "view_followupvisit",
        "add_followupvisit",
        "view_equipmentcheck",
        "view_supportkind",
    ],
    "Manajer": [
        "view_business",
        "view_followupvisit",
        "view_equipmentcheck",
        "view_supportkind",
    ],
    "Admin": None,
}


def load(apps, schema_editor):
    SupportKind = apps.get_model("programs", "SupportKind")
    for name in SUPPORT_KINDS:
        SupportKind.objects.get_or_create(name=name)

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    models = ["business", "followupvisit", "equipmentcheck", "supportkind"]
    new = Permission.objects.filter(
        content_type__app_label="programs", content_type__model__in=models
    )
    for name, codenames in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*(new if codenames is None else new.filter(codename__in=codenames)))


class Migration(migrations.Migration):
    dependencies = [("programs", "0003_businesses_and_visits")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
