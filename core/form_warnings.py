"""Confirmable warnings for forms: findings that stop a save once, not for good.

A form using `ConfirmableWarningsMixin` calls `add_warning()` in its clean() and then
`require_confirmation()`. If there are warnings, the form is invalid until it is sent again
with the confirmation box ticked *and* the token of the same warnings: a tick given for one
warning never confirms another that appeared after the input changed. Templates show
`form.warnings` (and `field.warnings` next to each field) and, when present, the
`warnings_token` and `confirm_warnings` fields.
"""

import hashlib
from dataclasses import dataclass

from django import forms
from django.forms import BoundField
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class FieldWarning:
    """One confirmable finding: the field it belongs next to, a code, the message."""

    field: str  # the form field the warning belongs next to
    code: str
    message: str


class WarningBoundField(BoundField):
    """A bound field that also knows the confirmable warnings about it (for templates)."""

    @property
    def warnings(self):
        return [w for w in getattr(self.form, "warnings", ()) if w.field == self.name]


class ConfirmableWarningsMixin(forms.Form):
    bound_field_class = WarningBoundField

    confirm_warnings = forms.BooleanField(
        label=_("I have checked the warnings and want to save anyway"), required=False
    )
    warnings_token = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.warnings: list[FieldWarning] = []

    def add_warning(self, field: str, code: str, message) -> None:
        self.warnings.append(FieldWarning(field, code, str(message)))

    @property
    def current_warnings_token(self) -> str:
        text = "|".join(sorted(f"{w.field}:{w.code}:{w.message}" for w in self.warnings))
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def require_confirmation(self) -> None:
        """Make the form invalid while its warnings are not confirmed."""
        if not self.warnings:
            return
        token = self.current_warnings_token
        cleaned = self.cleaned_data
        if cleaned.get("confirm_warnings") and cleaned.get("warnings_token") == token:
            return
        # Re-rendered with the new token and an unticked box, whatever was sent.
        self.data = self.data.copy()
        self.data[self.add_prefix("warnings_token")] = token
        self.data[self.add_prefix("confirm_warnings")] = ""
        self.add_error(
            None, _("Please check the warnings below. Tick the confirmation box to save anyway.")
        )

    def without_confirmation_fields(self) -> dict:
        """cleaned_data without the two confirmation fields (for a service call)."""
        data = dict(self.cleaned_data)
        data.pop("confirm_warnings", None)
        data.pop("warnings_token", None)
        return data
