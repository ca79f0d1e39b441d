"""Working days and the resolution deadline of a grievance.

A working day is Monday to Friday and not a `Holiday` (reference data: national holidays
and collective leave, kept by an admin). The deadline is the `n`-th working day after the
day the grievance was received (the day of receipt does not count, as in SP4N-LAPOR!'s
"hari kerja"), with `n` from `ResolutionDeadline`: the row for the category and severity,
else the row for the severity without a category, else the setting
`GRIEVANCE_DEFAULT_WORKING_DAYS`.
"""

import datetime
from collections.abc import Collection

from django.conf import settings

from ..models import Holiday, ResolutionDeadline

ONE_DAY = datetime.timedelta(days=1)


def holidays() -> frozenset[datetime.date]:
    """Every holiday on record: a few dozen a year, read once per request or write."""
    return frozenset(Holiday.objects.values_list("date", flat=True))


def is_working_day(day: datetime.date, holidays: Collection[datetime.date]) -> bool:
    return day.weekday() < 5 and day not in holidays


def add_working_days(
    start: datetime.date, days: int, holidays: Collection[datetime.date]
) -> datetime.date:
    """The `days`-th working day after `start` (`start` itself not counted)."""
    day = start
    left = days
    while left > 0:
        day += ONE_DAY
        if is_working_day(day, holidays):
            left -= 1
    return day


def working_days_between(
    start: datetime.date, end: datetime.date, holidays: Collection[datetime.date]
) -> int:
    """Working days after `start` up to and including `end`; negative when `end` is
    before `start` (the working days from `end` after, up to `start`). Counted by whole
    weeks, so a date years away costs no more than one nearby."""
    if end < start:
        return -working_days_between(end, start, holidays)
    days = (end - start).days
    weeks, rest = divmod(days, 7)
    weekdays = 5 * weeks + sum(
        1 for offset in range(1, rest + 1) if (start + offset * ONE_DAY).weekday() < 5
    )
    off = sum(1 for day in holidays if start < day <= end and day.weekday() < 5)
    return weekdays - off


def working_days_allowed(*, category, severity: str) -> int:
    rows = ResolutionDeadline.objects.filter(severity=severity, category__isnull=True)
    if category is not None:
        rows = rows | ResolutionDeadline.objects.filter(severity=severity, category=category)
    days = {row.category_id: row.working_days for row in rows}
    own = category.pk if category is not None else None
    if own in days:
        return days[own]
    if None in days:
        return days[None]
    return settings.GRIEVANCE_DEFAULT_WORKING_DAYS


def deadline_for(*, received_on: datetime.date, category, severity: str) -> datetime.date:
    days = working_days_allowed(category=category, severity=severity)
    return add_working_days(received_on, days, holidays())


def days_left(due_on: datetime.date, today: datetime.date, known_holidays=None) -> int:
    """Working days from today to the deadline: 0 on the last day, negative once past."""
    if known_holidays is None:
        known_holidays = holidays()
    if today > due_on:
        # Past it even on the weekend or holiday after it (no working day between yet).
        return -max(1, working_days_between(due_on, today, known_holidays))
    return working_days_between(today, due_on, known_holidays)
