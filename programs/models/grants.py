import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from beneficiaries.models import Client
from core.records import ArchivableQuerySet, ArchivableRecord, VersionedRecord
from core.storage import private_storage

from .reference import FundingSource
from .training import Enrolment


def grant_document_path(instance, filename):
    # Server-generated name. `filename` is the one documents.grant_document_prepare() gave
    # after checking the content ("document.pdf" or "photo.jpg"), never the uploaded name.
    extension = "pdf" if filename.endswith(".pdf") else "jpg"
    return f"grants/documents/{uuid.uuid4().hex}.{extension}"


class EquipmentType(models.Model):
    """Equipment handed to graduates (mesin jahit, mesin obras, ...) with its usual value."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    unit = models.CharField(_("unit"), max_length=30, default="unit")
    standard_value = models.PositiveBigIntegerField(
        _("standard value (Rp)"), help_text=_("Value of one unit in rupiah.")
    )
    active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("equipment type")
        verbose_name_plural = _("equipment types")

    def __str__(self):
        return self.name


class GrantQuerySet(ArchivableQuerySet):
    def visible_to(self, user):
        """Grants to the clients `user` may see (the registry's rule, one step on)."""
        return self.filter(client__in=Client.objects.visible_to(user))

    def with_total_value(self):
        return self.annotate(
            total_value=Sum(F("items__quantity") * F("items__unit_value"), default=0)
        )


BAST_PREFIX = "BAST"


def bast_label(number) -> str:
    """A BAST number with the word BAST before it ("BAST 0318/2026"), or as typed when it
    already starts with the word, in any case ("BAST/0318/2026", "bast 0318"): never
    "BAST BAST/0318/2026"."""
    number = str(number or "").strip()
    if number[: len(BAST_PREFIX)].upper() == BAST_PREFIX:
        return number
    return f"{BAST_PREFIX} {number}" if number else ""


class Grant(VersionedRecord, ArchivableRecord):
    """Equipment handed over to a client, recorded with its hand-over report (BAST)."""

    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="grants", verbose_name=_("client")
    )
    enrolment = models.ForeignKey(
        Enrolment,
        on_delete=models.PROTECT,
        related_name="grants",
        null=True,
        blank=True,
        verbose_name=_("after training"),
    )
    handed_over_on = models.DateField(_("hand-over date"))
    bast_number = models.CharField(
        _("BAST number"),
        max_length=100,
        unique=True,
        help_text=_("Number of the hand-over report (Berita Acara Serah Terima)."),
        error_messages={"unique": _("This BAST number is already recorded for another grant.")},
    )
    funding_source = models.ForeignKey(
        FundingSource,
        on_delete=models.PROTECT,
        related_name="grants",
        verbose_name=_("funding source"),
    )
    document = models.FileField(
        _("hand-over photo or scanned BAST"),
        upload_to=grant_document_path,
        storage=private_storage,
        blank=True,
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("recorded by"),
    )

    HISTORY_LABEL_FIELD = "bast_number"

    objects = GrantQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["-handed_over_on", "-id"]
        verbose_name = _("grant")
        verbose_name_plural = _("grants")
        permissions = [("archive_grant", _("Can archive a grant"))]

    def __str__(self):
        return self.bast_number

    @property
    def bast_label(self) -> str:
        """The number as pages and logs name it: see bast_label()."""
        return bast_label(self.bast_number)

    def get_absolute_url(self):
        return reverse("programs:grant_detail", args=[self.pk])

    def clean(self):
        # The hand-over rules, in one place for the form, the service, the admin and any
        # import (full_clean() calls this).
        errors = {}
        if self.handed_over_on and self.handed_over_on > timezone.localdate():
            errors["handed_over_on"] = _("The hand-over date cannot be in the future.")
        if self.enrolment_id and self.client_id and self.enrolment.client_id != self.client_id:
            errors["enrolment"] = _("This enrolment is another client's.")
        if errors:
            raise ValidationError(errors)

    @property
    def items_total(self):
        """Total value from the (prefetched) items: never typed, always computed."""
        return sum(item.total_value for item in self.items.all())


class GrantItem(models.Model):
    grant = models.ForeignKey(
        Grant, on_delete=models.CASCADE, related_name="items", verbose_name=_("grant")
    )
    equipment_type = models.ForeignKey(
        EquipmentType,
        on_delete=models.PROTECT,
        related_name="grant_items",
        verbose_name=_("equipment type"),
    )
    quantity = models.PositiveSmallIntegerField(
        _("quantity"), validators=[MinValueValidator(1)], default=1
    )
    unit_value = models.PositiveBigIntegerField(
        _("unit value (Rp)"),
        help_text=_("Value of one unit at the time of the grant. Empty: the standard value."),
    )
    serial_numbers = models.CharField(_("serial numbers"), max_length=255, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        verbose_name = _("grant item")
        verbose_name_plural = _("grant items")
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gte=1), name="grant_item_quantity_positive"
            )
        ]

    def __str__(self):
        return f"{self.quantity} x {self.equipment_type}"

    @property
    def total_value(self):
        return self.quantity * self.unit_value
