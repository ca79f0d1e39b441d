"""The course a demo business takes over its visits, by the story it follows
(devtools/demo/businesses.py): when it is visited, and the net income, employees and status
each visit finds. Drawn from the generator of `seed_demo_visits` (devtools/demo/visits.py),
in the order it draws them, so that one seed gives the same visits.
"""

import datetime
import itertools
import random
from dataclasses import dataclass

from .businesses import (
    CLOSED,
    EQUIPMENT,
    FINE,
    FIRST_VISIT_AFTER_START,
    FLAT,
    GROWING,
    GROWTH_TARGET,
    LAST_VISIT_AGO,
    MAX_NET_INCOME,
    NOT_YET,
    PROBLEM_CONDITIONS,
    STALE,
    VISIT_GAP,
    Status,
)
from .drawing import round_to, weekday_on_or_before, weighted

days = datetime.timedelta


@dataclass
class Visit:
    """A visit to be recorded: its date, and what it finds."""

    on: datetime.date
    net_income: int = 0
    employees: int = 0
    status: str = Status.DEVELOPING
    problem: str | None = None  # the condition of the one item no longer in use
    closed_condition: bool = False  # every item as after a closure
    repaired: bool = False  # an item found broken for a while, support: repair


def visit_dates(
    rng: random.Random, today: datetime.date, started_on: datetime.date, scenario: str
) -> list[datetime.date]:
    """Every three to nine months, counted back from the story's last visit."""
    low, high = LAST_VISIT_AGO[scenario]
    on = weekday_on_or_before(today - days(rng.randint(low, high)))
    earliest = started_on + days(FIRST_VISIT_AFTER_START)
    dates = []
    while on >= earliest:
        dates.append(on)
        on = weekday_on_or_before(on - days(rng.randint(*VISIT_GAP)))
    return dates[::-1]


def trajectory(rng: random.Random, scenario, dates, started_on, baseline, sector) -> list[Visit]:
    """The visits of a story on `dates`, from `baseline`: the income before the training."""
    visits = [Visit(on) for on in dates]
    months = [(on - started_on).days / 30.4 for on in dates]
    last = visits[-1]
    if scenario in (FINE, GROWING) or (scenario == STALE and rng.random() < 0.7):
        _grow(rng, visits, months, baseline, sector)
    elif scenario in (FLAT, STALE):
        _flat(rng, visits, baseline)
        if scenario == STALE:
            last.status = Status.DEVELOPING
    elif scenario == NOT_YET:
        for visit in visits:
            visit.net_income = round_to(rng.uniform(0, 500_000))
            visit.status = Status.NOT_YET
    elif scenario == CLOSED:
        _flat(rng, visits, baseline)
        for visit, share in zip(visits, range(len(visits), 0, -1), strict=True):
            visit.net_income = round_to(visit.net_income * min(1, 0.4 + 0.25 * share))
        last.net_income = last.employees = 0
        last.status = Status.CLOSED
        last.closed_condition = True
    elif scenario == EQUIPMENT:
        if rng.random() < 0.5:
            _grow(rng, visits, months, baseline, sector)
        else:
            _flat(rng, visits, baseline)
        last.status = weighted(
            rng, {Status.FLAT: 0.5, Status.NOT_YET: 0.25, Status.DEVELOPING: 0.25}.items()
        )
        if last.status != Status.DEVELOPING:
            last.net_income = round_to(last.net_income * 0.6)
        last.problem = weighted(rng, PROBLEM_CONDITIONS.items())
    # Now and then an item broke for a while and was repaired by the next visit.
    for visit in visits[1:-1]:
        if not visit.problem and rng.random() < 0.04:
            visit.repaired = True
    return visits


def _grow(rng: random.Random, visits, months, baseline, sector):
    target = round_to(rng.uniform(*GROWTH_TARGET[sector]))
    start = baseline + rng.uniform(0, 300_000)
    horizon = rng.uniform(18, 36)  # months to reach the target
    employees = weighted(rng, {0: 3, 1: 4, 2: 3, 3: 2, 4: 1}.items())
    for visit, month in zip(visits, months, strict=True):
        progress = min(1.0, month / horizon)
        income = start + (target - start) * progress * rng.uniform(0.9, 1.1)
        visit.net_income = min(MAX_NET_INCOME, round_to(income))
        visit.employees = round(employees * progress)
        visit.status = (
            Status.DEVELOPING if visit.net_income > baseline + 100_000 else Status.NOT_YET
        )
    for previous, visit in itertools.pairwise(visits[:-1]):
        if rng.random() < 0.12:  # a flat spell
            visit.net_income = previous.net_income
            visit.employees = previous.employees
            visit.status = Status.FLAT
    visits[-1].status = Status.DEVELOPING
    visits[-1].net_income = max(visits[-1].net_income, baseline + 150_000)


def _flat(rng: random.Random, visits, baseline):
    level = max(baseline, 0) + rng.uniform(0, 600_000) + 200_000
    employees = 1 if rng.random() < 0.2 else 0
    for i, visit in enumerate(visits):
        visit.net_income = min(MAX_NET_INCOME, round_to(level * rng.uniform(0.85, 1.1)))
        visit.employees = employees
        visit.status = Status.FLAT
        if i == 0:
            visit.status = Status.DEVELOPING if rng.random() < 0.5 else Status.NOT_YET


def visit_revenue(rng: random.Random, visit: Visit) -> int | None:
    """The monthly revenue a visit notes: two to three times the net income."""
    if visit.status == Status.CLOSED:
        return 0
    if rng.random() < 0.1:
        return None  # the owner keeps no accounts
    if visit.net_income == 0:
        return round_to(rng.uniform(0, 300_000))
    return round_to(visit.net_income * rng.uniform(2, 3))
