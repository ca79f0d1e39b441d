"""The baseline the outcome report is compared with: its headline figures for a
province-wide user with no filters, computed by one hand-written SQL statement (PostgreSQL
only), timed, and checked against the report's own figures."""

import time

from django.db import connection

from programs.follow_up.dates import months_ago
from programs.reports.figures import (
    ReportFilters,
    report_businesses,
    report_clients,
    report_enrolments,
    report_grants,
)
from programs.reports.figures import headline as report_headline

from .measure import Measure

SQL_BASELINE = "report headline, hand-written SQL"
SQL_FROM_VISITS = "report headline, hand-written SQL without the stored columns"

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
    """The same figures as the outcome report computes them, by name."""
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


def time_sql(name, sql, *, runs, today, interval_months) -> tuple[Measure, dict]:
    measure = Measure(name, url="(one SQL statement)")
    figures = headline_by_sql(today=today, interval_months=interval_months, sql=sql)  # warm-up
    for _ in range(runs):
        started = time.perf_counter()
        headline_by_sql(today=today, interval_months=interval_months, sql=sql)
        measure.times_ms.append((time.perf_counter() - started) * 1000)
    measure.queries, measure.rows = 1, 1
    return measure, figures


def time_baselines(manager, *, runs, today, interval_months, progress) -> list[Measure]:
    """Both statements timed (the one without the stored columns, slow, at most 3 times),
    each with its figures and the names of those that differ from the report's; the first
    is the baseline the report page is judged against."""
    report_figures = headline_by_report(manager, today=today, interval_months=interval_months)
    results = []
    for name, sql, sql_runs in (
        (SQL_BASELINE, HEADLINE_SQL_STORED, runs),
        (SQL_FROM_VISITS, HEADLINE_SQL, max(1, min(runs, 3))),
    ):
        measure, figures = time_sql(
            name, sql, runs=sql_runs, today=today, interval_months=interval_months
        )
        measure.extra["figures"] = figures
        measure.extra["differs_from_report"] = figures_differ(figures, report_figures)
        results.append(measure)
        progress(measure)
    return results
