"""The derived follow-up figures: each business's latest visit, each grantee's state.

`Business.latest_*` (what the latest visit found), `Business.baseline_income` and
`grant_value` (from its grants), and `GranteeFollowUp` (first grant, last
visit of any of the client's businesses, what it found, urgency) are what the outcome
report and the worklist read: looking up "the latest visit" of half a million businesses
or grantees on every page view is what made those pages take seconds at a million
clients (docs/performance.md).

They are never written anywhere else than here, and `follow_up_refresh(client_ids=...)`
is called in the same transaction as every write that can change them: a visit recorded,
archived or restored, a grant handed over, archived or restored, a business's grants
changed, an enrolment's income before training changed, and the admin's saves and deletes
of visits, checks, grants, grant items, enrolments and businesses. It recomputes the
figures of those clients from the visits and grants themselves (archived ones left out),
so it is always right whatever changed; a few queries, whatever the number of clients.
"""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import F, Min, OuterRef, Subquery, Sum

from beneficiaries.models import Client

from ..models import (
    Business,
    EquipmentCheck,
    FollowUpVisit,
    Grant,
    GranteeFollowUp,
    GrantItem,
)
from .worklist import urgency

CHUNK = 5_000


def _latest_first(visits):
    return visits.active().order_by("-visited_on", "-id")


def businesses_refresh(businesses) -> int:
    """Set the derived fields of `businesses` (a queryset) from their visits and grants:
    what the latest visit found; the income before training recorded with the enrolment
    of the first grant (by hand-over date) that has one; the value of the grants."""
    latest = _latest_first(FollowUpVisit.objects.filter(business=OuterRef("pk")))
    baseline = (
        Grant.objects.active()
        .filter(businesses=OuterRef("pk"), enrolment__income_before__isnull=False)
        .order_by("handed_over_on", "id")
        .values("enrolment__income_before")[:1]
    )
    value = (
        GrantItem.objects.filter(grant__businesses=OuterRef("pk"), grant__archived_at__isnull=True)
        .order_by()
        .values("grant__businesses")
        .annotate(total=Sum(F("quantity") * F("unit_value")))
        .values("total")
    )
    return businesses.update(
        latest_visit=Subquery(latest.values("pk")[:1]),
        latest_visit_on=Subquery(latest.values("visited_on")[:1]),
        latest_status=Subquery(latest.values("status")[:1]),
        latest_income=Subquery(latest.values("net_income")[:1]),
        latest_employees=Subquery(latest.values("employees")[:1]),
        baseline_income=Subquery(baseline),
        grant_value=Subquery(value),
    )


def grantees_refresh(client_ids: list) -> int:
    """Rewrite the GranteeFollowUp rows of these clients (none for a client without a
    grant that is not archived)."""
    GranteeFollowUp.objects.filter(client_id__in=client_ids).delete()
    last = _latest_first(FollowUpVisit.objects.filter(business__client=OuterRef("pk")))
    first_grant = (
        Grant.objects.active()
        .filter(client=OuterRef("pk"))
        .order_by()
        .values("client")
        .annotate(first=Min("handed_over_on"))
        .values("first")
    )
    rows = list(
        Client.objects.filter(pk__in=client_ids)
        .annotate(
            first_grant_on=Subquery(first_grant),
            last_visit_id=Subquery(last.values("pk")[:1]),
            last_visit_on=Subquery(last.values("visited_on")[:1]),
            last_status=Subquery(last.values("status")[:1]),
        )
        .filter(first_grant_on__isnull=False)
        .values("pk", "first_grant_on", "last_visit_id", "last_visit_on", "last_status")
    )
    problems = set(
        EquipmentCheck.objects.filter(
            visit_id__in=[row["last_visit_id"] for row in rows if row["last_visit_id"]],
            condition__in=EquipmentCheck.PROBLEMS,
        ).values_list("visit_id", flat=True)
    )
    states = []
    for row in rows:
        status = row["last_status"] or ""
        problem = row["last_visit_id"] in problems
        states.append(
            GranteeFollowUp(
                client_id=row["pk"],
                first_grant_on=row["first_grant_on"],
                last_visit_id=row["last_visit_id"],
                last_visit_on=row["last_visit_on"],
                last_status=status,
                equipment_problem=problem,
                last_contact_on=row["last_visit_on"] or row["first_grant_on"],
                urgency=urgency(status=status, equipment_problem=problem),
            )
        )
    GranteeFollowUp.objects.bulk_create(states, batch_size=1000)
    return len(states)


def _clients_lock(client_ids: list) -> None:
    """Two refreshes of one client, one after the other: each then reads the visits and
    grants the other committed (issue #15).

    On PostgreSQL (READ COMMITTED) two visits recorded at once for one business both ran
    businesses_refresh; the second's UPDATE waited for the first's row lock and then wrote
    figures computed from its snapshot, taken before the first visit was committed: the
    business's latest visit was lost. Holding the clients' rows first makes every later
    statement of the refresh start after the other refresh has committed. NO KEY UPDATE
    (not FOR UPDATE), so that the rows other writes add for these clients (a visit, a
    grant, an access log entry: a KEY SHARE lock) do not wait for it; in id order
    (`client_ids` is sorted), so two refreshes of several clients cannot deadlock. SQLite
    has no row locks and needs none: its IMMEDIATE transactions run one at a time.
    """
    list(
        Client.objects.select_for_update(no_key=True)
        .filter(pk__in=client_ids)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def follow_up_refresh(*, client_ids: Iterable) -> None:
    """Recompute the latest-visit fields of these clients' businesses and their grantee
    follow-up rows. Runs in the caller's transaction (or its own)."""
    client_ids = sorted({pk for pk in client_ids if pk is not None})
    if not client_ids:
        return
    with transaction.atomic():
        for start in range(0, len(client_ids), CHUNK):
            chunk = client_ids[start : start + CHUNK]
            _clients_lock(chunk)
            businesses_refresh(Business.objects.filter(client_id__in=chunk))
            grantees_refresh(chunk)


def follow_up_refresh_all(*, progress=None) -> None:
    """Every client with a business or a grant, a chunk at a time (seeding, repairs)."""
    ids = sorted(
        set(Business.objects.values_list("client_id", flat=True).distinct())
        | set(Grant.objects.values_list("client_id", flat=True).distinct())
    )
    for start in range(0, len(ids), CHUNK):
        follow_up_refresh(client_ids=ids[start : start + CHUNK])
        if progress:
            progress(min(start + CHUNK, len(ids)), len(ids))
