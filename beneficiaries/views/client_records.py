"""A client's change history and the subject-access download (managers and admins)."""

from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import render
from django.utils import timezone

from .. import selectors, services
from ..history import client_change_history
from ..models import RecordAccess
from ..subject_access import subject_access_file

HISTORY_PAGE_SIZE = 25


@permission_required("beneficiaries.view_client_history", raise_exception=True)
def client_history(request, pk):
    client = selectors.client_get_for_user(request.user, pk)
    services.record_access_from_request(
        request, action=RecordAccess.Action.VIEW_CLIENT, client=client, detail="change history"
    )
    page = Paginator(client_change_history(client), HISTORY_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "beneficiaries/client_history.html", {"client": client, "page": page})


@permission_required("beneficiaries.download_subject_access", raise_exception=True)
def client_subject_access(request, pk):
    """Everything held about the client, with its history, as one ZIP file (UU 27/2022)."""
    client = selectors.client_get_for_user(request.user, pk)
    services.record_access_from_request(
        request, action=RecordAccess.Action.EXPORT, client=client, detail="subject access"
    )
    name = f"data-{client.registration_number}-{timezone.localdate():%Y%m%d}.zip"
    response = FileResponse(
        subject_access_file(client, requested_by=request.user),
        as_attachment=True,
        filename=name,
        content_type="application/zip",
    )
    response["Cache-Control"] = "private, no-store"
    return response
