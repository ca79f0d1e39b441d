"""Writes of the programs app. Keyword-only, full_clean() before save, one transaction."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from beneficiaries.models import Client

from .models import Batch, Enrolment, EquipmentType, FundingSource, Grant, GrantItem


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
    *, enrolment: Enrolment, changed_by: AbstractBaseUser, on: datetime.date | None = None, **fields
) -> Enrolment:
    """Change an enrolment; a new status is dated, completion records its date."""
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
    enrolment.full_clean()
    enrolment.save()
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
    if handed_over_on > timezone.localdate():
        raise ValidationError({"handed_over_on": _("The hand-over date cannot be in the future.")})
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
    GrantItem.objects.bulk_create(grant_items)
    return grant
