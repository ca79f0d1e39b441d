"""What the programs app adds to the client's page: "Pelatihan" and "Bantuan"."""

from beneficiaries.client_page import ClientPageSection

from .selectors import client_programs


def programs_section(request, client) -> ClientPageSection:
    return ClientPageSection(
        "programs/client_section.html",
        {
            "programs": client_programs(client),
            "can_add_grant": request.user.has_perm("programs.add_grant"),
        },
    )
