"""Who may see which clients, and the log of who opened whose record."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .regions import Regency
from .units import ServiceUnit


class StaffScope(models.Model):
    """The part of the province a staff user works in.

    Province-wide, or a set of regencies and/or service units. A user without a scope sees
    no client at all: access is granted, never assumed.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="staff_scope",
        verbose_name=_("user"),
    )
    province_wide = models.BooleanField(_("province-wide"), default=False)
    regencies = models.ManyToManyField(
        Regency, blank=True, related_name="staff_scopes", verbose_name=_("regencies/cities")
    )
    service_units = models.ManyToManyField(
        ServiceUnit, blank=True, related_name="staff_scopes", verbose_name=_("service units")
    )

    history = HistoricalRecords(m2m_fields=[regencies, service_units])

    class Meta:
        verbose_name = _("staff scope")
        verbose_name_plural = _("staff scopes")

    def __str__(self):
        return str(self.user)

    def covers(self, *, regency_id, service_unit_id) -> bool:
        """Whether a client living in `regency_id` or served by `service_unit_id` is ours.

        The same rule as `ClientQuerySet.visible_to`, for a record not yet saved.
        """
        if self.province_wide:
            return True
        if regency_id and self.regencies.filter(pk=regency_id).exists():
            return True
        return bool(service_unit_id) and self.service_units.filter(pk=service_unit_id).exists()


def user_scope_covers(user, *, regency_id, service_unit_id) -> bool:
    if user.is_superuser:
        return True
    scope = getattr(user, "staff_scope", None)
    return scope is not None and scope.covers(
        regency_id=regency_id, service_unit_id=service_unit_id
    )


class RecordAccess(models.Model):
    """One look at personal data: a client's full record, a photo or document, or an export.
    Who, what, when, from where.

    Written by the views that show personal data; read in admin, never edited.
    """

    class Action(models.TextChoices):
        VIEW_CLIENT = "view_client", _("Opened client record")
        VIEW_PHOTO = "view_photo", _("Opened client photo")
        VIEW_DOCUMENT = "view_document", _("Opened a hand-over document or visit photo")
        EXPORT = "export", _("Downloaded an export")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="record_accesses",
        verbose_name=_("user"),
    )
    client = models.ForeignKey(
        "beneficiaries.Client",
        on_delete=models.CASCADE,
        related_name="accesses",
        null=True,
        blank=True,
        verbose_name=_("client"),
        help_text=_("Empty for an export, which is about many people."),
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    detail = models.CharField(_("detail"), max_length=255, blank=True)
    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("record access")
        verbose_name_plural = _("record accesses")

    def __str__(self):
        return f"{self.user} {self.get_action_display()} {self.client_id} {self.at:%Y-%m-%d %H:%M}"
