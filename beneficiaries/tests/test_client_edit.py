"""Correcting a client's record at /clients/<id>/edit/."""

from django.urls import reverse

from beneficiaries.models import Client
from beneficiaries.tests.factories import BOJONEGORO, ClientFactory


def url(client_obj):
    return reverse("beneficiaries:client_edit", args=[client_obj.pk])


def edit_data(client_obj, **overrides):
    data = {
        "name": client_obj.name,
        "nik": client_obj.nik,
        "sex": client_obj.sex,
        "birth_date": client_obj.birth_date.isoformat(),
        "regency": client_obj.regency_id,
        "district": client_obj.district_id,
        "village": client_obj.village_id,
        "status": client_obj.status,
        "ppks_types": list(client_obj.ppks_types.values_list("pk", flat=True)),
        "version": client_obj.version,
    }
    data.update(overrides)
    return data


def test_worker_corrects_a_client_of_her_area(client, worker_malang):
    edited = ClientFactory(name="Sri Wahyuni")
    client.force_login(worker_malang)

    form_page = client.get(url(edited))
    response = client.post(url(edited), edit_data(edited, name="Sri Wahyuningsih", phone="0812"))

    edited.refresh_from_db()
    assert form_page.status_code == 200
    assert 'value="Sri Wahyuni"' in form_page.content.decode()
    assert response.status_code == 302
    assert (edited.name, edited.phone, edited.updated_by) == (
        "Sri Wahyuningsih",
        "0812",
        worker_malang,
    )
    assert edited.name_normalized == "sri wahyuningsih"


def test_keeping_the_own_nik_is_not_a_duplicate(client, worker_malang):
    edited = ClientFactory()
    client.force_login(worker_malang)

    response = client.post(url(edited), edit_data(edited, address="Jl. Baru 1"))

    assert response.status_code == 302


def test_worker_cannot_move_a_client_out_of_her_area(client, worker_malang):
    edited = ClientFactory()
    client.force_login(worker_malang)

    response = client.post(
        url(edited), edit_data(edited, regency=BOJONEGORO, district="", village="")
    )

    edited.refresh_from_db()
    assert response.status_code == 200
    assert edited.regency_id != BOJONEGORO


def test_client_outside_the_area_is_not_found(client, worker_malang):
    outside = ClientFactory(regency_code=BOJONEGORO, name="Tetap")
    client.force_login(worker_malang)

    assert client.get(url(outside)).status_code == 404
    assert client.post(url(outside), edit_data(outside, name="Diubah")).status_code == 404
    assert Client.objects.get().name == "Tetap"


def test_manager_edit_post_is_refused(client, manager):
    edited = ClientFactory(name="Tetap")
    client.force_login(manager)

    assert client.get(url(edited)).status_code == 403
    assert client.post(url(edited), edit_data(edited, name="Diubah")).status_code == 403
    edited.refresh_from_db()
    assert edited.name == "Tetap"
