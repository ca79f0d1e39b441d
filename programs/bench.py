"""What `manage.py bench` measures, and how (see docs/performance.md for the figures).

Every page is requested through Django's whole stack (middleware, session, permissions,
view, template) with `django.test.Client`, logged in as one of two bench users made here
if missing: a province-wide manager (bench-manager) and a social worker of one regency
(bench-worker). Each page is requested once to warm up, then `runs` times; the table
gives the median and 95th percentile of the wall-clock time, the database queries of one
request and the rows the page shows (table rows, timeline events, CSV lines).

Besides the pages: the CSV export of the client list read as a browser would, up to
EXPORT_ROWS rows, with the process's peak resident memory sampled while it streams; the
import's throughput (`manage.py bench_import`); and one hand-written SQL statement (on
PostgreSQL) computing the report's headline figures, to compare the report page with.
"""

import re
import statistics
import threading
import time
import tracemalloc
from dataclasses import asdict, dataclass, field
from io import StringIO
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone

from beneficiaries import roles
from beneficiaries.models import Client, Regency, StaffScope

from .follow_up.dates import months_ago
from .models import FollowUpVisit

MANAGER = "bench-manager"
WORKER = "bench-worker"
ADMIN = "bench-admin"
EXPORT_ROWS = 100_000
DEEP_PAGE = 2000


@dataclass
class Measure:
    page: str
    times_ms: list = field(default_factory=list)
    queries: int | None = None
    rows: int | None = None
    url: str = ""
    user: str = ""
    target: str = ""
    met: bool | None = None
    extra: dict = field(default_factory=dict)

    @property
    def p50(self):
        return statistics.median(self.times_ms) if self.times_ms else None

    @property
    def p95(self):
        if not self.times_ms:
            return None
        ordered = sorted(self.times_ms)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]

    def as_dict(self):
        return {**asdict(self), "p50_ms": self.p50, "p95_ms": self.p95}


# -- users ---------------------------------------------------------------------------------


def bench_user(username, *, group=None, regency=None, superuser=False):
    """The bench's logins, made (or put right) as needed; unusable passwords: the bench
    logs in directly."""
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=username, defaults={"is_superuser": superuser, "is_staff": superuser}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    if group:
        user.groups.add(Group.objects.get(name=group))
        scope, _ = StaffScope.objects.get_or_create(user=user)
        if scope.province_wide != (regency is None):
            scope.province_wide = regency is None
            scope.save(update_fields=["province_wide"])
        scope.regencies.set([regency] if regency is not None else [])
    return User.objects.get(pk=user.pk)


def logged_in(user) -> HttpClient:
    http = HttpClient()
    http.force_login(user)
    return http


# -- one page --------------------------------------------------------------------------------

_TBODY = re.compile(r"<tbody>(.*?)</tbody>", re.S)


def rows_in(html: str) -> int:
    """Data rows a page shows: rows of its tables' bodies and events of a timeline."""
    rows = sum(body.count("<tr") for body in _TBODY.findall(html))
    return rows + html.count('class="timeline__event ')


def time_page(name, http, url, *, runs, user="", target="", limit=None) -> Measure:
    measure = Measure(name, url=url, user=user, target=target)
    http.get(url, secure=True)  # warm-up: connection, caches, the planner's statistics
    for run in range(runs):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = http.get(url, secure=True)
            body = _read(response, limit)
            measure.times_ms.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"{name}: {url} answered {response.status_code}")
        if run == 0:
            measure.queries = len(queries)
            measure.rows = rows_in(body) if limit is None else body.count("\n") - 1
    return measure


def _read(response, limit):
    """The body as text; a streamed one read in pieces, stopping after `limit` lines (a
    download cut short, as when a browser stops it: the rest is never generated). Of a
    limited download only the number of lines is kept (as "\n" * lines): the bench must
    not hold in memory what the export streams."""
    if not response.streaming:
        return response.content.decode()
    if limit is None:
        return b"".join(response.streaming_content).decode()
    lines = 0
    for piece in response.streaming_content:
        lines += piece.count(b"\n" if isinstance(piece, bytes) else "\n")
        if lines > limit:  # the header line and `limit` rows
            break
    # Stop the download as a server does when the browser goes away: close the test
    # client's iterator, which closes the response (and the database cursor behind the
    # rows) the way the client itself does at the end of a response.
    iterator = getattr(response, "_iterator", None)
    if hasattr(iterator, "close"):
        iterator.close()
    else:
        response.close()
    return "\n" * min(lines, limit + 1)


class RssSampler:
    """The process's peak resident memory while a block runs, sampled every 20 ms
    (ru_maxrss would report the peak of the process's whole life)."""

    def __init__(self):
        self.peak = 0
        self._stop = threading.Event()

    def _sample(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, current_rss_mb())
            time.sleep(0.02)

    def __enter__(self):
        self.before = current_rss_mb()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, current_rss_mb())


def current_rss_mb() -> float:
    try:
        with open("/proc/self/statm") as handle:
            pages = int(handle.read().split()[1])
    except OSError:  # not Linux
        return 0.0
    import resource

    return pages * resource.getpagesize() / 2**20


# -- the SQL baseline ------------------------------------------------------------------------

# The report's headline figures (programs.reports.headline) for a province-wide user with no
# filters, written by hand in one statement, twice: on the schema as it is, reading each
# business's latest visit, baseline and grant value and each grantee's last visit from the
# stored columns the report reads too (the fair comparison: the report-to-SQL ratio); and
# without them, finding the latest visits with DISTINCT ON as one would on the schema
# before (to show what the stored columns are worth).
HEADLINE_SQL_STORED = """
WITH
clients AS (SELECT id FROM beneficiaries_client WHERE archived_at IS NULL),
enrolments AS (
    SELECT e.client_id, e.status, e.income_before FROM programs_enrolment e
    JOIN clients c ON c.id = e.client_id WHERE e.archived_at IS NULL
),
grants AS (
    SELECT g.id, g.client_id FROM programs_grant g
    JOIN clients c ON c.id = g.client_id WHERE g.archived_at IS NULL
),
businesses AS (
    SELECT b.latest_status AS status, b.latest_income AS income,
        b.latest_employees AS employees, b.latest_income - b.baseline_income AS change,
        CASE WHEN b.latest_income > 0 THEN b.grant_value::float / b.latest_income END
            AS payback
    FROM programs_business b
    WHERE b.id IN (
        SELECT bg.business_id FROM programs_business_grants bg JOIN grants g ON g.id = bg.grant_id
    )
)
SELECT
    (SELECT COUNT(*) FROM clients) AS clients,
    (SELECT COUNT(DISTINCT client_id) FROM enrolments) AS enrolled,
    (SELECT COUNT(DISTINCT client_id) FROM enrolments WHERE status = 'completed') AS completed,
    (SELECT COUNT(*) FROM grants) AS grants,
    (SELECT COUNT(DISTINCT client_id) FROM grants) AS grantees,
    (SELECT COALESCE(SUM(i.quantity * i.unit_value), 0) FROM programs_grantitem i
        JOIN grants g ON g.id = i.grant_id) AS grant_value,
    (SELECT COUNT(status) FROM businesses) AS businesses_followed,
    (SELECT COUNT(*) FROM businesses WHERE status = 'berkembang') AS berkembang,
    (SELECT COUNT(*) FROM businesses WHERE status = 'stagnan') AS stagnan,
    (SELECT COUNT(*) FROM businesses WHERE status = 'belum_berkembang') AS belum_berkembang,
    (SELECT COUNT(*) FROM businesses WHERE status = 'tutup') AS tutup,
    (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY income) FROM businesses)
        AS income_median,
    (SELECT AVG(income) FROM businesses) AS income_mean,
    (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY income_before) FROM enrolments
        WHERE status = 'completed') AS baseline_median,
    (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY change) FROM businesses)
        AS change_median,
    (SELECT COALESCE(SUM(employees), 0) FROM businesses) AS employees,
    (SELECT COUNT(*) FROM businesses WHERE status <> 'tutup') AS open_businesses,
    (SELECT COUNT(DISTINCT g.client_id) FROM grants g
        JOIN programs_granteefollowup f ON f.client_id = g.client_id
        WHERE f.last_visit_on >= %(cutoff)s) AS coverage_visited,
    (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY payback) FROM businesses)
        AS payback_median
"""

HEADLINE_SQL = """
WITH
clients AS (SELECT id FROM beneficiaries_client WHERE archived_at IS NULL),
enrolments AS (
    SELECT e.client_id, e.status, e.income_before FROM programs_enrolment e
    JOIN clients c ON c.id = e.client_id WHERE e.archived_at IS NULL
),
grants AS (
    SELECT g.id, g.client_id,
        COALESCE((SELECT SUM(i.quantity * i.unit_value) FROM programs_grantitem i
                  WHERE i.grant_id = g.id), 0) AS value
    FROM programs_grant g JOIN clients c ON c.id = g.client_id WHERE g.archived_at IS NULL
),
visited AS (
    SELECT DISTINCT b.client_id FROM programs_followupvisit v
    JOIN programs_business b ON b.id = v.business_id
    WHERE v.archived_at IS NULL AND v.visited_on >= %(cutoff)s
),
businesses AS (
    SELECT DISTINCT bg.business_id AS id FROM programs_business_grants bg
    JOIN grants g ON g.id = bg.grant_id
),
latest AS (
    SELECT DISTINCT ON (v.business_id) v.business_id, v.status, v.net_income, v.employees
    FROM programs_followupvisit v JOIN businesses b ON b.id = v.business_id
    WHERE v.archived_at IS NULL
    ORDER BY v.business_id, v.visited_on DESC, v.id DESC
),
baseline AS (
    SELECT DISTINCT ON (bg.business_id) bg.business_id, e.income_before
    FROM programs_business_grants bg JOIN businesses b ON b.id = bg.business_id
    JOIN programs_grant g ON g.id = bg.grant_id AND g.archived_at IS NULL
    JOIN programs_enrolment e ON e.id = g.enrolment_id AND e.income_before IS NOT NULL
    ORDER BY bg.business_id, g.handed_over_on, g.id
),
value AS (
    SELECT bg.business_id, SUM(i.quantity * i.unit_value) AS value
    FROM programs_business_grants bg JOIN businesses b ON b.id = bg.business_id
    JOIN programs_grant g ON g.id = bg.grant_id AND g.archived_at IS NULL
    JOIN programs_grantitem i ON i.grant_id = g.id
    GROUP BY bg.business_id
),
per_business AS (
    SELECT l.status, l.net_income, l.employees,
        l.net_income - bl.income_before AS change,
        CASE WHEN l.net_income > 0 THEN va.value::float / l.net_income END AS payback
    FROM latest l
    LEFT JOIN baseline bl ON bl.business_id = l.business_id
    LEFT JOIN value va ON va.business_id = l.business_id
)
SELECT
    (SELECT COUNT(*) FROM clients) AS clients,
    (SELECT COUNT(DISTINCT client_id) FROM enrolments) AS enrolled,
    (SELECT COUNT(DISTINCT client_id) FROM enrolments WHERE status = 'completed') AS completed,
    (SELECT COUNT(*) FROM grants) AS grants,
    (SELECT COUNT(DISTINCT client_id) FROM grants) AS grantees,
    (SELECT COALESCE(SUM(value), 0) FROM grants) AS grant_value,
    (SELECT COUNT(*) FROM per_business) AS businesses_followed,
    (SELECT COUNT(*) FROM per_business WHERE status = 'berkembang') AS berkembang,
    (SELECT COUNT(*) FROM per_business WHERE status = 'stagnan') AS stagnan,
    (SELECT COUNT(*) FROM per_business WHERE status = 'belum_berkembang') AS belum_berkembang,
    (SELECT COUNT(*) FROM per_business WHERE status = 'tutup') AS tutup,
    (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY net_income) FROM per_business)
        AS income_median,
    (SELECT AVG(net_income) FROM per_business) AS income_mean,
    (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY income_before) FROM enrolments
        WHERE status = 'completed') AS baseline_median,
    (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY change) FROM per_business)
        AS change_median,
    (SELECT COALESCE(SUM(employees), 0) FROM per_business) AS employees,
    (SELECT COUNT(*) FROM per_business WHERE status <> 'tutup') AS open_businesses,
    (SELECT COUNT(DISTINCT g.client_id) FROM grants g JOIN visited v USING (client_id))
        AS coverage_visited,
    (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY payback) FROM per_business)
        AS payback_median
"""


def headline_by_sql(*, today, interval_months, sql=HEADLINE_SQL_STORED) -> dict:
    with connection.cursor() as cursor:
        cursor.execute(sql, {"cutoff": months_ago(today, interval_months)})
        names = [column.name for column in cursor.description]
        return dict(zip(names, cursor.fetchone(), strict=True))


def headline_by_report(user, *, today, interval_months) -> dict:
    from .reports.figures import (
        ReportFilters,
        report_businesses,
        report_clients,
        report_enrolments,
        report_grants,
    )
    from .reports.figures import headline as report_headline

    filters = ReportFilters()
    clients = report_clients(user, filters, today=today)
    grants = report_grants(clients, filters)
    h = report_headline(
        clients,
        report_enrolments(clients, filters),
        grants,
        report_businesses(grants),
        today=today,
        interval_months=interval_months,
    )
    return {
        "clients": h.clients,
        "enrolled": h.enrolled,
        "completed": h.completed,
        "grants": h.grants,
        "grantees": h.grantees,
        "grant_value": h.grant_value,
        "businesses_followed": h.businesses_followed,
        **h.status_counts,
        "income_median": h.income_median,
        "income_mean": h.income_mean,
        "baseline_median": h.baseline_median,
        "change_median": h.change_median,
        "employees": h.employees,
        "open_businesses": h.people_working - h.employees,
        "coverage_visited": h.coverage_visited,
        "payback_median": h.payback_median_months,
    }


def figures_differ(a: dict, b: dict) -> list[str]:
    """Names of the figures on which the two computations disagree (floats to 1e-6)."""
    differ = []
    for name, value in a.items():
        other = b.get(name)
        if value is None or other is None:
            if value is not other:
                differ.append(name)
        elif abs(float(value) - float(other)) > 1e-6 * max(1.0, abs(float(value))):
            differ.append(name)
    return differ


SQL_BASELINE = "report headline, hand-written SQL"
SQL_FROM_VISITS = "report headline, hand-written SQL without the stored columns"


def time_sql(name, sql, *, runs, today, interval_months) -> tuple[Measure, dict]:
    measure = Measure(name, url="(one SQL statement)")
    figures = headline_by_sql(today=today, interval_months=interval_months, sql=sql)  # warm-up
    for _ in range(runs):
        started = time.perf_counter()
        headline_by_sql(today=today, interval_months=interval_months, sql=sql)
        measure.times_ms.append((time.perf_counter() - started) * 1000)
    measure.queries, measure.rows = 1, 1
    return measure, figures


# -- the import ------------------------------------------------------------------------------

_IMPORT_LINE = re.compile(r"^import: ([\d,]+) rows read in ([\d.]+)s = ([\d,]+) rows/s", re.M)


def time_import(*, rows) -> Measure:
    """`manage.py bench_import` (issue #7): writes a file, imports it, removes the rows."""
    out = StringIO()
    call_command("bench_import", rows=rows, format="csv", no_memory=True, stdout=out)
    text = out.getvalue()
    match = _IMPORT_LINE.search(text)
    measure = Measure("import (bench_import, CSV)", url=f"--rows {rows}", target=">= 5,000 rows/s")
    if match:
        read, seconds, per_second = match.groups()
        measure.times_ms = [float(seconds) * 1000]
        measure.rows = int(read.replace(",", ""))
        measure.extra["rows_per_s"] = int(per_second.replace(",", ""))
        measure.met = measure.extra["rows_per_s"] >= 5000
    measure.extra["output"] = text.strip().splitlines()
    return measure


# -- the whole run ---------------------------------------------------------------------------


def sample_client(regency_code):
    """A client of the regency with a full page: grants, a business and the most visits."""
    visits = (
        FollowUpVisit.objects.active()
        .filter(business__client__regency_id=regency_code, business__client__archived_at=None)
        .values("business__client")
        .order_by()
    )
    # Among the first few thousand visits of the regency (by id, an index scan): enough to
    # find a well-followed client without counting the visits of a million clients.
    candidates = list(
        visits.filter(pk__in=visits.values("pk")[:5000]).values_list("business__client", flat=True)
    )
    if candidates:
        best = max(set(candidates), key=candidates.count)
        return Client.objects.get(pk=best)
    return Client.objects.active().filter(regency_id=regency_code).order_by("pk").first()


def run(*, runs, regency_code, import_rows, export_rows=EXPORT_ROWS, only=(), stdout=None) -> dict:
    """Measure every page (or those whose name contains one of `only`); the results as a
    dict for `table()` and the JSON file."""

    def wanted(name):
        return not only or any(part in name for part in only)

    today = timezone.localdate()
    interval = settings.FOLLOW_UP_INTERVAL_MONTHS
    regency = Regency.objects.get(pk=regency_code)
    manager = bench_user(MANAGER, group=roles.MANAGER)
    worker = bench_user(WORKER, group=roles.SOCIAL_WORKER, regency=regency)
    as_manager, as_worker = logged_in(manager), logged_in(worker)
    sample = sample_client(regency_code)
    if sample is None:
        raise ValueError(f"No client in regency {regency_code}: seed some first (seed_bulk).")
    name = " ".join(sample.name_normalized.split()[:2])
    clients_url = reverse("beneficiaries:client_list")
    report_url = reverse("programs:report_outcomes")
    worklist_url = reverse("programs:worklist")
    year = today.year - 2
    pages = [
        ("list: default (worker, one regency)", as_worker, WORKER, clients_url, "p50 <= 100 ms"),
        ("list: default (manager, province)", as_manager, MANAGER, clients_url, "p50 <= 100 ms"),
        (
            "list: name search",
            as_manager,
            MANAGER,
            f"{clients_url}?{urlencode({'q': name})}",
            "p50 <= 100 ms",
        ),
        (
            "list: NIK search",
            as_manager,
            MANAGER,
            f"{clients_url}?{urlencode({'q': sample.nik or sample.registration_number})}",
            "p50 <= 100 ms",
        ),
        (
            "list: regency filter",
            as_manager,
            MANAGER,
            f"{clients_url}?regency={regency_code}",
            "p50 <= 100 ms",
        ),
        (
            f"list: deep page ({DEEP_PAGE})",
            as_manager,
            MANAGER,
            f"{clients_url}?page={DEEP_PAGE}",
            "p50 <= 100 ms",
        ),
        (
            "client detail with timeline",
            as_worker,
            WORKER,
            reverse("beneficiaries:client_detail", args=[sample.pk]),
            "p50 <= 50 ms",
        ),
        ("worklist (worker, one regency)", as_worker, WORKER, worklist_url, "p50 <= 200 ms"),
        ("worklist (manager, province)", as_manager, MANAGER, worklist_url, ""),
        ("report: province-wide", as_manager, MANAGER, report_url, "p50 <= 1500 ms, <= 2x SQL"),
        (
            "report: filtered",
            as_manager,
            MANAGER,
            f"{report_url}?{urlencode({'regency': regency_code, 'year_from': year})}",
            "",
        ),
    ]
    results = []
    with override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]):
        # The export first, while the process holds no more than Django and a logged-in
        # client: its peak memory is then the export's, not what other pages left behind.
        export = None
        if wanted("export CSV"):
            export = time_export(as_manager, runs=max(1, min(runs, 3)), limit=export_rows)
            _progress(stdout, export)
        for name_, http, user, url, target in pages:
            if not wanted(name_):
                continue
            measure = time_page(name_, http, url, runs=runs, user=user, target=target)
            results.append(measure)
            _progress(stdout, measure)
        sql = None
        if connection.vendor == "postgresql" and wanted(SQL_BASELINE):
            report_figures = headline_by_report(manager, today=today, interval_months=interval)
            for name_, text, sql_runs in (
                (SQL_BASELINE, HEADLINE_SQL_STORED, runs),
                (SQL_FROM_VISITS, HEADLINE_SQL, max(1, min(runs, 3))),
            ):
                measure, sql_figures = time_sql(
                    name_, text, runs=sql_runs, today=today, interval_months=interval
                )
                measure.extra["figures"] = sql_figures
                measure.extra["differs_from_report"] = figures_differ(sql_figures, report_figures)
                results.append(measure)
                _progress(stdout, measure)
                sql = sql or measure
        if export:
            results.append(export)
    if import_rows and wanted("import"):
        measure = time_import(rows=import_rows)
        results.append(measure)
        _progress(stdout, measure)
    _judge(results, sql)
    return {
        "when": timezone.now().isoformat(timespec="seconds"),
        "database": connection.vendor,
        "clients": Client.objects.count() if connection.vendor != "postgresql" else _estimate(),
        "runs": runs,
        "pages": [m.as_dict() for m in results],
    }


def time_export(http, *, runs, limit) -> Measure:
    url = reverse("beneficiaries:client_export_csv")
    measure = time_page(
        f"export CSV ({limit:,} rows)",
        http,
        url,
        runs=runs,
        user=MANAGER,
        target="streamed, peak RSS < 200 MB",
        limit=limit,
    )
    with RssSampler() as rss:
        started = time.perf_counter()
        response = http.get(url, secure=True)
        _read(response, limit)
        seconds = time.perf_counter() - started
    tracemalloc.start()
    response = http.get(url, secure=True)
    _read(response, limit)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    measure.extra.update(
        streamed=response.streaming,
        rows_per_s=round(limit / seconds),
        rss_before_mb=round(rss.before, 1),
        rss_peak_mb=round(rss.peak, 1),
        python_peak_mb=round(peak / 2**20, 1),
    )
    measure.met = response.streaming and rss.peak < 200
    return measure


def _estimate():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples::bigint FROM pg_class WHERE oid = 'beneficiaries_client'::regclass"
        )
        return cursor.fetchone()[0]


THRESHOLDS = {"p50 <= 100 ms": 100, "p50 <= 50 ms": 50, "p50 <= 200 ms": 200}


def _judge(results, sql):
    for measure in results:
        if measure.target in THRESHOLDS:
            measure.met = measure.p50 <= THRESHOLDS[measure.target]
        elif measure.target.startswith("p50 <= 1500 ms"):
            ratio = measure.p50 / sql.p50 if sql and sql.p50 else None
            measure.extra["ratio_to_sql"] = round(ratio, 2) if ratio else None
            measure.met = measure.p50 <= 1500 and (ratio is None or ratio <= 2)


def _progress(stdout, measure):
    if stdout is not None:
        stdout.write(f"  {measure.page}: p50 {_ms(measure.p50)}\n")
        stdout.flush()


def _ms(value):
    return "-" if value is None else f"{value:,.0f} ms" if value >= 10 else f"{value:.1f} ms"


def table(result: dict) -> str:
    header = ("page", "p50 ms", "p95 ms", "queries", "rows", "target", "met")
    lines = [header]
    for page in result["pages"]:
        met = {True: "yes", False: "NO", None: ""}[page["met"]]
        lines.append(
            (
                page["page"],
                _num(page["p50_ms"]),
                _num(page["p95_ms"]),
                _num(page["queries"]),
                _num(page["rows"]),
                page["target"],
                met,
            )
        )
    widths = [max(len(str(line[i])) for line in lines) for i in range(len(header))]
    out = []
    for number, line in enumerate(lines):
        cells = [
            str(cell).ljust(width) if i in (0, 5) else str(cell).rjust(width)
            for i, (cell, width) in enumerate(zip(line, widths, strict=True))
        ]
        out.append("  ".join(cells).rstrip())
        if number == 0:
            out.append("  ".join("-" * width for width in widths))
    notes = []
    for page in result["pages"]:
        extra = page["extra"]
        if "ratio_to_sql" in extra:
            notes.append(f"report-to-SQL ratio (p50): {extra['ratio_to_sql']}")
        if "differs_from_report" in extra:
            differ = extra["differs_from_report"]
            notes.append(
                f"{page['page']}: figures equal the report's: "
                + ("yes" if not differ else f"NO ({', '.join(differ)})")
            )
        if "rss_peak_mb" in extra:
            notes.append(
                f"export: streamed={extra['streamed']}, {extra['rows_per_s']:,} rows/s; process "
                f"RSS {extra['rss_before_mb']} MB before, peak {extra['rss_peak_mb']} MB; "
                f"Python allocations peak {extra['python_peak_mb']} MB (tracemalloc)"
            )
        elif "rows_per_s" in extra:
            notes.append(f"import: {extra['rows_per_s']:,} rows/s")
    return "\n".join([*out, "", *notes])


def _num(value):
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.1f}" if value < 100 else f"{value:,.0f}"
    return f"{value:,}"


# -- admin changelists -----------------------------------------------------------------------


def time_admin(*, runs, stdout=None) -> list[dict]:
    """Every changelist of the admin site, as a superuser: p50 and queries."""
    user = bench_user(ADMIN, superuser=True)
    http = logged_in(user)
    results = []
    with override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]):
        for model, _model_admin in sorted(
            admin.site._registry.items(), key=lambda item: item[0]._meta.label
        ):
            meta = model._meta
            url = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
            measure = time_page(
                f"admin: {meta.label}", http, url, runs=runs, user=ADMIN, target="p50 < 1000 ms"
            )
            measure.met = measure.p50 < 1000
            results.append(measure)
            _progress(stdout, measure)
    return [m.as_dict() for m in results]
