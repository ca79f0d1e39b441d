"""The hidden version an edit form carries, and what it shows when a save comes too late.

An edit form remembers the version of the record it was opened with. The service saves
only while the stored version is still that one (record_writes.record_save_if_unchanged);
otherwise the view calls `show_conflict()`: the form keeps everything the user typed, lists
the other person's changes, and carries the new version, so a second save is a conscious
decision made after seeing what changed.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from .history import changes_since
from .record_writes import EditConflict

VERSION_FIELD = "version"


class VersionedFormMixin:
    conflict_entries = None

    def add_version_field(self, record) -> None:
        self.fields[VERSION_FIELD] = forms.IntegerField(
            widget=forms.HiddenInput,
            min_value=1,
            initial=record.version,
            error_messages={
                "required": _("This form was opened without a version: reload the page."),
                "invalid": _("This form was opened without a version: reload the page."),
                "min_value": _("This form was opened without a version: reload the page."),
            },
        )

    @property
    def opened_version(self) -> int | None:
        return self.cleaned_data.get(VERSION_FIELD)

    def show_conflict(self, conflict: EditConflict) -> None:
        self.conflict_entries = changes_since(conflict.current, conflict.opened_version)
        data = self.data.copy()
        data[self.add_prefix(VERSION_FIELD)] = conflict.current.version
        self.data = data
        self.add_error(
            None,
            _(
                "Someone else saved this record after you opened it, so your changes were "
                "not saved. Their changes are listed below; what you typed is still in the "
                "form. Check it against their changes and save again."
            ),
        )
