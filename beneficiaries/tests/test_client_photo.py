"""Client photos: validated, stored resized without metadata, served only through an
authorised view."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from beneficiaries.models import RecordAccess
from beneficiaries.services import client_update
from beneficiaries.tests.factories import BOJONEGORO, ClientFactory


def jpeg_with_gps(size=(2000, 1500)):
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x8825] = {1: "S", 2: (7.0, 58.0, 0.0)}  # GPSInfo: a latitude
    exif[0x010F] = "KameraHP"  # Make
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return SimpleUploadedFile("foto.jpg", out.getvalue(), content_type="image/jpeg")


@pytest.fixture
def with_photo(worker_malang):
    shown = ClientFactory()
    client_update(client=shown, updated_by=worker_malang, photo=jpeg_with_gps())
    return shown


def test_photo_is_stored_resized_and_without_metadata(with_photo):
    with with_photo.photo.open("rb") as stored, Image.open(stored) as image:
        assert max(image.size) == 800
        assert image.format == "JPEG"
        assert not image.getexif()
    assert "foto" not in with_photo.photo.name  # server-generated name


def test_photo_has_no_public_url(with_photo):
    with pytest.raises(ValueError, match="no public URL"):
        with_photo.photo.url  # noqa: B018


def test_worker_of_the_area_gets_the_photo_and_the_access_is_logged(
    client, worker_malang, with_photo
):
    client.force_login(worker_malang)

    response = client.get(reverse("beneficiaries:client_photo", args=[with_photo.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"
    assert RecordAccess.objects.filter(action=RecordAccess.Action.VIEW_PHOTO).count() == 1


def test_photo_outside_the_area_is_not_found(client, worker_bojonegoro, with_photo):
    client.force_login(worker_bojonegoro)

    assert (
        client.get(reverse("beneficiaries:client_photo", args=[with_photo.pk])).status_code == 404
    )


def test_anonymous_user_cannot_fetch_a_photo(client, with_photo):
    response = client.get(reverse("beneficiaries:client_photo", args=[with_photo.pk]))

    assert response.status_code == 302


def test_form_refuses_a_file_that_is_not_a_picture(client, worker_malang):
    edited = ClientFactory(regency_code="35.73")
    client.force_login(worker_malang)
    fake = SimpleUploadedFile("foto.jpg", b"<html><script>alert(1)</script></html>")

    response = client.post(
        reverse("beneficiaries:client_edit", args=[edited.pk]),
        {
            "name": edited.name,
            "sex": edited.sex,
            "regency": edited.regency_id,
            "status": edited.status,
            "photo": fake,
        },
    )

    edited.refresh_from_db()
    assert response.status_code == 200
    assert "bukan gambar yang dapat dibaca" in response.content.decode()
    assert not edited.photo


def test_photo_of_another_area_client_is_not_reachable_by_guessing(client, worker_malang):
    outside = ClientFactory(regency_code=BOJONEGORO)
    client.force_login(worker_malang)

    assert client.get(reverse("beneficiaries:client_photo", args=[outside.pk])).status_code == 404
