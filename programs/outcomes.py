"""Derived figures of one business: computed from what was recorded, never typed."""

import datetime
from dataclasses import dataclass

from .models import Business, FollowUpVisit


@dataclass(frozen=True)
class BusinessFigures:
    latest_visit: FollowUpVisit | None
    income_now: int | None
    income_baseline: int | None  # net monthly income before training (the enrolment's)
    employees_now: int | None
    employees_first: int | None
    months_since_grant: int | None
    visits: list[FollowUpVisit]  # newest first: the status history

    @property
    def income_change(self) -> int | None:
        if self.income_now is None or self.income_baseline is None:
            return None
        return self.income_now - self.income_baseline

    @property
    def employees_change(self) -> int | None:
        if self.employees_now is None or self.employees_first is None:
            return None
        return self.employees_now - self.employees_first


def months_between(start: datetime.date, end: datetime.date) -> int:
    """Whole months from start to end (a month counts once its day is reached)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - 1 if end.day < start.day else months


def business_figures(business: Business, *, today: datetime.date) -> BusinessFigures:
    """Uses the business's prefetched grants (with enrolments) and visits: no queries."""
    visits = list(business.visits.all())  # Meta.ordering: newest first
    grants = sorted(business.grants.all(), key=lambda g: g.handed_over_on)
    baselines = [
        g.enrolment.income_before
        for g in grants
        if g.enrolment is not None and g.enrolment.income_before is not None
    ]
    latest = visits[0] if visits else None
    return BusinessFigures(
        latest_visit=latest,
        income_now=latest.net_income if latest else None,
        income_baseline=baselines[0] if baselines else None,
        employees_now=latest.employees if latest else None,
        employees_first=visits[-1].employees if visits else None,
        months_since_grant=months_between(grants[0].handed_over_on, today) if grants else None,
        visits=visits,
    )
