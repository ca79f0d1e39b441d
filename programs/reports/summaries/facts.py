"""What the outcome report needs to know about each client, read from the records in a few
queries per chunk of clients (whatever their number): the facts the summaries are computed
from (contributions.py). Archived records count for nothing, as in the report itself.

A client's facts, as stored in ReportClientFacts.facts (JSON: lists, not tuples):
  r, s, u: regency code, sex, service unit id (None);  y: year registered (local time);
  p, k: PPKS type ids and disability kind ids (sorted, each once);
  e: active enrolments [batch, program, batch's unit, start year, completed, income before];
  g: active grants [id, program, unit, batch (None without a training), hand-over year,
     start year of the training (None), value];
  b: businesses [id, [ids of their active grants], latest status, latest income, baseline
     income, latest employees, grant value, [[quarter start (ISO), visits, developing,
     income sum, incomes recorded], ...]];
  v: the grantee's last visit (ISO date, None).
"""

from collections import defaultdict

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import TruncQuarter
from django.utils import timezone

from beneficiaries.models import Client

from ...models import Business, Enrolment, FollowUpVisit, Grant, GranteeFollowUp, GrantItem

COMPLETED = Enrolment.Status.COMPLETED
DEVELOPING = FollowUpVisit.Status.DEVELOPING


def _iso(day):
    return day.isoformat() if day else None


def _quarter(value):
    return (value.date() if hasattr(value, "date") else value).isoformat()


def clients_facts(client_ids) -> dict:
    """{client id: facts, or None for a client that counts in no figure (archived or
    gone)} for every id in `client_ids`."""
    ids = list(client_ids)
    facts: dict = dict.fromkeys(ids)
    clients = Client.objects.filter(pk__in=ids, archived_at__isnull=True).values_list(
        "pk", "regency_id", "sex", "service_unit_id", "created_at"
    )
    for pk, regency, sex, unit, created_at in clients:
        facts[pk] = {
            "r": regency,
            "s": sex,
            "u": unit,
            "y": timezone.localtime(created_at).year,
            "p": [],
            "k": [],
            "e": [],
            "g": [],
            "b": [],
            "v": None,
        }
    present = [pk for pk, fx in facts.items() if fx is not None]
    if not present:
        return facts

    ppks = Client.ppks_types.through.objects.filter(client_id__in=present)
    for client_id, type_id in ppks.order_by("ppkstype_id").values_list("client_id", "ppkstype_id"):
        facts[client_id]["p"].append(type_id)
    kinds = (
        Client.disabilities.through.objects.filter(client_id__in=present)
        .values_list("client_id", "disabilitytype__kind_id")
        .distinct()
        .order_by("disabilitytype__kind_id")
    )
    for client_id, kind_id in kinds:
        if kind_id not in facts[client_id]["k"]:
            facts[client_id]["k"].append(kind_id)

    enrolments = (
        Enrolment.objects.active()
        .filter(client_id__in=present)
        .order_by("client_id", "batch_id")
        .values_list(
            "client_id",
            "batch_id",
            "batch__program_id",
            "batch__service_unit_id",
            "batch__start_date",
            "status",
            "income_before",
        )
    )
    for client_id, batch, program, unit, start, status, income_before in enrolments:
        facts[client_id]["e"].append(
            [batch, program, unit, start.year, status == COMPLETED, income_before]
        )

    values = dict(
        GrantItem.objects.filter(grant__client_id__in=present)
        .order_by()
        .values("grant_id")
        .annotate(total=Sum(F("quantity") * F("unit_value")))
        .values_list("grant_id", "total")
    )
    grants = (
        Grant.objects.active()
        .filter(client_id__in=present)
        .order_by("client_id", "id")
        .values_list(
            "client_id",
            "id",
            "enrolment__batch__program_id",
            "enrolment__batch__service_unit_id",
            "enrolment__batch_id",
            "handed_over_on",
            "enrolment__batch__start_date",
        )
    )
    active_grants = set()
    for client_id, pk, program, unit, batch, handed, start in grants:
        active_grants.add(pk)
        facts[client_id]["g"].append(
            [pk, program, unit, batch, handed.year, start.year if start else None, values.get(pk)]
        )

    links = defaultdict(list)
    for business_id, grant_id in (
        Business.grants.through.objects.filter(business__client_id__in=present)
        .order_by("business_id", "grant_id")
        .values_list("business_id", "grant_id")
    ):
        if grant_id in active_grants:
            links[business_id].append(grant_id)
    quarters = defaultdict(list)
    visits = (
        FollowUpVisit.objects.active()
        .filter(business__client_id__in=present)
        .annotate(quarter=TruncQuarter("visited_on"))
        .order_by()
        .values("business_id", "quarter")
        .annotate(
            visits=Count("id"),
            developing=Count("id", filter=Q(status=DEVELOPING)),
            income_sum=Sum("net_income"),
            income_n=Count("net_income"),
        )
        .order_by("business_id", "quarter")
    )
    for row in visits:
        quarters[row["business_id"]].append(
            [
                _quarter(row["quarter"]),
                row["visits"],
                row["developing"],
                int(row["income_sum"] or 0),
                row["income_n"],
            ]
        )
    businesses = (
        Business.objects.filter(client_id__in=present)
        .order_by("client_id", "id")
        .values_list(
            "client_id",
            "id",
            "latest_status",
            "latest_income",
            "baseline_income",
            "latest_employees",
            "grant_value",
        )
    )
    for client_id, pk, status, income, baseline, employees, grant_value in businesses:
        if not links.get(pk):
            continue  # in the report only through an active grant
        facts[client_id]["b"].append(
            [pk, links[pk], status, income, baseline, employees, grant_value, quarters[pk]]
        )

    for client_id, last_visit_on in GranteeFollowUp.objects.filter(
        client_id__in=present
    ).values_list("client_id", "last_visit_on"):
        facts[client_id]["v"] = _iso(last_visit_on)
    return facts
