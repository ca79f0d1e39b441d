"""The outcome report at /reports/outcomes/ (see programs/reports/figures.py for the figures)."""

from django.conf import settings
from django.contrib.auth.decorators import permission_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from beneficiaries.models import RecordAccess
from beneficiaries.services import record_access_from_request
from core.db_routers import reading_reports

from ..reports.charts import bar_chart, status_chart, trend_chart
from ..reports.exports import EXPORTS, report_download, report_tables, shown_rows
from ..reports.forms import ReportFilterForm, report_requested
from ..reports.jobs import report_xlsx_start


@permission_required("programs.view_grant", raise_exception=True)
# The report, its charts and its CSV/XLSX only read, and a few seconds' replica lag does
# not matter to them: their queries go to the read replica when one is configured. The
# access-log write still goes to the primary.
@reading_reports()
def outcomes(request):
    if request.method == "POST":
        # The workbook, made in the background (its figures take long for a province).
        query = request.GET.copy()
        query.pop("format", None)
        record_access_from_request(
            request,
            action=RecordAccess.Action.EXPORT,
            detail=f"outcome report XLSX {query.urlencode()}",
        )
        job = report_xlsx_start(user=request.user, query=query.urlencode())
        return redirect("jobs:detail", pk=job.pk)
    today = timezone.localdate()
    form, report = report_requested(request.user, request.GET, today=today)
    tables = report_tables(report)
    described = form.described() if form.is_bound else []
    export = request.GET.get("format")
    if export in EXPORTS:
        record_access_from_request(
            request,
            action=RecordAccess.Action.EXPORT,
            detail=f"outcome report {export.upper()} {request.GET.urlencode()}",
        )
        return report_download(
            tables,
            described,
            export=export,
            title=_("Outcome report"),
            filename=f"laporan-hasil-{today}",
        )
    query = request.GET.copy()
    query.pop("format", None)
    # The rows of the regency table under the chart (only the one a filter selects).
    regency_rows, _note = shown_rows(report, report.breakdowns[0])
    return render(
        request,
        "programs/report_outcomes.html",
        {
            "form": form if form.is_bound else ReportFilterForm(),
            "report": report,
            "h": report.headline,
            "tables": tables,
            "described": described,
            "query": query.urlencode(),
            "status_chart": status_chart(report.headline),
            "regency_chart": bar_chart(
                [(row.label, row.followed, row.developing) for row in regency_rows],
                title=_("Businesses followed up and developing, by regency/city"),
                category_axis=_("Regency/city"),
                value_axis=_("Businesses (number)"),
            ),
            "trend_chart": trend_chart(report.trend),
            "interval": settings.FOLLOW_UP_INTERVAL_MONTHS,
        },
    )
