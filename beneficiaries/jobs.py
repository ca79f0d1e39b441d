"""The registry's background jobs: the client list as a file, and the subject-access file.

Each runs as the user who started it, through the same selectors as her pages (so a
client who left her scope meanwhile is not in the file), and keeps its file for her alone
(core/jobs/). Starting one is logged in the access log as the download always was; the
download of the finished file is logged again.
"""

import tempfile

from django.conf import settings
from django.http import Http404, QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.jobs.kinds import JobFailed, JobKind, JobOutcome
from core.jobs.services import job_start

from . import selectors, services
from .exports import FULL_NIK_PERMISSION, clients_csv_write, clients_xlsx_write, export_filename
from .filters import ClientFilter
from .models import Client, RecordAccess
from .subject_access import subject_access_file

CLIENT_EXPORT = "client_export"
SUBJECT_ACCESS = "subject_access"
WRITERS = {"csv": clients_csv_write, "xlsx": clients_xlsx_write}


def client_export_is_long(queryset) -> bool:
    """More rows than CLIENT_EXPORT_JOB_ROWS (counted no further than that)."""
    limit = settings.CLIENT_EXPORT_JOB_ROWS
    return queryset[: limit + 1].count() > limit


def client_export_start(*, user, query: str, kind: str):
    return job_start(
        user=user,
        kind=CLIENT_EXPORT,
        title=_("Client list as %(kind)s") % {"kind": kind.upper()},
        params={"query": query, "format": kind},
    )


def run_client_export(job, progress):
    user = job.user
    queryset = ClientFilter(QueryDict(job.params["query"]), queryset=selectors.client_list(user)).qs
    kind = job.params["format"]
    total = queryset.count()
    progress(0, total)
    output = tempfile.TemporaryFile()  # noqa: SIM115 (handed to the job's outcome)
    WRITERS[kind](
        queryset,
        output,
        full_nik=user.has_perm(FULL_NIK_PERMISSION),
        progress=lambda done: progress(done, max(total, done)),
    )
    output.seek(0)
    return JobOutcome(file=output, file_name=export_filename(kind))


def _log_export_download(request, job):
    services.record_access_from_request(
        request,
        action=RecordAccess.Action.EXPORT,
        detail=f"client list {job.params['format'].upper()}, download of the file made by "
        f"job {job.pk}",
    )


def subject_access_start(*, user, client):
    return job_start(
        user=user,
        kind=SUBJECT_ACCESS,
        title=_("Everything held about %(number)s") % {"number": client.registration_number},
        params={"client": client.pk},
    )


def run_subject_access(job, progress):
    try:
        client = selectors.client_get_for_user(job.user, job.params["client"])
    except Http404:
        raise JobFailed(_("This client is no longer in your area.")) from None
    progress(0, 1)
    archive = subject_access_file(client, requested_by=job.user)
    progress(1, 1)
    return JobOutcome(
        file=archive,
        file_name=f"data-{client.registration_number}-{timezone.localdate():%Y%m%d}.zip",
        url=reverse("beneficiaries:client_detail", args=[client.pk]),
    )


def _log_subject_access_download(request, job):
    services.record_access_from_request(
        request,
        action=RecordAccess.Action.EXPORT,
        client=Client.objects.filter(pk=job.params["client"]).first(),
        detail=f"subject access, download of the file made by job {job.pk}",
    )


KINDS = {
    CLIENT_EXPORT: JobKind(run=run_client_export, on_download=_log_export_download),
    SUBJECT_ACCESS: JobKind(
        run=run_subject_access, on_download=_log_subject_access_download, unit=gettext_lazy("files")
    ),
}
