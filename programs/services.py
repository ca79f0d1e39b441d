"""Writes of the programs app. Keyword-only, full_clean() before save, one transaction."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from beneficiaries.models import Client
from core.images import PreparedPhoto, photo_prepare
from core.record_writes import (
    history_user_set,
    record_archive,
    record_restore,
    record_save_if_unchanged,
)

from .follow_up.refresh import follow_up_refresh
from .models import (
    Batch,
    Business,
    Enrolment,
    EquipmentCheck,
    EquipmentType,
    FollowUpVisit,
    FundingSource,
    Grant,
    GrantItem,
    SupportKind,
)


@transaction.atomic
def batch_create(*, program, **fields) -> Batch:
    batch = Batch(program=program, **fields)
    batch.full_clean()
    batch.save()
    return batch


@transaction.atomic
def enrolment_create(
    *,
    batch: Batch,
    client: Client,
    enrolled_by: AbstractBaseUser,
    enrolled_on: datetime.date | None = None,
    income_before: int | None = None,
) -> Enrolment:
    """Enrol a client in a batch, refusing it when the batch is full."""
    # Lock the batch row so two workers cannot both take the last place.
    batch = Batch.objects.select_for_update().get(pk=batch.pk)
    taken = batch.enrolments.taking_a_place().count()
    if taken >= batch.capacity:
        raise ValidationError(
            {
                "client": _("This batch is full: all %(capacity)d places are taken.")
                % {"capacity": batch.capacity}
            }
        )
    today = enrolled_on or timezone.localdate()
    enrolment = Enrolment(
        batch=batch,
        client=client,
        enrolled_on=today,
        status_changed_on=today,
        income_before=income_before,
        created_by=enrolled_by,
    )
    enrolment.full_clean()
    enrolment.save()
    return enrolment


@transaction.atomic
def enrolment_update(
    *,
    enrolment: Enrolment,
    changed_by: AbstractBaseUser,
    on: datetime.date | None = None,
    opened_version: int | None = None,
    **fields,
) -> Enrolment:
    """Change an enrolment; a new status is dated, completion records its date.

    EditConflict if the enrolment was saved after a form opened it at `opened_version`.
    """
    allowed = {"status", "sessions_attended", "certificate_number", "income_before", "completed_on"}
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"enrolment_update() got unexpected fields: {sorted(unknown)}")
    today = on or timezone.localdate()
    new_status = fields.get("status", enrolment.status)
    if new_status != enrolment.status:
        enrolment.status_changed_on = today
        if new_status == Enrolment.Status.COMPLETED and not fields.get("completed_on"):
            fields["completed_on"] = enrolment.completed_on or today
    if new_status != Enrolment.Status.COMPLETED:
        fields["completed_on"] = None
    if new_status != Enrolment.Status.WITHDREW and enrolment.status == Enrolment.Status.WITHDREW:
        # Coming back takes a place again: the same row lock as enrolment_create.
        batch = Batch.objects.select_for_update().get(pk=enrolment.batch_id)
        if batch.enrolments.taking_a_place().count() >= batch.capacity:
            raise ValidationError({"status": _("This batch is full: a withdrawn place is taken.")})
    for name, value in fields.items():
        setattr(enrolment, name, value)
    history_user_set(enrolment, changed_by)
    enrolment.full_clean()
    record_save_if_unchanged(enrolment, opened_version=opened_version)
    if "income_before" in fields:  # the baseline of the businesses its grants went to
        follow_up_refresh(client_ids=[enrolment.client_id])
    return enrolment


@dataclass(frozen=True)
class ItemInput:
    equipment_type: EquipmentType
    quantity: int
    unit_value: int | None = None  # None: the type's standard value
    serial_numbers: str = ""


@transaction.atomic
def grant_hand_over(
    *,
    client: Client,
    recorded_by: AbstractBaseUser,
    handed_over_on: datetime.date,
    bast_number: str,
    funding_source: FundingSource,
    items: Iterable[ItemInput],
    enrolment: Enrolment | None = None,
    document=None,
    notes: str = "",
) -> Grant:
    """Record equipment handed to a client, with its items, in one transaction."""
    items = list(items)
    if not items:
        raise ValidationError(_("Add at least one item of equipment."))
    grant = Grant(
        client=client,
        enrolment=enrolment,
        handed_over_on=handed_over_on,
        bast_number=bast_number.strip(),
        funding_source=funding_source,
        notes=notes,
        created_by=recorded_by,
    )
    grant.full_clean(exclude=["document"])
    if document is not None:
        grant.document.save(document.name, document, save=False)
    grant.save()
    grant_items = [
        GrantItem(
            grant=grant,
            equipment_type=item.equipment_type,
            quantity=item.quantity,
            unit_value=(
                item.equipment_type.standard_value if item.unit_value is None else item.unit_value
            ),
            serial_numbers=item.serial_numbers,
        )
        for item in items
    ]
    for grant_item in grant_items:
        grant_item.full_clean()
    # With their history rows, as every save of a domain model has (one insert each).
    bulk_create_with_history(grant_items, GrantItem, default_user=recorded_by)
    follow_up_refresh(client_ids=[client.pk])
    return grant


@transaction.atomic
def business_register(
    *,
    client: Client,
    registered_by: AbstractBaseUser,
    grants: Iterable[Grant] = (),
    **fields,
) -> Business:
    """Record a client's business and the grants it works with."""
    business = Business(client=client, created_by=registered_by, **fields)
    business.full_clean()
    business.save()
    _set_business_grants(business, grants)
    follow_up_refresh(client_ids=[client.pk])
    return business


@transaction.atomic
def business_update(*, business: Business, grants: Iterable[Grant] | None = None, **fields):
    for name, value in fields.items():
        setattr(business, name, value)
    business.full_clean()
    business.save()
    if grants is not None:
        _set_business_grants(business, grants)
        follow_up_refresh(client_ids=[business.client_id])
    return business


def _set_business_grants(business, grants):
    grants = list(grants)
    if any(grant.client_id != business.client_id for grant in grants):
        raise ValidationError({"grants": _("A business can only use its owner's grants.")})
    business.grants.set(grants)


@transaction.atomic
def visit_record(
    *,
    business: Business,
    visited_by: AbstractBaseUser,
    visited_on: datetime.date,
    net_income: int,
    employees: int,
    status: str,
    revenue: int | None = None,
    support: Iterable[SupportKind] = (),
    notes: str = "",
    photo=None,
    equipment: dict[GrantItem, str] | None = None,
) -> FollowUpVisit:
    """Record a follow-up visit with the condition of each granted item, in one transaction.

    `equipment` maps the business's granted items to an EquipmentCheck.Condition.
    """
    visit = FollowUpVisit(
        business=business,
        visited_by=visited_by,
        visited_on=visited_on,
        net_income=net_income,
        revenue=revenue,
        employees=employees,
        status=status,
        notes=notes,
    )
    errors = {}
    try:
        visit.full_clean(exclude=["photo"])  # the date rules: FollowUpVisit.clean()
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    equipment = equipment or {}
    granted = set(GrantItem.objects.filter(grant__businesses=business).values_list("pk", flat=True))
    if {item.pk for item in equipment} != granted:
        errors["equipment"] = [_("Check the condition of each item granted for this business.")]
    if errors:
        raise ValidationError(errors)
    if photo is not None:
        if not isinstance(photo, PreparedPhoto):
            photo = photo_prepare(photo)
        visit.photo.save("photo.jpg", photo, save=False)
    visit.save()
    visit.support.set(support)
    checks = [
        EquipmentCheck(visit=visit, grant_item=item, condition=condition)
        for item, condition in equipment.items()
    ]
    for check in checks:
        check.full_clean(exclude=["visit"])
    bulk_create_with_history(checks, EquipmentCheck, default_user=visited_by)
    follow_up_refresh(client_ids=[business.client_id])
    return visit


def _client_of(record) -> int:
    return record.client_id if isinstance(record, Grant) else record.business.client_id


@transaction.atomic
def grant_or_visit_archive(*, record: Grant | FollowUpVisit, archived_by, reason: str):
    """Archive a grant or a visit, and update the follow-up figures it counted in."""
    record_archive(record=record, archived_by=archived_by, reason=reason)
    follow_up_refresh(client_ids=[_client_of(record)])
    return record


@transaction.atomic
def grant_or_visit_restore(*, record: Grant | FollowUpVisit, restored_by):
    """Bring an archived grant or visit back, and update the follow-up figures."""
    record_restore(record=record, restored_by=restored_by)
    follow_up_refresh(client_ids=[_client_of(record)])
    return record
