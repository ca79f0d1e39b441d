"""Businesses started by former clients, and the follow-up visits that see how they do."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from beneficiaries.models import Client, Village
from core.records import ArchivableQuerySet, ArchivableRecord, VersionedRecord
from core.storage import private_storage

from .grants import Grant, GrantItem


def visit_photo_path(instance, filename):
    # Server-generated name; photos are re-encoded to JPEG before they are stored.
    return f"visits/photos/{uuid.uuid4().hex}.jpg"


class BusinessQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Businesses of the clients `user` may see (the registry's rule, one step on)."""
        return self.filter(client__in=Client.objects.visible_to(user))


class Business(models.Model):
    class Sector(models.TextChoices):
        GARMENTS = "konveksi", _("Garments and tailoring")
        FOOD = "kuliner", _("Food and catering")
        CRAFTS = "kerajinan", _("Crafts")
        BEAUTY = "salon", _("Beauty salon")
        BARBER = "pangkas_rambut", _("Barbershop")
        CARPENTRY = "pertukangan", _("Carpentry")
        AUTOMOTIVE = "otomotif", _("Motor repair")
        FARMING = "pertanian", _("Farming and livestock")
        TRADE = "perdagangan", _("Trade")
        SERVICES = "jasa", _("Other services")

    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="businesses", verbose_name=_("client")
    )
    name = models.CharField(_("business name"), max_length=150)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    products = models.CharField(
        _("products or services"), max_length=255, blank=True, help_text=_("What it sells.")
    )
    started_on = models.DateField(_("started on"), null=True, blank=True)
    village = models.ForeignKey(
        Village,
        on_delete=models.PROTECT,
        related_name="businesses",
        null=True,
        blank=True,
        verbose_name=_("village"),
    )
    grants = models.ManyToManyField(
        Grant,
        blank=True,
        related_name="businesses",
        verbose_name=_("grants used"),
        help_text=_("The equipment grants this business works with."),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("recorded by"),
    )
    # What its latest visit (not archived) found: derived, kept by programs.follow_up.refresh in
    # the same transaction as every write that changes it, so that the outcome report
    # reads one row per business instead of looking for the latest of its visits.
    latest_visit = models.ForeignKey(
        "FollowUpVisit",
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
        verbose_name=_("latest visit"),
    )
    latest_visit_on = models.DateField(_("latest visit on"), null=True, blank=True, editable=False)
    # NULL, not "": never visited (the report counts a business as followed up by it).
    latest_status = models.CharField(  # noqa: DJ001
        _("status at the latest visit"), max_length=20, null=True, blank=True, editable=False
    )
    latest_income = models.PositiveBigIntegerField(
        _("net monthly income at the latest visit (Rp)"), null=True, blank=True, editable=False
    )
    latest_employees = models.PositiveSmallIntegerField(
        _("employees at the latest visit"), null=True, blank=True, editable=False
    )
    # Also derived from its grants (not archived), by the same code: what the report
    # compares the latest income with.
    baseline_income = models.PositiveBigIntegerField(
        _("monthly income before training (Rp)"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Of the enrolment behind its first grant that recorded one."),
    )
    grant_value = models.PositiveBigIntegerField(
        _("value of its grants (Rp)"), null=True, blank=True, editable=False
    )

    HISTORY_LABEL_FIELD = "name"
    DERIVED_FIELDS = [
        "latest_visit",
        "latest_visit_on",
        "latest_status",
        "latest_income",
        "latest_employees",
        "baseline_income",
        "grant_value",
    ]

    objects = BusinessQuerySet.as_manager()

    # The derived fields are left out (the visits and grants have their own history).
    history = HistoricalRecords(m2m_fields=[grants], excluded_fields=DERIVED_FIELDS)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("business")
        verbose_name_plural = _("businesses")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("programs:business_detail", args=[self.pk])


class SupportKind(models.Model):
    """Support the office gave at a visit: marketing, access to capital, ... (reference)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("kind of support")
        verbose_name_plural = _("kinds of support")

    def __str__(self):
        return self.name


class FollowUpVisitQuerySet(ArchivableQuerySet):
    def visible_to(self, user):
        return self.filter(business__client__in=Client.objects.visible_to(user))


class FollowUpVisit(VersionedRecord, ArchivableRecord):
    class Status(models.TextChoices):
        DEVELOPING = "berkembang", _("Developing (berkembang)")
        FLAT = "stagnan", _("Flat (stagnan)")
        NOT_YET = "belum_berkembang", _("Not yet developing (belum berkembang)")
        CLOSED = "tutup", _("Closed (tutup)")

    # Statuses that put a client on the worklist.
    NEEDS_HELP = (Status.FLAT, Status.NOT_YET, Status.CLOSED)

    business = models.ForeignKey(
        Business, on_delete=models.PROTECT, related_name="visits", verbose_name=_("business")
    )
    visited_on = models.DateField(_("visit date"))
    visited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="follow_up_visits",
        verbose_name=_("visited by"),
    )
    net_income = models.PositiveBigIntegerField(_("net monthly income (Rp)"))
    revenue = models.PositiveBigIntegerField(_("monthly revenue (Rp)"), null=True, blank=True)
    employees = models.PositiveSmallIntegerField(
        _("employees"), help_text=_("People working in the business besides the owner.")
    )
    status = models.CharField(_("business status"), max_length=20, choices=Status.choices)
    support = models.ManyToManyField(
        SupportKind, blank=True, related_name="visits", verbose_name=_("support given")
    )
    notes = models.TextField(_("notes"), blank=True)
    photo = models.ImageField(
        _("photo"), upload_to=visit_photo_path, storage=private_storage, blank=True
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = FollowUpVisitQuerySet.as_manager()

    history = HistoricalRecords(m2m_fields=[support])

    class Meta:
        ordering = ["-visited_on", "-id"]
        verbose_name = _("follow-up visit")
        verbose_name_plural = _("follow-up visits")
        permissions = [("archive_followupvisit", _("Can archive a follow-up visit"))]
        indexes = [
            # "The latest visit of a business": the first entry of this index.
            # With status and income: the report's visits by quarter read only the index
            # (PostgreSQL; other databases make it without the included columns).
            models.Index(
                fields=["business", "-visited_on", "-id"],
                condition=Q(archived_at__isnull=True),
                include=["status", "net_income"],
                name="visit_business_latest_idx",
            )
        ]

    def __str__(self):
        return f"{self.business} {self.visited_on:%Y-%m-%d}"

    def clean(self):
        # The visit date rules, in one place for the form, the service, the admin and the
        # offline sync (full_clean() calls this).
        if not self.visited_on:
            return
        if self.visited_on > timezone.localdate():
            raise ValidationError({"visited_on": _("The visit date cannot be in the future.")})
        first_grant = (
            Grant.objects.active()
            .filter(businesses=self.business_id)
            .order_by("handed_over_on")
            .values_list("handed_over_on", flat=True)
            .first()
            if self.business_id
            else None
        )
        if first_grant is not None and self.visited_on < first_grant:
            raise ValidationError(
                {
                    "visited_on": _(
                        "The visit cannot be before the equipment was handed over (%(date)s)."
                    )
                    % {"date": date_format(first_grant, "j F Y")}
                }
            )


class EquipmentCheck(models.Model):
    """The condition of one granted item as found at a visit."""

    class Condition(models.TextChoices):
        IN_USE = "dipakai", _("In use")
        BROKEN = "rusak", _("Broken")
        SOLD = "dijual", _("Sold")
        LOST = "hilang", _("Lost")
        PASSED_ON = "dialihkan", _("Passed on to someone else")

    # Conditions that put a client on the worklist.
    PROBLEMS = (Condition.BROKEN, Condition.SOLD, Condition.LOST)

    visit = models.ForeignKey(
        FollowUpVisit,
        on_delete=models.CASCADE,
        related_name="equipment_checks",
        verbose_name=_("visit"),
    )
    grant_item = models.ForeignKey(
        GrantItem, on_delete=models.PROTECT, related_name="checks", verbose_name=_("grant item")
    )
    condition = models.CharField(_("condition"), max_length=12, choices=Condition.choices)

    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        verbose_name = _("equipment check")
        verbose_name_plural = _("equipment checks")
        constraints = [
            models.UniqueConstraint(
                fields=["visit", "grant_item"], name="equipment_checked_once_per_visit"
            )
        ]

    def __str__(self):
        return f"{self.grant_item}: {self.get_condition_display()}"


class GranteeFollowUp(models.Model):
    """Where a client who received equipment stands in their follow-up: derived data.

    One row per client with at least one grant (not archived), kept by programs.follow_up.refresh
    in the same transaction as every grant, visit or equipment check that changes it. The
    worklist reads these rows instead of looking, for every grantee, for the first grant,
    the latest visit of any of their businesses and what it found.
    """

    class Urgency(models.IntegerChoices):
        # The worklist's order (programs/follow_up/worklist.py); overdue and never visited are
        # decided against today when the list is read.
        EQUIPMENT_OR_CLOSED = 1, _("Equipment broken, sold or lost, or business closed")
        NOT_DEVELOPING = 2, _("Business flat or not yet developing")
        OTHER = 3, _("Other")

    client = models.OneToOneField(
        Client,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="follow_up",
        verbose_name=_("client"),
    )
    first_grant_on = models.DateField(_("first grant on"))
    last_visit = models.ForeignKey(
        FollowUpVisit,
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("last visit"),
    )
    last_visit_on = models.DateField(_("last visit on"), null=True, blank=True)
    last_status = models.CharField(_("status at the last visit"), max_length=20, blank=True)
    equipment_problem = models.BooleanField(
        _("equipment broken, sold or lost at the last visit"), default=False
    )
    last_contact_on = models.DateField(
        _("last contact on"), help_text=_("The last visit, or the first grant if never visited.")
    )
    urgency = models.PositiveSmallIntegerField(_("urgency"), choices=Urgency.choices)

    class Meta:
        verbose_name = _("grantee follow-up")
        verbose_name_plural = _("grantee follow-ups")
        indexes = [
            models.Index(fields=["urgency", "last_contact_on"], name="grantee_follow_up_order_idx")
        ]

    def __str__(self):
        return f"{self.client_id}: {self.last_contact_on}"
