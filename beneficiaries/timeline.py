"""The client timeline: one chronological list of everything that happened to a person.

The registry contributes registration, status changes and case notes. Other apps add
their own events (trainings, grants, visits) by registering a *source* in
`timeline_sources` at start-up (an ExtensionPoint, see core/extensions.py), like the client
page sections: the registry never imports them. Each source runs a fixed number of
queries, so the timeline's cost does not grow with its length.

Events are sorted by their own date (`on`: the day the thing happened, not the day it was
typed in), newest first. Each source yields its events in the order they happened, so on
one day the later one comes first (a completion above the enrolment of a one-day course),
and the order is the same on every load.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from core.extensions import ExtensionPoint


@dataclass(frozen=True)
class TimelineEvent:
    on: datetime.date
    kind: str  # registration, status, note, enrolment, completion, grant, visit, ...
    title: str
    detail: str = ""
    url: str = ""


# A source takes a client and returns its events (in a fixed number of queries).
TimelineSource = Callable[[object], Iterable[TimelineEvent]]

timeline_sources = ExtensionPoint("client timeline sources")


def _registry_events(client) -> Iterable[TimelineEvent]:
    yield TimelineEvent(
        timezone.localdate(client.created_at),
        "registration",
        _("Registered as %(number)s") % {"number": client.registration_number},
    )
    statuses = dict(client.Status.choices)
    # In the order they happened (sorted here: the prefetched rows keep their own order).
    for change in sorted(client.status_changes.all(), key=lambda c: (c.changed_at, c.pk)):
        yield TimelineEvent(
            timezone.localdate(change.changed_at),
            "status",
            _("Status changed to %(status)s") % {"status": statuses[change.new_status]},
            _("was %(status)s") % {"status": statuses[change.old_status]},
        )
    for note in sorted(client.case_notes.all(), key=lambda n: (n.created_at, n.pk)):
        yield TimelineEvent(
            timezone.localdate(note.created_at),
            "note",
            _("Case note by %(author)s")
            % {"author": note.author.get_full_name() or note.author.get_username()},
            note.text,
        )


def client_timeline(client) -> list[TimelineEvent]:
    """All events, newest first (expects case notes prefetched with their authors)."""
    events = list(_registry_events(client))
    for source in timeline_sources.contributions():
        events.extend(source(client))
    # By date, and on one day by the order the sources yielded them: reversed, newest first.
    order = sorted(range(len(events)), key=lambda i: (events[i].on, i), reverse=True)
    return [events[i] for i in order]
