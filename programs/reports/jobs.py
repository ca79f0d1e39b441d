"""The outcome report's workbook, made by a background job: at the scale of a province the
report takes long enough that a web worker should not wait for it (issue #18). Run as the
manager who asked, with her scope and her filters; logged when started and downloaded."""

import io

from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from beneficiaries.models import RecordAccess
from beneficiaries.services import record_access_from_request
from core.db_routers import reading_reports
from core.jobs.kinds import JobKind, JobOutcome
from core.jobs.services import job_start

from .exports import report_tables, report_xlsx
from .forms import report_requested

REPORT_XLSX = "report_xlsx"
STEPS = 3  # the figures, the tables, the workbook


def report_xlsx_start(*, user, query: str):
    return job_start(
        user=user, kind=REPORT_XLSX, title=_("Outcome report as XLSX"), params={"query": query}
    )


def run_report_xlsx(job, progress):
    progress(0, STEPS)
    today = timezone.localdate()
    with reading_reports():
        form, report = report_requested(job.user, QueryDict(job.params["query"]), today=today)
        progress(1, STEPS)
        tables = report_tables(report)
    progress(2, STEPS)
    described = form.described() if form.is_bound else []
    workbook = report_xlsx(tables, described, _("Outcome report"))
    progress(3, STEPS)
    return JobOutcome(file=io.BytesIO(workbook), file_name=f"laporan-hasil-{today}.xlsx")


def _log_download(request, job):
    record_access_from_request(
        request,
        action=RecordAccess.Action.EXPORT,
        detail=f"outcome report XLSX {job.params['query']}, download of job {job.pk}"[:255],
    )


KINDS = {REPORT_XLSX: JobKind(run=run_report_xlsx, on_download=_log_download)}
