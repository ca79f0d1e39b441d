"""The change history of one client: their record, their case notes, and what other apps
hold about them, as readable entries (core/history.py turns the rows into entries).

Used by the "Riwayat perubahan" section, the history page and the subject-access file.

Like the client page and the timeline, other apps add the history of their own records
about a client by registering a *source* at start-up (`history_sources`, an
ExtensionPoint: see core/extensions.py); the registry never imports them. The cost is a
fixed number of queries per source and model, whatever the length of the history.
"""

from collections.abc import Callable, Iterable

from django.db.models import QuerySet

from core.extensions import ExtensionPoint
from core.history import ChangeEntry, change_entries

# A source takes a client and returns querysets of historical rows about that client.
HistorySource = Callable[[object], Iterable[QuerySet]]

history_sources = ExtensionPoint("client history sources")


def _registry_history(client) -> Iterable[QuerySet]:
    from .models import CaseNote, Client

    yield Client.history.filter(id=client.pk)
    yield CaseNote.history.filter(client_id=client.pk)


def client_history_querysets(client) -> list[QuerySet]:
    querysets = list(_registry_history(client))
    for source in history_sources.contributions():
        querysets.extend(source(client))
    return querysets


def client_change_history(client, *, limit: int | None = None) -> list[ChangeEntry]:
    """Every change to the client's record and the records about them, newest first."""
    return change_entries(client_history_querysets(client), limit=limit)
