"""The grievance categories of issue #19, default deadlines by severity (working days), and
the fixed-date national holidays of 2026 and 2027. All editable in admin; the holidays whose
date moves each year (Idul Fitri, Nyepi, Waisak, ...) and collective leave (cuti bersama)
are added by an admin from the government's yearly decree (SKB tiga menteri)."""

import datetime

from django.db import migrations

# (name, positive feedback, sensitive by default)
CATEGORIES = [
    ("Bantuan tidak diterima", False, False),
    ("Bantuan rusak/tidak sesuai", False, False),
    ("Pelatihan", False, False),
    ("Seleksi/tidak adil", False, False),
    ("Perilaku petugas", False, True),
    ("Pelecehan atau kekerasan", False, True),
    ("Data pribadi salah", False, False),
    ("Lainnya", False, False),
    ("Umpan balik positif", True, False),
]

# Working days by severity, for every category without a row of its own.
DEADLINES = {"high": 3, "medium": 10, "low": 20}

FIXED_HOLIDAYS = [
    ((1, 1), "Tahun Baru Masehi"),
    ((5, 1), "Hari Buruh Internasional"),
    ((6, 1), "Hari Lahir Pancasila"),
    ((8, 17), "Hari Kemerdekaan Republik Indonesia"),
    ((12, 25), "Hari Raya Natal"),
]


def load(apps, schema_editor):
    Category = apps.get_model("programs", "GrievanceCategory")
    Deadline = apps.get_model("programs", "ResolutionDeadline")
    Holiday = apps.get_model("programs", "Holiday")
    for name, feedback, sensitive in CATEGORIES:
        Category.objects.get_or_create(
            name=name, defaults={"is_feedback": feedback, "sensitive": sensitive}
        )
    for severity, days in DEADLINES.items():
        Deadline.objects.get_or_create(
            category=None, severity=severity, defaults={"working_days": days}
        )
    for year in (2026, 2027):
        for (month, day), name in FIXED_HOLIDAYS:
            Holiday.objects.get_or_create(
                date=datetime.date(year, month, day), defaults={"name": name}
            )


class Migration(migrations.Migration):
    dependencies = [("programs", "0007_grievances")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
