"""What the import views and `manage.py import_clients` call.

`client_import_upload` stores the file; `client_import_run_check` computes its preview:
nothing is written to the registry (the ClientImport row records that the file was
uploaded and what it holds). `client_import_confirm` imports a checked file in one
transaction, refusing if the result would differ from the preview the user confirmed.
The upload page runs the check and the confirmation as background jobs (jobs.py).
"""

import hashlib
import os
import tempfile
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import ClientImport
from ..services import record_lookups_log
from .columns import map_columns
from .readers import FileError, open_table, sniff_kind
from .writer import ImportRefused, Summary, require_columns, run_import

MAX_UPLOAD_BYTES = 50 * 1024 * 1024  # about 300,000 rows of CSV
COPY_CHUNK = 1024 * 1024


def client_import_store(client_import: ClientImport, source, *, name: str) -> None:
    """Copy `source` (an open binary file) into private storage, hashing it on the way."""
    digest = hashlib.sha256()
    size = 0
    with tempfile.TemporaryFile() as copy:
        while chunk := source.read(COPY_CHUNK):
            size += len(chunk)
            if size > MAX_UPLOAD_BYTES:
                raise ValidationError(
                    _("The file is larger than %(size)d MB. Split it into smaller files.")
                    % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)},
                    code="too_large",
                )
            digest.update(chunk)
            copy.write(chunk)
        if size == 0:
            raise ValidationError(_("The file is empty."), code="empty")
        copy.seek(0)
        try:
            kind = sniff_kind(copy.read(8))
        except FileError as error:
            raise ValidationError(error.message, code="file_type") from None
        copy.seek(0)
        client_import.sha256 = digest.hexdigest()
        client_import.original_name = os.path.basename(name)[:255] or "import"
        client_import.file.save(f"import.{kind}", File(copy), save=False)


@contextmanager
def client_import_local_path(client_import: ClientImport):
    """A path on this machine to the stored file (private storage may be a bucket)."""
    try:
        path = client_import.file.path
    except NotImplementedError:  # a storage without local files
        path = None
    if path:
        yield path
        return
    with client_import.file.open("rb") as stored, tempfile.NamedTemporaryFile() as copy:
        while chunk := stored.read(COPY_CHUNK):
            copy.write(chunk)
        copy.flush()
        yield copy.name


def _record(client_import: ClientImport, summary: Summary) -> None:
    client_import.preview = summary.as_dict()
    client_import.rows_read = summary.rows_read
    client_import.rows_ready = summary.ready
    client_import.rows_existing = summary.existing
    client_import.rows_with_errors = summary.errors


def _lookup_source(client_import: ClientImport) -> str:
    """Which file, for the access log's lookup rows."""
    return f"import {client_import.original_name}"


def client_import_upload(
    *, user, upload, name: str, sheet: str = "", source=ClientImport.Source.WEB
) -> ClientImport:
    """Store an uploaded file, recorded as being checked. ValidationError, with nothing
    kept, when it is too large, empty, neither XLSX nor CSV, or its header lacks the
    columns every row needs: what the upload form can say at once; the rows are read by
    the check's job."""
    client_import = ClientImport(
        user=user, sheet=sheet.strip(), source=source, status=ClientImport.Status.CHECKING
    )
    client_import_store(client_import, upload, name=name)
    try:
        with (
            client_import_local_path(client_import) as path,
            open_table(path, sheet=client_import.sheet or None) as table,
        ):
            require_columns(map_columns(table.labels))
    except FileError as error:
        client_import.file.delete(save=False)
        raise ValidationError(error.message, code="unreadable") from None
    client_import.save()
    return client_import


def client_import_run_check(
    client_import: ClientImport, *, ip_address: str | None = None, progress=None
) -> ClientImport:
    """Check every row of a stored file and keep the preview. Writes nothing to the
    registry (rows matching a client outside the user's area go to the access log as
    lookups). When the file cannot be read, the file and its record are deleted and
    ValidationError says why."""
    try:
        with client_import_local_path(client_import) as path:
            summary = run_import(
                path,
                user=client_import.user,
                sheet=client_import.sheet or None,
                source=_lookup_source(client_import),
                ip_address=ip_address,
                progress=progress,
            )
    except FileError as error:
        client_import.file.delete(save=False)
        client_import.delete()
        raise ValidationError(error.message, code="unreadable") from None
    _record(client_import, summary)
    client_import.status = ClientImport.Status.CHECKED
    client_import.save()
    return client_import


def client_import_previous(client_import: ClientImport):
    """An earlier import of the very same file (same SHA-256) that was carried out."""
    return (
        ClientImport.objects.filter(
            sha256=client_import.sha256, status=ClientImport.Status.IMPORTED
        )
        .exclude(pk=client_import.pk)
        .select_related("user")
        .first()
    )


def client_import_confirm(
    *,
    client_import: ClientImport,
    user,
    on_existing: str,
    skip_errors: bool,
    expected: tuple | None = None,
    progress=None,
    ip_address: str | None = None,
) -> ClientImport:
    """Import a checked file: all its good rows in one transaction, or nothing.

    `expected` is the verdict the user saw (rows read, ready, existing, with errors);
    when the file now reads differently (someone registered one of the people meanwhile),
    nothing is written, the new preview is stored, and ValidationError says so. Rows with
    errors stop the import unless `skip_errors` (the user chose to leave them out).
    """
    if client_import.status == ClientImport.Status.IMPORTED:
        raise ValidationError(_("This file has already been imported."), code="done")
    with client_import_local_path(client_import) as path:
        if _sha256(path) != client_import.sha256:
            raise ValidationError(_("The stored file has changed; upload it again."))
        try:
            with transaction.atomic():
                summary = run_import(
                    path,
                    user=user,
                    sheet=client_import.sheet or None,
                    write=True,
                    on_existing=on_existing,
                    skip_errors=skip_errors,
                    expected=expected,
                    change_reason=_("Import of %(name)s (no. %(id)s)")
                    % {"name": client_import.original_name, "id": client_import.pk},
                    progress=progress,
                    source=_lookup_source(client_import),
                    ip_address=ip_address,
                )
                _record(client_import, summary)
                client_import.status = ClientImport.Status.IMPORTED
                client_import.on_existing = on_existing
                client_import.finished_at = timezone.now()
                client_import.clients_created = summary.created
                client_import.clients_updated = summary.updated
                client_import.save()
        except ImportRefused as refused:
            _record(client_import, refused.summary)
            client_import.save()
            # The pass's lookups were rolled back with the import; they were answered.
            record_lookups_log(user=user, hits=refused.lookups, ip_address=ip_address)
            if refused.reason == "changed":
                raise ValidationError(
                    _(
                        "The file no longer reads as in the preview (the registry has changed "
                        "meanwhile). Nothing was imported. Check the new preview below."
                    ),
                    code="changed",
                ) from None
            raise ValidationError(
                _(
                    "%(count)d rows have errors. Nothing was imported. Correct the file and "
                    "upload it again, or choose to import only the rows without errors."
                )
                % {"count": refused.summary.errors},
                code="errors",
            ) from None
        except FileError as error:
            raise ValidationError(error.message, code="unreadable") from None
    return client_import


def _sha256(path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(COPY_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
