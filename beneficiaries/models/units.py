from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .regions import Regency


class ServiceUnit(models.Model):
    """A residential unit (UPT) of the provincial office, or a regency social office."""

    class Kind(models.TextChoices):
        UPT = "upt", _("Technical implementation unit (UPT)")
        REGENCY_OFFICE = "dinas", _("Regency/city social office")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    regency = models.ForeignKey(
        Regency,
        on_delete=models.PROTECT,
        related_name="service_units",
        verbose_name=_("regency/city"),
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("service unit")
        verbose_name_plural = _("service units")

    def __str__(self):
        return self.name
