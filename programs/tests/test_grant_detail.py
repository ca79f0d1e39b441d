"""A grant's page and its private document."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from beneficiaries.tests.factories import BOJONEGORO, ClientFactory
from programs.tests.factories import GrantFactory, GrantItemFactory, overlock_machine


@pytest.fixture
def grant(db):
    grant = GrantFactory()
    GrantItemFactory(grant=grant, serial_numbers="JH-1")
    GrantItemFactory(grant=grant, equipment_type=overlock_machine(), quantity=2)
    return grant


def test_shows_items_and_the_computed_total(client, worker_malang, grant):
    client.force_login(worker_malang)

    page = client.get(reverse("programs:grant_detail", args=[grant.pk])).content.decode()

    assert "Rp2.500.000" in page
    assert "Rp5.500.000" in page  # 2 x Rp2.750.000
    assert "Rp8.000.000" in page  # total, computed
    assert "JH-1" in page


def test_grant_outside_the_area_is_not_found(client, worker_bojonegoro, grant):
    client.force_login(worker_bojonegoro)

    assert client.get(reverse("programs:grant_detail", args=[grant.pk])).status_code == 404
    assert client.get(reverse("programs:grant_document", args=[grant.pk])).status_code == 404


def test_document_is_streamed_privately(client, manager, grant):
    grant.document.save("photo.jpg", ContentFile(b"\xff\xd8\xff\xe0fakejpeg"), save=True)
    client.force_login(manager)

    response = client.get(reverse("programs:grant_document", args=[grant.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "private, no-store"
    with pytest.raises(ValueError, match="no public URL"):
        grant.document.url  # noqa: B018


def test_no_document_is_a_404(client, manager, grant):
    client.force_login(manager)

    assert client.get(reverse("programs:grant_document", args=[grant.pk])).status_code == 404


def test_anonymous_is_sent_to_login(client, grant):
    response = client.get(reverse("programs:grant_detail", args=[grant.pk]))

    assert response.status_code == 302


def test_client_of_another_area_with_a_guessed_id(client, worker_malang):
    outside = GrantFactory(client=ClientFactory(regency_code=BOJONEGORO))
    client.force_login(worker_malang)

    assert client.get(reverse("programs:grant_detail", args=[outside.pk])).status_code == 404
