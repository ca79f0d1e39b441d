"""Recording a follow-up visit at /programs/businesses/<id>/visits/new/."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from beneficiaries.tests.factories import BOJONEGORO
from programs.models import EquipmentCheck, FollowUpVisit, SupportKind
from programs.tests.factories import grantee_with_business


def url(business):
    return reverse("programs:visit_create", args=[business.pk])


@pytest.fixture
def grantee(db):
    return grantee_with_business(handed_over_on=datetime.date(2024, 4, 23))


def visit_data(item, **overrides):
    data = {
        "visited_on": "2026-10-20",
        "net_income": "3000000",
        "revenue": "",
        "employees": "4",
        "status": "berkembang",
        "support": [SupportKind.objects.get(name="Pemasaran").pk],
        "notes": "Pesanan seragam sekolah meningkat.",
        f"item_{item.pk}": "dipakai",
    }
    data.update(overrides)
    return data


def test_worker_records_a_visit_with_equipment_and_support(client, worker_malang, grantee):
    _, business, item = grantee
    client.force_login(worker_malang)

    response = client.post(url(business), visit_data(item, revenue="Rp 9.000.000,00"))

    visit = FollowUpVisit.objects.get()
    assert response.status_code == 302
    assert response["Location"] == business.get_absolute_url()
    assert (visit.net_income, visit.revenue, visit.employees, visit.status) == (
        3_000_000,
        9_000_000,
        4,
        "berkembang",
    )
    assert visit.visited_by == worker_malang
    assert list(visit.support.values_list("name", flat=True)) == ["Pemasaran"]
    assert [(c.grant_item, c.condition) for c in EquipmentCheck.objects.all()] == [
        (item, "dipakai")
    ]


def test_each_equipment_check_has_a_change_history(client, worker_malang, grantee):
    _, business, item = grantee
    client.force_login(worker_malang)

    client.post(url(business), visit_data(item, **{f"item_{item.pk}": "rusak"}))

    visit = FollowUpVisit.objects.get()
    history = EquipmentCheck.history.filter(visit_id=visit.pk)
    assert list(history.values_list("grant_item_id", "condition", "history_type")) == [
        (item.pk, "rusak", "+")
    ]
    assert history.get().history_user == worker_malang


@pytest.mark.parametrize(
    "typed", ["3000000", "3.000.000", "Rp3.000.000", "Rp 3.000.000,00", "rp 3.000.000"]
)
def test_income_written_the_usual_ways_is_accepted(client, worker_malang, grantee, typed):
    _, business, item = grantee
    client.force_login(worker_malang)

    client.post(url(business), visit_data(item, net_income=typed))

    assert FollowUpVisit.objects.get().net_income == 3_000_000


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"net_income": "-3000000"}, "net_income", "tidak boleh negatif"),
        ({"net_income": "3.000.000,50"}, "net_income", "harus nol"),
        ({"net_income": "tiga juta"}, "net_income", "Isi jumlah dalam rupiah"),
        ({"net_income": ""}, "net_income", "tidak boleh kosong"),
        ({"employees": "-1"}, "employees", "lebih besar dari atau sama dengan 0"),
        ({"visited_on": "2099-01-01"}, "visited_on", "tidak boleh di masa depan"),
        ({"visited_on": "2024-01-01"}, "visited_on", "sebelum peralatan diserahkan"),
        ({"status": ""}, "status", "tidak boleh kosong"),
    ],
)
def test_bad_input_is_refused_next_to_the_field_and_saves_nothing(
    client, worker_malang, grantee, overrides, field, message
):
    _, business, item = grantee
    client.force_login(worker_malang)

    response = client.post(url(business), visit_data(item, **overrides))

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not FollowUpVisit.objects.exists()
    assert not EquipmentCheck.objects.exists()
    assert "Pesanan seragam sekolah meningkat." in response.content.decode()  # kept


def test_form_offers_today_and_each_granted_item(client, worker_malang, grantee):
    _, business, item = grantee
    client.force_login(worker_malang)

    response = client.get(url(business))

    form = response.context["form"]
    assert form["visited_on"].value() == timezone.localdate()
    assert [f.name for f in form.item_fields()] == [f"item_{item.pk}"]


def test_business_outside_the_area_is_not_found(client, worker_malang):
    _, business, item = grantee_with_business(regency_code=BOJONEGORO)
    client.force_login(worker_malang)

    assert client.get(url(business)).status_code == 404
    assert client.post(url(business), visit_data(item)).status_code == 404
    assert not FollowUpVisit.objects.exists()


def test_manager_cannot_record_visits(client, manager, grantee):
    client.force_login(manager)

    assert client.get(url(grantee[1])).status_code == 403
