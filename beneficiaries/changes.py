"""Telling the apps built on the registry that clients changed.

Figures derived from a client's record are kept by the apps that show them (the outcome
report's summaries, in programs): every write to a client (registered, edited, imported,
changed in the admin) calls `clients_changed` in its own transaction, after its last
write (relations included), and each contribution brings its figures up to date. An
ExtensionPoint (core/extensions.py), so the registry does not import programs.
"""

from collections.abc import Iterable

from core.extensions import ExtensionPoint

client_changes = ExtensionPoint("client changes")


def clients_changed(client_ids: Iterable[int]) -> None:
    ids = sorted({pk for pk in client_ids if pk is not None})
    if not ids:
        return
    for contribution in client_changes.contributions():
        contribution(client_ids=ids)
