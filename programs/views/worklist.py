"""The follow-up worklist at /worklist/ (see programs/follow_up/worklist.py for the rules)."""

from django.conf import settings
from django.contrib.auth.decorators import permission_required
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from beneficiaries.models import RecordAccess, Regency
from beneficiaries.services import record_access_from_request
from core.pagination import KnownCountPaginator
from core.spreadsheets import csv_writer

from ..follow_up.worklist import (
    Reason,
    filter_by_reason,
    province_worklist_count,
    worklist_queryset,
    worklist_row,
)
from ..grievances.selectors import worklist_grievances

PAGE_SIZE = 25


@permission_required("programs.view_followupvisit", raise_exception=True)
def worklist(request):
    today = timezone.localdate()
    interval = settings.FOLLOW_UP_INTERVAL_MONTHS
    clients = worklist_queryset(request.user, today=today, interval_months=interval)
    regency = request.GET.get("regency", "")
    reason = request.GET.get("reason", "")
    if regency:
        # No regency code holds a NUL, and PostgreSQL refuses one in a query (a 500).
        clients = clients.filter(regency_id=regency) if "\x00" not in regency else clients.none()
    clients = filter_by_reason(clients, reason, today=today, interval_months=interval)
    if request.GET.get("format") == "csv":
        record_access_from_request(
            request,
            action=RecordAccess.Action.EXPORT,
            detail=f"worklist CSV {request.GET.urlencode()}",
        )
        return _csv(clients, today=today, interval=interval)
    count = None
    if not regency:
        count = province_worklist_count(
            request.user, today=today, interval_months=interval, reason=reason
        )
    page = KnownCountPaginator(clients, PAGE_SIZE, count=count).get_page(request.GET.get("page"))
    rows = [worklist_row(c, today=today, interval_months=interval) for c in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    return render(
        request,
        "programs/worklist.html",
        {
            "page": page,
            "rows": rows,
            "interval": interval,
            "regencies": Regency.objects.in_province(),
            "reasons": Reason.CHOICES,
            "regency": regency,
            "reason": reason,
            "query": query.urlencode(),
            "grievances": worklist_grievances(request.user, today=today)
            if request.user.has_perm("programs.view_grievance")
            else None,
        },
    )


def _csv(clients, *, today, interval):
    """All rows of the filtered list, streamed (a spreadsheet opens it; UTF-8 with BOM;
    typed text written as text, core/spreadsheets.py)."""
    writer = csv_writer()
    header = [
        _("Registration no."),
        _("Name"),
        _("Regency/city"),
        _("Reasons"),
        _("Last visit"),
        _("Days without contact"),
        _("Days overdue"),
    ]

    def lines():
        yield "\ufeff" + writer.writerow(header)
        for client in clients.iterator(chunk_size=500):
            row = worklist_row(client, today=today, interval_months=interval)
            yield writer.writerow(
                [
                    client.registration_number,
                    client.name,
                    client.regency.name,
                    "; ".join(str(label) for label in row.reason_labels),
                    client.last_visit_on.isoformat() if client.last_visit_on else "",
                    row.days_without_contact if row.days_without_contact is not None else "",
                    row.days_overdue if row.days_overdue is not None else "",
                ]
            )

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="perlu-tindak-lanjut-{today}.csv"'
    return response
