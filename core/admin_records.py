"""Admin for records with a change history, a version and archive fields.

Every domain model's admin shows its history (django-simple-history's "History" button).
Versioned records (clients, enrolments, grants, visits) refuse a save from a change form
opened before someone else's save, as the app's own forms do.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .history import changes_since, describe_change
from .record_writes import EditConflict, record_restore, record_save_if_unchanged

ARCHIVE_FIELDS = ["archived_at", "archived_by", "archive_reason"]


class HistoryAdmin(SimpleHistoryAdmin):
    """A ModelAdmin with the record's change history (who, when, what) one click away."""


class ReadOnlyAdmin(HistoryAdmin):
    """For records written by their services only (which keep derived figures, deadlines
    or caches right): shown to check, with their history; deleting stays possible."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ArchivedFilter(admin.SimpleListFilter):
    title = _("archived")
    parameter_name = "archived"

    def lookups(self, request, model_admin):
        return [("no", _("not archived")), ("yes", _("archived"))]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(archived_at__isnull=True)
        if self.value() == "yes":
            return queryset.filter(archived_at__isnull=False)
        return queryset


class VersionedAdminForm(forms.ModelForm):
    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False, label="")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["opened_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        opened = cleaned.get("opened_version")
        if self.instance.pk and opened is not None:
            stored = type(self.instance)._base_manager.filter(pk=self.instance.pk)
            if not stored.filter(version=opened).exists():
                raise ValidationError(conflict_text(self.instance, opened))
        return cleaned


def conflict_text(record, opened_version: int) -> str:
    changes = " | ".join(describe_change(e) for e in changes_since(record, opened_version))
    return _(
        "Someone else saved this record after you opened it, so nothing was saved. "
        "Their changes: %(changes)s. Reload the page to see the record as it is now."
    ) % {"changes": changes or "-"}


@admin.action(description=_("Restore the selected records from the archive"))
def restore_from_archive(modeladmin, request, queryset):
    restored = 0
    for record in queryset.filter(archived_at__isnull=False):
        record_restore(record=record, restored_by=request.user)
        restored += 1
    modeladmin.message_user(request, _("%(count)d records restored.") % {"count": restored})


class VersionedHistoryAdmin(HistoryAdmin):
    form = VersionedAdminForm
    actions = [restore_from_archive]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "version", *ARCHIVE_FIELDS]

    def save_model(self, request, obj, form, change):
        if not change:
            return super().save_model(request, obj, form, change)
        # The form's clean() already compared versions; this closes the gap between that
        # check and the save (a conflict here is a save that raced in the last instant).
        with transaction.atomic():
            try:
                record_save_if_unchanged(
                    obj, opened_version=form.cleaned_data.get("opened_version")
                )
            except EditConflict as conflict:
                raise ValidationError(conflict_text(obj, conflict.opened_version)) from conflict
