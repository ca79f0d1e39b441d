"""Grievances and feedback (pengaduan): who raised what, about which grant, training or
visit, who handles it, by when, and how it ended.

The scope rule of a grievance is the registry's: a grievance raised by a registered
client is seen by whoever may see the client; one raised by a person not in the registry
by whoever covers the regency (or the handling service unit) it was recorded in. A
sensitive grievance (abuse, harassment, misconduct) is seen only by the members of the
`SENSITIVE_GRIEVANCE_GROUP` group an admin fills; the report counts it, no list shows it.
"""

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from beneficiaries.models import Client, Regency, ServiceUnit
from beneficiaries.models.access import user_area
from core.storage import private_storage

from .businesses import FollowUpVisit
from .grants import Grant
from .training import Enrolment

# The Django group whose members may open sensitive grievances; created after every
# migrate (programs/roles.py), filled by an admin in Django admin.
SENSITIVE_GRIEVANCE_GROUP = "Pengaduan sensitif"

EARLIEST_RECEIVED = datetime.date(2000, 1, 1)


class Severity(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class GrievanceCategory(models.Model):
    """What a grievance is about (reference data, editable in admin)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    is_feedback = models.BooleanField(
        _("positive feedback"),
        default=False,
        help_text=_("Praise or thanks rather than a complaint."),
    )
    sensitive = models.BooleanField(
        _("always sensitive"),
        default=False,
        help_text=_("Every grievance of this category is sensitive (abuse, harassment)."),
    )
    active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("grievance category")
        verbose_name_plural = _("grievance categories")

    def __str__(self):
        return self.name


class ResolutionDeadline(models.Model):
    """How many working days a grievance of a category and severity may take. A row
    without a category applies to every category that has no row of its own."""

    category = models.ForeignKey(
        GrievanceCategory,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="deadlines",
        verbose_name=_("category"),
        help_text=_("Empty: every category without a deadline of its own."),
    )
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    working_days = models.PositiveSmallIntegerField(_("working days"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["category__name", "severity"]
        verbose_name = _("resolution deadline")
        verbose_name_plural = _("resolution deadlines")
        constraints = [
            models.UniqueConstraint(
                fields=["category", "severity"],
                condition=Q(category__isnull=False),
                name="deadline_one_per_category_severity",
            ),
            # One row for every category too (NULLs differ in a unique index otherwise).
            models.UniqueConstraint(
                fields=["severity"],
                condition=Q(category__isnull=True),
                name="deadline_one_per_severity",
            ),
            models.CheckConstraint(
                condition=Q(working_days__gte=1), name="deadline_at_least_one_day"
            ),
        ]

    def __str__(self):
        category = self.category or _("every category")
        return f"{category}, {self.get_severity_display()}: {self.working_days}"


class Holiday(models.Model):
    """A public holiday or collective leave day (libur nasional, cuti bersama): not a
    working day for the grievance deadlines."""

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=100)

    history = HistoricalRecords()

    class Meta:
        ordering = ["date"]
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.name}"


class GrievanceQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Grievances `user` may open: in her area (module docstring), and a sensitive one
        only for a member of the sensitive group."""
        return self.in_scope_of(user).filter(sensitive_visible_q(user))

    def in_scope_of(self, user):
        """Grievances in `user`'s area, sensitive or not: what the report counts."""
        area = user_area(user)
        if area.nobody:
            return self.none()
        if area.everyone:
            return self
        return self.filter(
            Q(client__in=Client.objects.visible_to(user))
            | (Q(client__isnull=True) & area.client_q())
        )

    def open(self):
        return self.filter(status__in=Grievance.OPEN_STATUSES)

    def overdue(self, today):
        return self.open().filter(due_on__lt=today)


def sensitive_reader(user) -> bool:
    """Whether `user` may open sensitive grievances (a member of the named group)."""
    if not user.is_authenticated or not user.is_active:
        return False
    cached = getattr(user, "_sensitive_grievance_reader", None)
    if cached is None:
        cached = user.groups.filter(name=SENSITIVE_GRIEVANCE_GROUP).exists()
        user._sensitive_grievance_reader = cached
    return cached


def sensitive_visible_q(user) -> Q:
    return Q() if sensitive_reader(user) else Q(sensitive=False)


def grievance_attachment_path(instance, filename):
    # Server-generated name; `filename` is the one the attachment check gave after
    # reading the content ("document.pdf" or "photo.jpg"), never the uploaded name.
    extension = "pdf" if filename.endswith(".pdf") else "jpg"
    return f"grievances/{uuid.uuid4().hex}.{extension}"


class Grievance(models.Model):
    """One complaint or piece of feedback, from its receipt to its resolution."""

    class Channel(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        PHONE = "phone", _("Telephone")
        WHATSAPP = "whatsapp", _("WhatsApp")
        FIELD_VISIT = "field_visit", _("Field visit")
        LETTER = "letter", _("Letter")
        LAPOR = "lapor", _("SP4N-LAPOR!")

    class Status(models.TextChoices):
        NEW = "new", _("New")
        IN_PROGRESS = "in_progress", _("Being handled")
        AWAITING = "awaiting", _("Waiting for the complainant")
        RESOLVED = "resolved", _("Resolved")
        REJECTED = "rejected", _("Rejected")

    class Acceptance(models.TextChoices):
        ACCEPTED = "accepted", _("Accepted the resolution")
        NOT_ACCEPTED = "not_accepted", _("Did not accept the resolution")
        UNKNOWN = "unknown", _("Not asked yet")

    OPEN_STATUSES = (Status.NEW, Status.IN_PROGRESS, Status.AWAITING)
    CLOSED_STATUSES = (Status.RESOLVED, Status.REJECTED)

    client = models.ForeignKey(
        Client,
        on_delete=models.PROTECT,
        related_name="grievances",
        null=True,
        blank=True,
        verbose_name=_("registered client"),
    )
    complainant_name = models.CharField(
        _("complainant's name"),
        max_length=200,
        blank=True,
        help_text=_("For a person who is not in the registry."),
    )
    complainant_contact = models.CharField(
        _("complainant's contact"),
        max_length=200,
        blank=True,
        help_text=_("Telephone, WhatsApp or address, to give the answer."),
    )
    regency = models.ForeignKey(
        Regency,
        on_delete=models.PROTECT,
        related_name="grievances",
        verbose_name=_("regency/city"),
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    lapor_ticket = models.CharField(_("SP4N-LAPOR! ticket number"), max_length=50, blank=True)
    category = models.ForeignKey(
        GrievanceCategory,
        on_delete=models.PROTECT,
        related_name="grievances",
        verbose_name=_("category"),
    )
    severity = models.CharField(
        _("severity"), max_length=10, choices=Severity.choices, default=Severity.MEDIUM
    )
    description = models.TextField(_("description"))
    sensitive = models.BooleanField(
        _("sensitive"),
        default=False,
        help_text=_("Abuse, harassment or misconduct: only the sensitive-grievance group sees it."),
    )
    grant = models.ForeignKey(
        Grant,
        on_delete=models.PROTECT,
        related_name="grievances",
        null=True,
        blank=True,
        verbose_name=_("about the grant"),
    )
    enrolment = models.ForeignKey(
        Enrolment,
        on_delete=models.PROTECT,
        related_name="grievances",
        null=True,
        blank=True,
        verbose_name=_("about the training"),
    )
    visit = models.ForeignKey(
        FollowUpVisit,
        on_delete=models.PROTECT,
        related_name="grievances",
        null=True,
        blank=True,
        verbose_name=_("about the visit"),
    )
    received_on = models.DateField(_("received on"), default=timezone.localdate)
    due_on = models.DateField(_("resolve by"), editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="assigned_grievances",
        null=True,
        blank=True,
        verbose_name=_("assigned to"),
    )
    service_unit = models.ForeignKey(
        ServiceUnit,
        on_delete=models.PROTECT,
        related_name="grievances",
        null=True,
        blank=True,
        verbose_name=_("handling service unit"),
    )
    resolution = models.TextField(_("resolution"), blank=True)
    acceptance = models.CharField(
        _("complainant's answer"),
        max_length=20,
        choices=Acceptance.choices,
        default=Acceptance.UNKNOWN,
    )
    rejection_reason = models.TextField(_("reason for rejecting"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True, editable=False)
    escalated_on = models.DateField(_("escalated on"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("recorded by"),
    )

    HISTORY_LABEL_FIELD = "number"

    objects = GrievanceQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("grievance")
        verbose_name_plural = _("grievances")
        permissions = [("assign_grievance", _("Can assign a grievance"))]
        indexes = [
            models.Index(fields=["status", "due_on"], name="grievance_status_due_idx"),
            models.Index(fields=["regency", "status"], name="grievance_regency_idx"),
        ]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("programs:grievance_detail", args=[self.pk])

    @property
    def number(self) -> str:
        """The number a complainant is told: PGD-<year>-<id>, never reused."""
        year = self.received_on.year if self.received_on else timezone.localdate().year
        return f"PGD-{year}-{self.pk or 0:06d}"

    @property
    def complainant(self) -> str:
        return self.client.name if self.client_id else self.complainant_name

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    def clean(self):
        # The grievance's rules, in one place for the forms, the services and the admin.
        errors = {}
        today = timezone.localdate()
        if self.received_on and self.received_on > today:
            errors["received_on"] = _("The date received cannot be in the future.")
        elif self.received_on and self.received_on < EARLIEST_RECEIVED:
            # A typo (0001-01-03) rather than an old complaint.
            errors["received_on"] = _("The date received cannot be before 2000.")
        if not self.client_id and not self.complainant_name.strip():
            errors["complainant_name"] = _(
                "Give the complainant's name, or record the grievance from the client's page."
            )
        if self.channel == self.Channel.LAPOR and not self.lapor_ticket.strip():
            errors["lapor_ticket"] = _("Give the SP4N-LAPOR! ticket number.")
        for field, record in (
            ("grant", self.grant),
            ("enrolment", self.enrolment),
            ("visit", self.visit),
        ):
            if record is None:
                continue
            owner = record.business.client_id if field == "visit" else record.client_id
            if owner != self.client_id:
                errors[field] = _("This record is not the complainant's.")
        if self.status == self.Status.RESOLVED and not self.resolution.strip():
            errors["resolution"] = _("Say how the grievance was resolved.")
        if self.status == self.Status.REJECTED and not self.rejection_reason.strip():
            errors["rejection_reason"] = _("Say why the grievance is rejected.")
        if errors:
            raise ValidationError(errors)


class GrievanceNote(models.Model):
    """A comment or an action taken on a grievance, and the system's own entries (a change
    of status or assignment, an escalation)."""

    class Kind(models.TextChoices):
        COMMENT = "comment", _("Comment")
        ACTION = "action", _("Action taken")
        CHANGE = "change", _("Change")
        ESCALATION = "escalation", _("Escalation")

    grievance = models.ForeignKey(
        Grievance, on_delete=models.CASCADE, related_name="notes", verbose_name=_("grievance")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.COMMENT)
    text = models.TextField(_("text"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("written at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("grievance note")
        verbose_name_plural = _("grievance notes")

    def __str__(self):
        return f"{self.grievance} {self.get_kind_display()}"


class GrievanceAttachment(models.Model):
    """A photo or PDF that came with a grievance: parsed and rewritten before it is stored
    (programs/grievances/attachments.py), private, its download logged."""

    grievance = models.ForeignKey(
        Grievance,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("grievance"),
    )
    file = models.FileField(_("file"), upload_to=grievance_attachment_path, storage=private_storage)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("grievance attachment")
        verbose_name_plural = _("grievance attachments")

    def __str__(self):
        return f"{self.grievance} #{self.pk}"

    @property
    def is_pdf(self) -> bool:
        return self.file.name.endswith(".pdf")


__all__ = [
    "SENSITIVE_GRIEVANCE_GROUP",
    "Grievance",
    "GrievanceAttachment",
    "GrievanceCategory",
    "GrievanceNote",
    "Holiday",
    "ResolutionDeadline",
    "Severity",
]
