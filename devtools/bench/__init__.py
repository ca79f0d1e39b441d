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

The modules:

- `pages`: which pages are timed, as whom, against which target; the whole run;
- `measure`: timing one page (wall clock, queries, rows shown), percentiles, the bench's
  logins, the process's memory;
- `headline_sql`: the report's headline figures by hand-written SQL, the baseline;
- `client_import`: the import's throughput on a generated file (`manage.py bench_import`);
- `admin_pages`: every changelist of the admin site (`bench --admin`);
- `report`: the printed table and the progress lines.
"""
