"""Writes to the registry. Each is keyword-only, validates with full_clean() and runs in
one transaction, so a failure leaves nothing half-saved."""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from core.images import PreparedPhoto, photo_prepare
from core.record_writes import history_user_set, record_save_if_unchanged

from .models import (
    AssistiveDevice,
    CaseNote,
    Client,
    ClientStatusChange,
    DisabilityType,
    PpksType,
    RecordAccess,
    RegistrationSequence,
)

# The plain fields a form or an import may set on a client (relations are separate arguments).
CLIENT_FIELDS = (
    "nik",
    "kk_number",
    "name",
    "sex",
    "birth_place",
    "birth_date",
    "address",
    "regency",
    "district",
    "village",
    "phone",
    "status",
    "service_unit",
    "consent_given",
    "consent_date",
    "consent_note",
)


def registration_number_allocate(*, year: int) -> str:
    """The next free registration number of `year`, e.g. 35-2026-000123."""
    # A row per year, locked while it is incremented, so two registrations never get the
    # same number (SQLite serialises writers anyway; PostgreSQL needs the row lock).
    RegistrationSequence.objects.get_or_create(year=year)
    sequence = RegistrationSequence.objects.select_for_update().get(year=year)
    while True:
        sequence.last_value += 1
        number = f"{settings.PROVINCE_CODE}-{year}-{sequence.last_value:06d}"
        # A number may already be taken by a record entered another way (admin, an
        # import of old files): skip it rather than fail the registration.
        if not Client.objects.filter(registration_number=number).exists():
            break
    sequence.save(update_fields=["last_value"])
    return number


def registration_numbers_allocate(*, year: int, count: int) -> list[str]:
    """`count` free registration numbers of `year` in one go, for a bulk import.

    The same sequence row and lock as `registration_number_allocate`, advanced once for the
    whole block; numbers already taken by records entered another way are skipped, a
    query per block rather than per number.
    """
    if count <= 0:
        return []
    RegistrationSequence.objects.get_or_create(year=year)
    sequence = RegistrationSequence.objects.select_for_update().get(year=year)
    numbers: list[str] = []
    last = sequence.last_value
    while len(numbers) < count:
        candidates = [
            f"{settings.PROVINCE_CODE}-{year}-{value:06d}"
            for value in range(last + 1, last + 1 + count - len(numbers))
        ]
        last += len(candidates)
        if len(candidates[0]) == len(candidates[-1]):
            # Zero-padded numbers of one length sort as text: one range, not a long IN list.
            matches = Client.objects.filter(
                registration_number__gte=candidates[0], registration_number__lte=candidates[-1]
            )
        else:
            matches = Client.objects.filter(registration_number__in=candidates)
        taken = set(matches.values_list("registration_number", flat=True)) & set(candidates)
        numbers += [number for number in candidates if number not in taken]
    sequence.last_value = last
    sequence.save(update_fields=["last_value"])
    return numbers


def _apply_relations(client, *, ppks_types, disabilities, assistive_devices, photo):
    if ppks_types is not None:
        client.ppks_types.set(ppks_types)
    if disabilities is not None:
        client.disabilities.set(disabilities)
    if assistive_devices is not None:
        client.assistive_devices.set(assistive_devices)
    if photo is not None:
        if client.photo:
            client.photo.delete(save=False)
        if not isinstance(photo, PreparedPhoto):
            photo = photo_prepare(photo)
        client.photo.save("photo.jpg", photo, save=False)
        client.save(update_fields=["photo"])


@transaction.atomic
def client_register(
    *,
    registered_by: AbstractBaseUser,
    ppks_types: Iterable[PpksType] = (),
    disabilities: Iterable[DisabilityType] = (),
    assistive_devices: Iterable[AssistiveDevice] = (),
    photo=None,
    registered_on: datetime.date | None = None,
    **fields,
) -> Client:
    """Register a new client. `fields` are the names in CLIENT_FIELDS."""
    unknown = set(fields) - set(CLIENT_FIELDS)
    if unknown:
        raise TypeError(f"client_register() got unexpected fields: {sorted(unknown)}")
    year = (registered_on or timezone.localdate()).year
    client = Client(**fields, created_by=registered_by, updated_by=registered_by)
    client.registration_number = registration_number_allocate(year=year)
    history_user_set(client, registered_by)
    client.full_clean()
    client.save()
    _apply_relations(
        client,
        ppks_types=ppks_types,
        disabilities=disabilities,
        assistive_devices=assistive_devices,
        photo=photo,
    )
    return client


@transaction.atomic
def client_update(
    *,
    client: Client,
    updated_by: AbstractBaseUser,
    ppks_types: Iterable[PpksType] | None = None,
    disabilities: Iterable[DisabilityType] | None = None,
    assistive_devices: Iterable[AssistiveDevice] | None = None,
    photo=None,
    opened_version: int | None = None,
    **fields,
) -> Client:
    """Change a client's record. Only the given fields and relations are touched.

    `opened_version` is the version the edit form was opened with: if someone saved the
    client since, EditConflict is raised and nothing is written.
    """
    unknown = set(fields) - set(CLIENT_FIELDS)
    if unknown:
        raise TypeError(f"client_update() got unexpected fields: {sorted(unknown)}")
    old_status = client.status
    for name, value in fields.items():
        setattr(client, name, value)
    client.updated_by = updated_by
    history_user_set(client, updated_by)
    client.full_clean()
    record_save_if_unchanged(client, opened_version=opened_version)
    if client.status != old_status:
        ClientStatusChange.objects.create(
            client=client, old_status=old_status, new_status=client.status, changed_by=updated_by
        )
    _apply_relations(
        client,
        ppks_types=ppks_types,
        disabilities=disabilities,
        assistive_devices=assistive_devices,
        photo=photo,
    )
    return client


@transaction.atomic
def case_note_add(*, client: Client, author: AbstractBaseUser, text: str) -> CaseNote:
    note = CaseNote(client=client, author=author, text=text.strip())
    note.full_clean()
    note.save()
    return note


def record_access_log(
    *,
    user: AbstractBaseUser,
    action: str,
    ip_address: str | None,
    client: Client | None = None,
    detail: str = "",
) -> RecordAccess:
    """Note that `user` looked at personal data (the access log: README, Security and privacy)."""
    return RecordAccess.objects.create(
        user=user, client=client, action=action, ip_address=ip_address, detail=detail[:255]
    )


def record_lookups_log(
    *, user: AbstractBaseUser, hits: Iterable[tuple[int, str]], ip_address: str | None = None
) -> int:
    """Note that what `user` typed matched clients outside her area (RecordAccess.Action
    .LOOKUP): one row per (client id, detail) of `hits`, in one bulk insert (an import may
    have thousands of hits). Returns how many rows were written."""
    rows = [
        RecordAccess(
            user=user,
            client_id=client_id,
            action=RecordAccess.Action.LOOKUP,
            ip_address=ip_address,
            detail=detail[:255],
        )
        for client_id, detail in hits
    ]
    if rows:
        RecordAccess.objects.bulk_create(rows)
    return len(rows)


def request_address(request) -> str | None:
    """The address the access log records for a request."""
    return request.META.get("REMOTE_ADDR")


def record_access_from_request(request, *, action: str, client=None, detail: str = ""):
    """record_access_log() for a view: the user and address come from the request."""
    return record_access_log(
        user=request.user,
        action=action,
        ip_address=request_address(request),
        client=client,
        detail=detail,
    )
