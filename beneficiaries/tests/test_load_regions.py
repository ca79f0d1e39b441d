"""manage.py load_regions: the shipped Kemendagri data, loaded idempotently."""

from django.core.management import call_command

from beneficiaries.models import District, Province, Regency, Village


def counts():
    return (
        Province.objects.count(),
        Regency.objects.count(),
        District.objects.count(),
        Village.objects.count(),
    )


def test_loads_indonesia_down_to_districts_and_the_province_villages(db):
    call_command("load_regions", verbosity=0)

    assert counts() == (38, 514, 7285, 8494)
    assert not Village.objects.exclude(code__startswith="35.").exists()
    village = Village.objects.select_related("district__regency").get(code="35.22.12.2001")
    assert village.district.regency.name == "Kabupaten Bojonegoro"


def test_second_run_changes_nothing_and_repairs_names(db):
    call_command("load_regions", verbosity=0)
    Regency.objects.filter(code="35.73").update(name="typo")

    call_command("load_regions", verbosity=0)

    assert counts() == (38, 514, 7285, 8494)
    assert Regency.objects.get(code="35.73").name == "Kota Malang"


def test_names_with_quotes_are_read_as_csv(db):
    call_command("load_regions", "--province", "11", verbosity=0)

    assert not Village.objects.filter(name__contains='""').exists()
    assert Village.objects.filter(code__startswith="11.").count() > 6000
