"""Businesses started by former clients, and the follow-up visits that see how they do."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from beneficiaries.models import Client, Village
from beneficiaries.models.records import ArchivableQuerySet, ArchivableRecord, VersionedRecord
from beneficiaries.storage import private_storage

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

    HISTORY_LABEL_FIELD = "name"

    objects = BusinessQuerySet.as_manager()

    history = HistoricalRecords(m2m_fields=[grants])

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
        indexes = [models.Index(fields=["business", "-visited_on"], name="visit_business_date_idx")]

    def __str__(self):
        return f"{self.business} {self.visited_on:%Y-%m-%d}"


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
