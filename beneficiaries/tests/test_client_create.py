"""Registering a client at /clients/new/."""

import datetime

import pytest
from django.urls import reverse

from beneficiaries.models import Client, PpksType
from beneficiaries.tests.factories import BOJONEGORO, KOTA_MALANG, ClientFactory, place

URL = reverse("beneficiaries:client_create")
VALID_NIK = "3573015507800002"  # Blimbing, Kota Malang; a woman born 15 July 1980


@pytest.fixture
def malang(db):
    return place(KOTA_MALANG)


def form_data(malang, **overrides):
    regency, district, village = malang
    data = {
        "name": "Sri Wahyuni",
        "nik": VALID_NIK,
        "kk_number": "3573010101100003",
        "sex": "P",
        "birth_place": "Malang",
        "birth_date": "1980-07-15",
        "phone": "081234567890",
        "regency": regency.pk,
        "district": district.pk,
        "village": village.pk,
        "address": "Jl. Borobudur No. 12",
        "status": Client.Status.FORMER_CLIENT,
        "ppks_types": [PpksType.objects.get(code="09").pk],
        "consent_given": "on",
        "consent_date": "2026-11-01",
    }
    data.update(overrides)
    return data


def test_worker_registers_a_client_in_her_area(client, worker_malang, malang):
    client.force_login(worker_malang)

    response = client.post(URL, form_data(malang))

    registered = Client.objects.get()
    assert response.status_code == 302
    assert response["Location"] == registered.get_absolute_url()
    assert registered.nik == VALID_NIK
    assert registered.village == malang[2]
    assert registered.created_by == worker_malang
    assert registered.registration_number == f"35-{datetime.date.today().year}-000001"
    assert list(registered.ppks_types.values_list("code", flat=True)) == ["09"]


def test_spaces_typed_in_the_nik_are_removed(client, worker_malang, malang):
    client.force_login(worker_malang)

    client.post(URL, form_data(malang, nik="3573 0155 0780 0002"))

    assert Client.objects.get().nik == VALID_NIK


def test_client_without_nik_can_be_registered(client, worker_malang, malang):
    client.force_login(worker_malang)

    response = client.post(URL, form_data(malang, nik=""))

    assert response.status_code == 302
    assert Client.objects.get().nik == ""


@pytest.mark.parametrize(
    ("nik", "message"),
    [
        ("35730155078000", "NIK terdiri atas 16 angka; yang ini 14."),
        ("357301550780000212", "NIK terdiri atas 16 angka; yang ini 18."),
        ("35730155O7800002", "NIK hanya terdiri atas angka."),
        ("3.57301E+15", "diubah menjadi angka oleh aplikasi lembar kerja"),
        ("3573015507800002.0", "diubah menjadi angka oleh aplikasi lembar kerja"),
        ("3573015500800002", "00 bukan bulan"),
        ("3573015513800002", "13 bukan bulan"),
        ("3573010007800002", "00 tidak mungkin"),
        ("3573013507800002", "35 tidak mungkin"),
        ("3573014007800002", "40 tidak mungkin"),
        ("3573017207800002", "72 tidak mungkin"),
        ("3573017102800002", "tanggal yang tidak ada (31-02-80)"),
        ("3573015507800000", "tidak pernah 0000"),
    ],
)
def test_impossible_nik_is_refused_in_indonesian_next_to_the_field(
    client, worker_malang, malang, nik, message
):
    client.force_login(worker_malang)

    response = client.post(URL, form_data(malang, nik=nik))

    assert response.status_code == 200
    assert not Client.objects.exists()
    assert message in " ".join(response.context["form"].errors["nik"])
    page = response.content.decode()
    # Next to the field: after the NIK input and before the next field's input.
    assert message in page[page.index('id="id_nik"') : page.index('id="id_kk_number"')]


def test_form_keeps_what_was_typed_when_it_shows_an_error(client, worker_malang, malang):
    client.force_login(worker_malang)

    response = client.post(URL, form_data(malang, nik="123", address="Jl. Kawi No. 5"))

    page = response.content.decode()
    assert 'value="Sri Wahyuni"' in page
    assert 'value="Jl. Kawi No. 5"' in page
    assert 'value="123"' in page
    # The chosen village is still offered and selected, without loading all villages.
    assert f'<option value="{malang[2].pk}" selected>' in page


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"birth_date": "1981-07-15"}, "birth_date", "berbeda dengan tanggal lahir"),
        ({"sex": "L"}, "sex", "NIK perempuan"),
        ({"nik": "3599015507800002"}, "nik", "bukan kode kecamatan"),
    ],
)
def test_disagreement_with_the_nik_is_a_warning_that_can_be_confirmed(
    client, worker_malang, malang, overrides, field, message
):
    client.force_login(worker_malang)

    first = client.post(URL, form_data(malang, **overrides))

    assert first.status_code == 200
    assert not Client.objects.exists()
    form = first.context["form"]
    assert [w.field for w in form.warnings] == [field]
    assert message in first.content.decode()

    confirmed = client.post(
        URL,
        form_data(
            malang,
            **overrides,
            confirm_warnings="on",
            warnings_token=form.current_warnings_token,
        ),
    )

    assert confirmed.status_code == 302
    assert Client.objects.count() == 1


def test_ticking_the_box_without_having_seen_the_warning_does_not_confirm_it(
    client, worker_malang, malang
):
    client.force_login(worker_malang)

    response = client.post(
        URL, form_data(malang, sex="L", confirm_warnings="on", warnings_token="stale")
    )

    assert response.status_code == 200
    assert not Client.objects.exists()


def test_duplicate_nik_is_refused_with_a_link_to_the_existing_record(client, worker_malang, malang):
    existing = ClientFactory(nik=VALID_NIK)
    client.force_login(worker_malang)

    response = client.post(URL, form_data(malang, name="Nama Lain"))

    assert response.status_code == 200
    assert Client.objects.count() == 1
    assert "NIK ini sudah terdaftar" in response.content.decode()
    assert f'href="{existing.get_absolute_url()}"' in response.content.decode()


def test_duplicate_nik_outside_the_area_is_refused_without_revealing_the_person(
    client, worker_malang, malang
):
    existing = ClientFactory(nik=VALID_NIK, regency_code=BOJONEGORO, name="Rahasia Orang")
    client.force_login(worker_malang)

    response = client.post(URL, form_data(malang))

    page = response.content.decode()
    assert Client.objects.count() == 1
    assert "sudah terdaftar di wilayah lain" in page
    assert existing.registration_number not in page
    assert "Rahasia Orang" not in page
    assert existing.get_absolute_url() not in page


def test_same_name_and_birth_date_is_warned_and_confirmable(client, worker_malang, malang):
    existing = ClientFactory(name="Sri  WAHYUNI", birth_date=datetime.date(1980, 7, 15), nik="")
    client.force_login(worker_malang)

    first = client.post(URL, form_data(malang))

    assert first.status_code == 200
    assert Client.objects.count() == 1
    assert "nama dan tanggal lahir yang sama" in first.content.decode()
    assert existing.get_absolute_url() in first.content.decode()

    token = first.context["form"].current_warnings_token
    confirmed = client.post(URL, form_data(malang, confirm_warnings="on", warnings_token=token))

    assert confirmed.status_code == 302
    assert Client.objects.count() == 2


def test_worker_cannot_register_a_client_outside_her_area(client, worker_malang):
    regency, district, village = place(BOJONEGORO)
    client.force_login(worker_malang)

    response = client.post(
        URL,
        form_data((regency, district, village), nik="3522125507800002", birth_place="Bojonegoro"),
    )

    assert response.status_code == 200
    assert not Client.objects.exists()
    assert "wilayah Anda" in " ".join(response.context["form"].errors["regency"])


def test_village_from_another_district_is_refused(client, worker_malang, malang):
    _, _, bojonegoro_village = place(BOJONEGORO)
    client.force_login(worker_malang)

    response = client.post(URL, form_data(malang, village=bojonegoro_village.pk))

    assert response.status_code == 200
    assert "village" in response.context["form"].errors
    assert not Client.objects.exists()


def test_manager_may_not_register(client, manager):
    client.force_login(manager)

    assert client.get(URL).status_code == 403


def test_anonymous_user_is_sent_to_login(client, db):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
