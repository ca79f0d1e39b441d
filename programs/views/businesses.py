"""Businesses of former clients and their follow-up visits."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from beneficiaries import selectors as registry
from beneficiaries.models import RecordAccess
from beneficiaries.services import record_access_from_request
from beneficiaries.views.archive import archive_page

from .. import selectors, services
from ..follow_up.business import business_outcome
from ..forms import BusinessForm, VisitForm, show_errors
from ..marketing.selectors import business_marketing
from ..models import Business
from .files import private_photo_response


@permission_required("programs.add_business", raise_exception=True)
def business_create(request, client_pk):
    client = registry.client_get_for_change(request.user, client_pk)
    form = BusinessForm(request.POST or None, client=client, instance=Business(client=client))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        business = services.business_register(
            client=client,
            registered_by=request.user,
            village=client.village,
            grants=data.pop("grants"),
            **data,
        )
        messages.success(request, _("The business is recorded."))
        return redirect(business)
    return render(request, "programs/business_form.html", {"form": form, "client": client})


@permission_required("programs.view_business", raise_exception=True)
def business_detail(request, pk):
    business = selectors.business_detail(request.user, pk)
    return render(
        request,
        "programs/business_detail.html",
        {
            "business": business,
            "figures": business_outcome(business, today=timezone.localdate()),
            "can_record_visit": request.user.has_perm("programs.add_followupvisit")
            and not business.client.is_archived,
            "can_archive_visit": request.user.has_perm("programs.archive_followupvisit")
            and not business.client.is_archived,
            "marketing": business_marketing(business),
            "can_change": not business.client.is_archived,
        },
    )


@permission_required("programs.add_followupvisit", raise_exception=True)
def visit_create(request, pk):
    business = selectors.business_get_for_user(request.user, pk)
    form = VisitForm(
        request.POST or None,
        request.FILES or None,
        business=business,
        granted_items=selectors.business_granted_items(business),
        initial={"visited_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.visit_record(
                business=business, visited_by=request.user, **form.service_arguments()
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The visit is recorded."))
            return redirect(business)
    return render(request, "programs/visit_form.html", {"form": form, "business": business})


@permission_required("programs.add_followupvisit", raise_exception=True)
def client_record_visit(request, client_pk):
    """The worklist's "record a visit": straight to the form when the client has one
    business, to the business form when none, to the client's page to choose when several."""
    client = registry.client_get_for_change(request.user, client_pk)
    businesses = list(client.businesses.only("id")[:2])
    if len(businesses) == 1:
        return redirect("programs:visit_create", pk=businesses[0].pk)
    if not businesses:
        messages.info(request, _("Record the business first, then the visit."))
        return redirect("programs:business_create", client_pk=client.pk)
    return redirect(f"{client.get_absolute_url()}#businesses-title")


@permission_required("programs.view_followupvisit", raise_exception=True)
def visit_photo(request, pk):
    visit = selectors.visit_get_for_user(request.user, pk)
    if not visit.photo:
        raise Http404
    record_access_from_request(
        request,
        action=RecordAccess.Action.VIEW_DOCUMENT,
        client=visit.business.client,
        detail=f"visit photo {visit.pk}",
    )
    return private_photo_response(visit.photo, filename=f"kunjungan-{visit.pk}")


@permission_required("programs.archive_followupvisit", raise_exception=True)
def visit_archive(request, pk):
    visit = selectors.visit_get_for_change(request.user, pk)
    return archive_page(
        request,
        record=visit,
        what=_("the visit of %(date)s") % {"date": date_format(visit.visited_on, "DATE_FORMAT")},
        back_url=visit.business.get_absolute_url(),
        done_url=visit.business.get_absolute_url(),
        archive=services.grant_or_visit_archive,
    )
