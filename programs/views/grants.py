"""Equipment grants: recording a hand-over and reading it back."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from beneficiaries import selectors as registry
from beneficiaries.models import RecordAccess
from beneficiaries.services import record_access_from_request
from beneficiaries.views.archive import archive_page

from .. import selectors, services
from ..forms import GrantForm, GrantItemFormSet, show_errors
from .files import private_document_response

ADD_ROW = "add_item"


@permission_required("programs.add_grant", raise_exception=True)
def grant_create(request, client_pk):
    client = registry.client_get_for_change(request.user, client_pk)
    data = request.POST if request.method == "POST" else None
    items = GrantItemFormSet(data, prefix="items")
    initial = {}
    if enrolment_id := request.GET.get("enrolment"):
        initial["enrolment"] = enrolment_id
    form = GrantForm(data, request.FILES or None, client=client, items=items, initial=initial)
    if data is not None and ADD_ROW in data:
        # "Add a row" without JavaScript: the same page again, one empty row more.
        shown = items.total_form_count()
        rows = _typed_rows(items)
        items = GrantItemFormSet(initial=rows, prefix="items")
        items.extra = shown + 1 - max(len(rows), items.min_num)
        form = GrantForm(initial=_typed_header(form), client=client, items=items)
    elif data is not None and form.is_valid() and items.is_valid():
        try:
            grant = services.grant_hand_over(
                client=client,
                recorded_by=request.user,
                handed_over_on=form.cleaned_data["handed_over_on"],
                bast_number=form.cleaned_data["bast_number"],
                funding_source=form.cleaned_data["funding_source"],
                enrolment=form.cleaned_data["enrolment"],
                document=form.cleaned_data["document"],
                notes=form.cleaned_data["notes"],
                items=[services.ItemInput(**row) for row in form.item_rows()],
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The hand-over is recorded."))
            return redirect(grant)
    return render(
        request,
        "programs/grant_form.html",
        {"form": form, "items": items, "client": client, "add_row": ADD_ROW},
    )


def _typed_rows(items):
    """What was typed in the item rows, as initial data (the rows need not be valid yet)."""
    rows = []
    for index in range(items.total_form_count()):
        prefix = f"{items.prefix}-{index}-"
        row = {
            name: items.data.get(prefix + name, "")
            for name in ("equipment_type", "quantity", "unit_value", "serial_numbers")
        }
        # A fresh row already says quantity 1; it counts as typed only with more in it.
        if row["equipment_type"] or row["unit_value"] or row["serial_numbers"]:
            rows.append(row)
    return rows


def _typed_header(form):
    return {name: form.data.get(name, "") for name in form.fields if name != "document"}


@permission_required("programs.view_grant", raise_exception=True)
def grant_detail(request, pk):
    grant = selectors.grant_detail(request.user, pk)
    can_archive = (
        request.user.has_perm("programs.archive_grant")
        and not grant.is_archived
        and not grant.client.is_archived
    )
    can_complain = request.user.has_perm("programs.add_grievance") and not grant.client.is_archived
    return render(
        request,
        "programs/grant_detail.html",
        {"grant": grant, "can_archive": can_archive, "can_complain": can_complain},
    )


@permission_required("programs.view_grant", raise_exception=True)
def grant_document(request, pk):
    """Send the hand-over photo or BAST scan to a user who may see the client."""
    grant = selectors.grant_detail(request.user, pk)
    if not grant.document:
        raise Http404
    record_access_from_request(
        request,
        action=RecordAccess.Action.VIEW_DOCUMENT,
        client=grant.client,
        detail=grant.bast_label,
    )
    return private_document_response(grant.document, filename=f"BAST-{grant.pk}")


@permission_required("programs.archive_grant", raise_exception=True)
def grant_archive(request, pk):
    grant = selectors.grant_get_for_change(request.user, pk)
    return archive_page(
        request,
        record=grant,
        what=_("grant %(number)s") % {"number": grant.bast_number},
        back_url=grant.get_absolute_url(),
        done_url=grant.client.get_absolute_url(),
        archive=services.grant_or_visit_archive,
    )
