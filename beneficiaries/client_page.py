"""The sections other apps add to the client page.

Dependencies run one way (docs/architecture.md), `programs` imports `beneficiaries`, never the
reverse. The client's page still has to show trainings and grants, so other apps register
a *section provider* in `client_sections` at start-up (in their AppConfig.ready(); an
ExtensionPoint, see core/extensions.py); the client detail view asks each provider for a
template and its context and includes them in order. The registry knows nothing of what
the sections contain.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.http import HttpRequest

from core.extensions import ExtensionPoint


@dataclass(frozen=True)
class ClientPageSection:
    template_name: str
    context: dict = field(default_factory=dict)


# A provider takes the request and the client and returns its section.
SectionProvider = Callable[[HttpRequest, object], ClientPageSection]

client_sections = ExtensionPoint("client page sections")


def client_page_sections(request: HttpRequest, client) -> list[ClientPageSection]:
    return [provider(request, client) for provider in client_sections.contributions()]
