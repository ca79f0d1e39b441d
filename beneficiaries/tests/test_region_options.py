"""The JSON options behind the dependent address selects."""

from django.urls import reverse

from beneficiaries.tests.factories import BOJONEGORO, KOTA_MALANG, place


def test_districts_of_a_regency_and_villages_of_a_district(client, worker_malang):
    _, district, village = place(KOTA_MALANG)
    place(BOJONEGORO)
    client.force_login(worker_malang)

    districts = client.get(reverse("beneficiaries:district_options"), {"parent": KOTA_MALANG})
    villages = client.get(reverse("beneficiaries:village_options"), {"parent": district.pk})

    assert districts.json() == {"options": [[district.code, district.name]]}
    assert villages.json() == {"options": [[village.code, village.name]]}


def test_unknown_parent_gives_no_options(client, worker_malang):
    client.force_login(worker_malang)

    response = client.get(reverse("beneficiaries:district_options"), {"parent": "99.99"})

    assert response.json() == {"options": []}


def test_anonymous_user_gets_no_options(client, db):
    assert client.get(reverse("beneficiaries:district_options")).status_code == 302
