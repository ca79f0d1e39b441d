"""The bugs the form fuzzing found, pinned as plain tests (each was a 500 before its fix)."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from beneficiaries.models import Client, ClientImport, normalize_name
from beneficiaries.models.clients import NAME_LENGTH
from beneficiaries.nik import parse_nik
from core.record_writes import HISTORY_REASON_LENGTH
from programs.forms import MAX_COUNT
from programs.money import MAX_RUPIAH
from programs.tests.factories import overlock_machine

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


# -- Found on PostgreSQL, which refuses what SQLite lets through -----------------------------


def test_a_long_archive_reason_is_kept_whole_and_cut_in_the_history(english, worker_malang, world):
    english.force_login(worker_malang)
    reason = "x" * 255  # the form allows 255; the history row's reason holds 100

    response = english.post(
        reverse("beneficiaries:client_archive", args=[world.client.pk]), {"reason": reason}
    )

    assert response.status_code == 302
    archived = Client.objects.get(pk=world.client.pk)
    assert archived.archive_reason == reason
    assert archived.history.first().history_change_reason == "x" * 99 + "…"


def test_the_history_reason_length_is_the_history_column_s():
    field = Client.history.model._meta.get_field("history_change_reason")

    assert field.max_length == HISTORY_REASON_LENGTH


def test_importing_a_file_with_a_long_name(english, worker_malang, world):
    english.force_login(worker_malang)
    csv = (
        "Nama;NIK;Jenis Kelamin;Tanggal Lahir;Desa/Kelurahan;Kecamatan;Kabupaten/Kota\n"
        "Sri Wahyuni;3573015507800002;P;15/07/1980;Balearjosari;Blimbing;Kota Malang\n"
    )
    name = "daftar-klien-" + "x" * 200 + ".csv"  # the history reason names the file
    upload = SimpleUploadedFile(name, csv.encode(), "text/csv")
    preview = english.post(reverse("beneficiaries:client_import"), {"file": upload})
    client_import = ClientImport.objects.get()
    verdict = ",".join(
        str(n)
        for n in (
            client_import.rows_read,
            client_import.rows_ready,
            client_import.rows_existing,
            client_import.rows_with_errors,
        )
    )

    response = english.post(
        reverse("beneficiaries:client_import_confirm", args=[client_import.pk]),
        {"on_existing": "skip", "verdict": verdict},
    )

    assert preview.status_code == 302
    assert response.status_code == 302
    imported = Client.objects.get(nik="3573015507800002")
    assert imported.history.first().history_change_reason.endswith("…")


@pytest.mark.parametrize(
    ("url_name", "query"),
    [
        ("beneficiaries:district_options", "parent=%00"),
        ("beneficiaries:village_options", "parent=35.73.01%00"),
        ("programs:worklist", "regency=%00"),
        ("programs:program_list", "q=jahit%00"),
    ],
)
def test_a_nul_in_a_query_is_no_match_not_a_500(english, worker_malang, world, url_name, query):
    english.force_login(worker_malang)

    response = english.get(f"{reverse(url_name)}?{query}")

    assert response.status_code == 200
    assert world.client.name not in body(response)


def test_a_nul_in_the_district_is_a_form_error(english, worker_malang, world):
    english.force_login(worker_malang)
    url = reverse("beneficiaries:client_edit", args=[world.client.pk])
    data = read_form(english, url).submission()
    data["district"] = ["35.73.01\x00"]

    response = english.post(url, data)

    assert response.status_code == 200
    assert "Null characters are not allowed." in body(response)


def test_a_name_that_grows_under_case_folding_is_saved(english, worker_malang, world):
    """ "ß" folds to "ss": the search column of a 150-character name may need more room."""
    english.force_login(worker_malang)
    url = reverse("beneficiaries:client_edit", args=[world.client.pk])
    data = read_form(english, url).submission()
    data["name"] = ["ß" * 150]

    response = english.post(url, data)

    assert response.status_code == 302
    assert Client.objects.get(pk=world.client.pk).name == "ß" * 150


def test_the_normalized_name_fits_its_column():
    assert Client._meta.get_field("name_normalized").max_length == NAME_LENGTH
    assert len(normalize_name("ß" * NAME_LENGTH)) == NAME_LENGTH


# -- Amounts and counts the reports add up ----------------------------------------------------


def _hand_over(english, world, **items):
    url = reverse("programs:grant_create", args=[world.client.pk])
    data = read_form(english, url).submission()
    data.update(
        {
            "handed_over_on": "2026-07-01",
            "bast_number": "BAST/UJI/BESAR",
            "funding_source": str(world.grant.funding_source_id),
            "items-0-equipment_type": str(overlock_machine().pk),
            **items,
        }
    )
    return english.post(url, data)


def test_an_amount_near_the_database_limit_is_refused(english, worker_malang, world):
    """An item worth 9.223.372.036.854.775.805 rupiah was saved, and the outcome report's
    sum of grant values then overflowed (a 500 on every page view)."""
    english.force_login(worker_malang)

    response = _hand_over(english, world, **{"items-0-unit_value": "9223372036854775805"})

    assert response.status_code == 200
    assert "Enter an amount of at most Rp1.000.000.000.000." in body(response)
    assert english.get(reverse("programs:report_outcomes")).status_code == 200


def test_the_largest_grant_the_form_takes_leaves_the_report_working(english, worker_malang, world):
    english.force_login(worker_malang)

    response = _hand_over(
        english,
        world,
        **{"items-0-quantity": str(MAX_COUNT), "items-0-unit_value": str(MAX_RUPIAH)},
    )

    assert response.status_code == 302
    assert english.get(reverse("programs:report_outcomes")).status_code == 200
    assert english.get(reverse("programs:worklist")).status_code == 200
    assert english.get(world.client.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(
    ("url_name", "field"),
    [
        ("programs:visit_create", "employees"),
        ("programs:enrolment_edit", "sessions_attended"),
    ],
)
def test_a_count_over_the_column_is_refused_on_every_database(
    english, worker_malang, world, url_name, field
):
    english.force_login(worker_malang)
    pk = world.business.pk if url_name == "programs:visit_create" else world.enrolment.pk
    url = reverse(url_name, args=[pk])
    form = read_form(english, url)
    data = form.submission()
    valid = {"net_income": "1000000", "status": "berkembang", "completed_on": "2026-05-29"}
    data.update({name: value for name, value in valid.items() if name in form.controls})
    data[field] = str(MAX_COUNT + 1)

    response = english.post(url, data)

    assert response.status_code == 200
    assert f"Ensure this value is less than or equal to {MAX_COUNT}." in body(response)
