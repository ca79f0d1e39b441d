"""Bad input through the archive page every archivable record shares (ArchiveForm): a
reason is required, kept as typed (stripped) and shown escaped in the record's banner."""

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from .checks import (
    assert_page_shows,
    assert_stored,
    assert_verdict,
    post_form,
    rolled_back,
    shown,
    submission,
)
from .strategies import Text
from .submissions import assert_baseline_saves, draw_changes, read_form, valid_baseline

ARCHIVE_FIELDS = {"reason": Text(max_length=255, required=True)}

# url name -> (the record in the world, the page that shows its archive banner, or None)
ARCHIVABLE = {
    "beneficiaries:client_archive": ("client", lambda r: r.get_absolute_url()),
    "programs:enrolment_archive": ("enrolment", None),
    "programs:grant_archive": ("grant", lambda r: r.get_absolute_url()),
    "programs:visit_archive": ("visit", None),
}


@pytest.fixture(params=sorted(ARCHIVABLE))
def archive(request, english, worker_malang, world):
    english.force_login(worker_malang)
    attribute, banner_page = ARCHIVABLE[request.param]
    record = getattr(world, attribute)
    url = reverse(request.param, args=[record.pk])
    form = read_form(english, url)
    baseline = valid_baseline(form, reason="Terdaftar dua kali.")
    assert_baseline_saves(english, url, baseline)
    return url, form, baseline, record, banner_page


@given(data=st.data())
def test_archiving_survives_bad_input(english, archive, data):
    url, form, baseline, record, banner_page = archive
    drawn = draw_changes(data, form, ARCHIVE_FIELDS)
    with rolled_back():
        answer = post_form(english, url, submission(baseline, drawn))
        assert_verdict(answer, drawn)
        if not answer.saved:
            return
        archived = type(record)._base_manager.get(pk=record.pk)
        assert archived.archived_at is not None
        assert_stored(archived, {"reason": lambda r: r.archive_reason}, drawn)
        assert_page_shows(english, answer.response["Location"], [])
        if banner_page is not None:
            assert_page_shows(english, banner_page(archived), [shown(archived.archive_reason)])
