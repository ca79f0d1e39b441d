"""The client's full record at /clients/<id>/."""

from django.urls import reverse

from beneficiaries.models import DisabilityType, RecordAccess
from beneficiaries.tests.factories import BOJONEGORO, CaseNoteFactory, ClientFactory


def url(client_obj):
    return reverse("beneficiaries:client_detail", args=[client_obj.pk])


def test_worker_opens_a_client_of_her_area_and_sees_the_full_nik(client, worker_malang):
    shown = ClientFactory(name="Sri Wahyuni")
    client.force_login(worker_malang)

    response = client.get(url(shown))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Sri Wahyuni" in page
    assert shown.nik in page
    assert reverse("beneficiaries:client_edit", args=[shown.pk]) in page


def test_client_outside_the_area_is_not_found(client, worker_malang):
    outside = ClientFactory(regency_code=BOJONEGORO)
    client.force_login(worker_malang)

    assert client.get(url(outside)).status_code == 404
    assert not RecordAccess.objects.exists()


def test_manager_reads_any_client_without_an_edit_button(client, manager):
    malang = ClientFactory()
    bojonegoro = ClientFactory(regency_code=BOJONEGORO)
    client.force_login(manager)

    for shown in (malang, bojonegoro):
        response = client.get(url(shown))
        assert response.status_code == 200
        assert reverse("beneficiaries:client_edit", args=[shown.pk]) not in (
            response.content.decode()
        )
        assert "Tambah catatan" not in response.content.decode()


def test_opening_a_record_is_logged(client, manager):
    shown = ClientFactory()
    client.force_login(manager)

    client.get(url(shown), REMOTE_ADDR="10.1.2.3")

    entry = RecordAccess.objects.get()
    assert (entry.user, entry.client, entry.action, entry.ip_address) == (
        manager,
        shown,
        RecordAccess.Action.VIEW_CLIENT,
        "10.1.2.3",
    )


def test_two_kinds_of_disability_are_shown_as_ganda(client, worker_malang):
    shown = ClientFactory()
    shown.disabilities.set(
        DisabilityType.objects.filter(name__in=["Disabilitas netra", "Paraplegi"])
    )
    client.force_login(worker_malang)

    page = client.get(url(shown)).content.decode()

    assert "Disabilitas sensorik: Disabilitas netra" in page
    assert ">ganda<" in page


def test_dates_are_written_out_in_indonesian(client, worker_malang):
    import datetime

    shown = ClientFactory(birth_date=datetime.date(1980, 8, 17))
    client.force_login(worker_malang)

    assert "17 Agustus 1980" in client.get(url(shown)).content.decode()


def test_query_count_does_not_grow_with_notes_or_categories(
    client, worker_malang, django_assert_num_queries
):
    shown = ClientFactory()
    CaseNoteFactory.create_batch(5, client=shown, author=worker_malang)
    shown.disabilities.set(DisabilityType.objects.all()[:4])
    client.force_login(worker_malang)

    # session, user, scope, client with its regions and unit, PPKS types, devices,
    # disabilities with kinds, notes with authors, 2 x permissions, the access log insert;
    # plus status changes for the timeline, and what other apps register: programs'
    # trainings, grants and businesses for its sections, enrolments, grants and visits for
    # the timeline (grant items are fetched only when there are grants, see
    # programs/tests/test_client_page_sections); the grievances' section (the reader's
    # sensitive-group membership, her grievances) and their timeline events; the market
    # support of her businesses on the timeline.
    with django_assert_num_queries(22):
        response = client.get(url(shown))

    assert response.status_code == 200
    assert len(response.context["client"].case_notes.all()) == 5


def test_page_title_is_the_clients_name(client, worker_malang):
    shown = ClientFactory(name="Sri Wahyuni")
    client.force_login(worker_malang)

    page = client.get(url(shown)).content.decode()

    title = page[page.index("<title>") + len("<title>") : page.index("</title>")]
    assert title == "Sri Wahyuni · Registri Layanan Sosial"
