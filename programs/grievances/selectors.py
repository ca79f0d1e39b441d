"""Reads of grievances. Each starts from `Grievance.objects.visible_to(user)` (the scope and
the sensitive rule, programs/models/grievances.py): a grievance outside them is a 404, the
same answer as one that does not exist."""

import datetime
import re
from dataclasses import dataclass

from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404

from beneficiaries.models import Client
from beneficiaries.models.clients import normalize_name

from ..models import Grievance, GrievanceAttachment, GrievanceNote

NUMBER = re.compile(r"(?i)^\s*PGD-(\d{4})-(\d{1,9})\s*$")


@dataclass(frozen=True)
class GrievanceFilters:
    text: str = ""
    status: str = ""  # a status, or "open"
    category: int | None = None
    regency: str = ""
    channel: str = ""
    overdue: bool = False
    mine: bool = False


def grievance_list(user, f: GrievanceFilters, *, today: datetime.date):
    grievances = Grievance.objects.visible_to(user).select_related(
        "client", "regency", "category", "assigned_to", "service_unit"
    )
    if f.text:
        grievances = _search(grievances, f.text)
    if f.status == "open":
        grievances = grievances.open()
    elif f.status:
        grievances = grievances.filter(status=f.status)
    if f.category:
        grievances = grievances.filter(category_id=f.category)
    if f.regency:
        grievances = grievances.filter(regency_id=f.regency)
    if f.channel:
        grievances = grievances.filter(channel=f.channel)
    if f.overdue:
        grievances = grievances.overdue(today)
    if f.mine:
        grievances = grievances.filter(assigned_to=user)
    return grievances.order_by("-received_on", "-pk")


def _search(grievances, text: str):
    """The grievance's number (PGD-2026-000012), a SP4N-LAPOR! ticket, or a fragment of
    the complainant's name."""
    text = text.strip()
    if match := NUMBER.match(text):
        return grievances.filter(pk=int(match.group(2)), received_on__year=int(match.group(1)))
    name = normalize_name(text)
    return grievances.filter(
        Q(lapor_ticket__iexact=text)
        | Q(client__name_normalized__contains=name)
        | Q(complainant_name__icontains=text)
    )


def grievance_detail(user, pk) -> Grievance:
    return get_object_or_404(
        Grievance.objects.visible_to(user)
        .select_related(
            "client__regency",
            "regency",
            "category",
            "assigned_to",
            "service_unit",
            "grant",
            "enrolment__batch__program",
            "visit__business",
            "created_by",
        )
        .prefetch_related(
            Prefetch("notes", queryset=GrievanceNote.objects.select_related("author")),
            Prefetch("attachments", queryset=GrievanceAttachment.objects.order_by("pk")),
        ),
        pk=pk,
    )


def grievance_get_for_change(user, pk) -> Grievance:
    return get_object_or_404(Grievance.objects.visible_to(user), pk=pk)


def attachment_get_for_user(user, pk) -> GrievanceAttachment:
    return get_object_or_404(
        GrievanceAttachment.objects.select_related("grievance__client").filter(
            grievance__in=Grievance.objects.visible_to(user)
        ),
        pk=pk,
    )


def client_grievances(user, client: Client):
    """A client's grievances the user may open (no sensitive one outside its group)."""
    return (
        Grievance.objects.visible_to(user)
        .filter(client=client)
        .select_related("category")
        .order_by("-received_on", "-pk")
    )


def worklist_grievances(user, *, today: datetime.date, limit: int = 10):
    """The worklist's two short lists: open grievances assigned to the user, and open
    grievances of her area past their deadline (what a manager is escalated)."""
    visible = Grievance.objects.visible_to(user).select_related("client", "category", "regency")
    return {
        "mine": list(visible.open().filter(assigned_to=user).order_by("due_on", "pk")[:limit]),
        "overdue": list(visible.overdue(today).order_by("due_on", "pk")[:limit]),
        "overdue_count": visible.overdue(today).count(),
    }
