"""The time the synthetic registry covers: from START (its first registration) to the
seed's `until`, and moments in it as the office's clock (Jakarta's) shows them."""

import datetime
from zoneinfo import ZoneInfo

START = datetime.date(2018, 1, 2)
JAKARTA = ZoneInfo("Asia/Jakarta")


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=JAKARTA)
