"""The authorization matrix: every URL of the project, asked by every persona.

Each row of `MATRIX` names one URL pattern (``namespace:name``), says how to build its URL
from a small fixture world in Kota Malang, which methods to try, and the answer each persona
must get. Columns, in this order everywhere:

    anonymous | worker in scope | worker out of scope | manager | admin | outsider

- worker in scope: ``worker_malang`` on the Kota Malang objects;
- worker out of scope: ``worker_bojonegoro`` on the *same* Kota Malang objects;
- manager: province-wide, read-only; admin: superuser; outsider: logged in, no group/scope.

The matrix fails closed: `test_every_url_pattern_has_a_row` walks the resolver and demands
that the named patterns outside the admin are exactly the rows of `MATRIX`, and
`test_every_admin_pattern_is_covered` that every admin pattern is either a row of
`ADMIN_MATRIX` or covered by an explicit sampling rule of `_admin_sampled`.
A new URL without a row fails the suite until someone writes down who may use it.

POSTs are checked for their status only: a 200 (or 400) with form errors means "allowed";
a redirect to the login page, 403, 404 and 405 mean "refused".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.shortcuts import resolve_url
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.html import escape

from beneficiaries.models import CaseNote, Client, ClientImport
from beneficiaries.tests.factories import (
    KOTA_MALANG,
    CaseNoteFactory,
    ClientFactory,
    UserFactory,
)
from core.jobs.models import Job
from programs.models import (
    Batch,
    Business,
    BusinessProfile,
    Enrolment,
    FollowUpVisit,
    Grant,
    GrantItem,
    Grievance,
    GrievanceAttachment,
    GrievanceCategory,
    ProductPhoto,
    SuccessStory,
    TrainingProgram,
)
from programs.models.grievances import SENSITIVE_GRIEVANCE_GROUP
from programs.tests.factories import (
    BatchFactory,
    BusinessFactory,
    EnrolmentFactory,
    FollowUpVisitFactory,
    GrantFactory,
    GrantItemFactory,
)
from tests.worlds import built_once, for_this_test

# --------------------------------------------------------------------------------------
# Personas
# --------------------------------------------------------------------------------------

ANONYMOUS = "anonymous"
IN_SCOPE = "worker_in_scope"
OUT_OF_SCOPE = "worker_out_of_scope"
MANAGER = "manager"
ADMIN = "admin"
OUTSIDER = "outsider"
PERSONAS = (ANONYMOUS, IN_SCOPE, OUT_OF_SCOPE, MANAGER, ADMIN, OUTSIDER)

# The conftest.py fixture that logs each persona in (anonymous: nobody).
PERSONA_FIXTURES = {
    IN_SCOPE: "worker_malang",
    OUT_OF_SCOPE: "worker_bojonegoro",
    MANAGER: "manager",
    ADMIN: "admin_user",
    OUTSIDER: "outsider",
}

# --------------------------------------------------------------------------------------
# Expected answers
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Login:
    """302 to a login page with ``?next=`` the requested path: the user must log in."""

    admin: bool = False

    def __repr__(self):
        return "ADMIN_LOGIN" if self.admin else "LOGIN"


@dataclass(frozen=True)
class Redirect:
    """302 to exactly this location (a URL name, or a function of the world)."""

    to: str | Callable[[World], str]

    def location(self, world):
        return self.to(world) if callable(self.to) else resolve_url(self.to)

    def __repr__(self):
        return f"Redirect({self.to if isinstance(self.to, str) else '…'})"


LOGIN = Login()  # settings.LOGIN_URL (LoginRequiredMiddleware, @login_required)
ADMIN_LOGIN = Login(admin=True)  # admin:login (AdminSite.admin_view for non-staff)
OK = 200
FORM_ERRORS = 400  # views that answer an invalid POST with 400 and the form again
FORBIDDEN = 403
NOT_FOUND = 404
NOT_ALLOWED = 405
HOME = Redirect("home")
TO_LOGIN = Redirect("login")  # LOGOUT_REDIRECT_URL
ADMIN_HOME = Redirect("admin:index")
TO_BATCH = Redirect(lambda w: w.batch.get_absolute_url())
TO_VISIT_FORM = Redirect(lambda w: reverse("programs:visit_create", args=[w.business.pk]))
TO_CLIENT_PAGE = Redirect(lambda w: w.client.get_absolute_url())
TO_STORY = Redirect(lambda w: w.story.get_absolute_url())
# A POST that starts a background job leads to its page (core/jobs/).
TO_NEW_JOB = Redirect(lambda w: reverse("jobs:detail", args=[Job.objects.latest("created_at").pk]))
TO_ADMIN_CHANGE = Redirect(
    lambda w: reverse("admin:beneficiaries_client_change", args=[w.client.pk])
)

REFUSED = (LOGIN, ADMIN_LOGIN, FORBIDDEN, NOT_FOUND, NOT_ALLOWED)

# --------------------------------------------------------------------------------------
# The fixture world: one Kota Malang client with everything hanging off it
# --------------------------------------------------------------------------------------

FAKE_JPEG = b"\xff\xd8\xff\xe0 not really a picture, only streamed back"


@dataclass
class World:
    client: Client  # photo-less record, with everything below hanging off it
    photo_client: Client  # a second Kota Malang client, with a photo (client_photo)
    note: CaseNote
    program: TrainingProgram
    batch: Batch
    enrolment: Enrolment  # completed
    grant: Grant  # after the enrolment, with a document
    item: GrantItem
    business: Business
    visit: FollowUpVisit  # with a photo; the business is "not yet developing"
    grievance: Grievance  # about the grant, with a photo attached
    attachment: GrievanceAttachment
    sensitive: Grievance  # the same client's sensitive grievance, with a photo attached
    sensitive_attachment: GrievanceAttachment
    profile: BusinessProfile  # the business is in the public catalogue, with everything
    photo: ProductPhoto
    story: SuccessStory  # approved


def _grievance(client, grant, *, sensitive):
    from programs.grievances.services import grievance_record

    grievance = grievance_record(
        recorded_by=UserFactory(),
        client=client,
        channel=Grievance.Channel.PHONE,
        category=GrievanceCategory.objects.get(name="Bantuan rusak/tidak sesuai"),
        severity="medium",
        description="Mesin obras rusak",
        sensitive=sensitive,
        grant=grant,
    )
    attachment = GrievanceAttachment(grievance=grievance)
    attachment.file.save("photo.jpg", ContentFile(FAKE_JPEG), save=True)
    return grievance, attachment


def _listed(business):
    """The world's business in the public catalogue, everything consented, with a photo
    and an approved story."""
    from programs.marketing import services as marketing

    writer, approver = UserFactory(), UserFactory()
    profile = marketing.profile_save(
        business=business, saved_by=writer, whatsapp="081234567890", description="Seragam"
    )
    photo = marketing.photo_add(
        business=business,
        photo=ContentFile(FAKE_JPEG, name="p.jpg"),
        caption="Seragam",
        uploaded_by=writer,
    )
    marketing.consent_record(
        business=business,
        recorded_by=writer,
        show_name=True,
        show_products=True,
        show_photos=True,
        show_district=True,
        show_contact=True,
        show_story=True,
    )
    story = marketing.story_save(
        business=business, written_by=writer, title="Cerita", text="Cerita usaha", photo=photo
    )
    marketing.story_approve(story=story, approved_by=approver)
    return profile, photo, story


def _build_world():
    client = ClientFactory()  # Kota Malang by default, no photo
    assert client.regency_id == KOTA_MALANG
    photo_client = ClientFactory()
    photo_client.photo.save("photo.jpg", ContentFile(FAKE_JPEG), save=True)
    note = CaseNoteFactory(client=client, author=UserFactory(username="author"))
    batch = BatchFactory()
    enrolment = EnrolmentFactory(batch=batch, client=client, status=Enrolment.Status.COMPLETED)
    grant = GrantFactory(client=client, enrolment=enrolment)
    grant.document.save("bast.jpg", ContentFile(FAKE_JPEG), save=True)
    item = GrantItemFactory(grant=grant)
    business = BusinessFactory(client=client, grants=[grant])
    # "Not yet developing": the client is due for help, so the worklist shows them.
    visit = FollowUpVisitFactory(business=business, status=FollowUpVisit.Status.NOT_YET)
    visit.photo.save("visit.jpg", ContentFile(FAKE_JPEG), save=True)
    grievance, attachment = _grievance(client, grant, sensitive=False)
    sensitive, sensitive_attachment = _grievance(client, grant, sensitive=True)
    profile, photo, story = _listed(business)
    return World(
        client=client,
        photo_client=photo_client,
        note=note,
        program=batch.program,
        batch=batch,
        enrolment=enrolment,
        grant=grant,
        item=item,
        business=business,
        visit=visit,
        grievance=grievance,
        attachment=attachment,
        sensitive=sensitive,
        sensitive_attachment=sensitive_attachment,
        profile=profile,
        photo=photo,
        story=story,
    )


@pytest.fixture(scope="module")
def _world_once(request, django_db_setup, django_db_blocker):
    # Built once per module (678 cases here, every form fuzzed in tests/fuzzing/).
    yield from built_once(request, django_db_blocker, _build_world)


@pytest.fixture
def world(_world_once, db, settings):
    return for_this_test(_world_once, settings)


# --------------------------------------------------------------------------------------
# Rows
# --------------------------------------------------------------------------------------


def _nothing(world):
    return {}


@dataclass(frozen=True)
class Row:
    """One URL pattern: how to build its URL and what each persona gets, per method.

    `get` / `post` are 6-tuples in the order of PERSONAS (None: method not tried).
    `scoped`: the URL names a person-level Kota Malang object, so the out-of-scope worker
    and the outsider must be refused. `no_leak`: a shared page (list, catalogue, report)
    the out-of-scope personas may open, but on which the Kota Malang client must not
    appear; `shows_client`: the in-scope worker does see the client there (proves that
    the leak check looks at the right thing).
    """

    get: tuple | None
    post: tuple | None = None
    kwargs: Callable[[World], dict] = _nothing
    query: Callable[[World], dict] = _nothing
    data: Callable[[World], dict] = _nothing
    url: Callable[[World], str] | None = None  # for patterns without a name
    scoped: bool = False
    no_leak: bool = False
    shows_client: bool = False
    public: bool = False  # anonymous may use it (no login needed)

    def __post_init__(self):
        for answers in (self.get, self.post):
            assert answers is None or len(answers) == len(PERSONAS), answers


def client_pk(world):
    return {"pk": world.client.pk}


def client_pk_as_client_pk(world):
    return {"client_pk": world.client.pk}


def client_import_pk(world):
    """An import uploaded by the in-scope worker: only she (and a superuser) may see it."""
    owner = UserFactory(username="worker-malang")
    client_import = ClientImport.objects.create(
        user=owner, original_name="klien.csv", sha256="0" * 64, source="web"
    )
    return {"pk": client_import.pk}


def job_pk(world):
    """A finished export of the in-scope worker's, with its file: only she may see it (a
    superuser neither: a job's file holds what its owner was allowed to read)."""
    owner = UserFactory(username="worker-malang")
    job = Job.objects.create(
        user=owner,
        kind="client_export",
        title="Ekspor",
        language="id",
        status="done",
        params={"query": "", "format": "csv"},
    )
    job.result_file.save("klien.csv", ContentFile(b"No Registrasi\n"), save=False)
    Job.objects.filter(pk=job.pk).update(result_file=job.result_file.name, result_name="k.csv")
    return {"pk": job.pk}


# Only the job's owner, whoever else asks.
OWNER_ONLY = (LOGIN, OK, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND)

# Columns: (anonymous, in scope, out of scope, manager, admin, outsider)
MATRIX: dict[str, Row] = {
    # -- A user's background jobs ------------------------------------------------------
    "jobs:list": Row(get=(LOGIN, OK, OK, OK, OK, OK)),  # her own, or none
    "jobs:detail": Row(get=OWNER_ONLY, kwargs=job_pk, scoped=True),
    "jobs:status": Row(get=OWNER_ONLY, kwargs=job_pk, scoped=True),
    "jobs:download": Row(get=OWNER_ONLY, kwargs=job_pk, scoped=True),
    # -- Site pages -------------------------------------------------------------------
    "home": Row(
        get=(LOGIN, OK, OK, OK, OK, OK),
        no_leak=True,  # scope counts only
    ),
    "healthz": Row(
        get=(OK, OK, OK, OK, OK, OK),
        public=True,
    ),
    "login": Row(
        get=(OK, HOME, HOME, HOME, HOME, HOME),
        post=(OK, HOME, HOME, HOME, HOME, HOME),  # empty form: errors for the anonymous
        public=True,
    ),
    "logout": Row(
        get=(LOGIN, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
        post=(LOGIN, TO_LOGIN, TO_LOGIN, TO_LOGIN, TO_LOGIN, TO_LOGIN),
    ),
    "set_language": Row(
        get=(HOME, HOME, HOME, HOME, HOME, HOME),
        post=(HOME, HOME, HOME, HOME, HOME, HOME),
        data=lambda w: {"language": "en"},
        public=True,
    ),
    # -- Registry (beneficiaries) ------------------------------------------------------
    "beneficiaries:client_list": Row(
        get=(LOGIN, OK, OK, OK, OK, FORBIDDEN),
        no_leak=True,
        shows_client=True,
    ),
    "beneficiaries:client_create": Row(
        get=(LOGIN, OK, OK, FORBIDDEN, OK, FORBIDDEN),
        post=(LOGIN, OK, OK, FORBIDDEN, OK, FORBIDDEN),
    ),
    "beneficiaries:client_detail": Row(
        get=(LOGIN, OK, NOT_FOUND, OK, OK, NOT_FOUND),
        kwargs=client_pk,
        scoped=True,
    ),
    "beneficiaries:client_edit": Row(
        get=(LOGIN, OK, NOT_FOUND, FORBIDDEN, OK, FORBIDDEN),
        post=(LOGIN, OK, NOT_FOUND, FORBIDDEN, OK, FORBIDDEN),
        kwargs=client_pk,
        scoped=True,
    ),
    "beneficiaries:case_note_create": Row(
        get=(LOGIN, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
        post=(LOGIN, FORM_ERRORS, NOT_FOUND, FORBIDDEN, FORM_ERRORS, FORBIDDEN),
        kwargs=client_pk,
        data=lambda w: {"text": ""},
        scoped=True,
    ),
    "beneficiaries:client_photo": Row(
        get=(LOGIN, OK, NOT_FOUND, OK, OK, NOT_FOUND),
        kwargs=lambda w: {"pk": w.photo_client.pk},
        scoped=True,
    ),
    # Archiving (instead of deleting): social workers in scope and admins. An empty reason
    # is refused with the form again, so the world stays unarchived for the next persona.
    "beneficiaries:client_archive": Row(
        get=(LOGIN, OK, NOT_FOUND, FORBIDDEN, OK, FORBIDDEN),
        post=(LOGIN, OK, NOT_FOUND, FORBIDDEN, OK, FORBIDDEN),
        kwargs=client_pk,
        data=lambda w: {"reason": ""},
        scoped=True,
    ),
    # Change history and the subject-access file: managers and admins only.
    "beneficiaries:client_history": Row(
        get=(LOGIN, FORBIDDEN, FORBIDDEN, OK, OK, FORBIDDEN),
        kwargs=client_pk,
        scoped=True,
    ),
    "beneficiaries:client_subject_access": Row(
        get=(LOGIN, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
        post=(LOGIN, FORBIDDEN, FORBIDDEN, TO_NEW_JOB, TO_NEW_JOB, FORBIDDEN),  # a job
        kwargs=client_pk,
        scoped=True,
    ),
    # Bulk import: social workers (add_client) and admins; managers only read.
    "beneficiaries:client_import": Row(
        get=(LOGIN, OK, OK, FORBIDDEN, OK, FORBIDDEN),
        post=(LOGIN, FORM_ERRORS, FORM_ERRORS, FORBIDDEN, FORM_ERRORS, FORBIDDEN),  # no file
    ),
    "beneficiaries:client_import_template": Row(
        get=(LOGIN, OK, OK, FORBIDDEN, OK, FORBIDDEN),
    ),
    "beneficiaries:client_import_preview": Row(
        get=(LOGIN, OK, NOT_FOUND, FORBIDDEN, OK, FORBIDDEN),
        kwargs=client_import_pk,
        scoped=True,  # someone else's import is a 404
    ),
    "beneficiaries:client_import_confirm": Row(
        get=(LOGIN, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
        post=(LOGIN, FORM_ERRORS, NOT_FOUND, FORBIDDEN, FORM_ERRORS, FORBIDDEN),  # empty form
        kwargs=client_import_pk,
        scoped=True,
    ),
    # Exports of the client list: whoever may read the list, with its scope.
    "beneficiaries:client_export_csv": Row(
        get=(LOGIN, OK, OK, OK, OK, FORBIDDEN),
        post=(LOGIN, TO_NEW_JOB, TO_NEW_JOB, TO_NEW_JOB, TO_NEW_JOB, FORBIDDEN),  # a job
        no_leak=True,
        shows_client=True,
    ),
    "beneficiaries:client_export_xlsx": Row(
        get=(LOGIN, OK, OK, OK, OK, FORBIDDEN),  # scope: see test_client_export.py
        post=(LOGIN, TO_NEW_JOB, TO_NEW_JOB, TO_NEW_JOB, TO_NEW_JOB, FORBIDDEN),
    ),
    # Reference data (Kemendagri region codes) for the address selects: any logged-in user.
    "beneficiaries:district_options": Row(
        get=(LOGIN, OK, OK, OK, OK, OK),
        query=lambda w: {"parent": w.client.regency_id},
    ),
    "beneficiaries:village_options": Row(
        get=(LOGIN, OK, OK, OK, OK, OK),
        query=lambda w: {"parent": w.client.district_id},
    ),
    # -- Training programs: the office's shared catalogue ----------------------------------
    "programs:program_list": Row(
        get=(LOGIN, OK, OK, OK, OK, FORBIDDEN),
    ),
    "programs:program_detail": Row(
        get=(LOGIN, OK, OK, OK, OK, FORBIDDEN),
        kwargs=lambda w: {"pk": w.program.pk},
    ),
    "programs:batch_create": Row(
        get=(LOGIN, OK, OK, FORBIDDEN, OK, FORBIDDEN),
        post=(LOGIN, OK, OK, FORBIDDEN, OK, FORBIDDEN),
        kwargs=lambda w: {"pk": w.program.pk},
    ),
    "programs:batch_detail": Row(
        get=(LOGIN, OK, OK, OK, OK, FORBIDDEN),
        kwargs=lambda w: {"pk": w.batch.pk},
        no_leak=True,  # the batch is shared, its roster is scoped
        shows_client=True,
    ),
    "programs:batch_enrol": Row(
        get=(LOGIN, OK, OK, FORBIDDEN, OK, FORBIDDEN),
        # Enrolling the (already enrolled) Kota Malang client: refused by the service for
        # the in-scope worker (form error), not found for anyone who cannot see the client.
        post=(LOGIN, FORM_ERRORS, NOT_FOUND, FORBIDDEN, FORM_ERRORS, FORBIDDEN),
        kwargs=lambda w: {"pk": w.batch.pk},
        query=lambda w: {"q": w.photo_client.name},  # the candidate search
        data=lambda w: {"client": w.client.pk},
        no_leak=True,
        shows_client=True,
    ),
    "programs:enrolment_edit": Row(
        get=(LOGIN, OK, NOT_FOUND, FORBIDDEN, OK, FORBIDDEN),
        post=(LOGIN, OK, NOT_FOUND, FORBIDDEN, OK, FORBIDDEN),
        kwargs=lambda w: {"pk": w.enrolment.pk},
        scoped=True,
    ),
    "programs:enrolment_status": Row(
        get=(LOGIN, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
        post=(LOGIN, TO_BATCH, NOT_FOUND, FORBIDDEN, TO_BATCH, FORBIDDEN),
        kwargs=lambda w: {"pk": w.enrolment.pk},
        data=lambda w: {"status": ""},  # invalid: a message and back to the batch
        scoped=True,
    ),
    "programs:enrolment_archive": Row(
        get=(LOGIN, OK, NOT_FOUND, FORBIDDEN, OK, FORBIDDEN),
        post=(LOGIN, OK, NOT_FOUND, FORBIDDEN, OK, FORBIDDEN),
        kwargs=lambda w: {"pk": w.enrolment.pk},
        data=lambda w: {"reason": ""},  # refused: the world stays unarchived
        scoped=True,
    ),
    # -- Grants ---------------------------------------------------------------------------
    "programs:grant_create": Row(
        get=(LOGIN, OK, NOT_FOUND, FORBIDDEN, OK, FORBIDDEN),
        post=(LOGIN, OK, NOT_FOUND, FORBIDDEN, OK, FORBIDDEN),
        kwargs=client_pk_as_client_pk,
        scoped=True,
    ),
    "programs:grant_detail": Row(
        get=(LOGIN, OK, NOT_FOUND, OK, OK, FORBIDDEN),
        kwargs=lambda w: {"pk": w.grant.pk},
        scoped=True,
    ),
    "programs:grant_document": Row(
        get=(LOGIN, OK, NOT_FOUND, OK, OK, FORBIDDEN),
        kwargs=lambda w: {"pk": w.grant.pk},
        scoped=True,
    ),
    "programs:grant_archive": Row(
        get=(LOGIN, OK, NOT_FOUND, FORBIDDEN, OK, FORBIDDEN),
        post=(LOGIN, OK, NOT_FOUND, FORBIDDEN, OK, FORBIDDEN),
        kwargs=lambda w: {"pk": w.grant.pk},
        data=lambda w: {"reason": ""},  # refused: the world stays unarchived
        scoped=True,
    ),
    # -- Businesses and follow-up visits -----------------------------------------------------
    "programs:business_create": Row(
        get=(LOGIN, OK, NOT_FOUND, FORBIDDEN, OK, FORBIDDEN),
        post=(LOGIN, OK, NOT_FOUND, FORBIDDEN, OK, FORBIDDEN),
        kwargs=client_pk_as_client_pk,
        scoped=True,
    ),
    "programs:client_record_visit": Row(
        # Writes nothing: sends to the visit form of the client's only business.
        get=(LOGIN, TO_VISIT_FORM, NOT_FOUND, FORBIDDEN, TO_VISIT_FORM, FORBIDDEN),
        kwargs=client_pk_as_client_pk,
        scoped=True,
    ),
    "programs:business_detail": Row(
        get=(LOGIN, OK, NOT_FOUND, OK, OK, FORBIDDEN),
        kwargs=lambda w: {"pk": w.business.pk},
        scoped=True,
    ),
    "programs:visit_create": Row(
        get=(LOGIN, OK, NOT_FOUND, FORBIDDEN, OK, FORBIDDEN),
        post=(LOGIN, OK, NOT_FOUND, FORBIDDEN, OK, FORBIDDEN),
        kwargs=lambda w: {"pk": w.business.pk},
        scoped=True,
    ),
    "programs:visit_photo": Row(
        get=(LOGIN, OK, NOT_FOUND, OK, OK, FORBIDDEN),
        kwargs=lambda w: {"pk": w.visit.pk},
        scoped=True,
    ),
    "programs:visit_archive": Row(
        get=(LOGIN, OK, NOT_FOUND, FORBIDDEN, OK, FORBIDDEN),
        post=(LOGIN, OK, NOT_FOUND, FORBIDDEN, OK, FORBIDDEN),
        kwargs=lambda w: {"pk": w.visit.pk},
        data=lambda w: {"reason": ""},  # refused: the world stays unarchived
        scoped=True,
    ),
    # -- Grievances ------------------------------------------------------------------------
    "programs:grievance_list": Row(
        get=(LOGIN, OK, OK, OK, OK, FORBIDDEN),
        query=lambda w: {"status": "open"},
        no_leak=True,
        shows_client=True,
    ),
    "programs:grievance_create": Row(
        # A person not in the registry: any worker records it (in her own area).
        get=(LOGIN, OK, OK, FORBIDDEN, OK, FORBIDDEN),
        post=(LOGIN, OK, OK, FORBIDDEN, OK, FORBIDDEN),
    ),
    "programs:grievance_create_for_client": Row(
        get=(LOGIN, OK, NOT_FOUND, FORBIDDEN, OK, FORBIDDEN),
        post=(LOGIN, OK, NOT_FOUND, FORBIDDEN, OK, FORBIDDEN),
        kwargs=client_pk_as_client_pk,
        scoped=True,
    ),
    "programs:grievance_detail": Row(
        get=(LOGIN, OK, NOT_FOUND, OK, OK, FORBIDDEN),
        kwargs=lambda w: {"pk": w.grievance.pk},
        scoped=True,
    ),
    "programs:grievance_assign": Row(
        get=(LOGIN, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
        # Managers may reassign; an unknown user is refused next to the field.
        post=(LOGIN, OK, NOT_FOUND, OK, OK, FORBIDDEN),
        kwargs=lambda w: {"pk": w.grievance.pk},
        data=lambda w: {"assigned_to": "not a user"},
        scoped=True,
    ),
    "programs:grievance_status": Row(
        get=(LOGIN, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
        post=(LOGIN, OK, NOT_FOUND, FORBIDDEN, OK, FORBIDDEN),
        kwargs=lambda w: {"pk": w.grievance.pk},
        data=lambda w: {"status": ""},
        scoped=True,
    ),
    "programs:grievance_note": Row(
        get=(LOGIN, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
        post=(LOGIN, OK, NOT_FOUND, OK, OK, FORBIDDEN),
        kwargs=lambda w: {"pk": w.grievance.pk},
        data=lambda w: {"text": ""},
        scoped=True,
    ),
    "programs:grievance_attachment": Row(
        get=(LOGIN, OK, NOT_FOUND, OK, OK, FORBIDDEN),
        kwargs=lambda w: {"pk": w.attachment.pk},
        scoped=True,
    ),
    "programs:grievance_report": Row(
        get=(LOGIN, OK, OK, OK, OK, FORBIDDEN),
        query=lambda w: {"regency": w.client.regency_id},
        no_leak=True,
    ),
    # -- Market linkages: staff ----------------------------------------------------------
    "programs:profile_edit": Row(
        get=(LOGIN, OK, NOT_FOUND, FORBIDDEN, OK, FORBIDDEN),
        post=(LOGIN, OK, NOT_FOUND, FORBIDDEN, OK, FORBIDDEN),
        kwargs=lambda w: {"pk": w.business.pk},
        data=lambda w: {"whatsapp": "12"},  # refused: too few digits
        scoped=True,
    ),
    "programs:photo_create": Row(
        get=(LOGIN, OK, NOT_FOUND, FORBIDDEN, OK, FORBIDDEN),
        post=(LOGIN, OK, NOT_FOUND, FORBIDDEN, OK, FORBIDDEN),
        kwargs=lambda w: {"pk": w.business.pk},
        scoped=True,
    ),
    "programs:photo_view": Row(
        get=(LOGIN, OK, NOT_FOUND, OK, OK, FORBIDDEN),
        kwargs=lambda w: {"pk": w.photo.pk},
        scoped=True,
    ),
    "programs:consent_create": Row(
        get=(LOGIN, OK, NOT_FOUND, FORBIDDEN, OK, FORBIDDEN),
        post=(LOGIN, OK, NOT_FOUND, FORBIDDEN, OK, FORBIDDEN),
        kwargs=lambda w: {"pk": w.business.pk},
        data=lambda w: {"given_on": "2999-01-01"},  # refused: in the future
        scoped=True,
    ),
    "programs:consent_withdraw": Row(
        get=(LOGIN, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
        # Not tried for real (it would empty the catalogue for the rows below): an unknown
        # business, which the in-scope worker and the admin get as a 404 too.
        post=(LOGIN, NOT_FOUND, NOT_FOUND, FORBIDDEN, NOT_FOUND, FORBIDDEN),
        kwargs=lambda w: {"pk": 2**31 - 1},
    ),
    "programs:support_create": Row(
        get=(LOGIN, OK, NOT_FOUND, FORBIDDEN, OK, FORBIDDEN),
        post=(LOGIN, OK, NOT_FOUND, FORBIDDEN, OK, FORBIDDEN),
        kwargs=lambda w: {"pk": w.business.pk},
        scoped=True,
    ),
    "programs:story_create": Row(
        get=(LOGIN, OK, NOT_FOUND, FORBIDDEN, OK, FORBIDDEN),
        post=(LOGIN, OK, NOT_FOUND, FORBIDDEN, OK, FORBIDDEN),
        kwargs=lambda w: {"pk": w.business.pk},
        scoped=True,
    ),
    "programs:story_detail": Row(
        get=(LOGIN, OK, NOT_FOUND, OK, OK, FORBIDDEN),
        kwargs=lambda w: {"pk": w.story.pk},
        scoped=True,
    ),
    "programs:story_edit": Row(
        get=(LOGIN, OK, NOT_FOUND, FORBIDDEN, OK, FORBIDDEN),
        post=(LOGIN, OK, NOT_FOUND, FORBIDDEN, OK, FORBIDDEN),
        kwargs=lambda w: {"pk": w.story.pk},
        data=lambda w: {"title": ""},  # refused: the story stays approved
        scoped=True,
    ),
    "programs:story_approve": Row(
        get=(LOGIN, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
        # Managers approve (the world's story is approved already: approving again
        # redirects back to it); workers may not.
        post=(LOGIN, FORBIDDEN, FORBIDDEN, TO_STORY, TO_STORY, FORBIDDEN),
        kwargs=lambda w: {"pk": w.story.pk},
        scoped=True,
    ),
    "programs:report_market": Row(
        get=(LOGIN, OK, OK, OK, OK, FORBIDDEN),
        query=lambda w: {"regency": w.client.regency_id},
        no_leak=True,
    ),
    # -- The public catalogue: anyone, and only what was consented (tested below) ---------
    "programs:catalogue": Row(
        get=(OK, OK, OK, OK, OK, OK),
        query=lambda w: {"q": "Seragam"},
        public=True,
    ),
    "programs:catalogue_business": Row(
        get=(OK, OK, OK, OK, OK, OK),
        kwargs=lambda w: {"token": w.profile.token},
        public=True,
    ),
    "programs:catalogue_photo": Row(
        get=(OK, OK, OK, OK, OK, OK),
        kwargs=lambda w: {"token": w.photo.token},
        public=True,
    ),
    "programs:catalogue_story": Row(
        get=(OK, OK, OK, OK, OK, OK),
        kwargs=lambda w: {"token": w.story.token},
        public=True,
    ),
    # -- Worklist and report: scoped querysets -------------------------------------------
    "programs:worklist": Row(
        get=(LOGIN, OK, OK, OK, OK, FORBIDDEN),
        query=lambda w: {"regency": w.client.regency_id},
        no_leak=True,
        shows_client=True,
    ),
    "programs:report_outcomes": Row(
        get=(LOGIN, OK, OK, OK, OK, FORBIDDEN),
        post=(LOGIN, TO_NEW_JOB, TO_NEW_JOB, TO_NEW_JOB, TO_NEW_JOB, FORBIDDEN),  # the XLSX
        query=lambda w: {"regency": w.client.regency_id},
        no_leak=True,
    ),
}

# --------------------------------------------------------------------------------------
# Django admin: a group rule, tested on a sample
# --------------------------------------------------------------------------------------
#
# Every admin view goes through AdminSite.admin_view, which lets only active staff in:
# anonymous users are stopped first by LoginRequiredMiddleware, logged-in non-staff users
# are sent to the admin's login page, the superuser gets the page.

# Site-level admin views tell LoginRequiredMiddleware to use the admin's login page
# (`wrapper.login_url`); ModelAdmin views do not, so anonymous users go to the site login.
ADMIN_SITE_ONLY = (ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, OK, ADMIN_LOGIN)
ADMIN_MODEL_ONLY = (LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, OK, ADMIN_LOGIN)


def _model_key(model):
    return f"{model._meta.app_label}_{model._meta.model_name}"


REGISTERED_MODELS = sorted(admin.site._registry, key=_model_key)
REGISTERED_KEYS = {_model_key(m) for m in REGISTERED_MODELS}
MODEL_ACTIONS = ("changelist", "add", "change", "delete", "history")


def _client_object(world):
    return {"object_id": world.client.pk}


ADMIN_MATRIX: dict[str, Row] = {
    "admin:index": Row(get=ADMIN_SITE_ONLY),
    "admin:login": Row(
        # Non-staff users get the login form (with "not authorised"); staff go on.
        get=(OK, OK, OK, OK, ADMIN_HOME, OK),
        post=(OK, OK, OK, OK, OK, OK),  # empty form: errors for everyone
        public=True,
    ),
    "admin:logout": Row(
        get=(ADMIN_LOGIN, ADMIN_HOME, ADMIN_HOME, ADMIN_HOME, NOT_ALLOWED, ADMIN_HOME),
        post=(ADMIN_LOGIN, ADMIN_HOME, ADMIN_HOME, ADMIN_HOME, TO_LOGIN, ADMIN_HOME),
    ),
    "admin:password_change": Row(get=ADMIN_SITE_ONLY),
    "admin:password_change_done": Row(get=ADMIN_SITE_ONLY),
    "admin:jsi18n": Row(get=ADMIN_SITE_ONLY),
    "admin:autocomplete": Row(
        get=ADMIN_SITE_ONLY,
        query=lambda w: {
            "app_label": "beneficiaries",
            "model_name": "client",
            "field_name": "regency",
            "term": "Malang",
        },
    ),
    "admin:view_on_site": Row(
        get=(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, TO_CLIENT_PAGE, ADMIN_LOGIN),
        kwargs=lambda w: {
            "content_type_id": ContentType.objects.get_for_model(Client).pk,
            "object_id": w.client.pk,
        },
    ),
    "admin:app_list": Row(get=ADMIN_SITE_ONLY, kwargs=lambda w: {"app_label": "beneficiaries"}),
    # The per-object views of one model, on the Kota Malang client.
    "admin:beneficiaries_client_add": Row(get=ADMIN_MODEL_ONLY),
    "admin:beneficiaries_client_change": Row(get=ADMIN_MODEL_ONLY, kwargs=_client_object),
    "admin:beneficiaries_client_delete": Row(get=ADMIN_MODEL_ONLY, kwargs=_client_object),
    "admin:beneficiaries_client_history": Row(get=ADMIN_MODEL_ONLY, kwargs=_client_object),
    # One past version of a record (django-simple-history), from the "History" page.
    "admin:beneficiaries_client_simple_history": Row(
        get=ADMIN_MODEL_ONLY,
        url=lambda w: reverse(
            "admin:beneficiaries_client_simple_history",
            args=[w.client.pk, w.client.history.latest().history_id],
        ),
    ),
    "admin:auth_user_password_change": Row(
        get=ADMIN_MODEL_ONLY, kwargs=lambda w: {"id": w.note.author.pk}
    ),
    # Unnamed patterns: the old-style object URL (redirects to the change view) and the
    # final catch-all (404 for staff, login for everyone else).
    "admin:<object-redirect>": Row(
        get=(LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, TO_ADMIN_CHANGE, ADMIN_LOGIN),
        url=lambda w: f"{reverse('admin:index')}beneficiaries/client/{w.client.pk}/",
    ),
    "admin:<catch-all>": Row(
        get=(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, NOT_FOUND, ADMIN_LOGIN),
        url=lambda w: f"{reverse('admin:index')}no-such-page/",
    ),
    # Every registered model's changelist.
    **{f"admin:{_model_key(m)}_changelist": Row(get=ADMIN_MODEL_ONLY) for m in REGISTERED_MODELS},
}


def _admin_sampled(name, route, callback):
    """Why an admin pattern without its own row in ADMIN_MATRIX is covered, or None.

    Every changelist has its own row. The add/change/delete/history views of the other
    models are the same ModelAdmin views behind the same AdminSite.admin_view wrapper as
    the client's, tested above; likewise the old-style object URL of every model. Anything
    else (a custom view from a ModelAdmin's get_urls, a new site view) is not covered and
    fails the check.
    """
    if name is not None:
        match = re.fullmatch(r"admin:(\w+?)_(simple_history|add|change|delete|history)", name)
        if match and match[1] in REGISTERED_KEYS:
            return f"per-model admin view ({match[2]}) sampled on beneficiaries_client"
        return None
    match = re.fullmatch(r"admin/(\w+)/(\w+)/<path:object_id>/", route)
    if match and f"{match[1]}_{match[2]}" in REGISTERED_KEYS:
        return "old-style object URL, sampled as admin:<object-redirect>"
    if getattr(callback, "__name__", "") == "catch_all_view":
        return "final catch-all, tested as admin:<catch-all>"
    return None


# --------------------------------------------------------------------------------------
# Walking the resolver (fail closed)
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Found:
    name: str | None  # namespace:name, None for an unnamed pattern
    namespace: str | None
    route: str
    callback: Callable


def walk(patterns=None, namespace=None, prefix=""):
    """Every URLPattern of the project, with its full namespaced name and route."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from walk(pattern.url_patterns, inner, prefix + str(pattern.pattern))
        else:
            assert isinstance(pattern, URLPattern)
            name = None
            if pattern.name:
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield Found(name, namespace, prefix + str(pattern.pattern), pattern.callback)


def _is_admin(found):
    return found.namespace == "admin" or (found.namespace or "").startswith("admin:")


def test_every_url_pattern_has_a_row():
    project = [found for found in walk() if not _is_admin(found)]
    unnamed = [found.route for found in project if found.name is None]
    assert not unnamed, f"URL patterns without a name cannot have a row: {unnamed}"

    names = {found.name for found in project}
    missing = sorted(names - MATRIX.keys())
    stale = sorted(MATRIX.keys() - names)
    assert not missing, f"URL patterns without a row in MATRIX: {missing}"
    assert not stale, f"rows in MATRIX for URL patterns that no longer exist: {stale}"


def test_every_admin_pattern_is_covered():
    admin_patterns = [found for found in walk() if _is_admin(found)]
    assert admin_patterns, "the admin is not mounted?"
    uncovered = [
        found.name or found.route
        for found in admin_patterns
        if found.name not in ADMIN_MATRIX
        and _admin_sampled(found.name, found.route, found.callback) is None
    ]
    assert not uncovered, f"admin URL patterns neither tested nor covered by a rule: {uncovered}"

    found_names = {found.name for found in admin_patterns}
    stale = sorted(
        key for key in ADMIN_MATRIX if not key.startswith("admin:<") and key not in found_names
    )
    assert not stale, f"rows in ADMIN_MATRIX for URL patterns that no longer exist: {stale}"


def test_the_matrix_refuses_what_it_must():
    """Guard the matrix itself against being "fixed" by allowing a leak."""
    for name, row in {**MATRIX, **ADMIN_MATRIX}.items():
        for answers in (row.get, row.post):
            if answers is None:
                continue
            expected = dict(zip(PERSONAS, answers, strict=True))
            if not row.public:
                assert expected[ANONYMOUS] in REFUSED, f"{name}: anonymous must log in first"
            if row.scoped:
                assert expected[OUT_OF_SCOPE] in REFUSED, f"{name}: out-of-scope worker"
                assert expected[OUTSIDER] in REFUSED, f"{name}: outsider"
            if name.startswith("admin:") and name != "admin:login":
                for persona in (IN_SCOPE, OUT_OF_SCOPE, MANAGER, OUTSIDER):
                    assert expected[persona] not in (OK, FORM_ERRORS), f"{name}: {persona}"


# --------------------------------------------------------------------------------------
# The requests
# --------------------------------------------------------------------------------------

# Real access-control bugs found by the matrix: (url name, method, persona) -> reason.
# Each is an xfail(strict=True), so fixing the bug turns the case green-and-failing until
# the entry is removed here.
KNOWN_BUGS: dict[tuple[str, str, str], str] = {}


def _cases():
    for name, row in {**MATRIX, **ADMIN_MATRIX}.items():
        for method, answers in (("GET", row.get), ("POST", row.post)):
            if answers is None:
                continue
            for persona, expected in zip(PERSONAS, answers, strict=True):
                marks = []
                if reason := KNOWN_BUGS.get((name, method, persona)):
                    marks.append(pytest.mark.xfail(strict=True, reason=reason))
                yield pytest.param(
                    name, method, persona, expected, marks=marks, id=f"{name}-{method}-{persona}"
                )


def _describe(response):
    location = response.get("Location")
    return f"{response.status_code}" + (f" -> {location}" if location else "")


def _check(response, expected, requested, world):
    got = _describe(response)
    if isinstance(expected, Login):
        login_url = resolve_url("admin:login" if expected.admin else settings.LOGIN_URL)
        assert response.status_code == 302, f"expected {expected!r}, got {got}"
        location = urlsplit(response["Location"])
        assert location.path == login_url, f"expected {expected!r}, got {got}"
        assert parse_qs(location.query).get("next") == [requested], (
            f"expected {expected!r} back to {requested}, got {got}"
        )
    elif isinstance(expected, Redirect):
        wanted = expected.location(world)
        location = urlsplit(response.get("Location", ""))
        if location.netloc == "testserver":  # contenttypes' shortcut answers absolute URLs
            location = location._replace(scheme="", netloc="")
        assert (response.status_code, location.geturl()) == (302, wanted), (
            f"expected 302 -> {wanted}, got {got}"
        )
    else:
        assert response.status_code == expected, f"expected {expected}, got {got}"


def _body(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


@pytest.mark.parametrize(("name", "method", "persona", "expected"), list(_cases()))
def test_authorization(request, client, world, name, method, persona, expected):
    row = MATRIX.get(name) or ADMIN_MATRIX[name]
    if persona != ANONYMOUS:
        client.force_login(request.getfixturevalue(PERSONA_FIXTURES[persona]))
    path = row.url(world) if row.url else reverse(name, kwargs=row.kwargs(world))
    query = urlencode(row.query(world))
    requested = f"{path}?{query}" if query else path

    response = client.get(requested) if method == "GET" else client.post(requested, row.data(world))

    try:
        _check(response, expected, requested, world)
        if response.status_code == 200 and (row.no_leak or row.shows_client):
            shown = _kota_malang_clients_shown(_body(response), world, row.query(world))
            if persona in (OUT_OF_SCOPE, OUTSIDER) and row.no_leak:
                assert not shown, f"Kota Malang clients leak to {persona}: {shown}"
            if persona == IN_SCOPE and row.shows_client:
                assert shown, "the in-scope worker should see the Kota Malang clients here"
    finally:
        response.close()


def _kota_malang_clients_shown(body, world, query):
    """The registration numbers and names of the world's clients that a page shows, leaving
    out what the page merely echoes back from the query (a search box keeps its text)."""
    echoed = " ".join(str(value) for value in query.values())
    markers = []
    for shown in (world.client, world.photo_client):
        markers += [shown.registration_number, escape(shown.name)]
    return [text for text in markers if text not in echoed and text in body]


# --------------------------------------------------------------------------------------
# Sensitive grievances: a second axis, the group an admin names
# --------------------------------------------------------------------------------------
#
# The world's `sensitive` grievance is a Kota Malang client's, like `grievance`; on top of
# the scope, only members of SENSITIVE_GRIEVANCE_GROUP may open it. Everyone else, the
# superuser included, gets the answer a grievance that does not exist gets.

SENSITIVE_URLS = {
    "programs:grievance_detail": ("GET", lambda w: w.sensitive.pk),
    "programs:grievance_attachment": ("GET", lambda w: w.sensitive_attachment.pk),
    "programs:grievance_assign": ("POST", lambda w: w.sensitive.pk),
    "programs:grievance_status": ("POST", lambda w: w.sensitive.pk),
    "programs:grievance_note": ("POST", lambda w: w.sensitive.pk),
}
# persona -> (fixture, in the group): what each may do with the sensitive grievance.
SENSITIVE_PERSONAS = {
    "worker_in_scope": ("worker_malang", False),
    "manager": ("manager", False),
    "admin": ("admin_user", False),
    "member_out_of_scope": ("worker_bojonegoro", True),
}


@pytest.mark.parametrize("persona", sorted(SENSITIVE_PERSONAS))
@pytest.mark.parametrize("name", sorted(SENSITIVE_URLS))
def test_a_sensitive_grievance_is_hidden_outside_its_group(request, client, world, name, persona):
    from django.contrib.auth.models import Group

    fixture, member = SENSITIVE_PERSONAS[persona]
    user = request.getfixturevalue(fixture)
    if member:
        user.groups.add(Group.objects.get(name=SENSITIVE_GRIEVANCE_GROUP))
    client.force_login(user)
    method, pk = SENSITIVE_URLS[name]
    url = reverse(name, args=[pk(world)])
    response = client.get(url) if method == "GET" else client.post(url, {"text": "x"})
    # 404; or 403 for a persona refused the action whatever the grievance (a manager does
    # not change a status), which says nothing about this one.
    expected = FORBIDDEN if (name, persona) == ("programs:grievance_status", "manager") else 404
    assert response.status_code == expected, _describe(response)
    # ... and it is in no list, no search, no client page, no worklist.
    number = world.sensitive.number
    for page in (
        reverse("programs:grievance_list"),
        reverse("programs:grievance_list") + f"?q={number}",
        world.client.get_absolute_url(),
        reverse("programs:worklist"),
    ):
        body = _body(client.get(page))
        if "?q=" not in page:  # the search box echoes what was typed
            assert number not in body, f"{number} shown on {page} to {persona}"
        assert reverse("programs:grievance_detail", args=[world.sensitive.pk]) not in body


def test_a_sensitive_grievance_is_open_to_its_group_in_scope(client, world, worker_malang):
    from django.contrib.auth.models import Group

    worker_malang.groups.add(Group.objects.get(name=SENSITIVE_GRIEVANCE_GROUP))
    client.force_login(worker_malang)
    detail = client.get(reverse("programs:grievance_detail", args=[world.sensitive.pk]))
    assert detail.status_code == OK
    attachment = reverse("programs:grievance_attachment", args=[world.sensitive_attachment.pk])
    assert client.get(attachment).status_code == OK
    listed = _body(client.get(reverse("programs:grievance_list") + f"?q={world.sensitive.number}"))
    assert world.sensitive.number in listed


def test_the_report_counts_a_sensitive_grievance_for_everyone_in_scope(client, world, manager):
    client.force_login(manager)
    report = client.get(reverse("programs:grievance_report") + "?format=csv")
    rows = [line.split(",") for line in _body(report).splitlines()]
    received = next(
        int(row[1]) for row in rows if row[:1] == ["Diterima"] or row[:1] == ["Received"]
    )
    assert received == Grievance.objects.count() == 2  # the ordinary and the sensitive one
