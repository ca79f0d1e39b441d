"""Every write of a grievance: recording it, assigning it, moving its status, notes and
attachments, and the escalation of the overdue. Keyword-only, full_clean() before save,
one transaction; each change also leaves a note on the grievance's own thread, so its page
tells the story without opening the change history."""

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.record_writes import history_user_set

from ..models import Grievance, GrievanceAttachment, GrievanceNote
from .deadlines import deadline_for


@transaction.atomic
def grievance_record(
    *,
    recorded_by: AbstractBaseUser,
    attachment=None,
    **fields,
) -> Grievance:
    """Record a grievance received on `received_on` (default today); its deadline follows
    from its category and severity (deadlines.py). A registered client's grievance is
    filed under the client's regency."""
    grievance = Grievance(created_by=recorded_by, **fields)
    if grievance.client_id:
        grievance.regency_id = grievance.client.regency_id
        grievance.complainant_name = ""
    if grievance.category_id and grievance.category.sensitive:
        # Abuse, harassment, misconduct: sensitive whatever the box said (the form says so).
        grievance.sensitive = True
    if grievance.channel != Grievance.Channel.LAPOR:
        grievance.lapor_ticket = ""
    if grievance.received_on and grievance.category_id:
        grievance.due_on = deadline_for(
            received_on=grievance.received_on,
            category=grievance.category,
            severity=grievance.severity,
        )
    grievance.full_clean(exclude=["due_on"])
    history_user_set(grievance, recorded_by)
    grievance.save()
    if attachment is not None:
        attachment_add(grievance=grievance, file=attachment, uploaded_by=recorded_by)
    return grievance


def _locked(grievance: Grievance) -> Grievance:
    # Two people handling the same grievance at once: the second waits for the first,
    # then works on what the first saved.
    return Grievance.objects.select_for_update().get(pk=grievance.pk)


def _note(grievance, *, author, kind, text) -> GrievanceNote:
    note = GrievanceNote(grievance=grievance, author=author, kind=kind, text=text)
    note.full_clean()
    history_user_set(note, author)
    note.save()
    return note


@transaction.atomic
def grievance_assign(
    *, grievance: Grievance, assigned_by: AbstractBaseUser, assigned_to, service_unit
) -> Grievance:
    grievance = _locked(grievance)
    if (grievance.assigned_to_id, grievance.service_unit_id) == (
        getattr(assigned_to, "pk", None),
        getattr(service_unit, "pk", None),
    ):
        return grievance
    grievance.assigned_to = assigned_to
    grievance.service_unit = service_unit
    if grievance.status == Grievance.Status.NEW and (assigned_to or service_unit):
        grievance.status = Grievance.Status.IN_PROGRESS
    grievance.full_clean(exclude=["due_on"])
    history_user_set(grievance, assigned_by)
    grievance.save()
    who = [str(x) for x in (assigned_to and _display(assigned_to), service_unit) if x]
    _note(
        grievance,
        author=assigned_by,
        kind=GrievanceNote.Kind.CHANGE,
        text=_("Assigned to %(who)s.") % {"who": ", ".join(who)}
        if who
        else _("Assignment removed."),
    )
    return grievance


def _display(user) -> str:
    return user.get_full_name() or user.get_username()


@transaction.atomic
def grievance_status_set(
    *,
    grievance: Grievance,
    changed_by: AbstractBaseUser,
    status: str,
    resolution: str = "",
    acceptance: str = Grievance.Acceptance.UNKNOWN,
    rejection_reason: str = "",
    on: datetime.date | None = None,
) -> Grievance:
    """Move a grievance to `status`. Closing it (resolved, rejected) dates it `on` (default
    today), which the report's "resolved on time" compares with the deadline; reopening
    clears that date."""
    grievance = _locked(grievance)
    before = grievance.status
    grievance.status = status
    grievance.resolution = resolution
    grievance.acceptance = acceptance
    grievance.rejection_reason = rejection_reason
    if status in Grievance.CLOSED_STATUSES:
        if before not in Grievance.CLOSED_STATUSES or grievance.closed_on is None:
            grievance.closed_on = on or timezone.localdate()
    else:
        grievance.closed_on = None
    grievance.full_clean(exclude=["due_on"])
    history_user_set(grievance, changed_by)
    grievance.save()
    if before != status:
        _note(
            grievance,
            author=changed_by,
            kind=GrievanceNote.Kind.CHANGE,
            text=_("Status: %(before)s → %(after)s.")
            % {
                "before": Grievance.Status(before).label,
                "after": Grievance.Status(status).label,
            },
        )
    return grievance


@transaction.atomic
def grievance_note_add(
    *, grievance: Grievance, author: AbstractBaseUser, kind: str, text: str, attachment=None
) -> GrievanceNote:
    note = _note(grievance, author=author, kind=kind, text=text)
    if attachment is not None:
        attachment_add(grievance=grievance, file=attachment, uploaded_by=author)
    return note


def attachment_add(*, grievance: Grievance, file, uploaded_by) -> GrievanceAttachment:
    """`file` is what documents.attachment_prepare returned (never the upload itself)."""
    attachment = GrievanceAttachment(grievance=grievance, uploaded_by=uploaded_by)
    attachment.file.save(file.name, file, save=False)
    history_user_set(attachment, uploaded_by)
    attachment.save()
    return attachment


@transaction.atomic
def grievances_escalate(*, today: datetime.date, escalated_by=None) -> int:
    """Mark every open grievance past its deadline as escalated to the managers (once),
    with a note on its thread; managers find them on their worklist. Returns how many."""
    overdue = (
        Grievance.objects.overdue(today)
        .filter(escalated_on__isnull=True)
        .select_for_update()
        .order_by("pk")
    )
    count = 0
    for grievance in overdue:
        grievance.escalated_on = today
        history_user_set(grievance, escalated_by)
        grievance.save(update_fields=["escalated_on"])
        _note(
            grievance,
            author=escalated_by,
            kind=GrievanceNote.Kind.ESCALATION,
            text=_("Past its deadline of %(due)s: escalated to the managers.")
            % {"due": grievance.due_on.strftime("%d-%m-%Y")},
        )
        count += 1
    return count
