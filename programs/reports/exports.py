"""The outcome report as tables: one source for the CSV, the XLSX and the page's data
tables, so the three always show the same numbers. Each cell has a kind (a count, rupiah, a
percentage, ...): the page writes it through programs/numbers.py (Rp1.950.000, 45,6 %), the
XLSX keeps it a number with the same grouping as its number format, the CSV keeps it a
plain number (1950000, 45.6), for machines. Names typed into the registry (programs,
cohorts) are written as text, never as formulas (core/spreadsheets.py)."""

import io
from dataclasses import dataclass, field

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from beneficiaries.models import Client
from core.spreadsheets import csv_writer, xlsx_row

from .. import numbers
from ..models import FollowUpVisit
from .breakdowns import Breakdown, BreakdownRow
from .figures import Report

C, R, P, D = numbers.COUNT, numbers.RUPIAH, numbers.PERCENT, numbers.DECIMAL


@dataclass
class Table:
    title: str
    header: list[str]
    rows: list[list]
    note: str = ""  # said under the table, e.g. that only the most recent cohorts are shown
    # The kind of each column's numbers (numbers.COUNT, RUPIAH, ...; the first column is
    # the row's label), or of each row's where one column holds figures of several kinds
    # (the headline figures).
    kinds: list[str] = field(default_factory=list)
    row_kinds: list[str] = field(default_factory=list)

    def kind(self, row: int, column: int) -> str:
        if column == 0:
            return numbers.TEXT
        if self.row_kinds:
            return self.row_kinds[row]
        return self.kinds[column] if column < len(self.kinds) else numbers.TEXT

    @property
    def cells(self) -> list[list[tuple]]:
        """The rows as (value, kind) pairs, for the page (templates/programs/_report_table.html)."""
        return [
            [(value, self.kind(r, c)) for c, value in enumerate(row)]
            for r, row in enumerate(self.rows)
        ]


def _share(part, whole):
    return round(100 * part / whole, 1) if whole else None


def _round(value):
    return round(value) if value is not None else None


def report_tables(report: Report) -> list[Table]:
    h = report.headline
    statuses = dict(FollowUpVisit.Status.choices)
    payback = h.payback_median_months
    headline = [
        (_("Clients registered"), h.clients, C),
        (_("Enrolled in training"), h.enrolled, C),
        (_("Completed training"), h.completed, C),
        (_("Completion rate (%)"), _share(h.completed, h.enrolled), P),
        (_("Grants"), h.grants, C),
        (_("Clients who received a grant"), h.grantees, C),
        (_("Value of grants (Rp)"), h.grant_value, R),
        (_("Businesses followed up"), h.businesses_followed, C),
        (_("Median net monthly income now (Rp)"), _round(h.income_median), R),
        (_("Mean net monthly income now (Rp)"), _round(h.income_mean), R),
        (_("Median monthly income before training (Rp)"), _round(h.baseline_median), R),
        (_("Median change in monthly income (Rp)"), _round(h.change_median), R),
        (_("Employees (jobs beyond the owner)"), h.employees, C),
        (_("People working in the businesses"), h.people_working, C),
        (_("Follow-up coverage (%)"), _share(h.coverage_visited, h.grantees), P),
        (
            _("Grant value recovered: median months of income"),
            round(payback, 1) if payback is not None else None,
            D,
        ),
    ]
    tables = [
        Table(
            _("Headline figures"),
            [_("Figure"), _("Value")],
            [[label, value] for label, value, _kind in headline],
            row_kinds=[kind for _label, _value, kind in headline],
        ),
        Table(
            _("Status at the latest visit"),
            [_("Status"), _("Businesses"), _("Share (%)")],
            [
                [str(statuses[s]), n, _share(n, h.businesses_followed)]
                for s, n in h.status_counts.items()
            ],
            kinds=[numbers.TEXT, C, P],
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
        rows, note = shown_rows(report, breakdown)
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
                    for row in rows
                ],
                note,
                kinds=BREAKDOWN_KINDS,
            )
        )
    tables.append(
        Table(
            _("Visits by quarter"),
            [_("Quarter"), _("Visits"), _("Developing"), _("Mean income (Rp)")],
            [[q.label, q.visits, q.developing, _round(q.income_mean)] for q in report.trend],
            kinds=[numbers.TEXT, C, C, R],
        )
    )
    return tables


BREAKDOWN_KINDS = [numbers.TEXT, C, C, C, R, C, C, P, R]

# The breakdowns whose categories are exclusive (a client lives in one regency, has one
# sex; a grant belongs to one program) and the filter that picks one of them: filtered to
# it, the other rows are zeros by construction, and 37 empty regencies hide the one asked
# for. (PPKS types and disability kinds are not exclusive: a client filtered by one holds
# others too, and those rows say something.)
SELECTED_BY = {"regency": "regency", "sex": "sex", "program": "program"}


def _selected_label(report: Report, key: str) -> str | None:
    attribute = SELECTED_BY.get(key)
    value = getattr(report.filters, attribute, None) if attribute else None
    if not value:
        return None
    if key == "sex":
        return str(dict(Client.Sex.choices).get(value, ""))
    return str(value)


def _others(rows: list[BreakdownRow]) -> BreakdownRow | None:
    """The rows the filter did not select, in one line, when they hold anything (they
    should not: then the line shows it rather than hiding it). Their mean income cannot
    be combined from the rows' means: left out."""
    figures = ("enrolled", "completed", "grants", "grant_value", "followed", "developing")
    sums = {name: sum(getattr(row, name) for row in rows) for name in figures}
    if not any(sums.values()):
        return None
    return BreakdownRow(label=_("Others"), income_mean=None, **sums)


def shown_rows(report: Report, breakdown: Breakdown) -> tuple[list[BreakdownRow], str]:
    """The rows of a breakdown the page, its chart and the exports show, and the note under
    them: filtered to one regency (sex, program), that row, and an "Others" line only if
    the other rows hold anything; otherwise every row."""
    label = _selected_label(report, breakdown.key)
    selected = [row for row in breakdown.rows if label is not None and row.label == label]
    if not selected:
        return breakdown.rows, _hidden_note(breakdown)
    rest = [row for row in breakdown.rows if row.label != label]
    others = _others(rest)
    note = _("Only %(selected)s, as the filters select; the other %(count)s rows are left out.") % {
        "selected": label,
        "count": len(rest),
    }
    return selected + ([others] if others else []), note


def _hidden_note(breakdown) -> str:
    if not breakdown.hidden:
        return ""
    return _(
        "The %(shown)s most recent of %(total)s cohorts. Choose a program or years to see "
        "the others."
    ) % {"shown": len(breakdown.rows), "total": len(breakdown.rows) + breakdown.hidden}


def report_csv(tables: list[Table], filters: list[tuple[str, str]], title: str = "") -> str:
    """Plain numbers (1950000, 45.6), machine-readable; the page and the XLSX group them."""
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow([title or _("Outcome report")])
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


def report_xlsx(tables: list[Table], filters: list[tuple[str, str]], title: str = "") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Report")[:31]
    bold = Font(bold=True)
    right = Alignment(horizontal="right")

    def append(values):
        sheet.append(xlsx_row(sheet, values))

    append([title or _("Outcome report")])
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
        for r, row in enumerate(table.rows):
            append(row)
            for c, cell in enumerate(sheet[sheet.max_row][: len(row)]):
                kind = table.kind(r, c)
                if kind in numbers.XLSX_FORMATS:
                    cell.number_format = numbers.XLSX_FORMATS[kind]
                    cell.alignment = right
        if table.note:
            append([table.note])
    sheet.column_dimensions["A"].width = 48
    for column in "BCDEFGHI":
        sheet.column_dimensions[column].width = 18
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORTS = ("csv", "xlsx")


def report_download(
    tables: list[Table], filters: list[tuple[str, str]], *, export: str, title: str, filename: str
) -> HttpResponse:
    """A report's tables as a CSV or XLSX download (`export`), named `filename`.csv/.xlsx.
    Every report's export goes through here (outcomes, grievances, market support)."""
    if export == "csv":
        response = HttpResponse(
            report_csv(tables, filters, title), content_type="text/csv; charset=utf-8"
        )
    else:
        response = HttpResponse(report_xlsx(tables, filters, title), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{export}"'
    return response


def filters_described(form) -> list[tuple[str, str]]:
    """The filters a valid bound form sets, as (label, value) for the downloads' header."""
    if not (form.is_bound and form.is_valid()):
        return []
    return [
        (str(form.fields[name].label), str(value))
        for name, value in form.cleaned_data.items()
        if value not in (None, "")
    ]
