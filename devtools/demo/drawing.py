"""Small helpers the demo seeds draw their data with: a weighted choice, amounts rounded as
people state them, and the days of a working week."""

import datetime
import random
from collections.abc import Iterable


def weighted(rng: random.Random, pairs: Iterable[tuple]):
    """One of the (item, weight) pairs' items, by weight (a dict's `.items()` will do)."""
    items, weights = zip(*pairs, strict=True)
    return rng.choices(items, weights=weights)[0]


def round_to(value: float, step: int = 50_000) -> int:
    """An amount in rupiah as people state it: to the nearest Rp50.000, never below 0."""
    return max(0, round(value / step) * step)


def weekdays(start: datetime.date, end: datetime.date) -> int:
    """Training days (Monday to Friday) from start to end, both included."""
    days = (end - start).days + 1
    return sum(1 for i in range(days) if (start + datetime.timedelta(days=i)).weekday() < 5)


def working_day(day: datetime.date) -> datetime.date:
    """The day itself, or the Monday after a weekend."""
    if day.weekday() >= 5:
        return day + datetime.timedelta(days=7 - day.weekday())
    return day


def weekday_on_or_before(day: datetime.date) -> datetime.date:
    """The day itself, or the Friday before a weekend."""
    return day - datetime.timedelta(days=max(0, day.weekday() - 4))


def age(birth_date: datetime.date, on: datetime.date) -> int:
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))
