"""What the grievances add to a client's page, timeline and subject-access file (registered
in programs/apps.py through the registry's extension points)."""

from django.utils.translation import gettext as _

from beneficiaries.client_page import ClientPageSection
from beneficiaries.subject_access import SubjectAccessPart, record_as_dict
from beneficiaries.timeline import TimelineEvent

from ..models import Grievance
from .selectors import client_grievances


def grievances_section(request, client) -> ClientPageSection:
    return ClientPageSection(
        "programs/client_grievances.html",
        {
            "grievances": list(client_grievances(request.user, client)[:20])
            if request.user.has_perm("programs.view_grievance")
            else None,
            "can_add": request.user.has_perm("programs.add_grievance") and not client.is_archived,
        },
    )


def grievance_events(client):
    """A grievance received, and its closing. The timeline has no reader to ask (it is the
    same for everyone who may see the client), so a sensitive grievance is never on it."""
    grievances = (
        Grievance.objects.filter(client=client, sensitive=False)
        .select_related("category")
        .order_by("received_on", "pk")
    )
    for grievance in grievances:
        url = grievance.get_absolute_url()
        yield TimelineEvent(
            grievance.received_on,
            "grievance",
            _("Grievance %(number)s: %(category)s")
            % {"number": grievance.number, "category": grievance.category.name},
            grievance.get_channel_display(),
            url,
        )
        if grievance.closed_on:
            yield TimelineEvent(
                grievance.closed_on,
                "grievance_closed",
                _("Grievance %(number)s %(status)s")
                % {"number": grievance.number, "status": grievance.get_status_display().lower()},
                grievance.resolution or grievance.rejection_reason,
                url,
            )


def grievances_subject_access(client) -> SubjectAccessPart:
    """The person's grievances and their threads for her subject-access file. A sensitive
    one is left out: the file is downloaded by managers, who may be outside the sensitive
    group; the group hands it over itself."""
    grievances = list(
        Grievance.objects.filter(client=client, sensitive=False)
        .select_related("category")
        .prefetch_related("notes", "attachments")
        .order_by("pk")
    )
    return SubjectAccessPart(
        sections={
            "grievances": [
                {
                    **record_as_dict(g),
                    "number": g.number,
                    "notes": [record_as_dict(n) for n in g.notes.all()],
                }
                for g in grievances
            ]
        },
        files=[a.file for g in grievances for a in g.attachments.all()],
    )
