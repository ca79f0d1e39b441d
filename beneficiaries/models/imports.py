"""The record of a bulk import: who imported which file, when, and what came of it."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.storage import private_storage


def import_file_path(instance, filename):
    # Server-generated name; the original name is kept in a field, never in the path.
    extension = ".xlsx" if filename.lower().endswith(".xlsx") else ".csv"
    return f"imports/{uuid.uuid4().hex}{extension}"


class ClientImport(models.Model):
    """One uploaded (or command-line) file of clients, from its preview to its import.

    The file is kept in private storage, with its SHA-256, so that what was imported can
    be shown later; `preview` holds what the last check of the file found (counts, the
    listed problems), as `importing.writer.Summary.as_dict()`.
    """

    class Status(models.TextChoices):
        CHECKING = "checking", _("Being checked")
        CHECKED = "checked", _("Checked, not imported yet")
        IMPORTED = "imported", _("Imported")
        REFUSED = "refused", _("Not imported")

    class Source(models.TextChoices):
        WEB = "web", _("Upload page")
        COMMAND = "command", _("Command line")

    class OnExisting(models.TextChoices):
        SKIP = "skip", _("Leave them as they are")
        UPDATE = "update", _("Update them from the file")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="client_imports",
        verbose_name=_("imported by"),
    )
    original_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    file = models.FileField(_("file"), upload_to=import_file_path, storage=private_storage)
    sheet = models.CharField(_("sheet"), max_length=100, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.CHECKED
    )
    on_existing = models.CharField(
        _("clients already registered"), max_length=10, choices=OnExisting.choices, blank=True
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("imported at"), null=True, blank=True)
    rows_read = models.PositiveIntegerField(_("rows read"), default=0)
    rows_ready = models.PositiveIntegerField(_("rows ready"), default=0)
    rows_existing = models.PositiveIntegerField(_("rows already registered"), default=0)
    rows_with_errors = models.PositiveIntegerField(_("rows with errors"), default=0)
    clients_created = models.PositiveIntegerField(_("clients added"), default=0)
    clients_updated = models.PositiveIntegerField(_("clients updated"), default=0)
    preview = models.JSONField(_("preview"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("client import")
        verbose_name_plural = _("client imports")

    def __str__(self):
        return f"{self.original_name} ({self.user}, {self.created_at:%Y-%m-%d %H:%M})"
