"""Keeping the report's summaries: a change applied as a difference, in the writer's
transaction; everything rebuilt from the records; the summaries checked against them.

`report_summaries_refresh(client_ids)` is called in the same transaction as every write
that can change a figure (programs/follow_up/refresh.py calls it for every program write;
the registry's writes reach it through beneficiaries.changes). It reads the clients' facts
from the records (facts.py), works out what each client added before (from the stored
facts) and adds now (contributions.py), and adds the difference to the summary rows: an
`INSERT ... ON CONFLICT DO UPDATE SET n = n + excluded.n` per changed row, in key order
(two writers touching the same rows take their locks in the same order), then removes the
rows left at zero. A row is only ever changed by adding, so two transactions that change
the same row (two visits in one regency) both count, one after the other.
"""

import itertools

from django.db import connection, transaction

from beneficiaries.models import Client

from ...models import ReportClientFacts, ReportSummary
from ...models.report_summaries import MEASURES
from .contributions import WIDTH, contributions, key_text
from .facts import clients_facts

CHUNK = 2_000
INSERT_ROWS = 400
KEY_COLUMNS = (
    "kind",
    "regency_id",
    "sex",
    "service_unit_id",
    "filter",
    "breakdown",
    "batch_id",
    "figure",
    "basis",
    "years",
    "handed_year",
    "start_year",
    "day",
    "value",
)


def _add(total: dict, parts: dict, sign: int = 1) -> None:
    for key, measures in parts.items():
        row = total.get(key)
        if row is None:
            row = total[key] = [0] * WIDTH
        for i, m in enumerate(measures):
            row[i] += sign * m


def _write(difference: dict) -> None:
    """Add `difference` ({key: measures}) to the summary rows, then drop empty rows."""
    changed = sorted(
        ((key_text(key), key, measures) for key, measures in difference.items() if any(measures)),
        key=lambda item: item[0],
    )
    if not changed:
        return
    table = connection.ops.quote_name(ReportSummary._meta.db_table)
    quote = connection.ops.quote_name
    columns = [quote(c) for c in ("key", *KEY_COLUMNS, *MEASURES)]
    updates = ", ".join(f"{quote(m)} = {table}.{quote(m)} + excluded.{quote(m)}" for m in MEASURES)
    placeholders = "(" + ", ".join(["%s"] * len(columns)) + ")"
    with connection.cursor() as cursor:
        for start in range(0, len(changed), INSERT_ROWS):
            rows = changed[start : start + INSERT_ROWS]
            sql = (
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES "  # noqa: S608
                + ", ".join([placeholders] * len(rows))
                + f" ON CONFLICT ({quote('key')}) DO UPDATE SET {updates}"
            )
            cursor.execute(
                sql, list(itertools.chain.from_iterable((k, *key, *m) for k, key, m in rows))
            )
    ReportSummary.objects.filter(key__in=[k for k, _key, _m in changed], n=0).delete()


def report_summaries_refresh(*, client_ids) -> None:
    """Bring the summaries up to date with these clients' records (the caller's
    transaction; the clients are locked by the caller or here)."""
    ids = sorted({pk for pk in client_ids if pk is not None})
    if not ids:
        return
    with transaction.atomic():
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            stored = dict(
                ReportClientFacts.objects.select_for_update()
                .filter(client_id__in=chunk)
                .values_list("client_id", "facts")
            )
            now = clients_facts(chunk)
            difference: dict = {}
            for pk in chunk:
                old, new = stored.get(pk), now.get(pk)
                if old == new and pk in stored:
                    continue
                _add(difference, contributions(new))
                _add(difference, contributions(old), -1)
            _write(difference)
            existing = set(Client.objects.filter(pk__in=chunk).values_list("pk", flat=True))
            gone = [pk for pk in chunk if pk not in existing]
            ReportClientFacts.objects.filter(client_id__in=gone).delete()
            changed = [
                pk
                for pk in chunk
                if pk in existing and (stored.get(pk) != now.get(pk) or pk not in stored)
            ]
            ReportClientFacts.objects.bulk_create(
                [ReportClientFacts(client_id=pk, facts=now.get(pk)) for pk in changed],
                update_conflicts=True,
                unique_fields=["client"],
                update_fields=["facts"],
            )


def _all_client_ids():
    return list(Client.objects.order_by("pk").values_list("pk", flat=True))


def summaries_from_records(*, progress=None) -> tuple[dict, dict]:
    """(facts by client, summary rows by key) computed from the records alone."""
    ids = _all_client_ids()
    all_facts: dict = {}
    rows: dict = {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        facts = clients_facts(chunk)
        for pk in chunk:
            all_facts[pk] = facts[pk]
            _add(rows, contributions(facts[pk]))
        if progress:
            progress(min(start + CHUNK, len(ids)), len(ids))
    return all_facts, {key: m for key, m in rows.items() if any(m)}


def report_summaries_rebuild(*, progress=None) -> dict:
    """Replace the summaries by what the records give (one transaction)."""
    facts, rows = summaries_from_records(progress=progress)
    with transaction.atomic():
        ReportSummary.objects.all().delete()
        ReportClientFacts.objects.all().delete()
        ReportClientFacts.objects.bulk_create(
            (ReportClientFacts(client_id=pk, facts=fx) for pk, fx in facts.items()),
            batch_size=5_000,
        )
        ReportSummary.objects.bulk_create(
            (_summary(key, measures) for key, measures in sorted(rows.items(), key=_by_text)),
            batch_size=5_000,
        )
    return {"clients": len(facts), "rows": len(rows)}


def _by_text(item):
    return key_text(item[0])


def _summary(key, measures) -> ReportSummary:
    return ReportSummary(
        key=key_text(key),
        **dict(zip(KEY_COLUMNS, key, strict=True)),
        **dict(zip(MEASURES, measures, strict=True)),
    )


def stored_summaries() -> tuple[dict, dict]:
    facts = dict(ReportClientFacts.objects.values_list("client_id", "facts"))
    rows = {}
    for values in ReportSummary.objects.values_list("key", *MEASURES).iterator(chunk_size=10_000):
        rows[values[0]] = list(values[1:])
    return facts, rows


def report_summaries_check(*, progress=None, limit: int = 20) -> list[str]:
    """The differences between the stored summaries and what the records give (at most
    `limit` described, and their number): an empty list when they agree."""
    facts, rows = summaries_from_records(progress=progress)
    stored_facts, stored_rows = stored_summaries()
    expected = {key_text(key): m for key, m in rows.items()}
    differences = []
    for pk in sorted(set(facts) | set(stored_facts), key=str):
        if facts.get(pk) != stored_facts.get(pk) and (facts.get(pk) or pk in stored_facts):
            differences.append(f"client {pk}: stored facts differ from the records")
    for key in sorted(set(expected) | set(stored_rows)):
        if expected.get(key, [0] * WIDTH) != stored_rows.get(key, [0] * WIDTH):
            differences.append(
                f"row {key}: stored {stored_rows.get(key)}, records give {expected.get(key)}"
            )
    if len(differences) > limit:
        return [*differences[:limit], f"... {len(differences)} differences in all"]
    return differences
