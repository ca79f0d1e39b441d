"""services.client_register and client_update: numbering, validation, one transaction."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from beneficiaries.models import Client, PpksType
from beneficiaries.services import client_register, client_update
from beneficiaries.tests.factories import BOJONEGORO, KOTA_MALANG, place


def register(user, **overrides):
    regency, district, village = place(KOTA_MALANG)
    fields = {
        "name": "Sri Wahyuni",
        "sex": "P",
        "regency": regency,
        "district": district,
        "village": village,
    }
    fields.update(overrides)
    return client_register(registered_by=user, **fields)


def test_registration_numbers_count_up_per_year(worker_malang):
    first = register(worker_malang, registered_on=datetime.date(2026, 3, 1))
    second = register(worker_malang, name="Budi", registered_on=datetime.date(2026, 3, 2))
    next_year = register(worker_malang, name="Citra", registered_on=datetime.date(2027, 1, 2))

    assert [first.registration_number, second.registration_number] == [
        "35-2026-000001",
        "35-2026-000002",
    ]
    assert next_year.registration_number == "35-2027-000001"


def test_relations_are_set(worker_malang):
    registered = register(worker_malang, ppks_types=PpksType.objects.filter(code="24"))

    assert list(registered.ppks_types.values_list("name", flat=True)) == ["Fakir Miskin"]


def test_invalid_record_saves_nothing(worker_malang):
    with pytest.raises(ValidationError) as excinfo:
        register(worker_malang, nik="3573010007800001")  # day 00

    assert "nik" in excinfo.value.message_dict
    assert not Client.objects.exists()


def test_address_levels_must_nest(worker_malang):
    _, bojonegoro_district, bojonegoro_village = place(BOJONEGORO)

    with pytest.raises(ValidationError) as excinfo:
        register(worker_malang, district=bojonegoro_district, village=bojonegoro_village)

    assert set(excinfo.value.message_dict) == {"district"}
    assert not Client.objects.exists()


def test_two_clients_may_both_have_no_nik_but_not_the_same_one(worker_malang):
    register(worker_malang, nik="")
    register(worker_malang, name="Tanpa NIK", nik="")
    register(worker_malang, name="Ber-NIK", nik="3573015507800002")

    with pytest.raises(ValidationError):
        register(worker_malang, name="Kembar", nik="3573015507800002")
    assert Client.objects.count() == 3


def test_update_touches_only_the_given_fields(worker_malang, worker_bojonegoro):
    registered = register(worker_malang, phone="0811")

    client_update(client=registered, updated_by=worker_bojonegoro, phone="0822")

    registered.refresh_from_db()
    assert (registered.phone, registered.name, registered.updated_by) == (
        "0822",
        "Sri Wahyuni",
        worker_bojonegoro,
    )
    assert registered.created_by == worker_malang


def test_unknown_field_is_a_programming_error(worker_malang):
    with pytest.raises(TypeError):
        register(worker_malang, favourite_colour="blue")


def test_a_number_already_taken_is_skipped(worker_malang):
    from beneficiaries.tests.factories import ClientFactory

    ClientFactory(registration_number="35-2026-000001")

    registered = register(worker_malang, registered_on=datetime.date(2026, 3, 1))

    assert registered.registration_number == "35-2026-000002"
