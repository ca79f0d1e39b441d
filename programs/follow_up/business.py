"""What the business page shows of one business: computed from what was recorded, never
typed. The latest visit and the income before training are the ones refresh.py stores with
the business (one rule for the page, the worklist and the report); the rest comes from the
prefetched visits and grants."""

import datetime
from dataclasses import dataclass

from ..models import Business, FollowUpVisit
from .dates import months_between


@dataclass(frozen=True)
class BusinessOutcome:
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


def business_outcome(business: Business, *, today: datetime.date) -> BusinessOutcome:
    """Uses the business's prefetched grants and visits (not archived): no queries."""
    visits = list(business.visits.all())  # Meta.ordering: newest first
    by_pk = {visit.pk: visit for visit in visits}
    grants = sorted(business.grants.all(), key=lambda g: g.handed_over_on)
    return BusinessOutcome(
        latest_visit=by_pk.get(business.latest_visit_id),
        income_now=business.latest_income,
        income_baseline=business.baseline_income,
        employees_now=business.latest_employees,
        employees_first=visits[-1].employees if visits else None,
        months_since_grant=months_between(grants[0].handed_over_on, today) if grants else None,
        visits=visits,
    )
