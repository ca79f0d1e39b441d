"""Provinces and regencies of Indonesia, so that service units and scopes can refer to
them from the first migration on. Districts and villages come with `manage.py load_regions`
(thousands of rows that tests and most migrations do not need)."""

from django.db import migrations


def load(apps, schema_editor):
    from beneficiaries.regions_data import load_provinces_and_regencies

    load_provinces_and_regencies(
        apps.get_model("beneficiaries", "Province"), apps.get_model("beneficiaries", "Regency")
    )


class Migration(migrations.Migration):
    dependencies = [("beneficiaries", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
