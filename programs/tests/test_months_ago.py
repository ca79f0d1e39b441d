"""months_ago: the date a number of calendar months before, as the follow-up interval
counts them (used by the worklist, the report and the bench)."""

import datetime

import pytest

from programs.follow_up.dates import months_ago


@pytest.mark.parametrize(
    ("today", "months", "expected"),
    [
        (datetime.date(2026, 12, 4), 6, datetime.date(2026, 6, 4)),
        (datetime.date(2026, 3, 15), 6, datetime.date(2025, 9, 15)),
        # A day the earlier month lacks becomes that month's last day.
        (datetime.date(2026, 12, 31), 6, datetime.date(2026, 6, 30)),
        (datetime.date(2027, 8, 31), 6, datetime.date(2027, 2, 28)),
        # ... which in a leap year is 29 February.
        (datetime.date(2028, 8, 31), 6, datetime.date(2028, 2, 29)),
        (datetime.date(2028, 8, 30), 6, datetime.date(2028, 2, 29)),
        (datetime.date(2028, 8, 29), 6, datetime.date(2028, 2, 29)),
        (datetime.date(2024, 2, 29), 12, datetime.date(2023, 2, 28)),
        (datetime.date(2026, 1, 10), 0, datetime.date(2026, 1, 10)),
        (datetime.date(2026, 5, 31), 27, datetime.date(2024, 2, 29)),
    ],
)
def test_months_ago(today, months, expected):
    assert months_ago(today, months) == expected
