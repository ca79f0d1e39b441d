"""Everything held about one client, as one ZIP file (UU 27/2022, the right of access).

The file holds `data.json` (the record, its relations, case notes, status changes, what
other apps hold about the client, the full change history and the log of who opened the
record) and the files themselves (photo, hand-over documents, visit photos) under `files/`.

Other apps add what they hold by registering a *source* in `subject_access_sources` at
start-up (an ExtensionPoint, see core/extensions.py), like the client page sections: the
registry never imports them.
"""

import datetime
import json
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from core.extensions import ExtensionPoint

from .history import client_change_history


@dataclass
class SubjectAccessPart:
    """What one source holds: named lists of records, and files to include."""

    sections: dict[str, list[dict]] = field(default_factory=dict)
    files: list[FieldFile] = field(default_factory=list)


# A source takes a client and returns what its app holds about them.
SubjectAccessSource = Callable[[object], SubjectAccessPart]

subject_access_sources = ExtensionPoint("subject-access sources")


def file_name_in_archive(file: FieldFile) -> str:
    return f"files/{file.name}"


def record_as_dict(record: models.Model) -> dict:
    """Every stored field of `record` with its value as the app shows it, plus its id."""
    data = {"id": record.pk}
    for f in record._meta.concrete_fields:
        if f.primary_key:
            continue
        value = getattr(record, f.attname)
        key = str(f.verbose_name)
        if f.is_relation:
            related = getattr(record, f.name) if value is not None else None
            data[key] = None if related is None else str(related)
        elif isinstance(f, models.FileField):
            file = getattr(record, f.name)
            data[key] = file_name_in_archive(file) if file else None
        elif f.choices:
            data[key] = getattr(record, f"get_{f.name}_display")()
        else:
            data[key] = value
    for f in record._meta.many_to_many:
        data[str(f.verbose_name)] = [str(o) for o in getattr(record, f.name).all()]
    return data


def _registry_part(client) -> SubjectAccessPart:
    from .models import RecordAccess

    access = RecordAccess.objects.filter(client=client).select_related("user").order_by("at")
    return SubjectAccessPart(
        sections={
            "client": [record_as_dict(client)],
            "case_notes": [record_as_dict(n) for n in client.case_notes.select_related("author")],
            "status_changes": [record_as_dict(c) for c in client.status_changes.all()],
            "access_log": [
                {
                    "at": a.at,
                    "user": a.user.get_full_name() or a.user.get_username(),
                    "action": a.get_action_display(),
                    "detail": a.detail,
                    "ip_address": a.ip_address,
                }
                for a in access
            ],
        },
        files=[client.photo] if client.photo else [],
    )


def _history(client) -> list[dict]:
    return [
        {
            "when": entry.when,
            "who": entry.user_label,
            "what": str(entry.kind_label),
            "record": f"{entry.record_type} {entry.record_label}",
            "reason": entry.reason,
            "changes": [{"field": c.label, "before": c.old, "after": c.new} for c in entry.changes],
        }
        for entry in reversed(client_change_history(client))
    ]


def _json_default(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def subject_access_file(client, *, requested_by) -> tempfile.SpooledTemporaryFile:
    """The ZIP file, rewound, ready to stream. Spills to disk past 10 MB of photos."""
    parts = [_registry_part(client)] + [
        source(client) for source in subject_access_sources.contributions()
    ]
    data = {
        "generated_at": timezone.now(),
        "generated_by": requested_by.get_full_name() or requested_by.get_username(),
        "registration_number": client.registration_number,
    }
    files = []
    for part in parts:
        data.update(part.sections)
        files.extend(part.files)
    data["change_history"] = _history(client)

    # Returned open: FileResponse streams and closes it.
    buffer = tempfile.SpooledTemporaryFile(max_size=10 * 1024 * 1024)  # noqa: SIM115
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "data.json", json.dumps(data, default=_json_default, ensure_ascii=False, indent=2)
        )
        for file in files:
            with file.open("rb") as content:
                archive.writestr(file_name_in_archive(file), content.read())
    buffer.seek(0)
    return buffer
