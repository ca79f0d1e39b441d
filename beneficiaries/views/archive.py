"""The one archive page every archivable record shares: say why, then archive.

Each app's view fetches its record through its scoped selector (out of scope or already
archived: 404), checks its own permission, and hands over here.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.record_writes import record_archive


class ArchiveForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=255,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "For example: registered twice, entered by mistake. The record leaves lists "
            "and reports but stays in the change history."
        ),
    )


def archive_page(
    request, *, record, what: str, back_url: str, done_url: str, archive=record_archive
):
    """GET: the form; POST: archive `record` with the reason and go to `done_url`.

    `archive` is the service that archives (`record_archive`, or an app's own service that
    also updates what depends on the record in the same transaction)."""
    form = ArchiveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            archive(record=record, archived_by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(what)s is archived.") % {"what": what})
            return redirect(done_url)
    return render(
        request,
        "archive_form.html",
        {"form": form, "record": record, "what": what, "back_url": back_url},
    )
