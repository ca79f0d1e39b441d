"""What the programs app adds to the client's page: "Pelatihan" and "Bantuan"."""

from beneficiaries.client_page import ClientPageSection

from .models import FollowUpVisit
from .selectors import client_programs


def programs_section(request, client) -> ClientPageSection:
    return ClientPageSection(
        "programs/client_section.html",
        {
            "programs": client_programs(client),
            "can_add_grant": request.user.has_perm("programs.add_grant"),
            "can_add_business": request.user.has_perm("programs.add_business"),
            "can_record_visit": request.user.has_perm("programs.add_followupvisit"),
            "status_labels": dict(FollowUpVisit.Status.choices),
        },
    )
