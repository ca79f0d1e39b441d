"""The bugs the form fuzzing found, pinned as plain tests (each was a 500 before its fix)."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from beneficiaries.models import Client, ClientImport
from beneficiaries.nik import parse_nik

from .checks import body
from .strategies import ARABIC_INDIC_ZERO, FULLWIDTH_ZERO, in_script
from .submissions import read_form


@pytest.mark.parametrize(
    "nik",
    [
        "3573015507800²02",  # a superscript two: str.isdigit() says yes, int() says no
        in_script("3573015507800002", ARABIC_INDIC_ZERO),
        in_script("3573015507800002", FULLWIDTH_ZERO),
    ],
)
def test_a_nik_of_other_digits_is_refused_as_not_digits(nik):
    with pytest.raises(ValidationError) as refused:
        parse_nik(nik)

    assert refused.value.code == "nik_not_digits"


def test_a_superscript_digit_in_the_kk_number_is_a_form_error(english, worker_malang, world):
    english.force_login(worker_malang)
    url = reverse("beneficiaries:client_edit", args=[world.client.pk])
    data = read_form(english, url).submission()
    data["kk_number"] = ["0000000²00000000"]

    response = english.post(url, data)

    assert response.status_code == 200
    assert "A NIK consists of digits only." in body(response)
    assert Client.objects.get(pk=world.client.pk).kk_number == world.client.kk_number


def test_a_checkbox_id_too_large_for_the_database_is_a_form_error(english, worker_malang, world):
    english.force_login(worker_malang)
    url = reverse("beneficiaries:client_edit", args=[world.client.pk])
    data = read_form(english, url).submission()
    data["assistive_devices"] = ["100000000000000000000"]

    response = english.post(url, data)

    assert response.status_code == 200
    assert "“100000000000000000000” is not a valid value." in body(response)
    assert not Client.objects.get(pk=world.client.pk).assistive_devices.exists()


@pytest.mark.parametrize(
    "content",
    [
        b"just one line\n",  # was UnboundLocalError: gettext's "_" shadowed by a local
        b"one;line\nand;another\n",  # was TypeError: "_" was a row, not gettext
    ],
)
def test_a_file_without_a_header_row_is_refused_with_a_message(
    english, worker_malang, world, content
):
    english.force_login(worker_malang)
    upload = SimpleUploadedFile("klien.csv", content, "text/csv")

    response = english.post(reverse("beneficiaries:client_import"), {"file": upload})

    assert response.status_code == 400
    assert "No header row found." in body(response)
    assert not ClientImport.objects.exists()
