"""The outcome report as tables: one source for the CSV, the XLSX and the page's data
tables, so the three always show the same numbers. Names typed into the registry (programs,
cohorts) are written as text, never as formulas (core/spreadsheets.py)."""

import io
from dataclasses import dataclass

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from core.spreadsheets import csv_writer, xlsx_row

from ..models import FollowUpVisit
from .figures import Report


@dataclass
class Table:
    title: str
    header: list[str]
    rows: list[list]
    note: str = ""  # said under the table, e.g. that only the most recent cohorts are shown


def _share(part, whole):
    return round(100 * part / whole, 1) if whole else None


def _round(value):
    return round(value) if value is not None else None


def report_tables(report: Report) -> list[Table]:
    h = report.headline
    statuses = dict(FollowUpVisit.Status.choices)
    tables = [
        Table(
            _("Headline figures"),
            [_("Figure"), _("Value")],
            [
                [_("Clients registered"), h.clients],
                [_("Enrolled in training"), h.enrolled],
                [_("Completed training"), h.completed],
                [_("Completion rate (%)"), _share(h.completed, h.enrolled)],
                [_("Grants"), h.grants],
                [_("Clients who received a grant"), h.grantees],
                [_("Value of grants (Rp)"), h.grant_value],
                [_("Businesses followed up"), h.businesses_followed],
                [_("Median net monthly income now (Rp)"), _round(h.income_median)],
                [_("Mean net monthly income now (Rp)"), _round(h.income_mean)],
                [_("Median monthly income before training (Rp)"), _round(h.baseline_median)],
                [_("Median change in monthly income (Rp)"), _round(h.change_median)],
                [_("Employees (jobs beyond the owner)"), h.employees],
                [_("People working in the businesses"), h.people_working],
                [
                    _("Follow-up coverage (%)"),
                    _share(h.coverage_visited, h.grantees),
                ],
                [
                    _("Grant value recovered: median months of income"),
                    round(h.payback_median_months, 1)
                    if h.payback_median_months is not None
                    else None,
                ],
            ],
        ),
        Table(
            _("Status at the latest visit"),
            [_("Status"), _("Businesses"), _("Share (%)")],
            [
                [str(statuses[s]), n, _share(n, h.businesses_followed)]
                for s, n in h.status_counts.items()
            ],
        ),
    ]
    header = [
        "",
        _("Enrolled"),
        _("Completed"),
        _("Grants"),
        _("Value of grants (Rp)"),
        _("Businesses followed up"),
        _("Developing"),
        _("Developing (%)"),
        _("Mean income now (Rp)"),
    ]
    for breakdown in report.breakdowns:
        tables.append(
            Table(
                str(breakdown.title),
                [str(breakdown.title), *header[1:]],
                [
                    [
                        row.label,
                        row.enrolled,
                        row.completed,
                        row.grants,
                        row.grant_value,
                        row.followed,
                        row.developing,
                        _share(row.developing, row.followed),
                        _round(row.income_mean),
                    ]
                    for row in breakdown.rows
                ],
                _hidden_note(breakdown),
            )
        )
    tables.append(
        Table(
            _("Visits by quarter"),
            [_("Quarter"), _("Visits"), _("Developing"), _("Mean income (Rp)")],
            [[q.label, q.visits, q.developing, _round(q.income_mean)] for q in report.trend],
        )
    )
    return tables


def _hidden_note(breakdown) -> str:
    if not breakdown.hidden:
        return ""
    return _(
        "The %(shown)s most recent of %(total)s cohorts. Choose a program or years to see "
        "the others."
    ) % {"shown": len(breakdown.rows), "total": len(breakdown.rows) + breakdown.hidden}


def report_csv(tables: list[Table], filters: list[tuple[str, str]]) -> str:
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow([_("Outcome report")])
    for label, value in filters:
        writer.writerow([label, value])
    for table in tables:
        writer.writerow([])
        writer.writerow([table.title])
        writer.writerow(table.header)
        writer.writerows(table.rows)
        if table.note:
            writer.writerow([table.note])
    return "\ufeff" + out.getvalue()  # the BOM makes Excel read UTF-8


def report_xlsx(tables: list[Table], filters: list[tuple[str, str]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Report")[:31]
    bold = Font(bold=True)

    def append(values):
        sheet.append(xlsx_row(sheet, values))

    append([_("Outcome report")])
    sheet["A1"].font = Font(bold=True, size=14)
    for label, value in filters:
        append([label, value])
    for table in tables:
        append([])
        append([table.title])
        sheet.cell(row=sheet.max_row, column=1).font = bold
        append(table.header)
        for cell in sheet[sheet.max_row]:
            cell.font = bold
        for row in table.rows:
            append(row)
        if table.note:
            append([table.note])
    sheet.column_dimensions["A"].width = 48
    for column in "BCDEFGHI":
        sheet.column_dimensions[column].width = 18
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
