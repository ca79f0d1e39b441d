"""The follow-up worklist ("Perlu tindak lanjut"): grantees in the viewer's scope who need a
visit, why, and how urgently. Computed in the database: one query for the count and one for
a page, whatever the number of clients, from the grantees' follow-up rows
(GranteeFollowUp, kept by refresh.py).

A client is on the list when they received a grant and
  (a) no visit in FOLLOW_UP_INTERVAL_MONTHS (6) months, or never a visit;
  (b) their last visit found the business stagnan, belum berkembang or tutup;
  (c) their last visit found granted equipment broken, sold or lost.

Urgency (the order of the list):
  1. equipment broken, sold or lost, or the business closed: help may come too late;
  2. a business that is flat or not yet developing;
  3. only overdue (or never visited);
and within each group, the longest without contact first (since the last visit, or since
the first grant when there was never a visit).
"""

import datetime
from dataclasses import dataclass

from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from beneficiaries.models import Client
from beneficiaries.models.access import user_area

from ..models import FollowUpVisit, GranteeFollowUp
from .dates import months_ago


class Reason:
    OVERDUE = "overdue"
    NEVER_VISITED = "never_visited"
    STATUS = "status"
    EQUIPMENT = "equipment"

    CHOICES = [
        (OVERDUE, _("No visit for too long")),
        (NEVER_VISITED, _("Never visited")),
        (STATUS, _("Business not developing or closed")),
        (EQUIPMENT, _("Equipment broken, sold or lost")),
    ]


# The urgency rule, stored with each grantee's follow-up row by refresh.py (so that the list
# sorts by an indexed column): see the module's docstring.
def urgency(*, status: str, equipment_problem: bool) -> int:
    if equipment_problem or status == FollowUpVisit.Status.CLOSED:
        return GranteeFollowUp.Urgency.EQUIPMENT_OR_CLOSED
    if status in FollowUpVisit.NEEDS_HELP:
        return GranteeFollowUp.Urgency.NOT_DEVELOPING
    return GranteeFollowUp.Urgency.OTHER


def _reasons(cutoff: datetime.date, prefix: str = "") -> dict[str, Q]:
    """Each reason as a condition on a GranteeFollowUp (`prefix`: the path to it)."""
    return {
        Reason.NEVER_VISITED: Q(**{f"{prefix}last_visit_on__isnull": True}),
        Reason.OVERDUE: Q(**{f"{prefix}last_visit_on__lt": cutoff}),
        Reason.STATUS: Q(**{f"{prefix}last_status__in": FollowUpVisit.NEEDS_HELP}),
        Reason.EQUIPMENT: Q(**{f"{prefix}equipment_problem": True}),
    }


def _on_the_list(cutoff: datetime.date, reason: str = "", prefix: str = "") -> Q:
    """At least one reason (or the one `reason` asked for)."""
    reasons = _reasons(cutoff, prefix)
    if reason in reasons:
        return reasons[reason]
    on_list = Q()
    for condition in reasons.values():
        on_list |= condition
    return on_list


def worklist_queryset(user, *, today: datetime.date, interval_months: int):
    """Visible grantees annotated with their last visit, reasons and urgency, most urgent
    first. Only the clients with at least one reason are returned.

    The first grant, the last visit and what it found are read from each grantee's
    GranteeFollowUp row (kept by programs.follow_up with every grant and visit), so the
    list costs a join, not a search for the latest visit of every grantee."""
    cutoff = months_ago(today, interval_months)
    return (
        Client.objects.visible_to(user)
        .active()
        .filter(follow_up__isnull=False)
        .filter(_on_the_list(cutoff, prefix="follow_up__"))
        .annotate(
            first_grant_on=F("follow_up__first_grant_on"),
            last_visit_id=F("follow_up__last_visit_id"),
            last_visit_on=F("follow_up__last_visit_on"),
            last_status=F("follow_up__last_status"),
            equipment_problem=F("follow_up__equipment_problem"),
            last_contact_on=F("follow_up__last_contact_on"),
            urgency=F("follow_up__urgency"),
        )
        .select_related("regency")
        .order_by("urgency", "last_contact_on", "name_normalized", "id")
    )


def filter_by_reason(queryset, reason: str, *, today: datetime.date, interval_months: int):
    cutoff = months_ago(today, interval_months)
    conditions = _reasons(cutoff, prefix="follow_up__")
    return queryset.filter(conditions[reason]) if reason in conditions else queryset


def province_worklist_count(
    user, *, today: datetime.date, interval_months: int, reason: str = ""
) -> int | None:
    """The number of clients on a province-wide user's list (no regency filter), counted
    from the follow-up rows alone; None for any other user, whose list is counted as a
    queryset (an index on the clients' regency answers it quickly).

    Counting the province's list through the join to a million clients (to leave out the
    archived ones) took 360 ms at 1M clients; the rows on the list, less those of archived
    clients (few, found through client_archived_idx), take a scan of the follow-up table."""
    if not user_area(user).everyone:
        return None
    rows = GranteeFollowUp.objects.filter(
        _on_the_list(months_ago(today, interval_months), reason)
    ).order_by()
    return rows.count() - rows.filter(client__archived_at__isnull=False).count()


@dataclass(frozen=True)
class WorklistRow:
    client: Client
    reasons: list[str]  # Reason codes
    days_without_contact: int | None
    days_overdue: int | None  # past the interval; None when not overdue

    @property
    def reason_labels(self):
        labels = dict(Reason.CHOICES)
        return [labels[r] for r in self.reasons]


def worklist_row(client, *, today: datetime.date, interval_months: int) -> WorklistRow:
    """Why an annotated client (from worklist_queryset) is on the list: no queries."""
    cutoff = months_ago(today, interval_months)
    reasons = []
    if client.equipment_problem:
        reasons.append(Reason.EQUIPMENT)
    if client.last_status in FollowUpVisit.NEEDS_HELP:
        reasons.append(Reason.STATUS)
    if client.last_visit_on is None:
        reasons.append(Reason.NEVER_VISITED)
    elif client.last_visit_on < cutoff:
        reasons.append(Reason.OVERDUE)
    contact = client.last_contact_on
    days = (today - contact).days if contact else None
    overdue = None
    if client.last_visit_on is None or client.last_visit_on < cutoff:
        due = client.last_visit_on or client.first_grant_on
        overdue = max((today - due).days - (today - cutoff).days, 0) if due else None
    return WorklistRow(client, reasons, days, overdue)
