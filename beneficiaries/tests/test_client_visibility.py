"""Client.objects.visible_to(user): the one rule that decides who sees whom."""

from django.contrib.auth.models import AnonymousUser

from beneficiaries.models import Client
from beneficiaries.tests.factories import BOJONEGORO, ClientFactory, upt


def visible(user):
    return set(Client.objects.visible_to(user).values_list("name", flat=True))


def test_scope_by_regency_by_service_unit_and_province_wide(
    worker_malang, worker_bojonegoro, manager, admin_user, outsider
):
    ClientFactory(name="Malang")
    ClientFactory(name="Bojonegoro", regency_code=BOJONEGORO)
    ClientFactory(name="Bojonegoro di UPT", regency_code=BOJONEGORO, service_unit=upt())
    worker_malang.staff_scope.service_units.add(upt())

    assert visible(worker_malang) == {"Malang", "Bojonegoro di UPT"}
    assert visible(worker_bojonegoro) == {"Bojonegoro", "Bojonegoro di UPT"}
    assert visible(manager) == {"Malang", "Bojonegoro", "Bojonegoro di UPT"}
    assert visible(admin_user) == {"Malang", "Bojonegoro", "Bojonegoro di UPT"}
    assert visible(outsider) == set()
    assert visible(AnonymousUser()) == set()


def test_inactive_user_sees_nobody(worker_malang):
    ClientFactory()
    worker_malang.is_active = False

    assert visible(worker_malang) == set()
