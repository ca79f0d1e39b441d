"""CSRF is enforced on every URL that takes a POST (every row of the authorization matrix
with a `post` column): a logged-in persona who may use the form, posting a valid
submission without the token, gets 403 and nothing is written. The same submission with
the token is then not refused (so the 403 was the missing token's doing), and for the
forms that write, it does write.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from beneficiaries.models import Client as Person
from beneficiaries.models import PpksType
from beneficiaries.tests.factories import KOTA_MALANG, PASSWORD, UserFactory, place
from programs.marketing import services as marketing
from programs.models import Business, FollowUpVisit, GrievanceCategory, SuccessStory
from programs.tests.factories import overlock_machine
from tests.test_authorization_matrix import (
    ADMIN,
    ADMIN_MATRIX,
    ANONYMOUS,
    IN_SCOPE,
    MATRIX,
    PERSONA_FIXTURES,
    PERSONAS,
    REFUSED,
)

from .checks import body, changed_tables, database_state, rolled_back
from .html_forms import form_posting_to
from .strategies import picture_bytes

CSV = (
    "Nama;NIK;Jenis Kelamin;Tanggal Lahir;Desa/Kelurahan;Kecamatan;Kabupaten/Kota;Jenis PPKS\n"
    "Sri Wahyuni;3573015507800002;P;15/07/1980;Balearjosari;Blimbing;Kota Malang;PD\n"
)


@dataclass(frozen=True)
class ValidPost:
    """Where the form is (a page, as a function of the world) and what to fill in."""

    page: Callable | None = None  # None: the form's own URL
    fill: Callable = lambda world: {}
    files: Callable = lambda world: {}
    writes: bool = True  # with the token, the submission is saved
    # For a matrix row that posts elsewhere on purpose (an unknown business, say): the URL
    # of the real thing, and who may post to it.
    url: Callable | None = None  # None: the matrix row's URL
    persona: str | None = None  # None: the first persona the matrix lets post


@pytest.fixture(autouse=True)
def _exports_by_job(settings):
    # Any list is "long": the export pages show the button that starts a job.
    settings.CLIENT_EXPORT_JOB_ROWS = 0


def _client_fill(world):
    regency, district, village = place(KOTA_MALANG)
    return {
        "name": "Sri Wahyuni",
        "nik": "3573015507800002",
        "sex": "P",
        "birth_date": "1980-07-15",
        "regency": regency.pk,
        "district": district.pk,
        "village": village.pk,
        "status": Person.Status.FORMER_CLIENT,
        "ppks_types": [str(PpksType.objects.get(code="09").pk)],
    }


HOME = lambda world: reverse("home")  # noqa: E731 - the header's forms are on every page


def _pending_story(world):
    """A story of the world's business awaiting approval (the world's own is approved,
    so its page offers no approval form); the same one for the page and the URL."""
    story = SuccessStory.objects.filter(business=world.business, approved_at=None).first()
    return story or marketing.story_save(
        business=world.business, written_by=UserFactory(), title="Cerita CSRF", text="Cerita."
    )


# url name -> how to make a valid submission. A POST URL without an entry is still tested,
# with its matrix row's data and the page-less token from the cookie.
VALID_POSTS = {
    "login": ValidPost(fill=lambda w: {"username": "worker-malang", "password": PASSWORD}),
    "logout": ValidPost(page=HOME, writes=False),
    "set_language": ValidPost(
        page=lambda w: reverse("login"), fill=lambda w: {"language": "en"}, writes=False
    ),
    "beneficiaries:client_create": ValidPost(fill=_client_fill),
    "beneficiaries:client_edit": ValidPost(fill=lambda w: {"address": "Jl. Baru 1"}),
    "beneficiaries:case_note_create": ValidPost(
        page=lambda w: w.client.get_absolute_url(), fill=lambda w: {"text": "Catatan."}
    ),
    "beneficiaries:client_archive": ValidPost(fill=lambda w: {"reason": "Ganda."}),
    "beneficiaries:client_import": ValidPost(
        files=lambda w: {"file": SimpleUploadedFile("klien.csv", CSV.encode(), "text/csv")}
    ),
    "programs:batch_create": ValidPost(
        fill=lambda w: {
            "name": "Angkatan CSRF",
            "service_unit": w.batch.service_unit_id,
            "start_date": "2026-01-05",
            "end_date": "2026-02-05",
            "capacity": "10",
        }
    ),
    "programs:batch_enrol": ValidPost(
        page=lambda w: (
            reverse("programs:batch_enrol", args=[w.batch.pk])
            + f"?q={w.photo_client.registration_number}"
        )
    ),
    "programs:enrolment_edit": ValidPost(fill=lambda w: {"completed_on": "2026-05-29"}),
    "programs:enrolment_status": ValidPost(
        page=lambda w: w.batch.get_absolute_url(), fill=lambda w: {"status": "failed"}
    ),
    "programs:enrolment_archive": ValidPost(fill=lambda w: {"reason": "Salah input."}),
    "programs:grant_create": ValidPost(
        fill=lambda w: {
            "handed_over_on": "2026-07-01",
            "bast_number": "BAST/CSRF/1",
            "funding_source": w.grant.funding_source_id,
            "items-0-equipment_type": overlock_machine().pk,
        }
    ),
    "programs:grant_archive": ValidPost(fill=lambda w: {"reason": "Salah input."}),
    "programs:business_create": ValidPost(
        fill=lambda w: {"name": "Warung CSRF", "sector": Business.Sector.GARMENTS}
    ),
    "programs:visit_create": ValidPost(
        fill=lambda w: {
            "net_income": "1000000",
            "employees": "1",
            "status": FollowUpVisit.Status.DEVELOPING,
        }
    ),
    "programs:visit_archive": ValidPost(fill=lambda w: {"reason": "Salah input."}),
    "programs:grievance_create": ValidPost(
        fill=lambda w: {
            "complainant_name": "Ibu Sumarni",
            "regency": KOTA_MALANG,
            "channel": "phone",
            "category": GrievanceCategory.objects.get(name="Lainnya").pk,
            "description": "Bantuan belum sampai.",
        }
    ),
    "programs:grievance_create_for_client": ValidPost(
        fill=lambda w: {
            "channel": "phone",
            "category": GrievanceCategory.objects.get(name="Lainnya").pk,
            "description": "Mesin rusak.",
        }
    ),
    "programs:grievance_assign": ValidPost(
        page=lambda w: w.grievance.get_absolute_url(),
        fill=lambda w: {"service_unit": w.batch.service_unit_id},
    ),
    "programs:grievance_status": ValidPost(
        page=lambda w: w.grievance.get_absolute_url(), fill=lambda w: {"status": "in_progress"}
    ),
    "programs:grievance_note": ValidPost(
        page=lambda w: w.grievance.get_absolute_url(), fill=lambda w: {"text": "Sudah ditelepon."}
    ),
    "programs:profile_edit": ValidPost(fill=lambda w: {"whatsapp": "0812 3456 7890"}),
    "programs:photo_create": ValidPost(
        files=lambda w: {"photo": SimpleUploadedFile("foto.png", picture_bytes("PNG", 8, 8))}
    ),
    "programs:consent_create": ValidPost(fill=lambda w: {"show_photos": "on"}),
    # The matrix posts to an unknown business (a real withdrawal would empty the catalogue
    # for its other rows); here the world's, rolled back.
    "programs:consent_withdraw": ValidPost(
        page=lambda w: w.business.get_absolute_url(),
        url=lambda w: reverse("programs:consent_withdraw", args=[w.business.pk]),
        persona=IN_SCOPE,
    ),
    "programs:support_create": ValidPost(fill=lambda w: {"kind": "marketplace", "title": "Shopee"}),
    "programs:story_create": ValidPost(
        fill=lambda w: {"title": "Cerita CSRF", "text": "Dari satu mesin jahit."}
    ),
    "programs:story_edit": ValidPost(fill=lambda w: {"title": "Cerita yang diperbaiki"}),
    "programs:story_approve": ValidPost(
        page=lambda w: _pending_story(w).get_absolute_url(),
        url=lambda w: reverse("programs:story_approve", args=[_pending_story(w).pk]),
    ),
    # Buttons that start a background job (core/jobs/), from the page that shows them.
    # (The export's own page shows its button for a list past CLIENT_EXPORT_JOB_ROWS,
    # set to 0 above.)
    "beneficiaries:client_export_csv": ValidPost(),
    "beneficiaries:client_export_xlsx": ValidPost(),
    "beneficiaries:client_subject_access": ValidPost(page=lambda w: w.client.get_absolute_url()),
    "programs:report_outcomes": ValidPost(),
    "admin:login": ValidPost(fill=lambda w: {"username": "admin", "password": PASSWORD}),
    "admin:logout": ValidPost(page=lambda w: reverse("admin:index"), writes=False),
}


def _allowed_persona(name, row):
    """Who may use the form: anonymous for the public ones, else the first persona whose
    answer in the matrix is not a refusal (the worker in scope, or the admin)."""
    answers = dict(zip(PERSONAS, row.post, strict=True))
    preference = (ANONYMOUS,) if row.public else ()
    preference += (ADMIN, IN_SCOPE) if name.startswith("admin:") else (IN_SCOPE, ADMIN)
    for persona in preference:
        if answers[persona] not in REFUSED:
            return persona
    pytest.fail("no persona may post to this URL: nothing to protect?")


def _post_rows():
    for name, row in {**MATRIX, **ADMIN_MATRIX}.items():
        if row.post is not None:
            yield pytest.param(name, row, id=name)


@dataclass
class Prepared:
    url: str
    fields: dict
    token: str
    files: Callable = dict  # fresh uploads for each request (a request reads them)

    def data(self, *, with_token: bool) -> dict:
        token = {"csrfmiddlewaretoken": self.token} if with_token else {}
        return {**self.fields, **self.files(), **token}


def _prepare(http, name, row, world) -> Prepared:
    valid = VALID_POSTS.get(name)
    url = row.url(world) if row.url else reverse(name, kwargs=row.kwargs(world))
    if valid is not None and valid.url is not None:
        url = valid.url(world)
    if valid is None:
        http.get(reverse("login") if row.public else reverse("home"))  # sets the cookie
        token = http.cookies[settings.CSRF_COOKIE_NAME].value
        return Prepared(url, dict(row.data(world)), token)
    page = valid.page(world) if valid.page else url
    response = http.get(page)
    assert response.status_code == 200, f"{page}: {response.status_code}"
    form = form_posting_to(body(response), page, url)
    data = form.submission()
    token = data.pop("csrfmiddlewaretoken")[0]
    data.update(valid.fill(world))
    action = form.action if "?" in form.action else url
    return Prepared(action, data, token, files=lambda: valid.files(world))


@pytest.fixture
def _users_who_log_in(worker_malang, admin_user):
    """The logins above need the users, with a known password for the admin."""
    admin_user.set_password(PASSWORD)
    admin_user.save()


@pytest.mark.usefixtures("_users_who_log_in")
@pytest.mark.parametrize(("name", "row"), list(_post_rows()))
def test_a_post_without_the_csrf_token_is_refused_and_writes_nothing(request, world, name, row):
    http = Client(enforce_csrf_checks=True)
    valid = VALID_POSTS.get(name)
    persona = valid.persona if valid and valid.persona else _allowed_persona(name, row)
    if persona != ANONYMOUS:
        http.force_login(request.getfixturevalue(PERSONA_FIXTURES[persona]))
    prepared = _prepare(http, name, row, world)

    with rolled_back():
        before = database_state()
        refused = http.post(prepared.url, prepared.data(with_token=False))
        assert refused.status_code == 403, f"{name}: {refused.status_code} without a token"
        assert not changed_tables(before, database_state())

    # The control: the same submission with the token gets through the CSRF check.
    with rolled_back():
        before = database_state()
        accepted = http.post(prepared.url, prepared.data(with_token=True))
        assert accepted.status_code != 403, f"{name}: refused even with the token"
        if valid is not None and valid.writes:
            assert accepted.status_code == 302, body(accepted)[:3000]
            assert changed_tables(before, database_state()), f"{name}: nothing saved"


def test_every_post_url_has_a_valid_submission_or_is_known_not_to_need_one():
    """A new POST URL is CSRF-tested with its matrix row's data anyway; this asks for a
    valid submission too, so that "nothing written" means something."""
    posting = {name for name, row in {**MATRIX, **ADMIN_MATRIX}.items() if row.post}
    without = posting - VALID_POSTS.keys() - EMPTY_FORM_ENOUGH
    assert not without, f"POST URLs without a valid submission in VALID_POSTS: {sorted(without)}"
    stale = VALID_POSTS.keys() - posting
    assert not stale, f"VALID_POSTS for URLs that take no POST: {sorted(stale)}"


# POST URLs whose matrix data is as good as it gets: the import confirmation needs an
# uploaded file's preview, which the matrix's import (an empty one) does not have.
EMPTY_FORM_ENOUGH = {"beneficiaries:client_import_confirm"}
