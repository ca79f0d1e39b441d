"""The record of one background job: whose, which kind, how far, and what came of it."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.storage import private_storage


def job_result_path(instance, filename):
    # Server-generated name; what the user downloads it as is `result_name`.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"jobs/{uuid.uuid4().hex}.{extension}"


class JobQuerySet(models.QuerySet):
    def owned_by(self, user):
        """The jobs a user may see: her own, never anyone else's (superusers included: a
        job's file holds what its owner was allowed to read)."""
        return self.filter(user=user) if user.is_authenticated else self.none()

    def active(self):
        return self.filter(status__in=Job.ACTIVE)


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    ACTIVE = (Status.QUEUED, Status.RUNNING)

    # A random id: the job's pages are addressed by it, and it says nothing of how many
    # jobs there are.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="jobs",
        verbose_name=_("started by"),
    )
    kind = models.CharField(_("kind"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    # What the job works on, when only one job may work on it at a time (an import's
    # confirmation): at most one active job per subject, enforced below.
    subject = models.CharField(_("subject"), max_length=100, blank=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    language = models.CharField(_("language"), max_length=10)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    done = models.PositiveBigIntegerField(_("done"), default=0)
    total = models.PositiveBigIntegerField(_("total"), null=True, blank=True)
    error = models.TextField(_("what failed"), blank=True)
    result_file = models.FileField(
        _("result file"), upload_to=job_result_path, storage=private_storage, blank=True
    )
    result_name = models.CharField(_("file name"), max_length=200, blank=True)
    result_url = models.CharField(_("result page"), max_length=300, blank=True)
    task_id = models.CharField(_("task id"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    started_at = models.DateTimeField(_("running since"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("file kept until"), null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        indexes = [models.Index(fields=["user", "-created_at"], name="job_user_created_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["subject"],
                condition=Q(status__in=["queued", "running"]) & ~Q(subject=""),
                name="job_one_active_per_subject",
            )
        ]

    def __str__(self):
        return f"{self.title} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def unit(self) -> str:
        from .kinds import job_kinds

        try:
            return job_kinds.get(self.kind).unit
        except KeyError:  # a kind no longer registered, on an old job
            return ""

    @property
    def percent(self) -> int | None:
        if self.status == self.Status.DONE:
            return 100
        if not self.total:
            return None
        return min(99, self.done * 100 // self.total)
