"""Adding a case note from the client's page."""

from django.urls import reverse

from beneficiaries.models import CaseNote
from beneficiaries.tests.factories import BOJONEGORO, ClientFactory


def url(client_obj):
    return reverse("beneficiaries:case_note_create", args=[client_obj.pk])


def test_worker_adds_a_note_that_shows_on_the_record(client, worker_malang):
    noted = ClientFactory()
    client.force_login(worker_malang)

    response = client.post(url(noted), {"text": "  Kunjungan rumah, klien sehat.  "})

    note = CaseNote.objects.get()
    assert response.status_code == 302
    assert (note.client, note.author, note.text) == (
        noted,
        worker_malang,
        "Kunjungan rumah, klien sehat.",
    )
    assert "Kunjungan rumah, klien sehat." in client.get(response["Location"]).content.decode()


def test_empty_note_is_refused_on_the_page(client, worker_malang):
    noted = ClientFactory()
    client.force_login(worker_malang)

    response = client.post(url(noted), {"text": ""})

    assert response.status_code == 400
    assert "Bidang ini tidak boleh kosong." in response.content.decode()
    assert not CaseNote.objects.exists()


def test_note_on_a_client_outside_the_area_is_not_found(client, worker_malang):
    outside = ClientFactory(regency_code=BOJONEGORO)
    client.force_login(worker_malang)

    assert client.post(url(outside), {"text": "x"}).status_code == 404
    assert not CaseNote.objects.exists()


def test_manager_cannot_add_notes(client, manager):
    noted = ClientFactory()
    client.force_login(manager)

    assert client.post(url(noted), {"text": "x"}).status_code == 403


def test_get_is_not_allowed(client, worker_malang):
    noted = ClientFactory()
    client.force_login(worker_malang)

    assert client.get(url(noted)).status_code == 405
