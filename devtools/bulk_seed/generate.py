"""The synthetic registry, one client at a time, with everything that happens to them.

Clients are made in the order they were registered (from START to `until`), so
registration numbers, cohorts, grants and visits follow each other in time as in a real
office. For each client, in this order:

- the person: sex, birth date fitting the PPKS type, a real village of the province, a
  NIK made of the village's district code, the birth date (+40 on the day for women) and a
  serial counted per district and date (so NIKs are valid, consistent and unique), a
  family card number, name, address, phone, PPKS types, disabilities and devices, status
  and service unit, consent; sometimes a case note (`people`);
- trainings: most clients are enrolled in a cohort of a program, some in a second one;
  cohorts are opened as they fill (20 to 30 places) and their outcome (completed, did not
  pass, withdrew, still running) follows from their dates;
- grants: about two thirds of the completed trainings end with equipment handed over,
  the items fitting the program (sewing and overlock machines after sewing, ...)
  (`trainings`);
- a business for most grantees, working with their grants;
- follow-up visits every three to eight months from the hand-over until `until` (or
  until the visits stop: a share is never followed up again, which is what the worklist
  is for), each with the condition of every granted item. A business has a fate
  (developing, flat, not yet developing, closed) its visits tell over time (`follow_ups`).

Everything is drawn from one `random.Random(seed)`: the same seed and `until` give the
same data on an empty database (ids and registration numbers continue from what is there).
"""

import datetime
import random

from .follow_ups import FollowUps
from .people import People
from .pools import NamePools
from .reference import Reference, seed_workers
from .trainings import Trainings


class Seeder:
    """Makes the rows (see the module docstring); `flush()` writes what is pending."""

    def __init__(self, *, total: int, seed: int, until: datetime.date, now):
        rng = random.Random(seed)  # noqa: S311 - synthetic data, not secrets
        names = NamePools(seed)
        reference = Reference()
        workers = seed_workers()
        follow_ups = FollowUps(rng, reference, until=until, now=now)
        trainings = Trainings(rng, reference, until=until, now=now, follow_ups=follow_ups)
        self.people = People(
            rng,
            reference,
            total=total,
            until=until,
            now=now,
            names=names,
            workers=workers,
            trainings=trainings,
        )
        # In the order they are written: parents before the rows that point at them.
        self.t = {**self.people.t, **trainings.t, **follow_ups.t}

    def client(self, index: int) -> None:
        self.people.client(index)

    def flush(self) -> None:
        """Write what is pending: clients first (their registration numbers allocated per
        year from the same sequence as the app), then the tables that point at them."""
        self.people.add_pending()
        for table in self.t.values():
            table.flush()

    def finish(self) -> None:
        for table in self.t.values():
            table.finish_ids()

    def tables(self) -> list[str]:
        """The database tables written."""
        return [table.meta.db_table for table in self.t.values()]

    def counts(self) -> dict[str, int]:
        return {name: table.written for name, table in self.t.items()}
