"""The businesses and follow-up visits of the synthetic registry: a business for most
grantees, working with their grants; visits every three to eight months from the
hand-over until `until` (or until the visits stop: a share is never followed up again,
which is what the worklist is for), each with the condition of every granted item. A
business has a fate (developing, flat, not yet developing, closed) its visits tell over
time."""

import datetime

from devtools.demo.drawing import round_to, weighted
from programs.models import Business, EquipmentCheck, FollowUpVisit

from .period import at
from .pools import ARCHIVE_REASON, ARCHIVED_SHARE, BUSINESS_WORDS, VISIT_NOTES
from .tables import Table

BUSINESS_SHARE = 0.87  # of grantees
VISIT_STOP_SHARE = 0.045  # after each visit, the follow-up stops for good
FATES = [("berkembang", 45), ("stagnan", 22), ("belum_berkembang", 18), ("tutup", 15)]
GONE = ("dijual", "hilang", "dialihkan")  # an item's conditions it does not come back from

BUSINESS_COLUMNS = [
    "id",
    "client_id",
    "name",
    "sector",
    "products",
    "started_on",
    "village_id",
    "created_at",
    "created_by_id",
]
VISIT_COLUMNS = [
    "id",
    "business_id",
    "visited_on",
    "visited_by_id",
    "net_income",
    "revenue",
    "employees",
    "status",
    "notes",
    "created_at",
    "archived_at",
    "archived_by_id",
    "archive_reason",
]


class FollowUps:
    """Makes a grantee's business, its visits and the equipment checks of each visit."""

    def __init__(self, rng, reference, *, until, now):
        self.rng = rng
        self.ref = reference
        self.until = until

        def leaf(model, columns):
            return Table(model, columns, now=now, own_ids=False)

        self.t = {
            "businesses": Table(Business, BUSINESS_COLUMNS, now=now, own_ids=True),
            "business_grants": leaf(Business.grants.through, ["business_id", "grant_id"]),
            "visits": Table(FollowUpVisit, VISIT_COLUMNS, now=now, own_ids=True),
            "checks": leaf(EquipmentCheck, ["visit_id", "grant_item_id", "condition"]),
            "visit_support": leaf(
                FollowUpVisit.support.through, ["followupvisit_id", "supportkind_id"]
            ),
        }

    def business(self, client_id, name, sex, village, worker, grants):
        """Most grantees' business, with their `grants` as (grant id, hand-over date,
        program index, [item ids]), and its visits."""
        rng = self.rng
        if rng.random() >= BUSINESS_SHARE:
            return
        _, first_day, program_index, _ = grants[0]
        program = self.ref.programs[program_index]
        started = min(first_day + datetime.timedelta(days=rng.randrange(0, 60)), self.until)
        business_id = self.t["businesses"].next_id()
        word = rng.choice(BUSINESS_WORDS.get(program["sector"], ["Usaha"]))
        title = "Bu" if sex == "P" else "Pak"
        self.t["businesses"].add(
            (
                business_id,
                client_id,
                f"{word} {title} {name.split()[0]}",
                program["sector"],
                program["products"],
                started,
                village,
                at(started, 10),
                worker,
            )
        )
        for grant_id, *_ in grants:
            self.t["business_grants"].add((business_id, grant_id))
        self._visits(business_id, worker, grants)

    def _visits(self, business_id, worker, grants):
        rng = self.rng
        until = self.until
        fate = weighted(rng, FATES)
        closes_at = rng.randrange(0, 5)
        baseline = rng.randrange(0, 12) * 50_000
        day = grants[0][1] + datetime.timedelta(days=rng.randrange(45, 150))
        conditions: dict[int, str] = {}
        visit_index = 0
        while day <= until:
            status, income, employees = self._outcome(fate, visit_index, closes_at, baseline)
            visit_id = self.t["visits"].next_id()
            archived = rng.random() < ARCHIVED_SHARE
            revenue = round_to(income * rng.uniform(1.8, 3.2)) if rng.random() < 0.7 else None
            self.t["visits"].add(
                (
                    visit_id,
                    business_id,
                    day,
                    worker,
                    income,
                    revenue,
                    employees,
                    status,
                    rng.choice(VISIT_NOTES),
                    at(day, rng.randrange(9, 16)),
                    at(day + datetime.timedelta(days=2), 9) if archived else None,
                    worker if archived else None,
                    ARCHIVE_REASON if archived else "",
                )
            )
            for _, handed_over, _, items in grants:
                if handed_over > day:
                    continue
                for item in items:
                    condition = self._condition(conditions.get(item), status)
                    conditions[item] = condition
                    self.t["checks"].add((visit_id, item, condition))
            roll = rng.random()
            if roll < 0.35 and self.ref.support_ids:
                self.t["visit_support"].add((visit_id, rng.choice(self.ref.support_ids)))
            elif roll < 0.45 and self.ref.support_none:
                self.t["visit_support"].add((visit_id, self.ref.support_none))
            visit_index += 1
            if rng.random() < VISIT_STOP_SHARE or (status == "tutup" and rng.random() < 0.75):
                break
            day += datetime.timedelta(days=rng.randrange(80, 200))

    def _outcome(self, fate, index, closes_at, baseline):
        """The status, net income and employees the `index`th visit finds."""
        rng = self.rng
        if fate == "berkembang":
            status = "belum_berkembang" if index == 0 and rng.random() < 0.6 else "berkembang"
            if index > 0 and rng.random() < 0.1:
                status = "stagnan"
            income = min(baseline * 1.3**index + 400_000 * index, 9_000_000)
            employees = min(index // 2, 6) + rng.randrange(0, 2)
        elif fate == "stagnan":
            status = "stagnan" if index > 0 or rng.random() < 0.5 else "belum_berkembang"
            if rng.random() < 0.12:
                status = "berkembang"
            income = baseline * rng.uniform(1.0, 1.3) + 200_000
            employees = rng.randrange(0, 2)
        elif fate == "tutup" and index >= closes_at:
            return "tutup", 0, 0
        else:
            status = "belum_berkembang" if rng.random() < 0.9 else "stagnan"
            income = rng.uniform(0, 500_000)
            employees = 0
        return status, round_to(income * rng.uniform(0.9, 1.1)), employees

    def _condition(self, before, status):
        if before in GONE:
            return before
        roll = self.rng.random()
        if status == "tutup" and roll < 0.5:
            return "dijual"
        if roll < 0.03:
            return "rusak"
        if roll < 0.04:
            return "hilang"
        if roll < 0.045:
            return "dialihkan"
        return "dipakai"
