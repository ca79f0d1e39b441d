"""The trainings and grants of the synthetic registry: most clients are enrolled in a
cohort of a program, some in a second one; cohorts are opened as they fill (20 to 30
places) and their outcome (completed, did not pass, withdrew, still running) follows from
their dates; about two thirds of the completed trainings end with equipment handed over,
the items fitting the program (sewing and overlock machines after sewing, ...). A grantee
then goes on in `follow_ups`."""

import datetime

from devtools.demo.drawing import round_to
from programs.models import Batch, Enrolment, Grant, GrantItem

from .period import at
from .pools import ARCHIVED_SHARE, PROGRAM_WEIGHTS, SEX_PROGRAM_BIAS
from .tables import Table

ENROL_SHARE = 0.93
ENROL_SHARE_ELDERLY = 0.25
SECOND_ENROL_SHARE = 0.2
GRANT_SHARE = 0.7  # of completed trainings

BATCH_COLUMNS = [
    "id",
    "program_id",
    "name",
    "service_unit_id",
    "venue",
    "start_date",
    "end_date",
    "capacity",
]
ENROLMENT_COLUMNS = [
    "id",
    "batch_id",
    "client_id",
    "status",
    "enrolled_on",
    "status_changed_on",
    "completed_on",
    "sessions_attended",
    "certificate_number",
    "income_before",
    "created_by_id",
    "archived_at",
    "archived_by_id",
    "archive_reason",
]
GRANT_COLUMNS = [
    "id",
    "client_id",
    "enrolment_id",
    "handed_over_on",
    "bast_number",
    "funding_source_id",
    "created_at",
    "created_by_id",
]
GRANT_ITEM_COLUMNS = [
    "id",
    "grant_id",
    "equipment_type_id",
    "quantity",
    "unit_value",
    "serial_numbers",
]


class Trainings:
    """Makes the cohorts, enrolments, grants and their items of one client at a time."""

    def __init__(self, rng, reference, *, until, now, follow_ups):
        self.rng = rng
        self.ref = reference
        self.until = until
        self.follow_ups = follow_ups
        self.t = {
            "batches": Table(Batch, BATCH_COLUMNS, now=now, own_ids=True),
            "enrolments": Table(Enrolment, ENROLMENT_COLUMNS, now=now, own_ids=True),
            "grants": Table(Grant, GRANT_COLUMNS, now=now, own_ids=True),
            "grant_items": Table(GrantItem, GRANT_ITEM_COLUMNS, now=now, own_ids=True),
        }
        self.open_batches: dict[int, list[dict]] = {}
        self.batch_numbers: dict[tuple[int, int], int] = {}

    def client(self, client_id, sex, name, village, worker, registered, main_ppks):
        """The trainings of a client registered on `registered`, the grants that follow
        them and, with a grant, the business."""
        rng = self.rng
        share = ENROL_SHARE_ELDERLY if main_ppks == self.ref.elderly_ppks else ENROL_SHARE
        if rng.random() >= share:
            return
        programs = range(len(self.ref.programs))
        weights = [w * b for w, b in zip(PROGRAM_WEIGHTS, SEX_PROGRAM_BIAS[sex], strict=True)]
        first = rng.choices(programs, weights=weights)[0]
        wanted = [(first, registered + datetime.timedelta(days=rng.randrange(14, 120)))]
        if rng.random() < SECOND_ENROL_SHARE:
            second = rng.choices(programs, weights=weights)[0]
            if second != first:
                wanted.append(
                    (second, registered + datetime.timedelta(days=rng.randrange(200, 700)))
                )
        grants = []
        earliest = registered + datetime.timedelta(days=7)
        for program_index, wanted_start in wanted:
            if wanted_start > self.until + datetime.timedelta(days=60):
                continue
            batch, grant = self._enrol(
                client_id, worker, registered, program_index, wanted_start, earliest
            )
            earliest = batch["end"] + datetime.timedelta(days=14)
            if grant:
                grants.append(grant)
        if grants:
            self.follow_ups.business(client_id, name, sex, village, worker, grants)

    def _batch(self, program_index, wanted_start, earliest, registered):
        """The open cohort of the program if it has a place and starts after `earliest` and
        not long after `wanted_start`, else a new one starting around `wanted_start`."""
        rng = self.rng
        wanted_start = max(wanted_start, earliest)
        latest = wanted_start + datetime.timedelta(days=45)
        open_batches = self.open_batches.setdefault(program_index, [])
        for batch in open_batches:
            if batch["filled"] < batch["capacity"] and earliest <= batch["start"] <= latest:
                return batch
        start = wanted_start + datetime.timedelta(days=rng.randrange(0, 21))
        start -= datetime.timedelta(days=start.weekday())  # cohorts start on a Monday
        end = start + datetime.timedelta(weeks=rng.randrange(5, 13), days=-3)
        program = self.ref.programs[program_index]
        key = (program_index, start.year)
        number = self.batch_numbers.get(key, 0)
        while True:
            number += 1
            name = f"Angkatan {number} {start.year}"
            if name not in program["names"]:
                break
        self.batch_numbers[key] = number
        unit_id, unit_name = rng.choice(self.ref.upts)
        batch = {
            "id": self.t["batches"].next_id(),
            "start": start,
            "end": end,
            "capacity": rng.randrange(20, 31),
            "filled": 0,
        }
        self.t["batches"].add(
            (
                batch["id"],
                program["id"],
                name,
                unit_id,
                f"Ruang Keterampilan, {unit_name}",
                start,
                end,
                batch["capacity"],
            )
        )
        # Clients come in the order they registered: a full cohort, or one that started
        # before this client registered, takes nobody any more.
        open_batches[:] = [
            b for b in open_batches if b["filled"] < b["capacity"] and b["start"] > registered
        ]
        open_batches.append(batch)
        return batch

    def _enrol(self, client_id, worker, registered, program_index, wanted_start, earliest):
        """An enrolment; returns its cohort and the grant that followed it, if any, as
        (grant id, hand-over date, program index, [item ids])."""
        rng = self.rng
        until = self.until
        batch = self._batch(program_index, wanted_start, earliest, registered)
        batch["filled"] += 1
        start, end = batch["start"], batch["end"]
        enrolled_on = max(registered, start - datetime.timedelta(days=rng.randrange(3, 21)))
        completed_on = None
        certificate = ""
        sessions = 0
        if start > until:
            status, changed = Enrolment.Status.REGISTERED, enrolled_on
        elif end >= until:
            status, changed = Enrolment.Status.ATTENDING, start
            sessions = max(0, (until - start).days * 5 // 7)
        else:
            roll = rng.random()
            if roll < 0.84:
                status, changed, completed_on = Enrolment.Status.COMPLETED, end, end
                certificate = f"SERT/{batch['id']}/{start.year}/{batch['filled']:02d}"
                sessions = rng.randrange(40, 61)
            elif roll < 0.91:
                status, changed = Enrolment.Status.FAILED, end
                sessions = rng.randrange(10, 40)
            else:
                status = Enrolment.Status.WITHDREW
                changed = start + datetime.timedelta(days=rng.randrange(1, 20))
                sessions = rng.randrange(0, 10)
        income_before = (
            round_to(rng.triangular(0, 1_500_000, 300_000)) if rng.random() < 0.8 else None
        )
        archived = rng.random() < ARCHIVED_SHARE
        enrolment_id = self.t["enrolments"].next_id()
        self.t["enrolments"].add(
            (
                enrolment_id,
                batch["id"],
                client_id,
                status,
                enrolled_on,
                changed,
                completed_on,
                sessions,
                certificate,
                income_before,
                worker,
                at(changed, 15) if archived else None,
                worker if archived else None,
                "Salah angkatan" if archived else "",
            )
        )
        if status != Enrolment.Status.COMPLETED or archived or rng.random() >= GRANT_SHARE:
            return batch, None
        handed_over = completed_on + datetime.timedelta(days=rng.randrange(5, 45))
        if handed_over > until:
            return batch, None
        return batch, self._grant(client_id, worker, enrolment_id, program_index, handed_over)

    def _grant(self, client_id, worker, enrolment_id, program_index, handed_over):
        rng = self.rng
        program = self.ref.programs[program_index]
        grant_id = self.t["grants"].next_id()
        funding = program["funding"] if rng.random() < 0.85 else rng.choice(self.ref.funding_ids)
        self.t["grants"].add(
            (
                grant_id,
                client_id,
                enrolment_id,
                handed_over,
                f"{grant_id:07d}/BAST/DINSOS-JATIM/{handed_over.year}",
                funding,
                at(handed_over, 11),
                worker,
            )
        )
        items = []
        for type_id, value, quantity, share, type_name in program["items"]:
            if rng.random() >= share and items:
                continue
            if rng.random() < 0.1:
                value = round_to(value * rng.uniform(0.9, 1.1))
            item_id = self.t["grant_items"].next_id()
            serial = f"SN{rng.randrange(10**6, 10**7)}" if type_name.startswith("Mesin") else ""
            self.t["grant_items"].add((item_id, grant_id, type_id, quantity, value, serial))
            items.append(item_id)
        return grant_id, handed_over, program_index, items
