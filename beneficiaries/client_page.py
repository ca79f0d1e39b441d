"""The one extension point of the client page.

DESIGN.md: dependencies run one way, `programs` imports `beneficiaries`, never the
reverse. The client's page still has to show trainings and grants, so other apps register
a *section provider* here at start-up (in their AppConfig.ready()); the client detail view
asks each provider for a template and its context and includes them in order. The registry
knows nothing of what the sections contain.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.http import HttpRequest


@dataclass(frozen=True)
class ClientPageSection:
    template_name: str
    context: dict = field(default_factory=dict)


SectionProvider = Callable[[HttpRequest, object], ClientPageSection]

_providers: dict[str, SectionProvider] = {}


def register_client_section(name: str, provider: SectionProvider) -> None:
    """Add (or replace, so a second ready() is harmless) the provider called `name`."""
    _providers[name] = provider


def client_page_sections(request: HttpRequest, client) -> list[ClientPageSection]:
    return [provider(request, client) for provider in _providers.values()]
