"""Bad input through the grievance forms (issue #19): recording a grievance (from a client's
page, or for a person not in the registry), assigning it, moving its status and adding a
note. A saved grievance must also leave the pages that show it (its own page, the list,
the client's page, the worklist, the report) working."""

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from programs.grievances.services import grievance_record
from programs.models import Grievance, GrievanceAttachment, GrievanceCategory, GrievanceNote
from programs.models.grievances import EARLIEST_RECEIVED

from .checks import (
    assert_page_shows,
    assert_stored,
    assert_verdict,
    body,
    post_form,
    rolled_back,
    shown,
    submission,
)
from .profiles import more_examples
from .strategies import (
    ABSENT,
    Checkbox,
    Choice,
    Date,
    Text,
    Upload,
    stored_file_kind,
)
from .submissions import assert_baseline_saves, draw_changes, read_form, valid_baseline

LIST = reverse("programs:grievance_list")
REPORT = reverse("programs:grievance_report")
WORKLIST = reverse("programs:worklist")


def _last(value):
    """What Django reads of a submitted value: the last of several, nothing if absent."""
    if value is ABSENT or value is None:
        return None
    if isinstance(value, list):
        return value[-1] if value else None
    return value


def _ticked(data, name) -> bool:
    """Whether the sensitive box reads the submission's `name` as ticked: CheckboxInput
    takes any value but "" and "false" (in any case) as ticked, "0" included."""
    value = _last(data.get(name))
    return value is not None and value.lower() != "false" and bool(value)


def _attachment_kinds(attachments) -> list[str]:
    return [stored_file_kind(a.file) for a in attachments.order_by("pk")]


def _first_attachment(grievance) -> str:
    kinds = _attachment_kinds(grievance.attachments)
    return kinds[0] if kinds else ""


@pytest.fixture
def grievance(world, worker_malang):
    """A new grievance of the world's Kota Malang client, ours to handle (the world's own
    are the authorization matrix's)."""
    return grievance_record(
        recorded_by=worker_malang,
        client=world.client,
        channel=Grievance.Channel.PHONE,
        category=GrievanceCategory.objects.get(name="Lainnya"),
        severity="medium",
        description="Mesin jahit belum diterima",
    )


# -- Recording a grievance (GrievanceForm) ---------------------------------------------------


def grievance_fields(for_client: bool):
    fields = {
        # Never in the future, nor before 2000 (a typo rather than an old complaint).
        "received_on": Date(lower=EARLIEST_RECEIVED, upper=timezone.localdate()),
        # SP4N-LAPOR! needs its ticket number: the channel does not decide alone.
        "channel": Choice(decides=False),
        "lapor_ticket": Text(max_length=50),
        "category": Choice(),
        "severity": Choice(),
        "description": Text(required=True),
        "sensitive": Checkbox(),
        "attachment": Upload(pdf=True),
    }
    if for_client:
        # Her own active grant, training and visit, or none.
        fields |= {
            "grant": Choice(required=False),
            "enrolment": Choice(required=False),
            "visit": Choice(required=False),
        }
    else:
        fields |= {
            "complainant_name": Text(max_length=200, required=True),
            "complainant_contact": Text(max_length=200),
            "regency": Choice(),  # the regencies of the worker's area
        }
    return fields


# Channel and ticket are checked apart (the ticket is kept for SP4N-LAPOR! only).
GRIEVANCE_STORED = {
    "received_on": lambda g: g.received_on,
    "complainant_name": lambda g: g.complainant_name,
    "complainant_contact": lambda g: g.complainant_contact,
    "regency": lambda g: g.regency_id,
    "category": lambda g: str(g.category_id),
    "severity": lambda g: g.severity,
    "description": lambda g: g.description,
    "grant": lambda g: str(g.grant_id or ""),
    "enrolment": lambda g: str(g.enrolment_id or ""),
    "visit": lambda g: str(g.visit_id or ""),
    "attachment": _first_attachment,
}


@pytest.fixture(params=["for_client", "unregistered"])
def grievance_create(request, english, worker_malang, world):
    english.force_login(worker_malang)
    for_client = request.param == "for_client"
    if for_client:
        url = reverse("programs:grievance_create_for_client", args=[world.client.pk])
        who = {}
    else:
        url = reverse("programs:grievance_create")
        who = {"complainant_name": "Ibu Sumarni", "regency": world.client.regency_id}
    form = read_form(english, url)
    baseline = valid_baseline(
        form,
        channel=Grievance.Channel.WHATSAPP,
        category=GrievanceCategory.objects.get(name="Bantuan tidak diterima").pk,
        description="Bantuan belum sampai.",
        **who,
    )
    assert_baseline_saves(english, url, baseline)
    return for_client, url, form, baseline


def _check_channel(grievance, posted):
    """The channel typed; the ticket kept (stripped) for SP4N-LAPOR! only, and required
    there."""
    channel = _last(posted.get("channel"))
    ticket = (_last(posted.get("lapor_ticket")) or "").strip()
    assert grievance.channel == channel
    if channel == Grievance.Channel.LAPOR:
        assert grievance.lapor_ticket == ticket
    else:
        assert grievance.lapor_ticket == ""


@more_examples(2)
@given(data=st.data())
def test_recording_a_grievance_survives_bad_input(
    english, grievance_create, world, worker_malang, data
):
    for_client, url, form, baseline = grievance_create
    drawn = draw_changes(data, form, grievance_fields(for_client))
    posted = submission(baseline, drawn)
    with rolled_back():
        known = set(Grievance.objects.values_list("pk", flat=True))
        known_files = set(GrievanceAttachment.objects.values_list("pk", flat=True))
        answer = post_form(english, url, posted)
        assert_verdict(answer, drawn)
        channel = _last(posted.get("channel"))
        ticket = _last(posted.get("lapor_ticket")) or ""
        if channel == Grievance.Channel.LAPOR and not ticket.strip():
            assert not answer.saved, "an SP4N-LAPOR! grievance saved without its ticket"
        if not answer.saved:
            return
        grievance = Grievance.objects.exclude(pk__in=known).get()
        assert_stored(grievance, GRIEVANCE_STORED, drawn)
        _check_channel(grievance, posted)
        # Ticked, or of a category that is always sensitive (abuse, harassment, misconduct).
        assert grievance.sensitive == (_ticked(posted, "sensitive") or grievance.category.sensitive)
        assert grievance.status == Grievance.Status.NEW
        assert grievance.created_by_id == worker_malang.pk
        assert grievance.due_on > grievance.received_on
        if for_client:
            assert grievance.client_id == world.client.pk
            assert grievance.regency_id == world.client.regency_id
            assert grievance.complainant_name == ""
        else:
            assert grievance.client_id is None
        # At most the one attachment, a picture re-encoded or a rewritten PDF.
        kinds = _attachment_kinds(GrievanceAttachment.objects.exclude(pk__in=known_files))
        assert kinds in ([], ["jpeg"], ["pdf"]), kinds
        if grievance.sensitive:
            # The worker is not in the sensitive group: back where she came from, and
            # the grievance is not hers to open.
            back = world.client.get_absolute_url() if for_client else LIST
            assert answer.response["Location"] == back
            assert english.get(grievance.get_absolute_url()).status_code == 404
        else:
            assert answer.response["Location"] == grievance.get_absolute_url()
            texts = [shown(grievance.description, multiline=True)]
            texts += [shown(grievance.complainant_name)] * bool(grievance.complainant_name)
            texts += [shown(grievance.complainant_contact)] * bool(grievance.complainant_contact)
            texts += [shown(grievance.lapor_ticket)] * bool(grievance.lapor_ticket)
            assert_page_shows(english, grievance.get_absolute_url(), texts)
            assert_page_shows(english, LIST, [grievance.number, shown(grievance.complainant)])
        if for_client:
            assert_page_shows(english, world.client.get_absolute_url(), [])
        assert_page_shows(english, WORKLIST, [])
        assert_page_shows(english, REPORT, [])


# -- Assigning (GrievanceAssignForm) ---------------------------------------------------------

ASSIGN_FIELDS = {
    "assigned_to": Choice(required=False),  # the active social workers and managers
    "service_unit": Choice(required=False),
}
ASSIGN_STORED = {
    "assigned_to": lambda g: str(g.assigned_to_id or ""),
    "service_unit": lambda g: str(g.service_unit_id or ""),
}


@pytest.fixture
def grievance_assign(english, worker_malang, manager, worker_bojonegoro, grievance):
    english.force_login(worker_malang)
    url = reverse("programs:grievance_assign", args=[grievance.pk])
    form = read_form(english, grievance.get_absolute_url(), action=url)
    assert len(form.options("assigned_to")) >= 3, form.options("assigned_to")
    baseline = valid_baseline(form, assigned_to=manager.pk)
    assert_baseline_saves(english, url, baseline)
    return url, form, baseline


@given(data=st.data())
def test_assigning_a_grievance_survives_bad_input(english, grievance_assign, grievance, data):
    url, form, baseline = grievance_assign
    drawn = draw_changes(data, form, ASSIGN_FIELDS)
    with rolled_back():
        known = set(GrievanceNote.objects.values_list("pk", flat=True))
        answer = post_form(english, url, submission(baseline, drawn))
        assert_verdict(answer, drawn)
        if not answer.saved:
            return
        handled = Grievance.objects.get(pk=grievance.pk)
        assert answer.response["Location"] == handled.get_absolute_url()
        assert_stored(handled, ASSIGN_STORED, drawn)
        someone = handled.assigned_to_id or handled.service_unit_id
        assert handled.status == (Grievance.Status.IN_PROGRESS if someone else grievance.status)
        # A change leaves one note on the thread; no change, none.
        notes = GrievanceNote.objects.exclude(pk__in=known)
        changed = (handled.assigned_to_id, handled.service_unit_id) != (None, None)
        assert [n.kind for n in notes] == [GrievanceNote.Kind.CHANGE] * changed
        texts = [shown(handled.service_unit.name)] if handled.service_unit_id else []
        assert_page_shows(english, handled.get_absolute_url(), texts)
        assert_page_shows(english, WORKLIST, [])


# -- Moving its status (GrievanceStatusForm) -------------------------------------------------

STATUS_FIELDS = {
    # Resolved needs a resolution, rejected a reason: the status does not decide alone.
    "status": Choice(decides=False),
    "resolution": Text(),
    "acceptance": Choice(),
    "rejection_reason": Text(),
}
STATUS_STORED = {
    "status": lambda g: g.status,
    "resolution": lambda g: g.resolution,
    "acceptance": lambda g: g.acceptance,
    "rejection_reason": lambda g: g.rejection_reason,
}


@pytest.fixture
def grievance_handling(english, worker_malang, grievance):
    english.force_login(worker_malang)
    url = reverse("programs:grievance_status", args=[grievance.pk])
    form = read_form(english, grievance.get_absolute_url(), action=url)
    baseline = valid_baseline(form, status=Grievance.Status.IN_PROGRESS)
    assert_baseline_saves(english, url, baseline)
    return url, form, baseline


@given(data=st.data())
def test_handling_a_grievance_survives_bad_input(english, grievance_handling, grievance, data):
    url, form, baseline = grievance_handling
    drawn = draw_changes(data, form, STATUS_FIELDS)
    posted = submission(baseline, drawn)
    with rolled_back():
        answer = post_form(english, url, posted)
        assert_verdict(answer, drawn)
        status = _last(posted.get("status"))
        resolution = (_last(posted.get("resolution")) or "").strip()
        reason = (_last(posted.get("rejection_reason")) or "").strip()
        if status == Grievance.Status.RESOLVED and not resolution:
            assert not answer.saved, "resolved without a resolution"
        if status == Grievance.Status.REJECTED and not reason:
            assert not answer.saved, "rejected without a reason"
        if not answer.saved:
            return
        handled = Grievance.objects.get(pk=grievance.pk)
        assert answer.response["Location"] == handled.get_absolute_url()
        assert_stored(handled, STATUS_STORED, drawn)
        assert handled.status == status
        if handled.status in Grievance.CLOSED_STATUSES:
            assert handled.closed_on == timezone.localdate()
        else:
            assert handled.closed_on is None
        texts = [shown(handled.resolution, multiline=True)] * bool(handled.resolution)
        texts += [shown(handled.rejection_reason, multiline=True)] * bool(handled.rejection_reason)
        assert_page_shows(english, handled.get_absolute_url(), texts)
        assert_page_shows(english, LIST, [handled.number])
        assert_page_shows(english, REPORT, [])


# -- Adding a note (GrievanceNoteForm) -------------------------------------------------------

NOTE_FIELDS = {
    "kind": Choice(),  # a comment or an action taken (never a system entry)
    "text": Text(required=True),
    "attachment": Upload(pdf=True),
}


@pytest.fixture
def grievance_comment(english, worker_malang, grievance):
    english.force_login(worker_malang)
    url = reverse("programs:grievance_note", args=[grievance.pk])
    form = read_form(english, grievance.get_absolute_url(), action=url)
    assert sorted(form.options("kind")) == sorted(
        [GrievanceNote.Kind.COMMENT, GrievanceNote.Kind.ACTION]
    )
    baseline = valid_baseline(form, text="Sudah ditelepon, mesin akan diganti.")
    assert_baseline_saves(english, url, baseline)
    return url, form, baseline


@given(data=st.data())
def test_commenting_on_a_grievance_survives_bad_input(
    english, grievance_comment, grievance, worker_malang, data
):
    url, form, baseline = grievance_comment
    drawn = draw_changes(data, form, NOTE_FIELDS)
    with rolled_back():
        known = set(GrievanceNote.objects.values_list("pk", flat=True))
        known_files = set(GrievanceAttachment.objects.values_list("pk", flat=True))
        answer = post_form(english, url, submission(baseline, drawn))
        assert_verdict(answer, drawn)
        if not answer.saved:
            return
        assert answer.response["Location"] == grievance.get_absolute_url()
        note = GrievanceNote.objects.exclude(pk__in=known).get()
        assert note.grievance_id == grievance.pk
        assert note.author_id == worker_malang.pk
        added = GrievanceAttachment.objects.exclude(pk__in=known_files)
        stored = {
            "kind": lambda n: n.kind,
            "text": lambda n: n.text,
            "attachment": lambda n: (_attachment_kinds(added) or [""])[0],
        }
        assert_stored(note, stored, drawn)
        assert len(added) <= 1
        assert all(a.grievance_id == grievance.pk for a in added)
        html = assert_page_shows(
            english, grievance.get_absolute_url(), [shown(note.text, multiline=True)]
        )
        for attachment in added:
            link = reverse("programs:grievance_attachment", args=[attachment.pk])
            assert link in html
            assert english.get(link).status_code == 200, body(english.get(link))[:500]
