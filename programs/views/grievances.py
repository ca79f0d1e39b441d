"""Grievances (pengaduan): the list, recording one, its page with the handling forms, the
attachment download and the report. Thin: permission, selector, form, service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from beneficiaries import selectors as registry
from beneficiaries.models import RecordAccess
from beneficiaries.services import record_access_from_request
from core.pagination import KnownCountPaginator

from ..forms import show_errors
from ..grievances import selectors, services
from ..grievances.deadlines import days_left, holidays
from ..grievances.forms import (
    GrievanceAssignForm,
    GrievanceFilterForm,
    GrievanceForm,
    GrievanceNoteForm,
    GrievanceReportForm,
    GrievanceStatusForm,
)
from ..grievances.report import grievance_report, report_grievances
from ..models import Grievance
from ..reports.exports import EXPORTS, filters_described, report_download
from .files import private_document_response

PAGE_SIZE = 25


def _with_clock(grievances, today):
    """Each grievance with `days_left` (working days to its deadline; None once closed)
    and `days_past` (working days past it) for the counter."""
    known = holidays()
    for grievance in grievances:
        left = days_left(grievance.due_on, today, known) if grievance.is_open else None
        grievance.days_left = left
        grievance.days_past = -left if left is not None and left < 0 else 0
    return grievances


@permission_required("programs.view_grievance", raise_exception=True)
def grievance_list(request):
    today = timezone.localdate()
    form = GrievanceFilterForm(request.GET or None)
    grievances = selectors.grievance_list(request.user, form.filters(), today=today)
    page = KnownCountPaginator(grievances, PAGE_SIZE).get_page(request.GET.get("page"))
    _with_clock(page.object_list, today)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "programs/grievance_list.html",
        {"form": form, "page": page, "query": query.urlencode(), "today": today},
    )


@permission_required("programs.add_grievance", raise_exception=True)
def grievance_create(request, client_pk=None):
    client = None
    if client_pk is not None:
        client = registry.client_get_for_change(request.user, client_pk)
    initial = {
        name: request.GET[name] for name in ("grant", "enrolment", "visit") if name in request.GET
    }
    data = request.POST if request.method == "POST" else None
    form = GrievanceForm(
        data, request.FILES or None, user=request.user, client=client, initial=initial
    )
    if data is not None and form.is_valid():
        try:
            grievance = services.grievance_record(
                recorded_by=request.user, **form.service_arguments()
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(
                request,
                _("Grievance %(number)s is recorded.") % {"number": grievance.number},
            )
            if not Grievance.objects.visible_to(request.user).filter(pk=grievance.pk).exists():
                # A sensitive grievance recorded by someone outside its group: it is in
                # the group's hands now; its recorder goes back where she came from.
                messages.info(request, _("It is sensitive: only the designated staff see it."))
                return redirect(client or "programs:grievance_list")
            return redirect(grievance)
    return render(request, "programs/grievance_form.html", {"form": form, "client": client})


def _detail_page(request, grievance, *, assign=None, status=None, note=None):
    today = timezone.localdate()
    _with_clock([grievance], today)
    user = request.user
    can_change = user.has_perm("programs.change_grievance")
    can_assign = user.has_perm("programs.assign_grievance")
    can_note = user.has_perm("programs.add_grievancenote")
    return render(
        request,
        "programs/grievance_detail.html",
        {
            "grievance": grievance,
            "today": today,
            "assign_form": assign
            or (
                GrievanceAssignForm(
                    grievance=grievance,
                    initial={
                        "assigned_to": grievance.assigned_to_id,
                        "service_unit": grievance.service_unit_id,
                    },
                )
                if can_assign
                else None
            ),
            "status_form": status
            or (
                GrievanceStatusForm(
                    grievance=grievance,
                    initial={
                        "status": grievance.status,
                        "resolution": grievance.resolution,
                        "acceptance": grievance.acceptance,
                        "rejection_reason": grievance.rejection_reason,
                    },
                )
                if can_change
                else None
            ),
            "note_form": note or (GrievanceNoteForm() if can_note else None),
        },
    )


@permission_required("programs.view_grievance", raise_exception=True)
def grievance_detail(request, pk):
    grievance = selectors.grievance_detail(request.user, pk)
    record_access_from_request(
        request,
        action=RecordAccess.Action.VIEW_GRIEVANCE,
        client=grievance.client,
        detail=grievance.number,
    )
    return _detail_page(request, grievance)


@require_POST
@permission_required("programs.assign_grievance", raise_exception=True)
def grievance_assign(request, pk):
    grievance = selectors.grievance_get_for_change(request.user, pk)
    form = GrievanceAssignForm(request.POST, grievance=grievance)
    if form.is_valid():
        services.grievance_assign(
            grievance=grievance, assigned_by=request.user, **form.cleaned_data
        )
        messages.success(request, _("The assignment is saved."))
        return redirect(grievance)
    return _detail_page(request, selectors.grievance_detail(request.user, pk), assign=form)


@require_POST
@permission_required("programs.change_grievance", raise_exception=True)
def grievance_status(request, pk):
    grievance = selectors.grievance_get_for_change(request.user, pk)
    form = GrievanceStatusForm(request.POST, grievance=grievance)
    if form.is_valid():
        try:
            services.grievance_status_set(
                grievance=grievance, changed_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The status is saved."))
            return redirect(grievance)
    return _detail_page(request, selectors.grievance_detail(request.user, pk), status=form)


@require_POST
@permission_required("programs.add_grievancenote", raise_exception=True)
def grievance_note(request, pk):
    grievance = selectors.grievance_get_for_change(request.user, pk)
    form = GrievanceNoteForm(request.POST, request.FILES or None)
    if form.is_valid():
        services.grievance_note_add(grievance=grievance, author=request.user, **form.cleaned_data)
        messages.success(request, _("The note is added."))
        return redirect(grievance)
    return _detail_page(request, selectors.grievance_detail(request.user, pk), note=form)


@permission_required("programs.view_grievance", raise_exception=True)
def grievance_attachment(request, pk):
    attachment = selectors.attachment_get_for_user(request.user, pk)
    grievance = attachment.grievance
    record_access_from_request(
        request,
        action=RecordAccess.Action.VIEW_DOCUMENT,
        client=grievance.client,
        detail=f"{grievance.number} #{attachment.pk}",
    )
    return private_document_response(
        attachment.file, filename=f"{grievance.number}-{attachment.pk}"
    )


@permission_required("programs.view_grievance", raise_exception=True)
def grievance_report_page(request):
    form = GrievanceReportForm(request.GET or None)
    data = form.chosen()
    today = timezone.localdate()
    grievances = report_grievances(request.user, regency=data.get("regency"), year=data.get("year"))
    totals, tables = grievance_report(grievances, today=today)
    export = request.GET.get("format")
    if export in EXPORTS:
        record_access_from_request(
            request,
            action=RecordAccess.Action.EXPORT,
            detail=f"grievance report {export.upper()} {request.GET.urlencode()}",
        )
        return report_download(
            tables,
            filters_described(form),
            export=export,
            title=_("Grievance report"),
            filename=f"laporan-pengaduan-{today}",
        )
    query = request.GET.copy()
    query.pop("format", None)
    return render(
        request,
        "programs/grievance_report.html",
        {
            "form": form if form.is_bound else GrievanceReportForm(),
            "totals": totals,
            "tables": tables,
            "query": query.urlencode(),
        },
    )
