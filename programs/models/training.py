from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from beneficiaries.models import Client, ServiceUnit
from core.records import ArchivableQuerySet, ArchivableRecord, VersionedRecord

from ..follow_up.dates import months_ago
from .reference import FundingSource, SkillArea

# A cohort opens for enrolment this many months before it starts. The batch records no
# opening date of its own (a cohort of years ago is entered today, so its creation date is
# no guide), and clients are enrolled a few weeks before the start (the demo: 5 to 35
# days); the bound only catches a mistyped year or a date meant for another cohort.
ENROLMENT_OPENS_MONTHS = 6


class TrainingProgram(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    skill_area = models.ForeignKey(
        SkillArea, on_delete=models.PROTECT, related_name="programs", verbose_name=_("skill area")
    )
    description = models.TextField(_("description"), blank=True)
    funding_source = models.ForeignKey(
        FundingSource,
        on_delete=models.PROTECT,
        related_name="programs",
        verbose_name=_("funding source"),
    )
    active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("training program")
        verbose_name_plural = _("training programs")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("programs:program_detail", args=[self.pk])


class Batch(models.Model):
    """A cohort (*angkatan*) of a program: dates, venue, organising unit, capacity."""

    program = models.ForeignKey(
        TrainingProgram,
        on_delete=models.PROTECT,
        related_name="batches",
        verbose_name=_("training program"),
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("For example: Angkatan I 2026."))
    service_unit = models.ForeignKey(
        ServiceUnit,
        on_delete=models.PROTECT,
        related_name="batches",
        verbose_name=_("organising service unit"),
    )
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    capacity = models.PositiveSmallIntegerField(_("capacity"), validators=[MinValueValidator(1)])

    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date", "name"]
        verbose_name = _("batch")
        verbose_name_plural = _("batches")
        constraints = [
            models.UniqueConstraint(
                fields=["program", "name"], name="batch_name_unique_in_program"
            ),
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="batch_ends_after_it_starts",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1),
                name="batch_capacity_positive",
                violation_error_message=_("The capacity must be at least 1."),
            ),
        ]

    def __str__(self):
        return f"{self.program.name}: {self.name}"

    def get_absolute_url(self):
        return reverse("programs:batch_detail", args=[self.pk])

    @property
    def year(self):
        return self.start_date.year

    @property
    def enrolment_opens_on(self):
        """The first day a client can be enrolled (ENROLMENT_OPENS_MONTHS before the start)."""
        return months_ago(self.start_date, ENROLMENT_OPENS_MONTHS)

    def clean(self):
        # The constraint guards the database; this puts the message next to the field.
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date cannot be before the start date.")})


class EnrolmentQuerySet(ArchivableQuerySet):
    def visible_to(self, user):
        """Enrolments of the clients `user` may see (the registry's rule, one step on)."""
        return self.filter(client__in=Client.objects.visible_to(user))

    def taking_a_place(self):
        """Enrolments that count against a batch's capacity (not withdrawn, not archived)."""
        return self.active().exclude(status=Enrolment.Status.WITHDREW)


class Enrolment(VersionedRecord, ArchivableRecord):
    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        ATTENDING = "attending", _("Attending")
        COMPLETED = "completed", _("Completed")
        FAILED = "failed", _("Did not pass")
        WITHDREW = "withdrew", _("Withdrew")

    batch = models.ForeignKey(
        Batch, on_delete=models.PROTECT, related_name="enrolments", verbose_name=_("batch")
    )
    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="enrolments", verbose_name=_("client")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.REGISTERED
    )
    enrolled_on = models.DateField(_("enrolled on"))
    status_changed_on = models.DateField(_("status changed on"))
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    sessions_attended = models.PositiveSmallIntegerField(_("sessions attended"), default=0)
    certificate_number = models.CharField(_("certificate number"), max_length=100, blank=True)
    income_before = models.PositiveBigIntegerField(
        _("monthly income before training (Rp)"),
        null=True,
        blank=True,
        help_text=_("Net monthly income before the training: the baseline for outcomes."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("enrolled by"),
    )

    objects = EnrolmentQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["batch", "client__name_normalized"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        permissions = [("archive_enrolment", _("Can archive an enrolment"))]
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "client"],
                name="enrolment_once_per_batch",
                violation_error_message=_("This client is already enrolled in this batch."),
            ),
        ]

    def __str__(self):
        return f"{self.client} @ {self.batch}"

    def clean(self):
        # The rules of one enrolment, in one place for the forms, the services, the admin
        # and the demo (full_clean() calls this).
        errors = {}
        if self.status == self.Status.COMPLETED:
            if not self.completed_on:
                errors["completed_on"] = _("Enter the date of completion.")
            if not self.sessions_attended:
                errors["sessions_attended"] = _(
                    "A completed training needs the number of sessions attended."
                )
        enrolled_on = self.enrolled_on
        if enrolled_on and enrolled_on > timezone.localdate():
            errors["enrolled_on"] = _("The enrolment date cannot be in the future.")
        elif enrolled_on and self.completed_on and enrolled_on > self.completed_on:
            errors["enrolled_on"] = _("The enrolment date cannot be after the completion date.")
        elif enrolled_on and self.batch_id and enrolled_on < self.batch.enrolment_opens_on:
            errors["enrolled_on"] = _(
                "This cohort takes enrolments from %(date)s (%(months)d months before it "
                "starts): the enrolment date cannot be earlier."
            ) % {
                "date": date_format(self.batch.enrolment_opens_on, "j F Y"),
                "months": ENROLMENT_OPENS_MONTHS,
            }
        if errors:
            raise ValidationError(errors)
