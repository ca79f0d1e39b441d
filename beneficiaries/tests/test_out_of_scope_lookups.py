"""A NIK or person registered outside the user's area: the duplicate is still refused, but
the answer names no record (no registration number, name or count), and every such hit is
a `lookup` row in the access log, so that the office sees who typed whose NIK.

The personas: a social worker in Kota Malang types the NIK of a client of Bojonegoro.
Inside her area, and for province-wide users, the answers are as before (the record's
link and number; test_client_create.py, test_import_corpus.py).
"""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from beneficiaries import roles
from beneficiaries.importing.services import client_import_confirm
from beneficiaries.models import Client, ClientImport, PpksType, RecordAccess
from beneficiaries.tests.factories import (
    BOJONEGORO,
    KOTA_MALANG,
    ClientFactory,
    place,
    staff_user,
    upt,
)

from .import_helpers import HEADER

CREATE_URL = reverse("beneficiaries:client_create")
UPLOAD_URL = reverse("beneficiaries:client_import")
OWN_NIK = "3573015507800002"  # Blimbing, Kota Malang; a woman born 15 July 1980
ELSEWHERE_NIK = "3522125507800003"  # Sumberrejo, Bojonegoro; a woman born 15 July 1980

NIK_ELSEWHERE = (
    "A person with this NIK is already registered in another area. Ask a manager or an "
    "admin to transfer the record."
)
PERSON_ELSEWHERE = (
    "A person with the same name, date of birth and village is already registered in "
    "another area. Ask a manager or an admin to transfer the record."
)


def message(msgid):
    """`msgid` as the pages show it: in the default language (Indonesian once translated)."""
    with translation.override("id"):
        return translation.gettext(msgid)


@pytest.fixture
def elsewhere(db):
    """The Bojonegoro client whose NIK the Malang worker types."""
    place(KOTA_MALANG)
    return ClientFactory(
        regency_code=BOJONEGORO,
        name="Rahasia Orang Bojonegoro",
        nik=ELSEWHERE_NIK,
        birth_date=datetime.date(1980, 7, 15),
    )


def lookups():
    return list(
        RecordAccess.objects.filter(action="lookup").values_list("user__username", "client_id")
    )


def assert_reveals_nothing(page, other):
    assert other.registration_number not in page
    assert other.name not in page
    assert other.get_absolute_url() not in page
    assert "outside your area" not in page
    assert "di luar wilayah Anda" not in page


# -- The client form ------------------------------------------------------------------


def form_data(**overrides):
    regency, district, village = place(KOTA_MALANG)
    data = {
        "name": "Sri Wahyuni",
        "nik": OWN_NIK,
        "sex": "P",
        "birth_place": "Malang",
        "birth_date": "1980-07-15",
        "regency": regency.pk,
        "district": district.pk,
        "village": village.pk,
        "status": Client.Status.FORMER_CLIENT,
        "ppks_types": [PpksType.objects.get(code="09").pk],
    }
    data.update(overrides)
    return data


def test_registering_a_nik_of_another_area_is_refused_without_naming_the_record(
    client, worker_malang, elsewhere
):
    client.force_login(worker_malang)

    response = client.post(CREATE_URL, form_data(nik=ELSEWHERE_NIK))

    page = response.content.decode()
    assert response.status_code == 200
    assert Client.objects.count() == 1  # the duplicate protection holds
    [error] = response.context["form"].errors.as_data()["nik"]
    assert error.code == "nik_registered_elsewhere"
    assert message(NIK_ELSEWHERE) in page
    assert_reveals_nothing(page, elsewhere)
    assert lookups() == [("worker-malang", elsewhere.pk)]
    access = RecordAccess.objects.get(action="lookup")
    assert "client form" in access.detail and "NIK" in access.detail


def test_editing_to_a_nik_of_another_area_is_refused_without_naming_the_record(
    client, worker_malang, elsewhere
):
    own = ClientFactory(name="Sri Wahyuni", nik=OWN_NIK, birth_date=datetime.date(1980, 7, 15))
    client.force_login(worker_malang)
    data = form_data(nik=ELSEWHERE_NIK, version=own.version)

    response = client.post(reverse("beneficiaries:client_edit", args=[own.pk]), data)

    page = response.content.decode()
    own.refresh_from_db()
    assert response.status_code == 200
    assert own.nik == OWN_NIK
    assert message(NIK_ELSEWHERE) in page
    assert_reveals_nothing(page, elsewhere)
    assert lookups() == [("worker-malang", elsewhere.pk)]
    assert str(own.pk) in RecordAccess.objects.get(action="lookup").detail  # which edit


def test_same_name_and_birth_date_in_another_area_raises_no_warning_at_all(
    client, worker_malang, elsewhere
):
    # Even a warning without a number would say "someone by this name exists elsewhere".
    client.force_login(worker_malang)

    response = client.post(CREATE_URL, form_data(name=elsewhere.name))

    assert response.status_code == 302
    assert Client.objects.count() == 2
    assert lookups() == []  # nothing was answered about the other record


def test_same_name_in_both_areas_warns_of_the_own_record_only(client, worker_malang, elsewhere):
    own = ClientFactory(name=elsewhere.name, birth_date=elsewhere.birth_date, nik="")
    client.force_login(worker_malang)

    response = client.post(CREATE_URL, form_data(name=elsewhere.name))

    page = response.content.decode()
    assert response.status_code == 200
    assert own.get_absolute_url() in page
    assert elsewhere.registration_number not in page
    assert elsewhere.get_absolute_url() not in page
    assert "outside your area" not in page and "di luar wilayah Anda" not in page


def test_an_admin_still_gets_the_link_to_the_record_and_no_lookup_row(
    client, admin_user, elsewhere
):
    client.force_login(admin_user)

    response = client.post(CREATE_URL, form_data(nik=ELSEWHERE_NIK))

    assert Client.objects.count() == 1
    assert f'href="{elsewhere.get_absolute_url()}"' in response.content.decode()
    assert lookups() == []


# -- The import -----------------------------------------------------------------------


def malang_row(name, nik, born="15/07/1980"):
    return f"{name};{nik};P;{born};Balearjosari;Blimbing;Kota Malang;PD"


def upload(client, rows, header=HEADER):
    body = ("\n".join([header, *rows]) + "\n").encode()
    response = client.post(UPLOAD_URL, {"file": SimpleUploadedFile("klien.csv", body)})
    assert response.status_code == 302, response.content.decode()
    return ClientImport.objects.latest("pk"), client.get(response["Location"])


def test_an_import_row_with_a_nik_of_another_area_is_an_error_naming_no_record(
    client, worker_malang, elsewhere
):
    client.force_login(worker_malang)

    client_import, preview = upload(
        client, [malang_row("Sri Wahyuni", ELSEWHERE_NIK), malang_row("Baru", OWN_NIK)]
    )

    page = preview.content.decode()
    assert (client_import.rows_ready, client_import.rows_existing) == (1, 0)
    assert client_import.rows_with_errors == 1  # not "already registered": no skip, no update
    problems = [(p["row"], p["column"], p["message"]) for p in client_import.preview["problems"]]
    assert problems == [(2, "NIK", message(NIK_ELSEWHERE))]
    assert client_import.preview["existing_rows"] == []
    assert_reveals_nothing(page, elsewhere)
    assert elsewhere.registration_number not in json.dumps(client_import.preview)
    assert lookups() == [("worker-malang", elsewhere.pk)]
    detail = RecordAccess.objects.get(action="lookup").detail
    assert "klien.csv" in detail and "row 2" in detail and "NIK" in detail


def test_an_import_row_matching_a_person_of_another_area_is_an_error_naming_no_record(
    client, db, elsewhere
):
    # A worker of a service unit imports a Bojonegoro villager served by her unit; the
    # same person (name, birth date, village) is registered in Bojonegoro without a unit.
    unit = upt()
    worker = staff_user("worker-upt", group=roles.SOCIAL_WORKER, service_units=[unit.pk])
    elsewhere.nik = ""
    elsewhere.save()
    client.force_login(worker)
    header = HEADER + ";Unit Layanan"
    row = f"{elsewhere.name};;P;15/07/1980;Tlogohaji;Sumberrejo;Kabupaten Bojonegoro;PD;{unit}"

    client_import, preview = upload(client, [row], header=header)

    problems = [(p["row"], p["message"]) for p in client_import.preview["problems"]]
    assert problems == [(2, message(PERSON_ELSEWHERE))]
    assert (client_import.rows_ready, client_import.rows_existing) == (0, 0)
    assert elsewhere.registration_number not in preview.content.decode()
    assert lookups() == [("worker-upt", elsewhere.pk)]


def test_an_import_row_like_a_person_of_another_area_raises_no_warning(
    client, worker_malang, elsewhere
):
    client.force_login(worker_malang)

    client_import, _preview = upload(client, [malang_row(elsewhere.name, OWN_NIK)])

    assert client_import.rows_ready == 1
    assert client_import.preview["warning_list"] == []
    assert lookups() == []


def test_the_import_logs_its_hits_in_bulk(client, worker_malang, db):
    place(KOTA_MALANG)
    others = [
        ClientFactory(regency_code=BOJONEGORO, birth_date=datetime.date(1980, 7, 15))
        for _ in range(30)
    ]
    client.force_login(worker_malang)
    upload(client, [malang_row("Satu", others[0].nik)])  # the first request's set-up
    queries = {}
    for count in (1, 30):
        rows = [malang_row(f"Orang {n}", other.nik) for n, other in enumerate(others[:count])]
        with CaptureQueriesContext(connection) as captured:
            upload(client, rows)
        queries[count] = len(captured.captured_queries)

    assert queries[1] == queries[30]
    assert RecordAccess.objects.filter(action="lookup").count() == 1 + 1 + 30


def test_a_refused_import_keeps_its_lookup_rows(client, worker_malang, elsewhere):
    client.force_login(worker_malang)
    client_import, _preview = upload(
        client, [malang_row("Sri Wahyuni", ELSEWHERE_NIK), malang_row("Baru", OWN_NIK)]
    )

    with pytest.raises(ValidationError) as refused:
        client_import_confirm(
            client_import=client_import, user=worker_malang, on_existing="skip", skip_errors=False
        )

    assert refused.value.code == "errors"

    assert Client.objects.count() == 1  # rolled back: nothing imported
    # The preview's row and the confirming pass's, written again after the rollback.
    assert lookups() == [("worker-malang", elsewhere.pk)] * 2


def test_a_province_wide_import_still_finds_the_person_as_already_registered(
    admin_user, elsewhere, tmp_path
):
    from .import_helpers import preview

    path = tmp_path / "klien.csv"
    path.write_text(HEADER + "\n" + malang_row("Sri Wahyuni", ELSEWHERE_NIK) + "\n")

    summary = preview(path, admin_user)

    assert summary.verdict == (1, 0, 1, 0)
    assert summary.existing_rows[0]["registration_number"] == elsewhere.registration_number
    assert lookups() == []


# -- Other places that look people up --------------------------------------------------


def without_echo(response, query):
    """The page without the search box's echo of what was typed."""
    return response.content.decode().replace(query, "")


def test_the_client_list_search_finds_nobody_of_another_area(client, worker_malang, elsewhere):
    client.force_login(worker_malang)

    for query in (elsewhere.nik, elsewhere.registration_number, elsewhere.name):
        response = client.get(reverse("beneficiaries:client_list"), {"q": query})
        assert list(response.context["page"].object_list) == []
        assert_reveals_nothing(without_echo(response, query), elsewhere)


def test_the_enrol_search_finds_nobody_of_another_area(client, worker_malang, elsewhere):
    from programs.tests.factories import BatchFactory

    batch = BatchFactory()
    client.force_login(worker_malang)

    for query in (elsewhere.nik, elsewhere.registration_number, elsewhere.name):
        response = client.get(reverse("programs:batch_enrol", args=[batch.pk]), {"q": query})
        assert list(response.context["candidates"].object_list) == []
        assert_reveals_nothing(without_echo(response, query), elsewhere)


def test_the_grant_form_of_a_client_of_another_area_is_not_found(client, worker_malang, elsewhere):
    # Its "already received the same equipment" warning is about the client of the page,
    # which a worker reaches inside her area only.
    client.force_login(worker_malang)

    response = client.get(reverse("programs:grant_create", args=[elsewhere.pk]))

    assert response.status_code == 404
