"""The role groups and what each may do in the registry.

Social workers read and write clients and case notes (inside their scope, which the
views enforce); managers read; admins manage everything in Django admin."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_PERMISSIONS = {
    "Pekerja Sosial": [
        "view_client",
        "add_client",
        "change_client",
        "view_casenote",
        "add_casenote",
    ],
    "Manajer": ["view_client", "view_casenote"],
    "Admin": None,  # every permission of the app, plus user management below
}


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations ran; create them now so that
    # the groups can be given theirs on a fresh database.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    app_permissions = Permission.objects.filter(content_type__app_label="beneficiaries")
    for name, codenames in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        if codenames is None:
            group.permissions.add(*app_permissions)
            group.permissions.add(*Permission.objects.filter(content_type__app_label="auth"))
        else:
            group.permissions.add(*app_permissions.filter(codename__in=codenames))


class Migration(migrations.Migration):
    dependencies = [
        ("beneficiaries", "0003_reference_data"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
