"""What one client adds to the report's summaries, worked out from their facts (facts.py).

The report can be asked for its figures under the scope and the regency and sex filters
(the client's cell: every row carries it), one further filter (a program, a service unit,
a PPKS type or a disability kind; or none) and a period. So each client adds, for every
further filter `f` they match and every breakdown row `b` they count in:

- people: one person (n = 1) per (f, b, figure), whatever the number of their records
  that match: figure "registered" (b = total), "enrolled" and "completed" (every b),
  "grantees" with basis "g" or "t" (b = total). `years`: the years of the matching records
  (the registration year; the cohorts' start; the hand-over or the training's start), so
  that a period counts the person once when one of them is in it. This is how people are
  counted once per category (COUNT DISTINCT) while the rows still add up.
- visited: a grantee by the day of their last visit (the follow-up coverage, b = total).
- grants: each grant (n = 1, amount = its value) by hand-over and training year.
- businesses: each business through its matching grants (n = 1, its latest status, income,
  employees), per basis, with the years of those grants.
- values: the values the headline's medians are found among: a business's latest income,
  its change against the income before training and its payback months (per basis, b =
  total), and a completed enrolment's income before training (figure "baseline").
- trend: a business's visits by quarter (per basis, b = total).

A filter matches a record when: none, or a PPKS type or disability kind the client holds
(every record of theirs); a program or unit, the record's cohort's (a grant without a
training matches none). A breakdown row counts a record when: the total, or a PPKS type or
kind the client holds; a program row its cohort's program ("program:-": no training); a
cohort row its cohort.

The key (see ReportSummary):
(kind, regency, sex, unit, filter, breakdown, batch_id, figure, basis, years,
 handed_year, start_year, day, value); the measures are models.report_summaries.MEASURES.
"""

from collections import defaultdict

from ...models import FollowUpVisit
from ...models.report_summaries import MEASURES

STATUS_MEASURE = {
    FollowUpVisit.Status.DEVELOPING: 2,
    FollowUpVisit.Status.FLAT: 3,
    FollowUpVisit.Status.NOT_YET: 4,
    FollowUpVisit.Status.CLOSED: 5,
}
N, AMOUNT, DEVELOPING, INCOME_SUM, INCOME_N, EMPLOYEES = 0, 1, 2, 6, 7, 8
WIDTH = len(MEASURES)
NO_YEAR = "n"  # a grant without a training, under the training basis
BASES = ("g", "t")


def years_text(years) -> str:
    numbers = sorted(y for y in years if y is not None)
    text = ",".join(str(y) for y in numbers)
    if None in years:
        text = f"{text},{NO_YEAR}" if text else NO_YEAR
    return text


def _client_filters(fx) -> list[str]:
    return ["-", *(f"ppks:{t}" for t in fx["p"]), *(f"kind:{k}" for k in fx["k"])]


def _client_breakdowns(fx) -> list[str]:
    return ["total", *(f"ppks:{t}" for t in fx["p"]), *(f"kind:{k}" for k in fx["k"])]


def _record_filters(client_filters, program, unit) -> list[str]:
    filters = list(client_filters)
    if program is not None:
        filters.append(f"program:{program}")
    if unit is not None:
        filters.append(f"unit:{unit}")
    return filters


def _record_breakdowns(client_breakdowns, program, batch) -> list[tuple[str, int | None]]:
    rows = [(b, None) for b in client_breakdowns]
    rows.append((f"program:{program if program is not None else '-'}", None))
    if batch is not None:
        rows.append((f"batch:{batch}", batch))
    return rows


def contributions(fx) -> dict:
    """{key: [measures]} of one client's facts (None: nothing)."""
    out: dict = defaultdict(lambda: [0] * WIDTH)
    if fx is None:
        return {}
    cell = (fx["r"], fx["s"], fx["u"])

    def add(
        kind,
        f,
        b="total",
        batch=None,
        figure="",
        basis="",
        years="",
        hy=None,
        sy=None,
        day=None,
        value=None,
        measures=None,
    ):
        row = out[(kind, *cell, f, b, batch, figure, basis, years, hy, sy, day, value)]
        if measures is None:
            row[N] += 1
        else:
            for i, m in enumerate(measures):
                row[i] += m

    client_f = _client_filters(fx)
    client_b = _client_breakdowns(fx)
    enrolments, grants = fx["e"], fx["g"]

    # Registered: the year of registration; a program or unit filter selects the clients
    # enrolled in one of its cohorts (the unit: or living in it), any year.
    registered_f = list(client_f)
    registered_f += sorted({f"program:{e[1]}" for e in enrolments})
    units = {e[2] for e in enrolments if e[2] is not None}
    if fx["u"] is not None:
        units.add(fx["u"])
    registered_f += sorted(f"unit:{u}" for u in units)
    for f in registered_f:
        add("people", f, figure="registered", years=str(fx["y"]))

    # Enrolled and completed: distinct people per (filter, breakdown); the baseline values.
    people = defaultdict(set)
    for batch, program, unit, year, completed, income_before in enrolments:
        for f in _record_filters(client_f, program, unit):
            for b, batch_id in _record_breakdowns(client_b, program, batch):
                people[(f, b, batch_id, "enrolled")].add(year)
                if completed:
                    people[(f, b, batch_id, "completed")].add(year)
            if completed and income_before is not None:
                add("values", f, figure="baseline", years=str(year), value=float(income_before))
    for (f, b, batch_id, figure), years in people.items():
        add("people", f, b, batch_id, figure=figure, years=years_text(years))

    # Grants; grantees (b = total) and their last visit.
    grantee_years = defaultdict(lambda: (set(), set()))
    by_id = {}
    for grant in grants:
        pk, program, unit, batch, handed, start, value = grant
        by_id[pk] = grant
        for f in _record_filters(client_f, program, unit):
            for b, batch_id in _record_breakdowns(client_b, program, batch):
                add("grants", f, b, batch_id, hy=handed, sy=start, measures=(1, value or 0))
            handed_years, start_years = grantee_years[f]
            handed_years.add(handed)
            start_years.add(start)
    for f, pair in grantee_years.items():
        for basis, years in zip(BASES, pair, strict=True):
            text = years_text(years)
            add("people", f, figure="grantees", basis=basis, years=text)
            if fx["v"]:
                add("visited", f, basis=basis, years=text, day=fx["v"])

    # Businesses, through their grants: per (filter, breakdown) the years of the grants
    # that bring them in.
    for business in fx["b"]:
        _pk, grant_ids, status, income, baseline, employees, grant_value, quarters = business
        measures = [0] * WIDTH
        measures[N] = 1
        if status in STATUS_MEASURE:
            measures[STATUS_MEASURE[status]] = 1
        if income is not None:
            measures[INCOME_SUM], measures[INCOME_N] = income, 1
        measures[EMPLOYEES] = employees or 0
        through = defaultdict(lambda: (set(), set()))
        for grant_id in grant_ids:
            if grant_id not in by_id:
                continue
            _g, program, unit, batch, handed, start, _value = by_id[grant_id]
            for f in _record_filters(client_f, program, unit):
                for b, batch_id in _record_breakdowns(client_b, program, batch):
                    handed_years, start_years = through[(f, b, batch_id)]
                    handed_years.add(handed)
                    start_years.add(start)
        values = []
        if income is not None:
            values.append(("income", float(income)))
            if baseline is not None:
                values.append(("change", float(income - baseline)))
            if income > 0 and grant_value is not None:
                values.append(("payback", float(grant_value) / income))
        for (f, b, batch_id), pair in through.items():
            for basis, years in zip(BASES, pair, strict=True):
                text = years_text(years)
                add("businesses", f, b, batch_id, basis=basis, years=text, measures=measures)
                if b != "total":
                    continue
                for figure, value in values:
                    add("values", f, figure=figure, basis=basis, years=text, value=value)
                for quarter, visits, developing, income_sum, income_n in quarters:
                    trend = [0] * WIDTH
                    trend[N], trend[DEVELOPING] = visits, developing
                    trend[INCOME_SUM], trend[INCOME_N] = income_sum, income_n
                    add("trend", f, basis=basis, years=text, day=quarter, measures=trend)
    return dict(out)


def key_text(key) -> str:
    """The key as ReportSummary.key: every part, in order (floats exactly, by repr)."""
    return "|".join(
        "" if part is None else repr(part) if isinstance(part, float) else str(part) for part in key
    )
