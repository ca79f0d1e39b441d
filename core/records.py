"""What every record staff edit and archive shares: a version for edits, archive fields.

Abstract models only (no table, no migration): clients, enrolments, grants and visits
inherit them. The writes that go with these fields live in `core.record_writes`.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class VersionedRecord(models.Model):
    """A record whose edits carry a version, so that no save overwrites an unseen change.

    An edit form sends back the version it was opened with; the save succeeds only while
    the stored version is still that one (see `record_writes.record_save_if_unchanged`).
    """

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True


class ArchivableQuerySet(models.QuerySet):
    def active(self):
        """Records that are not archived: what lists, reports and the worklist show."""
        return self.filter(archived_at__isnull=True)

    def archived(self):
        return self.filter(archived_at__isnull=False)


class ArchivableRecord(models.Model):
    """A record staff archive with a reason instead of deleting it.

    Archived records leave lists and reports but stay in the database and in the change
    history; only an admin with the delete permission can remove one (in Django admin).
    """

    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True, editable=False)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
        verbose_name=_("archived by"),
    )
    archive_reason = models.CharField(
        _("reason for archiving"), max_length=255, blank=True, editable=False
    )

    class Meta:
        abstract = True

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None
