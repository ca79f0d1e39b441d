"""Reads of the programs app that are more than a filter."""

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery
from django.shortcuts import get_object_or_404

from beneficiaries.models import Client

from .models import (
    Batch,
    Business,
    Enrolment,
    EquipmentCheck,
    FollowUpVisit,
    Grant,
    GrantItem,
    TrainingProgram,
)

# An enrolment takes a place in its batch unless withdrawn or archived (entered by mistake).
PLACE_TAKEN = Q(enrolments__archived_at__isnull=True) & ~Q(enrolments__status="withdrew")


def program_list():
    # Explicit order: Meta.ordering is not applied to a grouped (annotated) query.
    return (
        TrainingProgram.objects.select_related("skill_area", "funding_source")
        .annotate(batch_count=Count("batches"))
        .order_by("-active", "name")
    )


def program_detail(pk) -> TrainingProgram:
    return get_object_or_404(
        TrainingProgram.objects.select_related("skill_area", "funding_source").prefetch_related(
            Prefetch(
                "batches",
                queryset=Batch.objects.select_related("service_unit").annotate(
                    places_taken=Count("enrolments", filter=PLACE_TAKEN),
                ),
            )
        ),
        pk=pk,
    )


@dataclass(frozen=True)
class Roster:
    batch: Batch
    enrolments: list[Enrolment]  # the ones the viewer may see
    hidden_count: int  # enrolled clients outside the viewer's scope: counted, never shown
    places_taken: int  # against capacity, all clients, withdrawn ones excluded


def batch_roster(user: AbstractBaseUser, pk) -> Roster:
    batch = get_object_or_404(
        Batch.objects.select_related("program", "service_unit").annotate(
            places_taken=Count("enrolments", filter=PLACE_TAKEN),
            enrolled_total=Count("enrolments", filter=Q(enrolments__archived_at__isnull=True)),
        ),
        pk=pk,
    )
    enrolments = list(
        Enrolment.objects.visible_to(user)
        .active()
        .filter(batch=batch)
        .select_related("client__regency")
        .prefetch_related(Prefetch("grants", queryset=Grant.objects.only("id", "enrolment_id")))
        .order_by("client__name_normalized", "id")
    )
    return Roster(batch, enrolments, batch.enrolled_total - len(enrolments), batch.places_taken)


def enrolment_get_for_user(user: AbstractBaseUser, pk) -> Enrolment:
    """Fetch and authorise in one step: an enrolment of an out-of-scope client is a 404.

    For the edit views: an archived enrolment, or one of an archived client, is a 404 too."""
    return get_object_or_404(
        Enrolment.objects.visible_to(user)
        .active()
        .filter(client__archived_at__isnull=True)
        .select_related("client", "batch__program"),
        pk=pk,
    )


def grant_detail(user: AbstractBaseUser, pk) -> Grant:
    return get_object_or_404(
        Grant.objects.visible_to(user)
        .select_related(
            "client__regency", "enrolment__batch__program", "funding_source", "created_by"
        )
        .prefetch_related(
            Prefetch("items", queryset=GrantItem.objects.select_related("equipment_type"))
        ),
        pk=pk,
    )


def clients_to_enrol(user: AbstractBaseUser, batch: Batch, text: str):
    """Visible clients matching `text`, those already in the batch marked (for the enrol form)."""
    return (
        Client.objects.visible_to(user)
        .active()
        .search(text)
        .select_related("regency")
        .annotate(
            already_enrolled=Count("enrolments", filter=Q(enrolments__batch=batch)),
        )
        .order_by("name_normalized", "id")
    )


def earlier_grant_items(*, client: Client, equipment_type_ids, exclude_grant=None):
    """Items of the same equipment types this client already received (double-grant check)."""
    items = GrantItem.objects.filter(
        grant__client=client,
        grant__archived_at__isnull=True,
        equipment_type_id__in=list(equipment_type_ids),
    ).select_related("grant", "equipment_type")
    if exclude_grant is not None:
        items = items.exclude(grant=exclude_grant)
    return list(items.order_by("grant__handed_over_on"))


def enrolments_awaiting_grant(client: Client):
    """The client's completed trainings (not archived) that no grant follows yet: the ones
    a new hand-over may be tied to. Archived grants tie nothing (entered by mistake)."""
    granted = Grant.objects.active().filter(enrolment=OuterRef("pk"))
    return (
        client.enrolments.active()
        .filter(status=Enrolment.Status.COMPLETED)
        .exclude(Exists(granted))
        .select_related("batch__program")
        .order_by("-batch__start_date", "-pk")
    )


@dataclass(frozen=True)
class ClientPrograms:
    enrolments: list[Enrolment]
    grants: list[Grant]
    businesses: list[Business]

    @property
    def grants_total(self) -> int:
        return sum(grant.items_total for grant in self.grants)


def client_programs(client: Client) -> ClientPrograms:
    """What the client page shows of programs: trainings and grants, in fixed queries."""
    enrolments = list(
        client.enrolments.active()
        .select_related("batch__program", "batch__service_unit")
        .order_by("-batch__start_date")
    )
    grants = list(
        client.grants.active()
        .select_related("funding_source", "enrolment__batch__program")
        .prefetch_related(
            Prefetch("items", queryset=GrantItem.objects.select_related("equipment_type"))
        )
    )
    businesses = list(
        client.businesses.annotate(
            last_visit_on=Subquery(
                FollowUpVisit.objects.active()
                .filter(business=OuterRef("pk"))
                .order_by("-visited_on", "-id")
                .values("visited_on")[:1]
            ),
            last_status=Subquery(
                FollowUpVisit.objects.active()
                .filter(business=OuterRef("pk"))
                .order_by("-visited_on", "-id")
                .values("status")[:1]
            ),
        )
    )
    return ClientPrograms(enrolments, grants, businesses)


def business_detail(user: AbstractBaseUser, pk) -> Business:
    """A visible business with its grants, items and visit history, in fixed queries."""
    return get_object_or_404(
        Business.objects.visible_to(user)
        .select_related("client__regency", "village")
        .prefetch_related(
            Prefetch(
                "grants",
                queryset=Grant.objects.active()
                .select_related("enrolment")
                .prefetch_related(
                    Prefetch("items", queryset=GrantItem.objects.select_related("equipment_type"))
                ),
            ),
            Prefetch(
                "visits",
                queryset=FollowUpVisit.objects.active()
                .select_related("visited_by")
                .prefetch_related(
                    "support",
                    Prefetch(
                        "equipment_checks",
                        queryset=EquipmentCheck.objects.select_related(
                            "grant_item__equipment_type"
                        ),
                    ),
                ),
            ),
        ),
        pk=pk,
    )


def business_get_for_user(user: AbstractBaseUser, pk) -> Business:
    """A business the user may record a visit for: visible, its client not archived."""
    return get_object_or_404(
        Business.objects.visible_to(user)
        .filter(client__archived_at__isnull=True)
        .select_related("client"),
        pk=pk,
    )


def business_granted_items(business: Business) -> list[GrantItem]:
    """The items of the grants this business works with (checked at every visit)."""
    return list(
        GrantItem.objects.filter(grant__businesses=business, grant__archived_at__isnull=True)
        .select_related("equipment_type", "grant")
        .order_by("grant__handed_over_on", "id")
    )


def grant_get_for_change(user: AbstractBaseUser, pk) -> Grant:
    """A grant the user may change: visible, not archived, its client not archived."""
    return get_object_or_404(
        Grant.objects.visible_to(user)
        .active()
        .filter(client__archived_at__isnull=True)
        .select_related("client"),
        pk=pk,
    )


def visit_get_for_change(user: AbstractBaseUser, pk) -> FollowUpVisit:
    """A visit the user may change: visible, not archived, its client not archived."""
    return get_object_or_404(
        FollowUpVisit.objects.visible_to(user)
        .active()
        .filter(business__client__archived_at__isnull=True)
        .select_related("business"),
        pk=pk,
    )


def visit_get_for_user(user: AbstractBaseUser, pk) -> FollowUpVisit:
    return get_object_or_404(
        FollowUpVisit.objects.visible_to(user).select_related("business"), pk=pk
    )
