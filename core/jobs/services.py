"""Every write to a job: start it, run it, finish or fail it, find it dead, prune it."""

import datetime
import logging
import os

from django.conf import settings
from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .kinds import JobFailed, JobOutcome, job_kinds
from .models import Job
from .progress import Progress, progress_read, progress_write

logger = logging.getLogger(__name__)


class JobAlreadyActive(Exception):
    """Another job works on the same subject; `job` is that one."""

    def __init__(self, job: Job):
        super().__init__(str(job))
        self.job = job


def job_start(*, user, kind: str, title: str, params: dict | None = None, subject: str = "") -> Job:
    """Record a job and queue it, in one transaction (the job and its task exist together
    or not at all). With `subject`, refuses (JobAlreadyActive) while another job works on
    it: a second click on "import" finds the first job instead of importing twice."""
    job_kinds.get(kind)  # an unknown kind fails here, not in the worker
    from .tasks import run_job

    job = Job(
        user=user,
        kind=kind,
        title=title[:200],
        params=params or {},
        subject=subject,
        language=get_language() or settings.LANGUAGE_CODE,
    )
    with transaction.atomic():
        try:
            with transaction.atomic():
                job.save()
        except IntegrityError:
            active = Job.objects.active().filter(subject=subject).first()
            if active is None:
                raise
            raise JobAlreadyActive(active) from None
        task_result = run_job.enqueue(str(job.pk))
        # An update, not save(): with the immediate backend (tests) the job has already
        # run and its row holds the outcome.
        Job.objects.filter(pk=job.pk).update(task_id=str(task_result.id)[:64])
    job.refresh_from_db()
    return job


def job_run(job_id) -> None:
    """Run a queued job to its end (the worker's task). A job that is no longer queued
    (already run, or failed as dead) is left alone."""
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING, started_at=now
    )
    if not claimed:
        return
    job = Job.objects.select_related("user").get(pk=job_id)
    progress = Progress(job.pk, total=job.total)
    progress.beat()
    with translation.override(job.language):
        try:
            outcome = job_kinds.get(job.kind).run(job, progress) or JobOutcome()
        except JobFailed as failure:
            _job_failed(job, failure.message, url=failure.url, done=progress.done)
            return
        except Exception:
            logger.exception("Job %s (%s) failed", job.pk, job.kind)
            _job_failed(
                job,
                _(
                    "The job stopped because of an error in the system. Nothing was saved. "
                    "Try again; if it fails again, tell the administrator."
                ),
                done=progress.done,
            )
            return
        _job_done(job, outcome, progress)


def _job_done(job: Job, outcome: JobOutcome, progress: Progress) -> None:
    fields = {
        "status": Job.Status.DONE,
        "finished_at": timezone.now(),
        "done": progress.total or progress.done,
        "total": progress.total or progress.done,
        "result_url": outcome.url[:300],
    }
    if outcome.file is not None:
        job.result_file.save(outcome.file_name, File(outcome.file), save=False)
        outcome.file.close()
        fields["result_file"] = job.result_file.name
        fields["result_name"] = os.path.basename(outcome.file_name)[:200]
        fields["expires_at"] = timezone.now() + datetime.timedelta(hours=settings.JOB_RESULT_HOURS)
    updated = Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING).update(**fields)
    if not updated and job.result_file:
        # Marked dead meanwhile (a heartbeat missed): its file is nobody's.
        job.result_file.delete(save=False)
    progress_write(job.pk, done=fields["done"], total=fields["total"])


def _job_failed(job: Job, message: str, *, url: str = "", done: int = 0) -> None:
    Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING).update(
        status=Job.Status.FAILED,
        finished_at=timezone.now(),
        error=message,
        result_url=url[:300],
        done=done,
    )


def job_with_progress(job: Job) -> Job:
    """The job with its latest progress (from the cache while it runs); a running job
    whose heartbeat stopped longer than JOB_STALE_SECONDS ago is marked failed."""
    if job.status != Job.Status.RUNNING:
        return job
    reported = progress_read(job.pk)
    if reported:
        job.done, total, beat = reported
        job.total = total if total is not None else job.total
        last_sign = datetime.datetime.fromtimestamp(beat, tz=datetime.UTC)
    else:
        last_sign = job.started_at or job.created_at
    if timezone.now() - last_sign > datetime.timedelta(seconds=settings.JOB_STALE_SECONDS):
        job_fail_dead(job)
    return job


def job_fail_dead(job: Job) -> None:
    """Mark a running job failed because its worker stopped (killed, restarted, lost)."""
    with translation.override(job.language):
        message = _(
            "The job stopped: the worker running it was restarted or lost. Nothing of it "
            "was saved. Start it again."
        )
    if Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING).update(
        status=Job.Status.FAILED, finished_at=timezone.now(), error=message
    ):
        job.status, job.error = Job.Status.FAILED, message
        logger.warning("Job %s (%s) marked failed: no heartbeat", job.pk, job.kind)


def jobs_fail_dead() -> int:
    """Every running job without a heartbeat (`manage.py prune_jobs`, the health check)."""
    count = 0
    for job in Job.objects.filter(status=Job.Status.RUNNING):
        job_with_progress(job)
        count += job.status == Job.Status.FAILED
    return count


def jobs_prune(*, now=None) -> int:
    """Delete the result files kept past JOB_RESULT_HOURS; the job rows stay (who made
    what, and when). Returns how many files were deleted."""
    now = now or timezone.now()
    expired = Job.objects.exclude(result_file="").filter(expires_at__lte=now)
    count = 0
    for job in expired:
        job.result_file.delete(save=False)
        Job.objects.filter(pk=job.pk).update(result_file="")
        count += 1
    return count
