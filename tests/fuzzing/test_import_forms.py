"""Bad input through the client import: the upload form (ImportUploadForm) with random,
half-valid and hostile files, and the preview's confirmation form (ImportConfirmForm).
Whatever a file holds, its preview shows it escaped and confirming it never breaks."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from beneficiaries.models import ClientImport
from core.jobs.models import Job

from .checks import (
    assert_markup_escaped,
    assert_page_shows,
    body,
    changed_tables,
    database_state,
    post_form,
    rolled_back,
    submission,
)
from .html_forms import form_posting_to, page_forms
from .strategies import PAYLOADS, Anything, Choice, Text, Typed
from .submissions import draw_changes, read_form

UPLOAD = reverse("beneficiaries:client_import")
HEADER = "Nama;NIK;Jenis Kelamin;Tanggal Lahir;Desa/Kelurahan;Kecamatan;Kabupaten/Kota;Jenis PPKS"
VALID_ROW = "Sri Wahyuni;3573015507800002;P;15/07/1980;Balearjosari;Blimbing;Kota Malang;PD"

_cell = st.one_of(
    st.text(st.characters(codec="utf-8"), max_size=30),
    st.sampled_from(PAYLOADS),
    st.sampled_from(['"', '""', ";", "\n", "\r\n", "=1+1", "@SUM(A1)", "0" * 40]),
)


def _replace_cell(args):
    index, cell = args
    cells = VALID_ROW.split(";")
    cells[index] = cell
    return ";".join(cells)


_rows = st.one_of(
    st.tuples(st.integers(0, 7), _cell).map(_replace_cell),
    st.lists(_cell, min_size=1, max_size=10).map(";".join),
)
_csv_text = st.lists(_rows, min_size=1, max_size=3).map(lambda rows: "\n".join([HEADER, *rows]))
_contents = st.one_of(
    _csv_text.map(lambda text: text.encode("utf-8")),
    _csv_text.map(lambda text: "\ufeff".encode() + text.encode("utf-8")),
    _csv_text.map(lambda text: text.encode("utf-16")),
    _csv_text.map(lambda text: text.encode("cp1252", "replace")),
    st.binary(max_size=2048),
    st.binary(max_size=2048).map(lambda junk: b"PK\x03\x04" + junk),  # an .xlsx is a ZIP
)
_names = st.one_of(
    st.sampled_from(["klien.csv", "klien.xlsx", "klien.txt", "klien", "../../klien.csv"]),
    st.text(
        st.characters(codec="utf-8", exclude_characters="\x00/\\"), min_size=1, max_size=30
    ).map(lambda stem: stem + ".csv"),
)


@st.composite
def import_files(draw):
    content = draw(_contents)
    name = draw(_names)
    # An empty file is refused; anything else may be read, or refused with a reason.
    return Typed(
        SimpleUploadedFile(name, content, "text/csv"), accept=False if not content else None
    )


class ImportFile:
    """The upload form's file field, as a strategies kind."""

    def strategy(self, control=None):
        return import_files()


@pytest.fixture
def import_upload(english, worker_malang, world):
    english.force_login(worker_malang)
    return read_form(english, UPLOAD)


def _through_job(client, location):
    """Where a page's redirect to a job leads once the job is done (tests run jobs at
    once): its job page must show (or lead on to its result), and the job's result page
    is returned."""
    job = Job.objects.get(pk=location.rstrip("/").split("/")[-1])
    assert job.finished, job
    if job.status == Job.Status.FAILED:
        assert_page_shows(client, location, [])
    else:
        assert client.get(location)["Location"] == job.result_url
    return job.result_url


def _confirm_form(html, preview_url):
    """The preview's confirmation form; None once the file is imported (or refused)."""
    forms = [
        form
        for form in page_forms(html, preview_url)
        if form.method == "post" and "/confirm/" in form.action
    ]
    return forms[0] if forms else None


@given(data=st.data())
def test_uploading_an_import_survives_bad_files(english, import_upload, data):
    form = import_upload
    drawn = draw_changes(data, form, {"file": ImportFile(), "sheet": Text(max_length=100)})
    drawn.setdefault("file", data.draw(import_files(), label="file"))
    with rolled_back():
        answer = post_form(
            english, UPLOAD, submission(form.submission(), drawn), refused_statuses=(400,)
        )
        if not answer.saved:
            return
        preview_url = _through_job(english, answer.response["Location"])
        if "/import/" not in preview_url or preview_url.endswith("/import/"):
            return  # the file could not be read: the job failed, saying why
        html = assert_page_shows(english, preview_url, [])
        confirm = _confirm_form(html, preview_url)
        if confirm is None:
            return
        # Confirm what the preview offers (leaving out rows with errors, if any).
        posted = confirm.submission() | (
            {"skip_errors": "on"} if "skip_errors" in confirm.controls else {}
        )
        response = english.post(confirm.action, posted)
        assert response.status_code in (302, 400), body(response)[:2000]
        assert_markup_escaped(body(response), "the answer to a confirmation")
        if response.status_code == 302:
            _through_job(english, response["Location"])
        assert_page_shows(english, preview_url, [])
        assert_page_shows(english, reverse("beneficiaries:client_list"), [])


@pytest.fixture
def import_preview(english, worker_malang, world):
    """An uploaded one-row file waiting for confirmation, and its confirmation form."""
    english.force_login(worker_malang)
    upload = SimpleUploadedFile("klien.csv", f"{HEADER}\n{VALID_ROW}\n".encode(), "text/csv")
    response = english.post(UPLOAD, {"file": upload})
    assert response.status_code == 302, body(response)[:2000]
    preview_url = _through_job(english, response["Location"])
    html = body(english.get(preview_url))
    form = form_posting_to(html, preview_url, _confirm_form(html, preview_url).action)
    return preview_url, form


CONFIRM_FIELDS = {"on_existing": Choice(decides=False), "verdict": Anything()}


@given(data=st.data())
def test_confirming_an_import_survives_bad_input(english, import_preview, data):
    preview_url, form = import_preview
    drawn = draw_changes(data, form, CONFIRM_FIELDS)
    with rolled_back():
        before = database_state()
        response = english.post(form.action, submission(form.submission(), drawn))
        html = body(response)
        # 302: imported, or refused with a message on the preview; 400: the form again.
        assert response.status_code in (302, 400), html[:2000]
        assert_markup_escaped(html, "the answer to a confirmation")
        if response.status_code == 400:
            assert not changed_tables(before, database_state())
            assert 'class="form-errors"' in html
        else:
            _through_job(english, response["Location"])
        assert_page_shows(english, preview_url, [])
        assert ClientImport.objects.filter(pk=int(preview_url.rstrip("/").split("/")[-1])).exists()
