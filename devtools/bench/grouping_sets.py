"""The baseline of issue #17: one GROUPING SETS statement that computes the report's
enrolment breakdowns (people enrolled and completed, by regency and sex, by program, by
cohort, and in all) from the raw tables at request time (PostgreSQL only). The report,
province-wide, is judged by its time as a ratio to this statement's, measured in the same
run (robust on a shared machine). Its figures are checked against the report's own."""

import time

from django.db import connection

from programs.models import TrainingProgram
from programs.reports.figures import ReportFilters, outcome_report

from .measure import Measure

GROUPING_SETS_BASELINE = "enrolment breakdowns, one GROUPING SETS statement"

GROUPING_SETS_SQL = """
SELECT
    GROUPING(c.regency_id, c.sex, b.program_id, e.batch_id) AS grouping,
    c.regency_id, c.sex, b.program_id, e.batch_id,
    COUNT(DISTINCT e.client_id) AS enrolled,
    COUNT(DISTINCT e.client_id) FILTER (WHERE e.status = 'completed') AS completed
FROM programs_enrolment e
JOIN beneficiaries_client c ON c.id = e.client_id
JOIN programs_batch b ON b.id = e.batch_id
WHERE e.archived_at IS NULL AND c.archived_at IS NULL
GROUP BY GROUPING SETS ((c.regency_id, c.sex), (b.program_id), (e.batch_id), ())
"""

# GROUPING(...) of each set: a bit per column left out of it, first column highest.
BY_REGENCY_AND_SEX, BY_PROGRAM, BY_COHORT, IN_ALL = 0b0011, 0b1101, 0b1110, 0b1111


def figures_by_sql() -> dict:
    """{set: {key: (enrolled, completed)}} for the four sets."""
    figures = {BY_REGENCY_AND_SEX: {}, BY_PROGRAM: {}, BY_COHORT: {}, IN_ALL: {}}
    with connection.cursor() as cursor:
        cursor.execute(GROUPING_SETS_SQL)
        for grouping, regency, sex, program, batch, enrolled, completed in cursor.fetchall():
            key = {
                BY_REGENCY_AND_SEX: (regency, sex),
                BY_PROGRAM: program,
                BY_COHORT: batch,
                IN_ALL: None,
            }[grouping]
            figures[grouping][key] = (enrolled, completed)
    return figures


def differences_from_report(figures: dict, manager, *, today, interval_months) -> list[str]:
    """The figures on which the statement and the report (province-wide) disagree: the
    headline's enrolled and completed, and every program's row."""
    report = outcome_report(manager, ReportFilters(), today=today, interval_months=interval_months)
    differ = []
    h = report.headline
    if figures[IN_ALL].get(None, (0, 0)) != (h.enrolled, h.completed):
        differ.append("headline")
    programs = next(b for b in report.breakdowns if b.key == "program")
    names = dict(TrainingProgram.objects.values_list("pk", "name"))
    by_name = {names[pk]: value for pk, value in figures[BY_PROGRAM].items() if pk in names}
    for row in programs.rows:
        if row.without_training:
            continue
        if by_name.get(row.label, (0, 0)) != (row.enrolled, row.completed):
            differ.append(f"program {row.label}")
    return differ


def time_grouping_sets(manager, *, runs, today, interval_months, progress) -> Measure:
    measure = Measure(GROUPING_SETS_BASELINE, url="(one SQL statement)")
    figures = figures_by_sql()  # warm-up
    for _ in range(runs):
        started = time.perf_counter()
        figures_by_sql()
        measure.times_ms.append((time.perf_counter() - started) * 1000)
    measure.queries = 1
    measure.rows = sum(len(rows) for rows in figures.values())
    measure.extra["differs_from_report"] = differences_from_report(
        figures, manager, today=today, interval_months=interval_months
    )
    progress(measure)
    return measure
