"""The import pass: read, validate, match and (unless previewing) write, a chunk at a time.

One pass serves the preview (`write=False`: nothing is written) and the import
(`write=True`): the same rows get the same verdicts. The rows are read and checked a
chunk at a time in a child process (validation.checked_chunks) while this one matches
them against the registry and writes the chunks before. Writing happens inside one
`transaction.atomic()`, in chunks of CHUNK_SIZE rows: registration numbers allocated as a
block, the chunk's keys reserved in one query, clients, their history and their PPKS
types, disabilities and assistive devices each with one bulk insert per chunk. Any
failure (a database error, an error row when the user did not choose to drop them,
counts that differ from the preview she confirmed) rolls everything back: the good rows
go in all together or not at all.

Rows that match a client outside the user's area are written to the access log as
lookups, one bulk insert per chunk that has any, in preview and import alike (each pass
answers the user). A refused import rolls those rows back with the rest, so ImportRefused
carries them for the caller to write again.
"""

from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from core.record_writes import history_reason

from ..models import Client, ClientStatusChange
from ..models.access import user_area
from ..services import record_lookups_log, registration_numbers_allocate
from . import bulk
from .columns import field_label, map_columns
from .readers import FileError, open_table
from .reference import Reference
from .registry import index_lookups, match_chunk
from .validation import Outcome, RowValidator, checked_chunks

CHUNK_SIZE = 1000
MAX_LISTED = 500  # problems (and warnings, and existing rows) listed in a preview
SAMPLE_ROWS = 10

ON_EXISTING = ("skip", "update")
# Fields an update may change, as named in RowResult.given.
UPDATABLE = (
    "nik",
    "kk_number",
    "name",
    "sex",
    "birth_place",
    "birth_date",
    "address",
    "phone",
    "status",
    "service_unit",
)
ADDRESS = ("regency", "district", "village")


@dataclass
class Summary:
    """What a pass found (and did). Stored as the import's preview; shown to the user."""

    kind: str = ""
    detail: str = ""
    header_rows: list = field(default_factory=list)
    columns: list = field(default_factory=list)  # [label in the file, registry field]
    unknown_columns: list = field(default_factory=list)
    repeated_columns: list = field(default_factory=list)
    rows_read: int = 0
    ready: int = 0
    existing: int = 0
    errors: int = 0  # rows with errors
    warnings: int = 0  # rows with warnings
    created: int = 0
    updated: int = 0
    unchanged: int = 0  # existing rows left as they were (skipped, or nothing differed)
    problems: list = field(default_factory=list)
    warning_list: list = field(default_factory=list)
    existing_rows: list = field(default_factory=list)
    sample: list = field(default_factory=list)

    @property
    def verdict(self):
        """What the user confirms: a confirmed import must find exactly this again."""
        return (self.rows_read, self.ready, self.existing, self.errors)

    def as_dict(self):
        return asdict(self)

    @classmethod
    def from_dict(cls, data):
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in (data or {}).items() if k in known})

    def add(self, result, reference):
        self.rows_read += 1
        if result.outcome == Outcome.ERROR:
            self.errors += 1
            self._list(self.problems, [p.as_dict() for p in result.errors])
        elif result.outcome == Outcome.EXISTING:
            self.existing += 1
            if len(self.existing_rows) < MAX_LISTED:
                self.existing_rows.append(
                    {
                        "row": result.number,
                        "name": result.existing.name,
                        "registration_number": result.existing.registration_number,
                        "client_id": result.existing.pk,
                    }
                )
        else:
            self.ready += 1
            if len(self.sample) < SAMPLE_ROWS:
                c = result.values
                self.sample.append(
                    {
                        "row": result.number,
                        "name": c["name"],
                        "nik": Client(nik=c["nik"]).masked_nik,
                        "sex": c["sex"],
                        "birth_date": c["birth_date"].isoformat() if c["birth_date"] else "",
                        "regency": reference.regencies.get(c["regency_id"], ""),
                        "village": reference.villages.get(c["village_id"], ("", ""))[1],
                    }
                )
        if result.warnings and result.outcome != Outcome.ERROR:
            self.warnings += 1
            self._list(self.warning_list, [p.as_dict() for p in result.warnings])

    @staticmethod
    def _list(target, items):
        room = MAX_LISTED - len(target)
        if room > 0:
            target.extend(items[:room])


class ImportRefused(Exception):
    """Nothing was written; `summary` says why (error rows, or a changed verdict).

    `lookups` are the pass's access log rows (client id, detail), rolled back with the
    rest: the caller writes them again with `services.record_lookups_log`.
    """

    def __init__(self, summary, reason, lookups=()):
        super().__init__(reason)
        self.summary = summary
        self.reason = reason
        self.lookups = list(lookups)


class LookupLog:
    """The pass's rows that matched a client outside the user's area, logged a chunk at a
    time (one bulk insert); kept for ImportRefused only when writing (a preview commits)."""

    def __init__(self, *, user, source, ip_address, keep):
        self.user = user
        self.source = source
        self.ip_address = ip_address
        self.kept = [] if keep else None

    def chunk(self, results):
        hits = [
            (r.elsewhere[0], f"{self.source}, row {r.number}: {r.elsewhere[1]}")
            for r in results
            if r.elsewhere is not None
        ]
        if hits:
            record_lookups_log(user=self.user, hits=hits, ip_address=self.ip_address)
            if self.kept is not None:
                self.kept += hits

    def refused(self, summary, reason):
        return ImportRefused(summary, reason, lookups=self.kept or ())


def run_import(
    path,
    *,
    user,
    sheet: str | None = None,
    write: bool = False,
    on_existing: str = "skip",
    skip_errors: bool = False,
    expected: tuple | None = None,
    change_reason: str = "",
    progress: Callable[[int, float], None] | None = None,
    source: str = "import",
    ip_address: str | None = None,
) -> Summary:
    """Read the file at `path` and judge every row; with `write`, import the good ones.

    Raises FileError when the file cannot be read, ImportRefused (after rolling back) when
    writing and rows have errors that the user did not choose to drop, or when the verdict
    differs from `expected`. `source` (e.g. "import klien.csv") and `ip_address` go into
    the access log's lookup rows.
    """
    if on_existing not in ON_EXISTING:
        raise ValueError(on_existing)
    summary = Summary()
    reference = Reference()
    scope = user_area(user)  # the scope rule: beneficiaries/models/access.py
    with open_table(path, sheet=sheet) as table:
        columns = map_columns(table.labels)
        _describe_columns(summary, table, columns)
        require_columns(columns)
        validator = RowValidator(columns=columns, reference=reference, scope=scope)
        # The reason names the file, and a file name can be long.
        writer = ChunkWriter(
            user=user, on_existing=on_existing, reason=history_reason(change_reason)
        )
        lookups = LookupLog(user=user, source=source, ip_address=ip_address, keep=write)
        # A preview writes nothing, but runs in a transaction too: its reads see one state
        # of the registry, and registry.py's planner hints stay inside it.
        checked = checked_chunks(table, validator, size=CHUNK_SIZE)
        with checked as chunks, transaction.atomic():
            with index_lookups():
                for chunk, fraction in chunks:
                    _finish_chunk(
                        chunk, summary, reference, scope, columns, writer, write, skip_errors
                    )
                    lookups.chunk(chunk)
                    if progress:
                        progress(summary.rows_read, fraction)
            if progress:
                progress(summary.rows_read, 1.0)
            summary.created, summary.updated = writer.created, writer.updated
            summary.unchanged = summary.existing - writer.updated
            if write and summary.errors and not skip_errors:
                raise lookups.refused(summary, "errors")
            if write and expected is not None and tuple(expected) != summary.verdict:
                raise lookups.refused(summary, "changed")
    return summary


def _finish_chunk(chunk, summary, reference, scope, columns, writer, write, skip_errors):
    if not chunk:
        return
    match_chunk(chunk, scope=scope, columns=columns)
    for result in chunk:
        summary.add(result, reference)
    # Once an error row is found and must stop the import, writing more is wasted work:
    # the transaction will be rolled back. The rest is still read, to report every error.
    if write and (skip_errors or not summary.errors):
        writer.write(chunk)


def _describe_columns(summary, table, columns):
    summary.kind = table.kind
    summary.detail = table.detail
    summary.header_rows = list(table.header_rows)
    summary.columns = [[columns.labels[key], field_label(key)] for key in columns.index]
    summary.unknown_columns = columns.unknown
    summary.repeated_columns = columns.repeated


def require_columns(columns):
    """FileError unless the header names the columns every row needs (also asked by the
    upload form before the check's job starts: services.client_import_upload)."""
    missing = []
    if "name" not in columns.index:
        missing.append("Nama")
    if "sex" not in columns.index:
        missing.append("Jenis Kelamin")
    if not set(ADDRESS) & set(columns.index):
        missing.append("Kabupaten/Kota")
    if missing:
        raise FileError(
            _("The file has no column for: %(columns)s. Use the headers of the template.")
            % {"columns": ", ".join(missing)}
        )


RELATIONS = ("ppks_types", "disabilities", "assistive_devices")


def _bulk_create_with_history(objs, model, *, user, reason):
    if objs:
        bulk_create_with_history(
            objs, model, batch_size=CHUNK_SIZE, default_user=user, default_change_reason=reason
        )


class ChunkWriter:
    """Writes the ready (and, when chosen, the existing) rows of one chunk at a time."""

    def __init__(self, *, user, on_existing, reason):
        self.user = user
        self.on_existing = on_existing
        self.reason = reason[:100]
        self.year = timezone.localdate().year
        self.created = 0
        self.updated = 0

    def write(self, chunk):
        new = [r for r in chunk if r.outcome == Outcome.READY]
        if new:
            self._create(new)
        if self.on_existing == "update":
            existing = [r for r in chunk if r.outcome == Outcome.EXISTING]
            if existing:
                self._update(existing)

    def _create(self, rows):
        now = timezone.now()
        numbers = registration_numbers_allocate(year=self.year, count=len(rows))
        defaults = bulk.defaults(Client, now)
        user = self.user.pk
        clients = [
            {
                **defaults,
                **row.values,
                "registration_number": number,
                "created_by_id": user,
                "updated_by_id": user,
            }
            for row, number in zip(rows, numbers, strict=True)
        ]
        history = Client.history.model
        counts = {Client: len(clients), history: len(clients)}
        for relation in RELATIONS:
            through = _through(relation)[0]
            counts[through] = sum(len(row.relations.get(relation, ())) for row in rows)
        ids = bulk.reserve_ids(counts)  # one query for every table (PostgreSQL)
        client_ids = bulk.insert(Client, clients, now=now, ids=ids.get(Client))
        links = {}
        for relation in RELATIONS:
            through, source, target = _through(relation)
            links[relation] = [
                {source: pk, target: other}
                for pk, row in zip(client_ids, rows, strict=True)
                for other in row.relations.get(relation, ())
            ]
            bulk.insert(through, links[relation], now=now, ids=ids.get(through))
        self._history(clients, update=False, now=now, links=links, ids=ids.get(history))
        self.created += len(clients)

    def _update(self, rows):
        current = Client.objects.select_for_update().in_bulk([r.existing.pk for r in rows])
        now = timezone.now()
        relations = {
            relation: _current_relations(relation, current)
            for relation in RELATIONS
            if any(relation in r.given for r in rows)
        }
        changed, fields, status_changes = [], set(), []
        replaced = {relation: [] for relation in relations}
        for row in rows:
            client = current[row.existing.pk]
            names = [n for n in UPDATABLE if n in row.given]
            if set(ADDRESS) & row.given:
                names += ADDRESS  # the address is one unit: its levels must nest
            diff = [n for n in names if getattr(client, _attname(n)) != row.values[_attname(n)]]
            relation_diff = [
                relation
                for relation in relations
                if relation in row.given
                and set(row.relations[relation]) != relations[relation].get(client.pk, set())
            ]
            if not diff and not relation_diff:
                continue
            if "status" in diff:
                status_changes.append(
                    ClientStatusChange(
                        client=client,
                        old_status=client.status,
                        new_status=row.values["status"],
                        changed_by=self.user,
                    )
                )
            for name in diff:
                setattr(client, _attname(name), row.values[_attname(name)])
            if "name" in diff:
                client.name_normalized = row.values["name_normalized"]
                fields.add("name_normalized")
            for relation in relation_diff:
                replaced[relation].append((client.pk, row.relations[relation]))
            client.updated_by = self.user
            client.updated_at = now
            client.version += 1  # an edit form opened before this import must not save
            fields.update(diff)
            changed.append(client)
        if not changed:
            return
        fields.update(["updated_by", "updated_at", "version"])
        Client.objects.bulk_update(changed, sorted(fields), batch_size=CHUNK_SIZE)
        _bulk_create_with_history(
            status_changes, ClientStatusChange, user=self.user, reason=self.reason
        )
        for relation, pairs in replaced.items():
            if pairs:
                through, source, _target = _through(relation)
                through.objects.filter(**{f"{source}__in": [pk for pk, _ids in pairs]}).delete()
                _add_relations(relation, pairs)
        fields_of = Client._meta.concrete_fields
        self._history(
            [
                # As stored: a photo is its file name, not a FieldFile.
                {f.attname: f.get_prep_value(getattr(c, f.attname)) for f in fields_of}
                for c in changed
            ],
            update=True,
            now=now,
        )
        self.updated += len(changed)

    def _history(self, clients: list[dict], *, update, now, links=None, ids=None):
        """The clients' history rows, each with its PPKS types, disabilities and devices.

        What `simple_history.utils.bulk_create_with_history` / `bulk_update_with_history`
        write (one "+" or "~" row per client by the importing user, with the import as
        the reason), written here from the same dicts by `bulk.insert` (which takes the
        tracked fields from them), and with the many-to-many snapshot a form's save gets
        from the m2m_changed signal and a bulk insert never sends. `ids`: the history
        rows' keys, when reserved with the clients'.
        """
        history = Client.history.model
        marks = {
            "history_date": now,
            "history_type": "~" if update else "+",
            "history_user_id": self.user.pk,
            "history_change_reason": self.reason,
        }
        history_ids = bulk.insert(history, [values | marks for values in clients], now=now, ids=ids)
        history_of = {
            values["id"]: history_id
            for values, history_id in zip(clients, history_ids, strict=True)
        }
        for relation in RELATIONS:
            snapshot = getattr(history, relation).model
            through, source, target = _through(relation)
            if links is not None:  # the rows just inserted, with their ids
                current = [(link["id"], link[source], link[target]) for link in links[relation]]
            else:
                current = through.objects.filter(**{f"{source}__in": list(history_of)}).values_list(
                    "pk", source, target
                )
            bulk.insert(
                snapshot,
                [
                    {"id": pk, "history_id": history_of[client_id], source: client_id, target: to}
                    for pk, client_id, to in current
                ],
                now=now,
                keep_ids=False,  # nothing refers to a snapshot row
            )


def _attname(name):
    return f"{name}_id" if name in (*ADDRESS, "service_unit") else name


def _through(relation):
    """The through model of a client relation and its two foreign key column names."""
    m2m = Client._meta.get_field(relation)
    return (
        m2m.remote_field.through,
        f"{m2m.m2m_field_name()}_id",
        f"{m2m.m2m_reverse_field_name()}_id",
    )


def _add_relations(relation, pairs):
    through, source, target = _through(relation)
    through.objects.bulk_create(
        [through(**{source: pk, target: other}) for pk, ids in pairs for other in ids],
        batch_size=CHUNK_SIZE * 2,
    )


def _current_relations(relation, clients):
    through, source, target = _through(relation)
    found = {}
    for pk, other in through.objects.filter(**{f"{source}__in": list(clients)}).values_list(
        source, target
    ):
        found.setdefault(pk, set()).add(other)
    return found
