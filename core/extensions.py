"""Extension points: how one app adds to a page or a file of another without being imported.

Dependencies run one way (`programs` imports `beneficiaries`, both import `core`; never
the reverse). Where a lower app must still show what a higher one holds (the sections of
the client page, the client timeline, the change history, the subject-access file), it
declares an `ExtensionPoint` in the module that consumes it, and the higher app registers
a contribution in its `AppConfig.ready()`:

    # beneficiaries/timeline.py
    timeline_sources = ExtensionPoint("timeline sources")
    ...
    for source in timeline_sources.contributions(): ...

    # programs/apps.py, in ready()
    timeline_sources.register("programs", programs_events)

Why a small class and not Django signals: each consumer needs its contributions' *return
values* (a section, events, querysets, a part of a ZIP), called one after another in a
fixed order. A signal can do that, but as (receiver, response) pairs, with receivers held
weakly by default (a nested function would silently drop out), a sender to match and a
dispatch_uid per receiver to stay idempotent. A dict of named callables is a dozen lines
and says plainly what is registered and in which order. Registering by name is idempotent:
a second `ready()` replaces a contribution instead of adding it twice.
"""

from collections.abc import Callable


class ExtensionPoint:
    """A named, ordered set of contributions (callables), registered by name.

    Order is the order of first registration; registering a name again replaces its
    contribution and keeps its place.
    """

    def __init__(self, name: str):
        self.name = name
        self._contributions: dict[str, Callable] = {}

    def register(self, name: str, contribution: Callable) -> None:
        """Add (or replace, so a second ready() is harmless) the contribution `name`."""
        self._contributions[name] = contribution

    def get(self, name: str) -> Callable:
        """The contribution registered as `name` (KeyError when there is none)."""
        return self._contributions[name]

    def contributions(self) -> list[Callable]:
        """The registered contributions, in the order their names were first registered."""
        return list(self._contributions.values())

    def __repr__(self):
        return f"<ExtensionPoint {self.name}: {', '.join(self._contributions) or '-'}>"
