"""Calendar arithmetic of the follow-up: the interval a visit is due in, the months a
business has had its equipment."""

import datetime

from dateutil.relativedelta import relativedelta


def months_ago(today: datetime.date, months: int) -> datetime.date:
    """The same day `months` calendar months earlier, or that month's last day when it is
    shorter (31 August 2028 minus 6 months is 29 February 2028)."""
    return today - relativedelta(months=months)


def months_between(start: datetime.date, end: datetime.date) -> int:
    """Whole months from start to end (a month counts once its day is reached)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - 1 if end.day < start.day else months
