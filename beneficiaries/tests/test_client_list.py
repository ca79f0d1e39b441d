"""The client list at /clients/: scope, search, filters, paging, masked NIKs."""

import pytest
from django.urls import reverse

from beneficiaries.models import DisabilityType, PpksType
from beneficiaries.tests.factories import BOJONEGORO, ClientFactory, upt

URL = reverse("beneficiaries:client_list")


def names(response):
    return [c.name for c in response.context["page"].object_list]


def test_worker_sees_only_clients_of_her_area(client, worker_malang):
    ClientFactory(name="Ani Malang")
    ClientFactory(name="Budi Bojonegoro", regency_code=BOJONEGORO)
    client.force_login(worker_malang)

    response = client.get(URL)

    assert names(response) == ["Ani Malang"]


def test_worker_also_sees_clients_served_by_her_service_unit(client, worker_malang):
    worker_malang.staff_scope.service_units.add(upt())
    ClientFactory(name="Citra di UPT", regency_code=BOJONEGORO, service_unit=upt())
    client.force_login(worker_malang)

    assert names(client.get(URL)) == ["Citra di UPT"]


def test_manager_sees_the_whole_province(client, manager):
    ClientFactory(name="Ani Malang")
    ClientFactory(name="Budi Bojonegoro", regency_code=BOJONEGORO)
    client.force_login(manager)

    assert names(client.get(URL)) == ["Ani Malang", "Budi Bojonegoro"]


def test_user_without_a_scope_sees_nobody(client, outsider):
    ClientFactory()
    outsider.user_permissions.add(
        *PpksType._meta.apps.get_model("auth", "Permission").objects.filter(codename="view_client")
    )
    client.force_login(outsider)

    assert names(client.get(URL)) == []


@pytest.mark.parametrize("query", ["wahyu", "SRI WAHYUNI", "  sri   wahyuni "])
def test_search_by_name_fragment_ignores_case_and_spacing(client, worker_malang, query):
    ClientFactory(name="Sri Wahyuni")
    ClientFactory(name="Joko Susilo")
    client.force_login(worker_malang)

    assert names(client.get(URL, {"q": query})) == ["Sri Wahyuni"]


def test_search_by_full_nik_and_by_registration_number(client, worker_malang):
    wanted = ClientFactory(name="Sri Wahyuni")
    ClientFactory(name="Joko Susilo")
    client.force_login(worker_malang)

    assert names(client.get(URL, {"q": wanted.nik})) == ["Sri Wahyuni"]
    assert names(client.get(URL, {"q": wanted.registration_number})) == ["Sri Wahyuni"]


def test_search_never_reaches_outside_the_scope(client, worker_malang):
    outside = ClientFactory(name="Sri Bojonegoro", regency_code=BOJONEGORO)
    client.force_login(worker_malang)

    assert names(client.get(URL, {"q": outside.nik})) == []
    assert names(client.get(URL, {"q": "Sri"})) == []


def test_filters_by_status_ppks_type_and_disability_kind(client, manager):
    blind = ClientFactory(name="Netra", status="klien")
    blind.disabilities.set(DisabilityType.objects.filter(name="Disabilitas netra"))
    poor = ClientFactory(name="Miskin", ppks_types=PpksType.objects.filter(code="24"))
    client.force_login(manager)
    sensorik = blind.disabilities.get().kind

    assert names(client.get(URL, {"status": "klien"})) == ["Netra"]
    assert names(client.get(URL, {"ppks_type": poor.ppks_types.get().pk})) == ["Miskin"]
    assert names(client.get(URL, {"disability_kind": sensorik.pk})) == ["Netra"]
    assert names(client.get(URL, {"regency": BOJONEGORO})) == []


def test_list_shows_masked_niks_only(client, worker_malang):
    shown = ClientFactory()
    client.force_login(worker_malang)

    page = client.get(URL).content.decode()

    assert shown.nik not in page
    assert f"{shown.nik[:6]}••••••{shown.nik[-4:]}" in page


def test_list_is_paged_and_page_size_can_be_chosen(client, manager):
    ClientFactory.create_batch(30)
    client.force_login(manager)

    first = client.get(URL)
    second = client.get(URL, {"page": 2})
    big = client.get(URL, {"size": 50})

    assert len(first.context["page"].object_list) == 25
    assert len(second.context["page"].object_list) == 5
    assert len(big.context["page"].object_list) == 30
    assert "Halaman 1 dari 2" in first.content.decode()


@pytest.mark.parametrize(("clients", "size"), [(5, 25), (60, 50), (120, 100)])
def test_query_count_does_not_grow_with_the_page(
    client, worker_malang, django_assert_num_queries, clients, size
):
    ClientFactory.create_batch(clients)
    client.force_login(worker_malang)

    # session, user, 2 x permissions, scope, count, 4 filter choice lists (regency, PPKS
    # type, disability kind, service unit), the page of clients, their PPKS types
    with django_assert_num_queries(12):
        response = client.get(URL, {"size": size})

    assert response.status_code == 200
    assert len(response.context["page"].object_list) == min(clients, size)


def test_anonymous_user_is_sent_to_login(client, db):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
