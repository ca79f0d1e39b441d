"""Helping grantees sell: a business's public profile and product photos, the owner's consent
to publish, the market support the office gives (exhibitions, orders brokered, marketplace
onboarding, promotion), and success stories.

Nothing here is public by itself. The public catalogue (programs/marketing/catalogue.py)
shows a business only while its owner's latest consent stands, and of it only what that
consent names; its pages are reached by random tokens, never by a record's id.
"""

import datetime
import re
import secrets
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.storage import private_storage

from .businesses import Business

# A telephone number as people write it: ASCII digits, spaces, + - . ( ) only.
PHONE_CHARACTERS = re.compile(r"[0-9 +\-.()]+")

# Dates before this are typos (0001-01-03), not history.
EARLIEST_DATE = datetime.date(2000, 1, 1)


def public_token() -> str:
    """A random, unguessable name for a public URL (72 bits, URL-safe)."""
    return secrets.token_urlsafe(9)


def product_photo_path(instance, filename):
    # Server-generated name; photos are re-encoded to JPEG before they are stored.
    return f"businesses/photos/{uuid.uuid4().hex}.jpg"


class BusinessProfile(models.Model):
    """What a buyer needs to know about a business, beyond what the registry keeps."""

    business = models.OneToOneField(
        Business, on_delete=models.CASCADE, related_name="profile", verbose_name=_("business")
    )
    token = models.CharField(
        _("public address"), max_length=16, unique=True, default=public_token, editable=False
    )
    description = models.TextField(
        _("description"), blank=True, help_text=_("A few lines a buyer reads first.")
    )
    price_range = models.CharField(
        _("price range"),
        max_length=100,
        blank=True,
        help_text=_("For example Rp25.000 to Rp150.000."),
    )
    whatsapp = models.CharField(
        _("WhatsApp number"),
        max_length=20,
        blank=True,
        help_text=_("For orders, for example 0812 3456 7890."),
    )
    how_to_order = models.TextField(_("how to order"), blank=True)
    marketplace_links = models.TextField(
        _("marketplace links"),
        blank=True,
        help_text=_("One address per line (Shopee, Tokopedia, the government e-catalogue, ...)."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("business profile")
        verbose_name_plural = _("business profiles")

    def __str__(self):
        return str(self.business)

    def get_absolute_url(self):
        return self.business.get_absolute_url()

    def clean(self):
        errors = {}
        if self.whatsapp and not (
            PHONE_CHARACTERS.fullmatch(self.whatsapp) and 9 <= len(self.whatsapp_digits) <= 15
        ):
            errors["whatsapp"] = _("Give a telephone number of 9 to 15 digits.")
        for line in self.links:
            if not (line.startswith("https://") or line.startswith("http://")):
                errors["marketplace_links"] = _("Each line must be an address starting https://.")
                break
        if errors:
            raise ValidationError(errors)

    @property
    def links(self) -> list[str]:
        return [line.strip() for line in self.marketplace_links.splitlines() if line.strip()]

    @property
    def whatsapp_digits(self) -> str:
        return "".join(ch for ch in self.whatsapp if ch in "0123456789")

    @property
    def whatsapp_international(self) -> str:
        """The number as wa.me wants it: digits only, 62 instead of the leading 0."""
        digits = self.whatsapp_digits
        if digits.startswith("0"):
            digits = "62" + digits[1:]
        return digits


class ProductPhoto(models.Model):
    """A picture of what the business makes: private until the owner consents to photos."""

    business = models.ForeignKey(
        Business, on_delete=models.CASCADE, related_name="photos", verbose_name=_("business")
    )
    token = models.CharField(
        _("public address"), max_length=16, unique=True, default=public_token, editable=False
    )
    photo = models.FileField(_("photo"), upload_to=product_photo_path, storage=private_storage)
    caption = models.CharField(_("caption"), max_length=150, blank=True)
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
        verbose_name = _("product photo")
        verbose_name_plural = _("product photos")

    def __str__(self):
        return self.caption or f"{self.business} #{self.pk}"


class ConsentQuerySet(models.QuerySet):
    def standing(self):
        return self.filter(withdrawn_at__isnull=True)


class PublicationConsent(models.Model):
    """The owner's consent to show her business in the public catalogue: when she gave it,
    what may be shown, who recorded it; withdrawn (at once, logged) or replaced by a newer
    one. The regency/city and the sector are always shown for a listed business."""

    business = models.ForeignKey(
        Business, on_delete=models.CASCADE, related_name="consents", verbose_name=_("business")
    )
    given_on = models.DateField(_("consent given on"), default=timezone.localdate)
    show_name = models.BooleanField(_("business name"), default=True)
    show_products = models.BooleanField(_("products"), default=True)
    show_photos = models.BooleanField(_("product photos"), default=False)
    show_district = models.BooleanField(_("district"), default=False)
    show_contact = models.BooleanField(
        _("WhatsApp and how to order"),
        default=False,
        help_text=_("The WhatsApp number, how to order and the marketplace links."),
    )
    show_story = models.BooleanField(_("success story"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True, editable=False)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
        verbose_name=_("withdrawn by"),
    )

    objects = ConsentQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["-recorded_at", "-id"]
        verbose_name = _("publication consent")
        verbose_name_plural = _("publication consents")
        constraints = [
            # One standing consent per business: a new one replaces (withdraws) the last.
            models.UniqueConstraint(
                fields=["business"],
                condition=Q(withdrawn_at__isnull=True),
                name="consent_one_standing_per_business",
            )
        ]

    def __str__(self):
        return f"{self.business} {self.given_on:%Y-%m-%d}"

    def clean(self):
        if self.given_on and self.given_on > timezone.localdate():
            raise ValidationError({"given_on": _("The date of consent cannot be in the future.")})
        if self.given_on and self.given_on < EARLIEST_DATE:
            raise ValidationError({"given_on": _("The date cannot be before 2000.")})

    @property
    def shown(self) -> list[str]:
        """The labels of what may be shown, for the business page."""
        return [
            str(self._meta.get_field(name).verbose_name)
            for name in SHOWN_FIELDS
            if getattr(self, name)
        ]


SHOWN_FIELDS = (
    "show_name",
    "show_products",
    "show_photos",
    "show_district",
    "show_contact",
    "show_story",
)


class MarketSupport(models.Model):
    """Something the office did to help a business sell."""

    class Kind(models.TextChoices):
        EXHIBITION = "exhibition", _("Exhibition or bazaar")
        ORDER = "order", _("Order brokered")
        MARKETPLACE = "marketplace", _("Onboarding to an online marketplace")
        ECATALOGUE = "ecatalogue", _("Onboarding to the government e-catalogue")
        PROMOTION = "promotion", _("Promotion in the office's channels")

    class Buyer(models.TextChoices):
        SCHOOL = "school", _("School")
        OFFICE = "office", _("Government office")
        COMPANY = "company", _("Company")
        OTHER = "other", _("Other")

    class OnTime(models.TextChoices):
        YES = "yes", _("Delivered on time")
        NO = "no", _("Delivered late")
        PENDING = "pending", _("Not delivered yet")

    business = models.ForeignKey(
        Business, on_delete=models.PROTECT, related_name="supports", verbose_name=_("business")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    on = models.DateField(_("date"))
    title = models.CharField(
        _("event, platform or channel"),
        max_length=200,
        blank=True,
        help_text=_("For example Gelar Produk UMKM Jawa Timur 2026, Shopee, Instagram Dinsos."),
    )
    buyer_kind = models.CharField(_("buyer"), max_length=20, choices=Buyer.choices, blank=True)
    buyer_name = models.CharField(_("buyer's name"), max_length=200, blank=True)
    product = models.CharField(_("product"), max_length=200, blank=True)
    quantity = models.PositiveIntegerField(
        _("quantity"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    value = models.PositiveBigIntegerField(
        _("value (Rp)"),
        null=True,
        blank=True,
        help_text=_("The order's value, or the sales made at the event."),
    )
    delivery = models.CharField(_("delivery"), max_length=20, choices=OnTime.choices, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-on", "-id"]
        verbose_name = _("market support")
        verbose_name_plural = _("market support")

    def __str__(self):
        return f"{self.get_kind_display()} {self.on:%Y-%m-%d}"

    def get_absolute_url(self):
        return self.business.get_absolute_url()

    def clean(self):
        errors = {}
        if self.on and self.on > timezone.localdate():
            errors["on"] = _("The date cannot be in the future.")
        elif self.on and self.on < EARLIEST_DATE:
            errors["on"] = _("The date cannot be before 2000.")
        if self.kind == self.Kind.ORDER:
            if not self.buyer_kind:
                errors["buyer_kind"] = _("Say who the buyer is.")
            if not self.product.strip():
                errors["product"] = _("Say what was ordered.")
            if self.quantity is None:
                errors["quantity"] = _("Give the quantity ordered.")
        elif self.kind == self.Kind.EXHIBITION and not self.title.strip():
            errors["title"] = _("Give the event's name.")
        if errors:
            raise ValidationError(errors)


class SuccessStory(models.Model):
    """A one-page story of a grantee's business, written by a worker and approved by a
    manager before it can be printed or published; its figures are read from the record
    when it is shown, never typed."""

    business = models.ForeignKey(
        Business, on_delete=models.CASCADE, related_name="stories", verbose_name=_("business")
    )
    token = models.CharField(
        _("public address"), max_length=16, unique=True, default=public_token, editable=False
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("story"))
    photo = models.ForeignKey(
        ProductPhoto,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("picture"),
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("written by"),
    )
    written_at = models.DateTimeField(_("written at"), auto_now=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-written_at", "-id"]
        verbose_name = _("success story")
        verbose_name_plural = _("success stories")
        permissions = [("approve_successstory", _("Can approve a success story"))]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("programs:story_detail", args=[self.pk])

    @property
    def is_approved(self) -> bool:
        return self.approved_at is not None

    def clean(self):
        if self.photo_id and self.business_id and self.photo.business_id != self.business_id:
            raise ValidationError({"photo": _("This picture is another business's.")})


def new_stamp() -> str:
    return uuid.uuid4().hex


class CatalogueVersion(models.Model):
    """One row whose stamp changes with every change the public catalogue shows (consent,
    profile, photos, stories), in the same transaction: the catalogue's cache keys carry
    it, so every process of every machine stops serving a withdrawn listing at once. A
    random stamp rather than a counter, so that a database restored from a backup (or a
    test's rolled-back transaction) never meets the cache of a later state."""

    stamp = models.CharField(max_length=32, default=new_stamp)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("catalogue version")
        verbose_name_plural = _("catalogue version")

    def __str__(self):
        return self.stamp
