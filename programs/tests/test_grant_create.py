"""Recording a hand-over of equipment at /programs/grants/new/<client>/."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from beneficiaries.tests.factories import BOJONEGORO, ClientFactory
from programs.models import FundingSource, Grant, GrantItem
from programs.tests.factories import (
    EnrolmentFactory,
    GrantItemFactory,
    overlock_machine,
    sewing_machine,
)


def url(client_obj, enrolment=None):
    base = reverse("programs:grant_create", args=[client_obj.pk])
    return f"{base}?enrolment={enrolment.pk}" if enrolment else base


def png():
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (10, 120, 40)).save(out, format="PNG")
    return SimpleUploadedFile("serah-terima.png", out.getvalue(), content_type="image/png")


def grant_data(*items, **overrides):
    data = {
        "handed_over_on": "2026-06-10",
        "bast_number": "BAST/DINSOS-JATIM/2026/0001",
        "funding_source": FundingSource.objects.get(name="APBD Provinsi").pk,
        "notes": "",
        "items-TOTAL_FORMS": str(len(items)),
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "1",
        "items-MAX_NUM_FORMS": "20",
    }
    for index, item in enumerate(items):
        for name, value in item.items():
            data[f"items-{index}-{name}"] = value
    data.update(overrides)
    return data


def sewing(**extra):
    return {"equipment_type": sewing_machine().pk, "quantity": "1", **extra}


def overlock(**extra):
    return {"equipment_type": overlock_machine().pk, "quantity": "1", **extra}


@pytest.fixture
def graduate(db):
    return EnrolmentFactory(status="completed", completed_on=datetime.date(2026, 5, 29))


def test_worker_records_a_sewing_and_an_overlock_machine(client, worker_malang, graduate):
    client.force_login(worker_malang)

    response = client.post(
        url(graduate.client, graduate),
        grant_data(
            sewing(serial_numbers="JH-001"),
            overlock(unit_value="Rp 3.000.000"),
            enrolment=graduate.pk,
            document=png(),
        ),
    )

    grant = Grant.objects.get()
    assert response.status_code == 302
    assert response["Location"] == grant.get_absolute_url()
    assert (grant.client, grant.enrolment, grant.created_by) == (
        graduate.client,
        graduate,
        worker_malang,
    )
    assert sorted(grant.items.values_list("equipment_type__name", "unit_value")) == [
        ("Mesin jahit", 2_500_000),  # empty: the standard value
        ("Mesin obras", 3_000_000),  # typed: stored as given
    ]
    assert grant.document.name.endswith(".jpg")
    assert "serah-terima" not in grant.document.name
    client_page = client.get(graduate.client.get_absolute_url()).content.decode()
    assert "Rp5.500.000" in client_page


def test_each_item_handed_over_has_a_change_history(client, worker_malang, graduate):
    client.force_login(worker_malang)

    client.post(url(graduate.client), grant_data(sewing(), overlock()))

    grant = Grant.objects.get()
    history = GrantItem.history.filter(grant_id=grant.pk)
    assert sorted(history.values_list("equipment_type__name", "history_type")) == [
        ("Mesin jahit", "+"),
        ("Mesin obras", "+"),
    ]
    assert {h.history_user for h in history} == {worker_malang}


def test_form_preselects_the_enrolment_it_follows(client, worker_malang, graduate):
    client.force_login(worker_malang)

    response = client.get(url(graduate.client, graduate))

    assert response.context["form"]["enrolment"].value() == str(graduate.pk)


@pytest.mark.parametrize(
    ("item", "overrides", "message"),
    [
        ({"quantity": "0"}, {}, "lebih besar dari atau sama dengan 1"),
        ({}, {"handed_over_on": "2099-01-01"}, "masa depan"),
        ({"unit_value": "-5"}, {}, "tidak boleh negatif"),
        ({"unit_value": "Rp 1.000,50"}, {}, "rupiah bulat"),
        (None, {}, "Tambahkan minimal satu barang peralatan."),
    ],
)
def test_bad_input_is_refused_and_saves_nothing(
    client, worker_malang, graduate, item, overrides, message
):
    client.force_login(worker_malang)
    items = [] if item is None else [sewing(**item)]

    response = client.post(url(graduate.client), grant_data(*items, **overrides))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Grant.objects.exists()
    assert not GrantItem.objects.exists()


def test_duplicate_bast_number_is_refused(client, worker_malang, graduate):
    GrantItemFactory(grant__bast_number="BAST/DINSOS-JATIM/2026/0001")
    client.force_login(worker_malang)

    response = client.post(url(graduate.client), grant_data(sewing()))

    assert "Nomor BAST ini sudah tercatat" in response.content.decode()
    assert Grant.objects.count() == 1


def test_text_file_uploaded_as_photo_is_refused(client, worker_malang, graduate):
    client.force_login(worker_malang)
    text = SimpleUploadedFile("foto.jpg", b"bukan gambar, hanya teks", content_type="image/jpeg")

    response = client.post(url(graduate.client), grant_data(sewing(), document=text))

    assert "Unggah foto (JPEG, PNG, atau WebP) atau pindaian BAST" in response.content.decode()
    assert not Grant.objects.exists()


def test_a_pdf_scan_is_kept_as_pdf(client, worker_malang, graduate):
    client.force_login(worker_malang)
    out = io.BytesIO()
    Image.new("RGB", (300, 420), (250, 250, 245)).save(out, format="PDF")
    scan = SimpleUploadedFile("bast.jpg", out.getvalue(), content_type="image/jpeg")

    client.post(url(graduate.client), grant_data(sewing(), document=scan))

    assert Grant.objects.get().document.name.endswith(".pdf")


def test_double_grant_is_warned_with_the_earlier_grant_and_confirmable(
    client, worker_malang, graduate
):
    earlier = GrantItemFactory(grant__client=graduate.client, grant__bast_number="BAST/LAMA/1")
    client.force_login(worker_malang)

    first = client.post(url(graduate.client), grant_data(sewing(), overlock()))

    assert first.status_code == 200
    assert Grant.objects.count() == 1
    page = first.content.decode()
    assert "sudah menerima Mesin jahit" in page
    assert earlier.grant.get_absolute_url() in page

    token = first.context["form"].current_warnings_token
    confirmed = client.post(
        url(graduate.client),
        grant_data(sewing(), overlock(), confirm_warnings="on", warnings_token=token),
    )

    assert confirmed.status_code == 302
    assert Grant.objects.count() == 2


def test_other_equipment_raises_no_double_grant_warning(client, worker_malang, graduate):
    GrantItemFactory(grant__client=graduate.client, grant__bast_number="BAST/LAMA/1")
    client.force_login(worker_malang)

    response = client.post(url(graduate.client), grant_data(overlock()))

    assert response.status_code == 302


def test_add_another_item_keeps_what_was_typed(client, worker_malang, graduate):
    client.force_login(worker_malang)

    response = client.post(
        url(graduate.client),
        grant_data(sewing(serial_numbers="JH-77"), bast_number="BAST/X/9", add_item="1"),
    )

    assert response.status_code == 200
    assert not Grant.objects.exists()
    items = response.context["items"]
    assert items.total_form_count() == 2
    page = response.content.decode()
    assert 'value="JH-77"' in page
    assert 'value="BAST/X/9"' in page


def test_grant_for_a_client_outside_the_area_is_not_found(client, worker_malang):
    outside = ClientFactory(regency_code=BOJONEGORO)
    client.force_login(worker_malang)

    assert client.get(url(outside)).status_code == 404
    assert client.post(url(outside), grant_data(sewing())).status_code == 404
    assert not Grant.objects.exists()


def test_manager_cannot_record_grants(client, manager, graduate):
    client.force_login(manager)

    assert client.get(url(graduate.client)).status_code == 403
