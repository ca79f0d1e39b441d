"""The two forms of the import pages: upload a file, confirm its preview."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import ClientImport


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "CSV or Excel (.xlsx), at most 50 MB. The first rows must name the columns, as in "
            "the template."
        ),
        widget=forms.FileInput(
            attrs={
                "accept": ".csv,.xlsx,text/csv,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )
    sheet = forms.CharField(
        label=_("Sheet"),
        required=False,
        max_length=100,
        help_text=_("For an Excel file with several sheets: the sheet to read. Empty: the first."),
    )


class ImportConfirmForm(forms.Form):
    on_existing = forms.ChoiceField(
        label=_("Clients already in the registry"),
        choices=ClientImport.OnExisting.choices,
        initial=ClientImport.OnExisting.SKIP,
        widget=forms.RadioSelect,
    )
    skip_errors = forms.BooleanField(
        label=_("Import only the rows without errors and leave out the rows with errors"),
        required=False,
    )
    # The verdict the user saw ("rows read, ready, existing, errors"): the import is
    # refused if the file reads differently when confirmed.
    verdict = forms.RegexField(regex=r"^\d+,\d+,\d+,\d+$", widget=forms.HiddenInput)

    def __init__(self, *args, error_rows=0, can_update=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.error_rows = error_rows
        self.can_update = can_update
        if not error_rows:
            del self.fields["skip_errors"]

    def clean_on_existing(self):
        value = self.cleaned_data["on_existing"]
        if value == ClientImport.OnExisting.UPDATE and not self.can_update:
            raise forms.ValidationError(_("You may not change registered clients."))
        return value

    def clean(self):
        cleaned = super().clean()
        if self.error_rows and not cleaned.get("skip_errors"):
            self.add_error(
                "skip_errors",
                _(
                    "Some rows have errors. Correct the file and upload it again, or tick "
                    "this box to import only the rows without errors."
                ),
            )
        return cleaned

    def expected(self):
        return tuple(int(n) for n in self.cleaned_data["verdict"].split(","))
