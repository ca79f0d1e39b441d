"""Reference data: editable in admin, seeded by data migrations."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class PpksType(models.Model):
    """One of the 26 PPKS types of Permensos 8/2012."""

    code = models.CharField(_("code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=150)
    active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("PPKS type")
        verbose_name_plural = _("PPKS types")

    def __str__(self):
        return self.name


class DisabilityKind(models.Model):
    """A kind of disability under UU 8/2016: fisik, intelektual, mental, sensorik."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100)

    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("disability kind")
        verbose_name_plural = _("disability kinds")

    def __str__(self):
        return self.name


class DisabilityType(models.Model):
    """A sub-type within a disability kind (e.g. netra within sensorik)."""

    kind = models.ForeignKey(
        DisabilityKind, on_delete=models.PROTECT, related_name="types", verbose_name=_("kind")
    )
    name = models.CharField(_("name"), max_length=100)
    active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["kind__code", "name"]
        verbose_name = _("disability type")
        verbose_name_plural = _("disability types")
        constraints = [
            models.UniqueConstraint(fields=["kind", "name"], name="disability_type_unique_in_kind")
        ]

    def __str__(self):
        return f"{self.kind.name}: {self.name}"


class AssistiveDevice(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("assistive device")
        verbose_name_plural = _("assistive devices")

    def __str__(self):
        return self.name
