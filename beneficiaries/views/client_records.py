"""A client's change history and the subject-access download (managers and admins)."""

from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from .. import jobs, selectors, services
from ..history import client_change_history
from ..models import RecordAccess

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


@require_POST
@permission_required("beneficiaries.download_subject_access", raise_exception=True)
def client_subject_access(request, pk):
    """Everything held about the client, with its history, as one ZIP file (UU 27/2022),
    made by a background job (beneficiaries/jobs.py) for the user who asked."""
    client = selectors.client_get_for_user(request.user, pk)
    services.record_access_from_request(
        request, action=RecordAccess.Action.EXPORT, client=client, detail="subject access"
    )
    job = jobs.subject_access_start(user=request.user, client=client)
    return redirect("jobs:detail", pk=job.pk)
