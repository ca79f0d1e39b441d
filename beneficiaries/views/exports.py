"""The client list as CSV or XLSX: the same scope and filters as the page, every download
logged. Full NIKs only for users with the export_full_nik permission; masked otherwise."""

from django.contrib.auth.decorators import permission_required

from .. import selectors, services
from ..exports import FULL_NIK_PERMISSION, clients_csv_response, clients_xlsx_response
from ..filters import ClientFilter
from ..models import RecordAccess


def _export(request, kind, respond):
    client_filter = ClientFilter(request.GET, queryset=selectors.client_list(request.user))
    full_nik = request.user.has_perm(FULL_NIK_PERMISSION)
    query = request.GET.urlencode()
    services.record_access_from_request(
        request,
        action=RecordAccess.Action.EXPORT,
        detail=f"client list {kind}, {'full' if full_nik else 'masked'} NIK"
        + (f", {query}" if query else ""),
    )
    return respond(client_filter.qs, full_nik=full_nik)


@permission_required("beneficiaries.view_client", raise_exception=True)
def client_export_csv(request):
    return _export(request, "CSV", clients_csv_response)


@permission_required("beneficiaries.view_client", raise_exception=True)
def client_export_xlsx(request):
    return _export(request, "XLSX", clients_xlsx_response)
