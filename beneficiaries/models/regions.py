"""The Kemendagri administrative hierarchy, keyed by its dotted codes.

Four small tables rather than one self-referencing table: a client's address, a staff
scope and a report each point at exactly the level they mean, and the database enforces it.
Provinces and regencies of all Indonesia come with a migration; districts (all Indonesia,
to check NIK prefixes) and villages (the configured province) with `manage.py load_regions`.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Province(models.Model):
    code = models.CharField(_("code"), max_length=2, primary_key=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self):
        return self.name


class RegencyQuerySet(models.QuerySet):
    def in_province(self):
        from django.conf import settings

        return self.filter(province_id=settings.PROVINCE_CODE)


class Regency(models.Model):
    code = models.CharField(_("code"), max_length=5, primary_key=True)
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="regencies", verbose_name=_("province")
    )
    name = models.CharField(_("name"), max_length=100)

    objects = RegencyQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("regency/city")
        verbose_name_plural = _("regencies/cities")

    def __str__(self):
        return self.name


class District(models.Model):
    code = models.CharField(_("code"), max_length=8, primary_key=True)
    regency = models.ForeignKey(
        Regency, on_delete=models.PROTECT, related_name="districts", verbose_name=_("regency/city")
    )
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self):
        return self.name

    @property
    def nik_prefix(self):
        """The six digits a NIK issued in this district starts with."""
        return self.code.replace(".", "")


class Village(models.Model):
    code = models.CharField(_("code"), max_length=13, primary_key=True)
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="villages", verbose_name=_("district")
    )
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("village")
        verbose_name_plural = _("villages")

    def __str__(self):
        return self.name
