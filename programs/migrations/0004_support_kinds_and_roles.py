"""Kinds of support given at follow-up visits (editable in admin). What each role may do with
businesses and visits was granted here too; programs/roles.py declares it now."""

from django.db import migrations

SUPPORT_KINDS = [
    "Pemasaran",
    "Akses permodalan",
    "Pelatihan lanjutan",
    "Pendampingan usaha",
    "Perbaikan peralatan",
    "Tidak ada",
]


def load(apps, schema_editor):
    SupportKind = apps.get_model("programs", "SupportKind")
    for name in SUPPORT_KINDS:
        SupportKind.objects.get_or_create(name=name)

    # What each role may do is declared in programs/roles.py and written after every
    # migrate; this migration once granted it and now leaves it to that.


class Migration(migrations.Migration):
    dependencies = [("programs", "0003_businesses_and_visits")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
