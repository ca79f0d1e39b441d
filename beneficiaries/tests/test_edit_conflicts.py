"""No lost updates: a save from a form opened before someone else's save is refused.

The refused form keeps what was typed, lists the other person's changes (who, when, field
by field) and carries the new version, so that a second save is a conscious choice.
"""

import pytest
from django.conf import settings
from django.db import transaction
from django.urls import reverse

from beneficiaries import services
from beneficiaries.tests.factories import ClientFactory, UserFactory
from beneficiaries.tests.test_client_edit import edit_data
from core.record_writes import EditConflict, record_save_if_unchanged


def url(client_obj):
    return reverse("beneficiaries:client_edit", args=[client_obj.pk])


def test_second_save_from_an_old_form_is_refused_and_shows_the_other_change(client, worker_malang):
    edited = ClientFactory(name="Sri Wahyuni", phone="0811")
    opened = edit_data(edited)  # both forms opened now, at version 1
    colleague = UserFactory(first_name="Budi", last_name="Santoso")
    services.client_update(
        client=edited, updated_by=colleague, phone="0822", opened_version=opened["version"]
    )
    client.force_login(worker_malang)

    response = client.post(url(edited), {**opened, "address": "Jl. Mawar 3"})

    edited.refresh_from_db()
    assert response.status_code == 200
    assert (edited.phone, edited.address, edited.version) == ("0822", "", 2)
    page = response.content.decode()
    assert "Budi Santoso" in page
    assert "0811" in page and "0822" in page  # the other person's change, before and after
    assert 'value="Jl. Mawar 3"' in page  # what this user typed is still there
    assert 'name="version" value="2"' in page  # saving again is now possible


def test_saving_again_after_the_conflict_is_accepted(client, worker_malang):
    edited = ClientFactory(phone="0811")
    opened = edit_data(edited)
    services.client_update(client=edited, updated_by=UserFactory(), phone="0822")
    client.force_login(worker_malang)
    client.post(url(edited), {**opened, "address": "Jl. Mawar 3"})

    response = client.post(url(edited), {**opened, "address": "Jl. Mawar 3", "version": 2})

    edited.refresh_from_db()
    assert response.status_code == 302
    assert (edited.address, edited.version) == ("Jl. Mawar 3", 3)


def test_a_form_without_its_version_is_refused(client, worker_malang):
    edited = ClientFactory(name="Sri Wahyuni")
    client.force_login(worker_malang)
    data = edit_data(edited, name="Diubah")
    del data["version"]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.post(url(edited), data)

    edited.refresh_from_db()
    assert response.status_code == 200
    assert edited.name == "Sri Wahyuni"
    assert "reload the page" in response.content.decode()


def test_the_edit_form_carries_the_current_version(client, worker_malang):
    edited = ClientFactory()
    services.client_update(client=edited, updated_by=UserFactory(), phone="0822")
    client.force_login(worker_malang)

    page = client.get(url(edited)).content.decode()

    assert 'name="version" value="2"' in page


@pytest.mark.django_db
def test_of_two_saves_opened_at_the_same_version_exactly_one_wins():
    record = ClientFactory(phone="0811")
    first, second = type(record).objects.get(pk=record.pk), type(record).objects.get(pk=record.pk)

    with transaction.atomic():
        first.phone = "0822"
        record_save_if_unchanged(first, opened_version=1)
    with pytest.raises(EditConflict) as raised, transaction.atomic():
        second.phone = "0833"
        record_save_if_unchanged(second, opened_version=1)

    record.refresh_from_db()
    assert (record.phone, record.version) == ("0822", 2)
    assert raised.value.current.phone == "0822"
    assert raised.value.opened_version == 1


@pytest.mark.django_db
def test_a_refused_save_changes_nothing_else_either():
    """The relations and the status change of a refused save are rolled back with it."""
    record = ClientFactory(status="eks_klien")
    services.client_update(client=record, updated_by=UserFactory(), phone="0822")
    stale = type(record).objects.get(pk=record.pk)

    with pytest.raises(EditConflict):
        services.client_update(
            client=stale, updated_by=UserFactory(), status="pindah", opened_version=1
        )

    record.refresh_from_db()
    assert record.status == "eks_klien"
    assert record.status_changes.count() == 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_saving_outside_a_transaction_is_a_programming_error():
    record = ClientFactory()
    with pytest.raises(RuntimeError):
        record_save_if_unchanged(record, opened_version=1)
