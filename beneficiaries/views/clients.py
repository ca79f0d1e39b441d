"""Client pages. Thin: authorise, call a form/service/selector, render.

Every client is fetched through `selectors.client_get_for_user` or `client_detail`, which
start from `Client.objects.visible_to(user)`: a client outside the user's scope is a 404.
Writing needs the model permission as well (managers have view permissions only).
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.pagination import LargeListPaginator
from core.record_writes import EditConflict

from .. import selectors, services
from ..client_page import client_page_sections
from ..filters import ClientFilter
from ..forms import CaseNoteForm, ClientForm
from ..history import client_change_history
from ..models import RecordAccess
from ..timeline import client_timeline
from .archive import archive_page


def _page_size(request):
    try:
        size = int(request.GET.get("size", settings.CLIENT_LIST_PAGE_SIZES[0]))
    except ValueError:
        size = settings.CLIENT_LIST_PAGE_SIZES[0]
    return size if size in settings.CLIENT_LIST_PAGE_SIZES else settings.CLIENT_LIST_PAGE_SIZES[0]


@permission_required("beneficiaries.view_client", raise_exception=True)
def client_list(request):
    client_filter = ClientFilter(request.GET, queryset=selectors.client_list(request.user))
    page_size = _page_size(request)
    paginator = LargeListPaginator(
        client_filter.qs,
        page_size,
        whole_table=selectors.client_list_is_whole_registry(request.user, client_filter),
    )
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "beneficiaries/client_list.html",
        {
            "filter": client_filter,
            "page": page,
            "page_size": page_size,
            "page_sizes": settings.CLIENT_LIST_PAGE_SIZES,
            "query_without_page": query.urlencode(),
        },
    )


@permission_required("beneficiaries.add_client", raise_exception=True)
def client_create(request):
    form = ClientForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        ip_address=services.request_address(request),
    )
    if request.method == "POST" and form.is_valid():
        client = services.client_register(registered_by=request.user, **form.service_arguments())
        messages.success(
            request,
            _("%(name)s is registered as %(number)s.")
            % {"name": client.name, "number": client.registration_number},
        )
        return redirect(client)
    return render(request, "beneficiaries/client_form.html", {"form": form, "client": None})


TIMELINE_PAGE_SIZE = 20
CLIENT_PAGE_HISTORY = 5


def _detail_context(request, client, note_form):
    timeline = Paginator(client_timeline(client), TIMELINE_PAGE_SIZE).get_page(
        request.GET.get("timeline")
    )
    show_history = request.user.has_perm("beneficiaries.view_client_history")
    return {
        "client": client,
        "sections": client_page_sections(request, client),
        # Managers and admins see the latest changes here ("Riwayat perubahan").
        "change_history": (
            client_change_history(client, limit=CLIENT_PAGE_HISTORY) if show_history else None
        ),
        "timeline": timeline,
        "note_form": note_form,
        "can_edit": not client.is_archived and request.user.has_perm("beneficiaries.change_client"),
        "can_add_note": not client.is_archived
        and request.user.has_perm("beneficiaries.add_casenote"),
        "can_archive": not client.is_archived
        and request.user.has_perm("beneficiaries.archive_client"),
        "can_download_subject_access": request.user.has_perm(
            "beneficiaries.download_subject_access"
        ),
    }


def client_detail(request, pk):
    client = selectors.client_detail(request.user, pk)
    services.record_access_from_request(
        request, action=RecordAccess.Action.VIEW_CLIENT, client=client
    )
    return render(
        request,
        "beneficiaries/client_detail.html",
        _detail_context(request, client, CaseNoteForm()),
    )


@permission_required("beneficiaries.change_client", raise_exception=True)
def client_edit(request, pk):
    client = selectors.client_get_for_change(request.user, pk)
    form = ClientForm(
        request.POST or None,
        request.FILES or None,
        instance=client,
        user=request.user,
        ip_address=services.request_address(request),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.client_update(
                client=client, updated_by=request.user, **form.service_arguments()
            )
        except EditConflict as conflict:
            form.show_conflict(conflict)
            return render(
                request,
                "beneficiaries/client_form.html",
                {"form": form, "client": client},
            )
        messages.success(request, _("The changes are saved."))
        return redirect(client)
    return render(request, "beneficiaries/client_form.html", {"form": form, "client": client})


@require_POST
@permission_required("beneficiaries.add_casenote", raise_exception=True)
def case_note_create(request, pk):
    client = selectors.client_get_for_change(request.user, pk)
    form = CaseNoteForm(request.POST)
    if form.is_valid():
        services.case_note_add(client=client, author=request.user, text=form.cleaned_data["text"])
        messages.success(request, _("The case note is added."))
        return redirect(client)
    # Show the detail page again with the note and its error, so nothing typed is lost.
    client = selectors.client_detail(request.user, pk)
    return render(
        request,
        "beneficiaries/client_detail.html",
        _detail_context(request, client, form),
        status=400,
    )


def client_photo(request, pk):
    """Stream a client's photo to a user who may see the client. Never a public URL."""
    client = selectors.client_get_for_user(request.user, pk)
    if not client.photo:
        raise Http404
    services.record_access_from_request(
        request, action=RecordAccess.Action.VIEW_PHOTO, client=client
    )
    response = FileResponse(client.photo.open("rb"), content_type="image/jpeg")
    response["Content-Disposition"] = f'inline; filename="{client.registration_number}.jpg"'
    response["Cache-Control"] = "private, no-store"
    return response


@permission_required("beneficiaries.archive_client", raise_exception=True)
def client_archive(request, pk):
    client = selectors.client_get_for_change(request.user, pk)
    return archive_page(
        request,
        record=client,
        what=client.name,
        back_url=client.get_absolute_url(),
        done_url=reverse("beneficiaries:client_list"),
    )
