"""The import's two background jobs: checking an uploaded file (the preview) and
confirming it. Both belong to the user who uploaded the file and see what she may see
(the scope checks run as her, row by row). One job at a time per import (its subject),
so a second click on "Import" finds the running job instead of importing twice.
"""

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

from core.jobs.kinds import JobFailed, JobKind, JobOutcome
from core.jobs.models import Job
from core.jobs.services import job_start

from ..models import ClientImport
from . import services

CHECK = "client_import_check"
CONFIRM = "client_import_confirm"


def import_subject(client_import: ClientImport) -> str:
    return f"client-import:{client_import.pk}"


def client_import_check_start(*, client_import: ClientImport, ip_address=None) -> Job:
    return job_start(
        user=client_import.user,
        kind=CHECK,
        title=_("Checking %(name)s") % {"name": client_import.original_name},
        params={"import": client_import.pk, "ip_address": ip_address},
        subject=import_subject(client_import),
    )


def client_import_confirm_start(
    *, client_import: ClientImport, user, on_existing, skip_errors, expected, ip_address=None
) -> Job:
    """Raises core.jobs.services.JobAlreadyActive when a job already works on it."""
    return job_start(
        user=user,
        kind=CONFIRM,
        title=_("Importing %(name)s") % {"name": client_import.original_name},
        params={
            "import": client_import.pk,
            "on_existing": on_existing,
            "skip_errors": skip_errors,
            "expected": list(expected) if expected is not None else None,
            "ip_address": ip_address,
        },
        subject=import_subject(client_import),
    )


def latest_import_job(client_import: ClientImport) -> Job | None:
    return (
        Job.objects.filter(subject=import_subject(client_import), user=client_import.user)
        .order_by("-created_at")
        .first()
    )


def _preview_url(pk) -> str:
    return reverse("beneficiaries:client_import_preview", args=[pk])


def _rows_reporter(progress, *, total=None):
    """The import's `progress(rows, share of the file)` as the job's (done, total)."""

    def report(rows, fraction):
        estimated = total or (round(rows / fraction) if fraction > 0 else None)
        progress(rows, max(estimated, rows) if estimated else None)

    return report


def run_check(job, progress):
    client_import = ClientImport.objects.select_related("user").get(pk=job.params["import"])
    try:
        services.client_import_run_check(
            client_import,
            ip_address=job.params.get("ip_address"),
            progress=_rows_reporter(progress),
        )
    except ValidationError as error:
        raise JobFailed(
            " ".join(error.messages), url=reverse("beneficiaries:client_import")
        ) from None
    progress(client_import.rows_read, client_import.rows_read)
    return JobOutcome(url=_preview_url(client_import.pk))


def run_confirm(job, progress):
    client_import = ClientImport.objects.select_related("user").get(pk=job.params["import"])
    expected = job.params.get("expected")
    try:
        services.client_import_confirm(
            client_import=client_import,
            user=job.user,
            on_existing=job.params["on_existing"],
            skip_errors=job.params["skip_errors"],
            expected=tuple(expected) if expected is not None else None,
            progress=_rows_reporter(progress, total=client_import.rows_read or None),
            ip_address=job.params.get("ip_address"),
        )
    except ValidationError as error:
        raise JobFailed(" ".join(error.messages), url=_preview_url(client_import.pk)) from None
    return JobOutcome(url=_preview_url(client_import.pk))


KINDS = {
    CHECK: JobKind(run=run_check),
    CONFIRM: JobKind(run=run_confirm),
}
