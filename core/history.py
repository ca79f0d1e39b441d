"""The change history (django-simple-history rows) as entries a person can read.

Each entry says who changed which record when, and what changed field by field, with
values as the app shows them (choice labels, names of related records, dates in full).
`change_entries()` turns any historical querysets into entries, at a fixed number of
queries per model whatever the length of the history; `changes_since()` is what an edit
conflict lists; `describe_change()` one line per entry for admin messages.

Knows nothing of clients: the client's history (the "Riwayat perubahan" section, the
history page, the subject-access file) is put together in beneficiaries/history.py.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import models
from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Rows of one record by one person this close together are one change as people see it:
# a form's save writes the record, then its many-to-many fields, each as a history row.
SAME_CHANGE_WITHIN = datetime.timedelta(seconds=5)

# Bookkeeping fields that say nothing a reader needs (who and when are shown anyway).
HIDDEN_FIELDS = {"id", "version", "created_at", "updated_at", "created_by", "updated_by"}

EMPTY = "—"

KIND_LABELS = {
    "+": gettext_lazy("created"),
    "~": gettext_lazy("changed"),
    "-": gettext_lazy("deleted"),
}


@dataclass(frozen=True)
class FieldChange:
    name: str
    label: str
    old: str
    new: str


@dataclass
class ChangeEntry:
    when: datetime.datetime
    user: object | None
    kind: str  # "+" created, "~" changed, "-" deleted (simple-history's history_type)
    record_type: str
    record_label: str
    record_pk: object
    version: int | None
    reason: str = ""
    changes: list[FieldChange] = field(default_factory=list)

    @property
    def kind_label(self):
        return KIND_LABELS[self.kind]

    @property
    def user_label(self):
        return user_label(self.user)


def user_label(user) -> str:
    if user is None:
        return _("the system")
    return user.get_full_name() or user.get_username()


def changes_since(record, opened_version: int) -> list[ChangeEntry]:
    """The saves of `record` made after a form opened it at `opened_version`."""
    entries = change_entries([type(record).history.filter(id=record.pk)])
    return [e for e in entries if e.version is not None and e.version > opened_version]


# --------------------------------------------------------------------------------------
# Turning rows into entries
# --------------------------------------------------------------------------------------


def change_entries(
    querysets: Iterable[QuerySet], *, limit: int | None = None, merge: bool = True
) -> list[ChangeEntry]:
    entries = []
    for queryset in querysets:
        rows = list(queryset.select_related("history_user").order_by("history_date", "history_id"))
        if rows:
            entries.extend(_model_entries(queryset.model, rows, merge=merge))
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:limit] if limit is not None else entries


def _tracked_fields(history_model) -> list[models.Field]:
    return [f for f in history_model.tracked_fields if f.name not in HIDDEN_FIELDS]


def _model_entries(history_model, rows, *, merge: bool) -> list[ChangeEntry]:
    fields = _tracked_fields(history_model)
    labels = _related_labels(fields, rows)
    m2m = _m2m_snapshots(history_model, rows)
    record_type = str(history_model.instance_type._meta.verbose_name)

    previous: dict[object, dict[str, str]] = {}
    last_entry: dict[object, ChangeEntry] = {}
    entries = []
    for row in rows:
        values = {f.name: _display(f, getattr(row, f.attname), labels) for f in fields}
        values.update(m2m.get(row.history_id, {}))
        before = previous.get(row.id)
        changes = _diff(history_model, fields, before, values, created=row.history_type == "+")
        previous[row.id] = values

        entry = last_entry.get(row.id)
        if merge and entry and _same_change(entry, row):
            _merge_into(entry, changes)
            entry.version = getattr(row, "version", entry.version)
            continue
        entry = ChangeEntry(
            when=row.history_date,
            user=row.history_user,
            kind=row.history_type,
            record_type=record_type,
            record_label=_record_label(row),
            record_pk=row.id,
            version=getattr(row, "version", None),
            reason=row.history_change_reason or "",
            changes=changes,
        )
        if row.history_type == "~" and not changes and not entry.reason:
            continue  # a save that changed nothing visible
        last_entry[row.id] = entry
        entries.append(entry)
    return entries


def _same_change(entry: ChangeEntry, row) -> bool:
    return (
        row.history_type != "-"
        and not row.history_change_reason  # a save with its own reason stands alone
        and entry.user == row.history_user
        and row.history_date - entry.when <= SAME_CHANGE_WITHIN
    )


def _merge_into(entry: ChangeEntry, changes: list[FieldChange]) -> None:
    by_name = {c.name: i for i, c in enumerate(entry.changes)}
    for change in changes:
        if change.name in by_name:
            i = by_name[change.name]
            first = entry.changes[i]
            entry.changes[i] = FieldChange(change.name, change.label, first.old, change.new)
        else:
            entry.changes.append(change)
    entry.changes = [c for c in entry.changes if c.old != c.new]


def _record_label(row) -> str:
    # Built from the row itself: str() of the record could query its relations per row.
    label_field = getattr(row.instance_type, "HISTORY_LABEL_FIELD", None)
    label = getattr(row, label_field, "") if label_field else ""
    return f"{label} (#{row.id})" if label else f"#{row.id}"


def _diff(history_model, fields, before, after, *, created) -> list[FieldChange]:
    names = [f.name for f in fields] + [f.name for f in history_model._history_m2m_fields]
    labels = {f.name: str(f.verbose_name) for f in fields}
    labels.update({f.name: str(f.verbose_name) for f in history_model._history_m2m_fields})
    changes = []
    for name in names:
        new = after.get(name, EMPTY)
        old = EMPTY if (before is None or created) else before.get(name, EMPTY)
        if before is None and not created:
            continue  # first row we hold is a change: its "before" is unknown
        if old != new:
            changes.append(FieldChange(name, labels[name], old, new))
    return changes


def _related_labels(fields, rows) -> dict:
    """Names of the related records the rows point to: one query per related model."""
    wanted: dict[type, set] = defaultdict(set)
    for f in fields:
        if f.is_relation:
            wanted[f.related_model].update(
                v for v in (getattr(r, f.attname) for r in rows) if v is not None
            )
    return {model: model._base_manager.in_bulk(list(ids)) for model, ids in wanted.items() if ids}


def _m2m_snapshots(history_model, rows) -> dict[int, dict[str, str]]:
    """Each row's many-to-many values as text: two queries per many-to-many field."""
    snapshots: dict[int, dict[str, str]] = defaultdict(dict)
    ids = [r.history_id for r in rows]
    for m2m_field in history_model._history_m2m_fields:
        through = getattr(history_model, m2m_field.name).model
        target = m2m_field.m2m_reverse_field_name()
        pairs = list(
            through.objects.filter(history_id__in=ids).values_list("history_id", f"{target}_id")
        )
        names = m2m_field.related_model._base_manager.in_bulk({t for _, t in pairs})
        grouped: dict[int, list[str]] = defaultdict(list)
        for history_id, target_id in pairs:
            target_obj = names.get(target_id)
            grouped[history_id].append(str(target_obj) if target_obj else f"#{target_id}")
        for history_id in ids:
            snapshots[history_id][m2m_field.name] = ", ".join(sorted(grouped[history_id])) or EMPTY
    return snapshots


def _display(f: models.Field, value, labels) -> str:
    if value is None or value == "":
        return EMPTY
    if f.is_relation:
        obj = labels.get(f.related_model, {}).get(value)
        if obj is None:
            return f"#{value}"
        if hasattr(obj, "get_username"):
            return user_label(obj)
        return str(obj)
    if f.flatchoices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(f, models.FileField):
        return _("(file)")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "DATE_FORMAT")
    if isinstance(value, int):
        return formats.number_format(value, force_grouping=True)
    return str(value)


def describe_change(entry: ChangeEntry) -> str:
    """One line per entry, for messages that cannot show a table (admin, logs)."""
    when = formats.date_format(timezone.localtime(entry.when), "DATETIME_FORMAT")
    fields = "; ".join(f"{c.label}: {c.old} → {c.new}" for c in entry.changes)
    return _("%(user)s at %(when)s: %(fields)s") % {
        "user": entry.user_label,
        "when": when,
        "fields": fields or entry.kind_label,
    }
