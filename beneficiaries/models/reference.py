"""Reference data: editable in admin, seeded by data migrations."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


def alias_lines(aliases: str) -> list[str]:
    """The aliases of a type, one a line, as typed (the import compares them normalised)."""
    return [line.strip() for line in aliases.splitlines() if line.strip()]


def _aliases_field():
    return models.TextField(
        _("aliases"),
        blank=True,
        help_text=_(
            "Other names offices write for this type (spellings, abbreviations), one a line. "
            "The import accepts them; case, spaces and punctuation do not matter."
        ),
    )


def _check_aliases(record):
    # An alias of punctuation only would be the empty name once normalised.
    wordless = [line for line in alias_lines(record.aliases) if not any(c.isalnum() for c in line)]
    if wordless:
        raise ValidationError(
            {
                "aliases": _("An alias needs a letter or a digit: %(aliases)s.")
                % {"aliases": ", ".join(wordless)}
            }
        )


class PpksType(models.Model):
    """One of the 26 PPKS types of Permensos 8/2012."""

    code = models.CharField(_("code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=150)
    active = models.BooleanField(_("active"), default=True)
    aliases = _aliases_field()

    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("PPKS type")
        verbose_name_plural = _("PPKS types")

    def __str__(self):
        return self.name

    def clean(self):
        _check_aliases(self)


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
    """A sub-type within a disability kind (e.g. netra within sensorik), or the kind alone
    (`kind_only`: "Disabilitas fisik (jenis belum diketahui)"), one per kind."""

    kind = models.ForeignKey(
        DisabilityKind, on_delete=models.PROTECT, related_name="types", verbose_name=_("kind")
    )
    name = models.CharField(_("name"), max_length=100)
    # A worker often knows the kind (fisik) and not the sub-type: the client still carries
    # the kind, so the reports and the list's filter by kind count her.
    kind_only = models.BooleanField(
        _("kind only"),
        default=False,
        help_text=_("The kind alone, for a person whose sub-type is not known."),
    )
    active = models.BooleanField(_("active"), default=True)
    aliases = _aliases_field()

    history = HistoricalRecords()

    class Meta:
        # The kind alone first in its kind: the choice when the sub-type is not known.
        ordering = ["kind__code", "-kind_only", "name"]
        verbose_name = _("disability type")
        verbose_name_plural = _("disability types")
        constraints = [
            models.UniqueConstraint(fields=["kind", "name"], name="disability_type_unique_in_kind"),
            models.UniqueConstraint(
                fields=["kind"],
                condition=models.Q(kind_only=True),
                name="disability_type_one_kind_only_per_kind",
                violation_error_message=_("This kind already has its type for the kind alone."),
            ),
        ]

    def __str__(self):
        if self.kind_only:
            return self.name  # already names the kind
        return f"{self.kind.name}: {self.name}"

    def clean(self):
        _check_aliases(self)


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
