"""Bad input through the registry's forms: registering and editing a client, case notes."""

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from beneficiaries.models import CaseNote, Client, PpksType
from beneficiaries.tests.factories import KOTA_MALANG, place

from .checks import (
    assert_page_shows,
    assert_stored,
    assert_verdict,
    post_form,
    rolled_back,
    shown,
    submission,
)
from .profiles import more_examples
from .strategies import (
    Checkbox,
    Choice,
    Date,
    IdentityNumber,
    MultipleChoice,
    Text,
    Upload,
    stored_file_kind,
)
from .submissions import assert_baseline_saves, draw_changes, read_form, valid_baseline

# Field by field, as ClientForm and the Client model define them. Sex, birth date and the
# NIK meet in the NIK rules (confirmable warnings); regency, district, village and service
# unit meet in the address and scope checks: no verdict from one of them alone.
CLIENT_FIELDS = {
    "name": Text(max_length=150, required=True),
    "nik": IdentityNumber(),
    "kk_number": IdentityNumber(),
    "sex": Choice(decides=False),
    "birth_place": Text(max_length=100),
    "birth_date": Date(required=False, decides=False),
    "phone": Text(max_length=20),
    "regency": Choice(decides=False),
    "district": Choice(required=False, decides=False),
    "village": Choice(required=False, decides=False),
    "address": Text(max_length=255),
    "status": Choice(),
    "service_unit": Choice(required=False, decides=False),
    "ppks_types": MultipleChoice(),
    "disabilities": MultipleChoice(),
    "assistive_devices": MultipleChoice(),
    "consent_given": Checkbox(),
    "consent_date": Date(required=False, decides=False),
    "consent_note": Text(max_length=255),
    "photo": Upload(),
}


def _pks(related):
    return sorted(str(pk) for pk in related.values_list("pk", flat=True))


CLIENT_STORED = {
    "name": lambda c: c.name,
    "nik": lambda c: c.nik,
    "kk_number": lambda c: c.kk_number,
    "sex": lambda c: c.sex,
    "birth_place": lambda c: c.birth_place,
    "birth_date": lambda c: c.birth_date,
    "phone": lambda c: c.phone,
    "regency": lambda c: c.regency_id,
    "district": lambda c: c.district_id or "",
    "village": lambda c: c.village_id or "",
    "address": lambda c: c.address,
    "status": lambda c: c.status,
    "service_unit": lambda c: str(c.service_unit_id or ""),
    "ppks_types": lambda c: _pks(c.ppks_types),
    "disabilities": lambda c: _pks(c.disabilities),
    "assistive_devices": lambda c: _pks(c.assistive_devices),
    "consent_note": lambda c: c.consent_note,
    "photo": lambda c: stored_file_kind(c.photo),
}


def client_page_texts(client):
    texts = [client.name, client.nik, client.kk_number, client.birth_place, client.phone]
    texts.append(client.address)
    if client.consent_given:
        texts.append(client.consent_note)
    return [shown(text) for text in texts if text]


def check_client_answer(http, answer, drawn, client):
    assert_verdict(answer, drawn)
    if answer.saved:
        assert answer.response["Location"] == client.get_absolute_url()
        assert_stored(client, CLIENT_STORED, drawn)
        assert_page_shows(http, client.get_absolute_url(), client_page_texts(client))


# -- Registering -----------------------------------------------------------------------------

CREATE_URL = reverse("beneficiaries:client_create")


@pytest.fixture
def registration(english, worker_malang, world):
    english.force_login(worker_malang)
    regency, district, village = place(KOTA_MALANG)
    form = read_form(english, CREATE_URL)
    # The district and village options come from the region endpoints once a regency is
    # chosen (static/js/regions.js); the page itself starts without them.
    form.controls["district"].options = ["", district.pk]
    form.controls["village"].options = ["", village.pk]
    baseline = valid_baseline(
        form,
        name="Sri Wahyuni",
        nik="3573015507800002",  # Blimbing, Kota Malang; a woman born 15 July 1980
        sex="P",
        birth_date="1980-07-15",
        regency=regency.pk,
        district=district.pk,
        village=village.pk,
        status=Client.Status.FORMER_CLIENT,
        ppks_types=[str(PpksType.objects.get(code="09").pk)],
        consent_given="on",
        consent_date="2026-11-01",
    )
    assert_baseline_saves(english, CREATE_URL, baseline)
    return form, baseline


@more_examples(3)
@given(data=st.data())
def test_registering_a_client_survives_bad_input(english, registration, data):
    form, baseline = registration
    drawn = draw_changes(data, form, CLIENT_FIELDS)
    with rolled_back():
        known = set(Client.objects.values_list("pk", flat=True))
        answer = post_form(english, CREATE_URL, submission(baseline, drawn))
        registered = Client.objects.exclude(pk__in=known).first()
        assert (registered is not None) == answer.saved
        check_client_answer(english, answer, drawn, registered)


# -- Editing ---------------------------------------------------------------------------------


@pytest.fixture
def client_edit(english, worker_malang, world):
    english.force_login(worker_malang)
    url = reverse("beneficiaries:client_edit", args=[world.client.pk])
    form = read_form(english, url)
    # Straight from the page, hidden fields (a `version`, a warnings token) included.
    baseline = form.submission()
    assert_baseline_saves(english, url, baseline)
    return url, form, baseline


@more_examples(3)
@given(data=st.data())
def test_editing_a_client_survives_bad_input(english, client_edit, world, data):
    url, form, baseline = client_edit
    drawn = draw_changes(data, form, CLIENT_FIELDS)
    with rolled_back():
        answer = post_form(english, url, submission(baseline, drawn))
        check_client_answer(english, answer, drawn, Client.objects.get(pk=world.client.pk))


# -- Case notes ------------------------------------------------------------------------------


@pytest.fixture
def case_note(english, worker_malang, world):
    english.force_login(worker_malang)
    url = reverse("beneficiaries:case_note_create", args=[world.client.pk])
    form = read_form(english, world.client.get_absolute_url(), action=url)
    baseline = valid_baseline(form, text="Kunjungan rumah.")
    assert_baseline_saves(english, url, baseline)
    return url, form, baseline


NOTE_FIELDS = {"text": Text(required=True)}


@given(data=st.data())
def test_case_notes_survive_bad_input(english, case_note, world, data):
    url, form, baseline = case_note
    drawn = draw_changes(data, form, NOTE_FIELDS)
    with rolled_back():
        known = set(CaseNote.objects.values_list("pk", flat=True))
        answer = post_form(english, url, submission(baseline, drawn), refused_statuses=(400,))
        assert_verdict(answer, drawn)
        if answer.saved:
            note = CaseNote.objects.exclude(pk__in=known).get()
            assert_stored(note, {"text": lambda n: n.text}, drawn)
            assert_page_shows(
                english, world.client.get_absolute_url(), [shown(note.text, multiline=True)]
            )
