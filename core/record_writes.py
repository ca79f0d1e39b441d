"""Writes every versioned or archivable record shares: save unless changed meanwhile, archive.

The services of both apps call these inside their own transaction, so the version check,
the save and its history row are one unit.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .extensions import ExtensionPoint
from .records import ArchivableRecord, VersionedRecord

# Who must hear, in the same transaction, that a record was archived or restored: a
# contribution is called with the record (programs/apps.py registers the public
# catalogue's cache stamp, so an archived client's listing is gone on the next request).
archive_listeners = ExtensionPoint("archive listeners")

# The reason column of django-simple-history's rows (history_change_reason) holds 100
# characters; PostgreSQL refuses a longer value, so a longer reason is cut to fit.
HISTORY_REASON_LENGTH = 100


def history_reason(text) -> str:
    """`text` as a history row can hold it: whole, or cut with an ellipsis."""
    text = str(text)
    if len(text) <= HISTORY_REASON_LENGTH:
        return text
    return text[: HISTORY_REASON_LENGTH - 1] + "…"


class EditConflict(Exception):
    """Someone saved the record after the form was opened: nothing was written.

    `current` is the record as it is stored now; `opened_version` the version the form
    was opened with, so that the changes made since can be looked up in its history.
    """

    def __init__(self, *, current: VersionedRecord, opened_version: int):
        super().__init__(f"{type(current).__name__} {current.pk} changed since v{opened_version}")
        self.current = current
        self.opened_version = opened_version


def record_save_if_unchanged(record: VersionedRecord, *, opened_version: int | None) -> None:
    """Save `record` if its stored version is still `opened_version`, and bump the version.

    The check and the bump are one conditional UPDATE, so of two saves racing from forms
    opened at the same version exactly one wins, on SQLite and PostgreSQL alike. Must run
    inside a transaction (the services' `transaction.atomic`), so a failing save undoes
    the bump. `opened_version=None` (writes not made from a form, e.g. a command) skips
    the check but still bumps the version.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record_save_if_unchanged() must run inside a transaction")
    model = type(record)
    rows = model._base_manager.filter(pk=record.pk)
    if opened_version is not None:
        rows = rows.filter(version=opened_version)
    if not rows.update(version=F("version") + 1):
        raise EditConflict(
            current=model._base_manager.get(pk=record.pk), opened_version=opened_version
        )
    record.refresh_from_db(fields=["version"])
    record.save()


def record_archive(
    *, record: ArchivableRecord, archived_by: AbstractBaseUser, reason: str
) -> ArchivableRecord:
    """Take `record` out of lists and reports, keeping it (and its history) for the record."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why this record is archived.")})
    if record.is_archived:
        raise ValidationError(_("This record is already archived."))
    with transaction.atomic():
        record.archived_at = timezone.now()
        record.archived_by = archived_by
        record.archive_reason = reason[:255]
        record._change_reason = history_reason(reason)  # the record keeps all of it
        history_user_set(record, archived_by)
        if isinstance(record, VersionedRecord):
            record_save_if_unchanged(record, opened_version=None)
        else:
            record.save()
        _archive_heard(record)
    return record


def _archive_heard(record) -> None:
    for listener in archive_listeners.contributions():
        listener(record)


def record_restore(*, record: ArchivableRecord, restored_by: AbstractBaseUser) -> ArchivableRecord:
    """Bring an archived record back into lists and reports (admin only)."""
    with transaction.atomic():
        record._change_reason = _("restored from the archive")
        history_user_set(record, restored_by)
        record.archived_at = None
        record.archived_by = None
        record.archive_reason = ""
        if isinstance(record, VersionedRecord):
            record_save_if_unchanged(record, opened_version=None)
        else:
            record.save()
        _archive_heard(record)
    return record


def history_user_set(record: models.Model, user: AbstractBaseUser | None) -> None:
    """Name `user` as the author of `record`'s next history row.

    The request middleware does this for web requests; services pass their explicit user
    too so that commands and imports are attributed as well.
    """
    if user is not None:
        record._history_user = user
