"""Import pages: upload a file, see its preview, confirm. Thin: forms and services.

Importing needs the permission to add clients (social workers; managers only read).
An import is seen only by the user who uploaded it (and superusers): anyone else gets 404.
Which rows a worker may import is her scope, checked row by row in the preview.
"""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.jobs.services import JobAlreadyActive

from ..importing import jobs, services
from ..importing.forms import ImportConfirmForm, ImportUploadForm
from ..importing.template import import_template_xlsx
from ..importing.writer import Summary
from ..models import ClientImport
from ..services import request_address

RECENT_IMPORTS = 5
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _import_for_user(user, pk) -> ClientImport:
    imports = ClientImport.objects.select_related("user")
    if not user.is_superuser:
        imports = imports.filter(user=user)
    return get_object_or_404(imports, pk=pk)


@permission_required("beneficiaries.add_client", raise_exception=True)
def client_import(request):
    posted = request.method == "POST"
    form = ImportUploadForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            client_import = services.client_import_upload(
                user=request.user,
                upload=upload,
                name=upload.name,
                sheet=form.cleaned_data["sheet"],
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            job = jobs.client_import_check_start(
                client_import=client_import, ip_address=request_address(request)
            )
            return redirect("jobs:detail", pk=job.pk)
    return render(
        request,
        "beneficiaries/import_form.html",
        {
            "form": form,
            "recent": ClientImport.objects.filter(user=request.user)[:RECENT_IMPORTS],
        },
        status=400 if form.errors else 200,
    )


@permission_required("beneficiaries.add_client", raise_exception=True)
def client_import_template(request):
    response = HttpResponse(import_template_xlsx(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="template-impor-klien.xlsx"'
    return response


def _confirm_form(request, client_import, summary, data=None):
    return ImportConfirmForm(
        data,
        error_rows=summary.errors,
        can_update=request.user.has_perm("beneficiaries.change_client"),
        initial={"verdict": ",".join(str(n) for n in summary.verdict)},
    )


def _preview(request, client_import, form, status=200):
    summary = Summary.from_dict(client_import.preview)
    return render(
        request,
        "beneficiaries/import_preview.html",
        {
            "client_import": client_import,
            "summary": summary,
            "form": form,
            "previous": services.client_import_previous(client_import),
            "imported": client_import.status == ClientImport.Status.IMPORTED,
        },
        status=status,
    )


def _while_checking(client_import):
    """The page of the job that checks the file (or last checked it, when it failed)."""
    job = jobs.latest_import_job(client_import)
    if job is None:
        raise Http404
    return redirect("jobs:detail", pk=job.pk)


@permission_required("beneficiaries.add_client", raise_exception=True)
def client_import_preview(request, pk):
    client_import = _import_for_user(request.user, pk)
    if client_import.status == ClientImport.Status.CHECKING:
        return _while_checking(client_import)
    summary = Summary.from_dict(client_import.preview)
    return _preview(request, client_import, _confirm_form(request, client_import, summary))


@require_POST
@permission_required("beneficiaries.add_client", raise_exception=True)
def client_import_confirm(request, pk):
    client_import = _import_for_user(request.user, pk)
    if client_import.status == ClientImport.Status.CHECKING:
        return _while_checking(client_import)
    summary = Summary.from_dict(client_import.preview)
    form = _confirm_form(request, client_import, summary, request.POST)
    if client_import.status == ClientImport.Status.IMPORTED:
        messages.info(request, _("This file has already been imported."))
        return redirect("beneficiaries:client_import_preview", pk=pk)
    if not form.is_valid():
        return _preview(request, client_import, form, status=400)
    try:
        job = jobs.client_import_confirm_start(
            client_import=client_import,
            user=request.user,
            on_existing=form.cleaned_data["on_existing"],
            skip_errors=form.cleaned_data.get("skip_errors", False),
            expected=form.expected(),
            ip_address=request_address(request),
        )
    except JobAlreadyActive as active:
        # A second click (or a second tab): the import already runs, once.
        return redirect("jobs:detail", pk=active.job.pk)
    return redirect("jobs:detail", pk=job.pk)
