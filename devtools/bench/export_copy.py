"""The baseline the client list's CSV export is compared with (PostgreSQL only): the same
rows and columns (masked NIK and KK, region and unit names, the three many-to-many name
lists in their models' order, dates as DD/MM/YYYY) written by the database itself,
`COPY (SELECT ...) TO STDOUT` read through psycopg's `cursor.copy()`; and the XLSX export,
timed as the background job calls it (`clients_xlsx_write` to a temporary file)."""

import tempfile
import time
from contextlib import contextmanager

from django.db import connection, transaction
from django.test.utils import override_settings

from beneficiaries import selectors
from beneficiaries.exports import clients_xlsx_write
from beneficiaries.filters import ClientFilter

from .measure import Measure, RssSampler

XLSX_TARGET = ">= 10,000 rows/s, peak RSS < 200 MB"


def copy_name(limit):
    # "export CSV: ...": `--only "export CSV"` selects the export and its baseline.
    return f"export CSV: COPY baseline ({limit:,} rows)"


def xlsx_name(limit):
    return f"export XLSX ({limit:,} rows)"


class QueryCount:
    """An execute wrapper that counts the queries (`count`) and keeps none of them."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


@contextmanager
def unlogged_queries():
    """The queries of the block counted (the `QueryCount` yielded), none logged, as in
    production: with DEBUG on, Django keeps the SQL of the last 9,000, and a chunk's name
    lists are three statements of some 40 kB each (5,000 ids), which would grow the
    process by tens of MB while its memory is measured."""
    counter = QueryCount()
    with override_settings(DEBUG=False), connection.execute_wrapper(counter):
        yield counter


def export_queryset(user, limit):
    """The first `limit` rows of the client list the user exports without filters, as
    the view and the background job build it."""
    return ClientFilter({}, queryset=selectors.client_list(user)).qs[:limit]


# The rows of the client list of a province-wide manager without filters (active clients
# in name order), `limit` of them, as the CSV export writes them; the formula rule of
# core/spreadsheets.py is left out (it is no SQL's business, and costs the database next
# to nothing). The masks are Client.masked_nik's and exports._mask's.
COPY_SQL = """
COPY (
    SELECT
        c.registration_number,
        c.name,
        CASE WHEN c.nik = '' THEN '' ELSE left(c.nik, 6) || '••••••' || right(c.nik, 4) END,
        CASE WHEN c.kk_number = '' THEN ''
            ELSE left(c.kk_number, 6) || '••••••' || right(c.kk_number, 4) END,
        CASE c.sex WHEN 'L' THEN 'Laki-laki' WHEN 'P' THEN 'Perempuan' ELSE c.sex END,
        c.birth_place,
        to_char(c.birth_date, 'DD/MM/YYYY'),
        c.address,
        COALESCE(v.name, ''),
        COALESCE(d.name, ''),
        r.name,
        COALESCE((
            SELECT string_agg(t.name, ', ' ORDER BY t.code)
            FROM beneficiaries_client_ppks_types ct
            JOIN beneficiaries_ppkstype t ON t.id = ct.ppkstype_id
            WHERE ct.client_id = c.id
        ), ''),
        COALESCE((
            SELECT string_agg(t.name, ', ' ORDER BY k.code, t.kind_only DESC, t.name)
            FROM beneficiaries_client_disabilities ct
            JOIN beneficiaries_disabilitytype t ON t.id = ct.disabilitytype_id
            JOIN beneficiaries_disabilitykind k ON k.id = t.kind_id
            WHERE ct.client_id = c.id
        ), ''),
        COALESCE((
            SELECT string_agg(t.name, ', ' ORDER BY t.name)
            FROM beneficiaries_client_assistive_devices ct
            JOIN beneficiaries_assistivedevice t ON t.id = ct.assistivedevice_id
            WHERE ct.client_id = c.id
        ), ''),
        c.phone,
        CASE c.status WHEN 'eks_klien' THEN 'eks klien' ELSE c.status END,
        COALESCE(u.name, '')
    FROM beneficiaries_client c
    JOIN beneficiaries_regency r ON r.code = c.regency_id
    LEFT JOIN beneficiaries_district d ON d.code = c.district_id
    LEFT JOIN beneficiaries_village v ON v.code = c.village_id
    LEFT JOIN beneficiaries_serviceunit u ON u.id = c.service_unit_id
    WHERE c.archived_at IS NULL
    ORDER BY c.name_normalized, c.id
    LIMIT {limit}
) TO STDOUT WITH (FORMAT csv, HEADER)
"""


def copy_export(limit) -> tuple[int, int]:
    """The baseline's CSV read to the end, in a transaction (as the export reads): its
    lines (the header left out) and bytes."""
    lines = size = 0
    with (
        transaction.atomic(),
        connection.cursor() as cursor,
        cursor.copy(COPY_SQL.format(limit=int(limit))) as copy,
    ):
        for block in copy:
            lines += bytes(block).count(b"\n")
            size += len(block)
    return lines - 1, size


def copy_measure(limit) -> Measure:
    """The COPY baseline's measure, its runs still to make (`copy_run`): the bench runs
    them between the CSV export's, so that both meet the same load on a shared machine."""
    copy_export(limit)  # warm-up
    return Measure(copy_name(limit), url="COPY (SELECT ...) TO STDOUT", target="baseline")


def copy_run(measure, limit):
    started = time.perf_counter()
    lines, size = copy_export(limit)
    measure.times_ms.append((time.perf_counter() - started) * 1000)
    measure.queries, measure.rows = 1, lines
    measure.extra.update(
        rows_per_s=round(lines / (measure.p50 / 1000)), copy_mb=round(size / 2**20, 1)
    )


def time_xlsx(user, *, runs, limit) -> Measure:
    """`clients_xlsx_write` of the manager's client list, `limit` rows, to a temporary
    file, the process's resident memory sampled during the first run."""
    queryset = export_queryset(user, limit)
    measure = Measure(xlsx_name(limit), url="clients_xlsx_write", target=XLSX_TARGET)
    rss = None
    for _ in range(runs):
        with (
            tempfile.TemporaryFile() as output,
            RssSampler() as sampled,
            unlogged_queries() as queries,
        ):
            started = time.perf_counter()
            rows = clients_xlsx_write(queryset, output, full_nik=False)
            measure.times_ms.append((time.perf_counter() - started) * 1000)
            size = output.tell()
        rss = rss or sampled
    measure.queries, measure.rows = queries.count, rows
    rate = round(rows / (measure.p50 / 1000))
    measure.extra.update(
        rows_per_s=rate,
        xlsx_mb=round(size / 2**20, 1),
        rss_before_mb=round(rss.before, 1),
        rss_peak_mb=round(rss.peak, 1),
    )
    measure.met = rate >= 10_000 and rss.peak < 200
    return measure
