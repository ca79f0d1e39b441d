"""What `manage.py bench` measures, and how (see docs/performance.md for the figures).

Every page is requested through Django's whole stack (middleware, session, permissions,
view, template) with `django.test.Client`, logged in as one of two bench users made here
if missing: a province-wide manager (bench-manager) and a social worker of one regency
(bench-worker). Each page is requested once to warm up, then `runs` times; the table
gives the median and 95th percentile of the wall-clock time, the database queries of one
request and the rows the page shows (table rows, timeline events, CSV lines).

Besides the pages: the client list written as CSV and as XLSX, EXPORT_ROWS rows of it,
as the background job writes it (`beneficiaries.exports.clients_csv_write` and
`clients_xlsx_write`; the page itself hands a list that long to a job), with the process's
peak resident memory, beside the same columns through PostgreSQL's `COPY ... TO STDOUT`
(`export_copy`: the limit, and the ratio printed); the import's throughput (`manage.py
bench_import`); and hand-written SQL statements (on PostgreSQL) computing the report's
headline figures and its enrolment breakdowns, to compare the report page with.

The modules:

- `pages`: which pages are timed, as whom, against which target; the whole run;
- `measure`: timing one page (wall clock, queries, rows shown), percentiles, the bench's
  logins, the process's memory;
- `headline_sql`: the report's headline figures by hand-written SQL, the baseline;
- `export_copy`: the export's columns through `COPY`, the export's baseline;
- `client_import`: the import's throughput on a generated file (`manage.py bench_import`);
- `admin_pages`: every changelist of the admin site (`bench --admin`);
- `report`: the printed table and the progress lines.
"""
