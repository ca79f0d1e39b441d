"""The client list as CSV or XLSX: the same scope and filters as the page, every download
logged. Full NIKs only for users with the export_full_nik permission; masked otherwise.

A short list streams at once. A list longer than CLIENT_EXPORT_JOB_ROWS is made by a
background job (beneficiaries/jobs.py): the GET shows a page that says so, whose button
(a POST: nothing is started by following a link) starts the job and leads to its page.
"""

from django.conf import settings
from django.contrib.auth.decorators import permission_required
from django.shortcuts import redirect, render

from .. import jobs, selectors, services
from ..exports import FULL_NIK_PERMISSION, clients_csv_response, clients_xlsx_response
from ..filters import ClientFilter
from ..models import RecordAccess


def _export(request, kind, respond):
    client_filter = ClientFilter(request.GET, queryset=selectors.client_list(request.user))
    query = request.GET.urlencode()
    if request.method == "GET" and jobs.client_export_is_long(client_filter.qs):
        return render(
            request,
            "beneficiaries/export_start.html",
            {"kind": kind, "query": query, "limit": settings.CLIENT_EXPORT_JOB_ROWS},
        )
    full_nik = request.user.has_perm(FULL_NIK_PERMISSION)
    services.record_access_from_request(
        request,
        action=RecordAccess.Action.EXPORT,
        detail=f"client list {kind}, {'full' if full_nik else 'masked'} NIK"
        + (", by a job" if request.method == "POST" else "")
        + (f", {query}" if query else ""),
    )
    if request.method == "POST":
        job = jobs.client_export_start(user=request.user, query=query, kind=kind.lower())
        return redirect("jobs:detail", pk=job.pk)
    return respond(client_filter.qs, full_nik=full_nik)


@permission_required("beneficiaries.view_client", raise_exception=True)
def client_export_csv(request):
    return _export(request, "CSV", clients_csv_response)


@permission_required("beneficiaries.view_client", raise_exception=True)
def client_export_xlsx(request):
    return _export(request, "XLSX", clients_xlsx_response)
