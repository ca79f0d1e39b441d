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
from .marketing.services import catalogue_changed
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
from .selectors import enrolments_awaiting_grant


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
    """Enrol a client in a batch on `enrolled_on` (default today), refusing it when the
    batch is full; Enrolment.clean() holds the rules of the date."""
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
    allowed = {
        "status",
        "enrolled_on",
        "sessions_attended",
        "certificate_number",
        "income_before",
        "completed_on",
    }
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
    if new_status == Enrolment.Status.REGISTERED == enrolment.status and fields.get("enrolled_on"):
        # Still registered: the status dates from the enrolment, corrected with it.
        enrolment.status_changed_on = fields["enrolled_on"]
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


def grant_items_check(items: list) -> None:
    """A grant hands over at least one item: asked by grant_hand_over and grant_save, and
    by the admin's item rows before anything is saved."""
    if not items:
        raise ValidationError(_("Add at least one item of equipment."))


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
    grant = Grant(
        client=client,
        enrolment=enrolment,
        handed_over_on=handed_over_on,
        bast_number=bast_number.strip(),
        funding_source=funding_source,
        notes=notes,
        created_by=recorded_by,
    )
    grant_items = [
        GrantItem(
            equipment_type=item.equipment_type,
            quantity=item.quantity,
            unit_value=(
                item.equipment_type.standard_value if item.unit_value is None else item.unit_value
            ),
            serial_numbers=item.serial_numbers,
        )
        for item in items
    ]
    grant_items_check(grant_items)
    grant.full_clean(exclude=["document"])
    if document is not None:
        grant.document.save(document.name, document, save=False)
    grant.save()
    _rows_write(grant, grant_items, parent_field="grant", saved_by=recorded_by)
    follow_up_refresh(client_ids=[client.pk])
    return grant


@transaction.atomic
def grant_save(
    *,
    grant: Grant,
    items: Iterable[GrantItem],
    removed_items: Iterable[GrantItem] = (),
    saved_by: AbstractBaseUser,
    opened_version: int | None = None,
) -> Grant:
    """Add or change a grant given as records (Django admin's path), with the same rules
    as a hand-over: `items` are the new and changed ones, `removed_items` those to delete.

    A change is saved only if nobody saved the grant since `opened_version`
    (EditConflict otherwise); the follow-up figures of the client before and after the
    change are refreshed.
    """
    clients = {grant.client_id}
    if grant.pk is not None:
        clients |= set(Grant._base_manager.filter(pk=grant.pk).values_list("client_id", flat=True))
    items, removed_items = list(items), list(removed_items)
    removed = {item.pk for item in removed_items}
    if EquipmentCheck.objects.filter(grant_item_id__in=removed - {None}).exists():
        # Its condition is recorded at a visit: the item stays (the database would refuse
        # the delete, as an error page, not a message).
        raise ValidationError(
            {
                "items": _(
                    "An item whose condition was recorded at a follow-up visit cannot be "
                    "removed from the grant."
                )
            }
        )
    kept = [
        *(item for item in items if item.pk is None or item.pk not in removed),
        *(
            GrantItem.objects.filter(grant_id=grant.pk)
            .exclude(pk__in=removed | {item.pk for item in items})
            .iterator()
            if grant.pk is not None
            else ()
        ),
    ]
    grant_items_check(kept)
    grant.full_clean(exclude=["document"])
    history_user_set(grant, saved_by)
    if grant.pk is None:
        grant.created_by = grant.created_by or saved_by
        grant.save()
    else:
        record_save_if_unchanged(grant, opened_version=opened_version)
    for item in removed_items:
        history_user_set(item, saved_by)
        item.delete()
    _rows_write(grant, items, parent_field="grant", saved_by=saved_by)
    follow_up_refresh(client_ids=clients)
    return grant


@transaction.atomic
def grant_enrolment_link(
    *,
    grant: Grant,
    changed_by: AbstractBaseUser,
    opened_version: int | None = None,
) -> Enrolment:
    """Tie a grant recorded without its training to the client's only completed training
    that no grant follows yet (the admin's repair of grants recorded before the form
    proposed it), and return that enrolment.

    ValidationError if the grant is already tied, or the client has no such training or
    several (a person must choose: the grant's own page in the admin); EditConflict if the
    grant was saved after `opened_version`.
    """
    if grant.enrolment_id is not None:
        raise ValidationError({"enrolment": _("This grant is already tied to a training.")})
    # Locked, then asked again (a new statement sees what committed meanwhile): two grants
    # tied at the same moment cannot both take the one training.
    awaiting = list(enrolments_awaiting_grant(grant.client).select_for_update(of=("self",)))
    awaiting = [e for e in awaiting if not Grant.objects.active().filter(enrolment=e).exists()]
    if len(awaiting) != 1:
        raise ValidationError(
            {
                "enrolment": _(
                    "The client has no completed training without a grant, or several: "
                    "choose the training on the grant's page."
                )
            }
        )
    (grant.enrolment,) = awaiting
    grant.full_clean(exclude=["document"])
    history_user_set(grant, changed_by)
    record_save_if_unchanged(grant, opened_version=opened_version)
    # The training's income before is the baseline of the businesses the grant went to.
    follow_up_refresh(client_ids=[grant.client_id])
    return grant.enrolment


def _rows_write(parent, rows: list, *, parent_field: str, saved_by) -> None:
    """Check and save a record's new and changed rows (a grant's items, a visit's
    equipment checks), each with its history row, as every domain model's save has one:
    the new ones in one insert each."""
    for row in rows:
        setattr(row, parent_field, parent)
        row.full_clean()
    changed = [row for row in rows if row.pk is not None]
    new = [row for row in rows if row.pk is None]
    if new:
        bulk_create_with_history(new, type(new[0]), default_user=saved_by)
    for row in changed:
        history_user_set(row, saved_by)
        row.save()


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
    # Its name, products and sector are what the public catalogue shows.
    catalogue_changed()
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
    equipment = equipment or {}
    checks = [
        EquipmentCheck(grant_item=item, condition=condition)
        for item, condition in equipment.items()
    ]
    _visit_check(visit, checks)
    if photo is not None:
        if not isinstance(photo, PreparedPhoto):
            photo = photo_prepare(photo)
        visit.photo.save("photo.jpg", photo, save=False)
    visit.save()
    visit.support.set(support)
    _rows_write(visit, checks, parent_field="visit", saved_by=visited_by)
    follow_up_refresh(client_ids=[business.client_id])
    return visit


@transaction.atomic
def visit_save(
    *,
    visit: FollowUpVisit,
    checks: Iterable[EquipmentCheck],
    removed_checks: Iterable[EquipmentCheck] = (),
    saved_by: AbstractBaseUser,
    opened_version: int | None = None,
) -> FollowUpVisit:
    """Add or change a visit given as records (Django admin's path), with the rules of
    visit_record: `checks` are the new and changed equipment checks, `removed_checks`
    those to delete. A change is saved only if nobody saved the visit since
    `opened_version` (EditConflict otherwise)."""
    checks, removed_checks = list(checks), list(removed_checks)
    clients = {visit.business.client_id}
    if visit.pk is not None:
        clients |= set(
            FollowUpVisit._base_manager.filter(pk=visit.pk).values_list(
                "business__client_id", flat=True
            )
        )
    _visit_check(visit, checks if visit.pk is None else None)
    history_user_set(visit, saved_by)
    if visit.pk is None:
        visit.save()
    else:
        record_save_if_unchanged(visit, opened_version=opened_version)
    for check in removed_checks:
        history_user_set(check, saved_by)
        check.delete()
    _rows_write(visit, checks, parent_field="visit", saved_by=saved_by)
    follow_up_refresh(client_ids=clients)
    return visit


def _visit_check(visit: FollowUpVisit, checks: list[EquipmentCheck] | None) -> None:
    """The visit's own rules (FollowUpVisit.clean(): the dates) and, for a new visit
    (`checks` given), one equipment check for each item granted for the business, all
    errors at once. A changed visit is not held to the second rule: a grant added to the
    business after the visit has no check in it, and rightly so."""
    errors = {}
    try:
        visit.full_clean(exclude=["photo"])
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if checks is not None:
        try:
            visit_equipment_check(visit.business_id, checks)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


def visit_equipment_check(business_id: int, checks: list[EquipmentCheck]) -> None:
    """A new visit checks each item granted for the business, once: asked by visit_record,
    visit_save and the admin's check rows before anything is saved."""
    granted = GrantItem.objects.filter(grant__businesses=business_id)
    if sorted(check.grant_item_id for check in checks) != sorted(
        granted.values_list("pk", flat=True)
    ):
        raise ValidationError(
            {"equipment": [_("Check the condition of each item granted for this business.")]}
        )


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
