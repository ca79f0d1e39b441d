"""The outcome report.

- figures.py: the report's populations (clients, enrolments, grants, businesses under the
  filters), its headline and `outcome_report`, the entry point;
- breakdowns.py: the tables by regency, sex, program, cohort, PPKS type, disability, and
  the quarterly trend;
- passes.py: the grouped queries both read (one pass over a table each);
- forms.py: the filter form; exports.py: CSV, XLSX and the page's tables from one source;
  charts.py: the server-rendered SVG charts.
"""
