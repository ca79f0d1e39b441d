"""Programs, batches (cohorts) and enrolments. Thin: authorise, call a form/service/selector,
render. Programs and batches are the office's shared catalogue; everything about a person
goes through the visibility querysets, so an out-of-scope client is a 404."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from beneficiaries.models import Client
from beneficiaries.views.archive import archive_page
from core.admin_records import conflict_text
from core.record_writes import EditConflict

from .. import selectors, services
from ..forms import BatchForm, EnrolForm, EnrolmentForm, EnrolmentStatusForm, show_errors
from ..models import Batch, TrainingProgram

PAGE_SIZE = 25


@permission_required("programs.view_trainingprogram", raise_exception=True)
def program_list(request):
    programs = selectors.program_list()
    # No program name holds a NUL, and PostgreSQL refuses one in a query (a 500).
    query = request.GET.get("q", "").replace("\x00", "").strip()
    if query:
        programs = programs.filter(name__icontains=query)
    page = Paginator(programs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "programs/program_list.html",
        {"page": page, "query": query, "query_string": urlencode({"q": query}) if query else ""},
    )


@permission_required("programs.view_trainingprogram", raise_exception=True)
def program_detail(request, pk):
    return render(
        request, "programs/program_detail.html", {"program": selectors.program_detail(pk)}
    )


@permission_required("programs.add_batch", raise_exception=True)
def batch_create(request, pk):
    program = get_object_or_404(TrainingProgram, pk=pk)
    form = BatchForm(request.POST or None, instance=Batch(program=program))
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        batch = services.batch_create(program=program, **data)
        messages.success(request, _("The batch is opened."))
        return redirect(batch)
    return render(request, "programs/batch_form.html", {"form": form, "program": program})


@permission_required("programs.view_batch", raise_exception=True)
def batch_detail(request, pk):
    roster = selectors.batch_roster(request.user, pk)
    return render(
        request,
        "programs/batch_detail.html",
        {
            "roster": roster,
            "batch": roster.batch,
            "status_choices": EnrolmentStatusForm.base_fields["status"].choices,
            "can_change": request.user.has_perm("programs.change_enrolment"),
            "can_enrol": request.user.has_perm("programs.add_enrolment"),
            "can_add_grant": request.user.has_perm("programs.add_grant"),
        },
    )


@permission_required("programs.add_enrolment", raise_exception=True)
def batch_enrol(request, pk):
    batch = get_object_or_404(Batch.objects.select_related("program"), pk=pk)
    visible_clients = Client.objects.visible_to(request.user)
    form = EnrolForm(request.POST or None, client_queryset=visible_clients, batch=batch)
    if request.method == "POST":
        if "client" in form.errors:
            # The choices are the visible clients: an id outside the scope (or made up) is
            # simply not there.
            raise Http404
        if form.is_valid():
            try:
                enrolment = services.enrolment_create(
                    batch=batch,
                    client=form.cleaned_data["client"],
                    enrolled_by=request.user,
                    enrolled_on=form.cleaned_data["enrolled_on"],
                    income_before=form.cleaned_data["income_before"],
                )
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(
                    request,
                    _("%(name)s is enrolled.") % {"name": enrolment.client.name},
                )
                return redirect(batch)
    query = request.GET.get("q", request.POST.get("q", "")).strip()
    candidates = None
    if query:
        candidates = Paginator(
            selectors.clients_to_enrol(request.user, batch, query), PAGE_SIZE
        ).get_page(request.GET.get("page"))
    return render(
        request,
        "programs/batch_enrol.html",
        {"batch": batch, "form": form, "query": query, "candidates": candidates},
        status=400 if request.method == "POST" else 200,
    )


@permission_required("programs.change_enrolment", raise_exception=True)
def enrolment_edit(request, pk):
    enrolment = selectors.enrolment_get_for_user(request.user, pk)
    form = EnrolmentForm(request.POST or None, enrolment=enrolment)
    if request.method == "POST" and form.is_valid():
        try:
            services.enrolment_update(
                enrolment=enrolment, changed_by=request.user, **form.service_arguments()
            )
        except ValidationError as error:
            # Enrolment.clean()'s rules (the service applies them to the status it moves
            # to), next to the field each names.
            show_errors(form, error)
        except EditConflict as conflict:
            form.show_conflict(conflict)
        else:
            messages.success(request, _("The enrolment is saved."))
            return redirect(enrolment.batch)
    return render(
        request,
        "programs/enrolment_form.html",
        {
            "form": form,
            "enrolment": enrolment,
            "can_archive": request.user.has_perm("programs.archive_enrolment"),
        },
    )


@require_POST
@permission_required("programs.change_enrolment", raise_exception=True)
def enrolment_status(request, pk):
    enrolment = selectors.enrolment_get_for_user(request.user, pk)
    form = EnrolmentStatusForm(request.POST)
    if form.is_valid():
        try:
            services.enrolment_update(
                enrolment=enrolment,
                changed_by=request.user,
                status=form.cleaned_data["status"],
                opened_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        except EditConflict as conflict:
            messages.error(request, conflict_text(conflict.current, conflict.opened_version))
        else:
            messages.success(
                request,
                _("%(name)s: %(status)s.")
                % {"name": enrolment.client.name, "status": enrolment.get_status_display()},
            )
    else:
        messages.error(request, _("Choose a valid status."))
    return redirect(enrolment.batch)


@permission_required("programs.archive_enrolment", raise_exception=True)
def enrolment_archive(request, pk):
    enrolment = selectors.enrolment_get_for_user(request.user, pk)
    return archive_page(
        request,
        record=enrolment,
        what=_("the enrolment of %(name)s") % {"name": enrolment.client.name},
        back_url=reverse("programs:enrolment_edit", args=[enrolment.pk]),
        done_url=enrolment.batch.get_absolute_url(),
    )
