"""The outcome report's figures, checked against a small hand-built world.

The world is written down as plain data (FIXTURE below) and created in the database from
it. The expected figures are computed from the same plain data by `expected_report()`, in
plain Python, following the definitions of programs/reports/figures.py — never by calling the
report code or by asking the database to aggregate. A few figures are also written out by
hand (test_unfiltered_headline_by_hand) so that the Python model itself is checked.
"""

import datetime
import statistics
from dataclasses import asdict

import pytest
from django.conf import settings
from django.utils import timezone, translation

from beneficiaries.models import (
    Client,
    DisabilityKind,
    DisabilityType,
    PpksType,
    Regency,
)
from beneficiaries.tests.factories import BOJONEGORO, KOTA_MALANG, ClientFactory, UserFactory, upt
from programs.follow_up.dates import months_ago
from programs.models import (
    Batch,
    EquipmentCheck,
    EquipmentType,
    FollowUpVisit,
    FundingSource,
    SkillArea,
    TrainingProgram,
)
from programs.reports.figures import ReportFilters, outcome_report
from programs.tests.factories import (
    BusinessFactory,
    EnrolmentFactory,
    FollowUpVisitFactory,
    GrantFactory,
    GrantItemFactory,
)

d = datetime.date

TODAY = d(2026, 11, 28)
INTERVAL = 6
# Six months before TODAY: a visit on or after this day is recent (worked out by hand).
CUTOFF = d(2026, 5, 28)

BERKEMBANG, STAGNAN, BELUM, TUTUP = "berkembang", "stagnan", "belum_berkembang", "tutup"
STATUSES = [BERKEMBANG, STAGNAN, BELUM, TUTUP]

PROGRAMS = {
    "jahit": {"name": "Pelatihan Menjahit dan Konveksi", "skill": "Menjahit dan konveksi"},
    "boga": {"name": "Pelatihan Tata Boga", "skill": "Tata boga"},
}

# The service units the cohorts are organised by and some clients live in.
UNITS = {
    "daksa": "UPT Rehabilitasi Sosial Bina Daksa Pasuruan",
    "karya": "UPT Rehabilitasi Sosial Bina Karya Sidoarjo",
}

# Two units, so that a unit is neither one program nor one cohort: Bina Karya organises the
# Menjahit cohort of 2025 and the Tata Boga one.
BATCHES = {
    "jahit-2024": {
        "program": "jahit",
        "name": "Angkatan I 2024",
        "start": d(2024, 3, 4),
        "unit": "daksa",
    },
    "jahit-2025": {
        "program": "jahit",
        "name": "Angkatan II 2025",
        "start": d(2025, 3, 3),
        "unit": "karya",
    },
    "boga-2026": {
        "program": "boga",
        "name": "Angkatan I 2026",
        "start": d(2026, 2, 2),
        "unit": "karya",
    },
}


def registered(*args):
    """A registration moment in the office's time zone (the report's years are local)."""
    return datetime.datetime(*args, tzinfo=timezone.get_default_timezone())


# Every client: where they live, who they are, when they were registered, the service unit
# they live in now (if any), their enrolments (by cohort), their grants (items: equipment,
# quantity, unit value) and their businesses (with the grants they use and their visits:
# day, status, net income, employees).
FIXTURE = [
    {
        # Two disabilities of the same kind (fisik): counted once in that kind's row.
        # Turns 36 today: 36-59, not 18-35.
        "key": "ani",
        "registered": registered(2023, 5, 10, 9),
        "unit": None,
        "regency": KOTA_MALANG,
        "sex": "P",
        "birth": d(1990, 11, 28),
        "ppks": ["09"],
        "disabilities": [("fisik", "Amputasi"), ("fisik", "Paraplegi")],
        "enrolments": [{"batch": "jahit-2024", "status": "completed", "income_before": 400_000}],
        "grants": [
            {
                "key": "G-ani",
                "enrolment": "jahit-2024",
                "on": d(2024, 7, 1),
                "items": [("Mesin jahit", 1, 2_500_000), ("Mesin obras", 1, 2_750_000)],
            }
        ],
        "businesses": [
            {
                "name": "Konveksi Ani",
                "grants": ["G-ani"],
                "visits": [
                    (d(2025, 1, 15), BELUM, 600_000, 0),
                    (d(2026, 9, 10), BERKEMBANG, 1_800_000, 2),
                ],
            }
        ],
    },
    {
        # Two businesses working with one grant; two PPKS types.
        "key": "budi",
        "registered": registered(2024, 11, 2, 10),
        "unit": None,
        "regency": KOTA_MALANG,
        "sex": "L",
        "birth": d(2000, 2, 20),
        "ppks": ["09", "24"],
        "disabilities": [("sensorik", "Disabilitas netra")],
        "enrolments": [{"batch": "jahit-2025", "status": "completed", "income_before": 300_000}],
        "grants": [
            {
                "key": "G-budi",
                "enrolment": "jahit-2025",
                "on": d(2025, 6, 15),
                "items": [("Kompor gas dan tabung", 2, 750_000), ("Oven", 1, 1_500_000)],
            }
        ],
        "businesses": [
            {
                "name": "Katering Budi",
                "grants": ["G-budi"],
                "visits": [(d(2026, 10, 5), STAGNAN, 900_000, 0)],
            },
            {
                "name": "Kue Budi",
                "grants": ["G-budi"],
                "visits": [
                    (d(2025, 11, 20), BERKEMBANG, 1_200_000, 1),
                    (d(2026, 2, 10), BERKEMBANG, 1_300_000, 1),
                ],
            },
        ],
    },
    {
        # Withdrew from one cohort, completed another; a business never visited.
        "key": "citra",
        "registered": registered(2023, 1, 20, 11),
        "unit": None,
        "regency": KOTA_MALANG,
        "sex": "P",
        "birth": d(1970, 8, 1),
        "ppks": ["23"],
        "disabilities": [],
        "enrolments": [
            {"batch": "jahit-2024", "status": "withdrew", "income_before": 250_000},
            {"batch": "boga-2026", "status": "completed", "income_before": 500_000},
        ],
        "grants": [
            {
                "key": "G-citra",
                "enrolment": "boga-2026",
                "on": d(2026, 6, 1),
                "items": [("Oven", 1, 1_600_000), ("Mixer", 1, 600_000)],
            }
        ],
        "businesses": [{"name": "Roti Citra", "grants": ["G-citra"], "visits": []}],
    },
    {
        # A closed business, last visited the day before the cutoff (not recent).
        # Turns 18 tomorrow: 0-17.
        "key": "dewi",
        "registered": registered(2024, 10, 1, 8),
        "unit": None,
        "regency": BOJONEGORO,
        "sex": "P",
        "birth": d(2008, 11, 29),
        "ppks": ["09"],
        "disabilities": [("intelektual", "Lambat belajar")],
        "enrolments": [
            {"batch": "jahit-2025", "status": "failed", "income_before": 200_000},
            {"batch": "boga-2026", "status": "completed", "income_before": 350_000},
        ],
        "grants": [
            {
                "key": "G-dewi",
                "enrolment": "boga-2026",
                "on": d(2026, 5, 20),
                "items": [("Mesin jahit", 1, 2_400_000)],
            }
        ],
        "businesses": [
            {
                "name": "Jahit Dewi",
                "grants": ["G-dewi"],
                "visits": [(d(2026, 5, 27), TUTUP, 0, 0)],
            }
        ],
    },
    {
        # A grantee with no business; the grant came the year after the training.
        "key": "eko",
        "registered": registered(2024, 6, 1, 13),
        "unit": None,
        "regency": BOJONEGORO,
        "sex": "L",
        "birth": d(1960, 1, 10),
        "ppks": ["24"],
        "disabilities": [],
        "enrolments": [{"batch": "jahit-2025", "status": "completed", "income_before": 450_000}],
        "grants": [
            {
                "key": "G-eko",
                "enrolment": "jahit-2025",
                "on": d(2026, 1, 15),
                "items": [("Gerobak dagang", 1, 3_000_000)],
            }
        ],
        "businesses": [],
    },
    {
        # Two disabilities of two kinds; no income before training (no baseline).
        "key": "fajar",
        "registered": registered(2025, 10, 15, 14),
        "unit": None,
        "regency": KOTA_MALANG,
        "sex": "L",
        "birth": d(1995, 11, 28),
        "ppks": ["09"],
        "disabilities": [("fisik", "Amputasi"), ("sensorik", "Disabilitas rungu")],
        "enrolments": [{"batch": "boga-2026", "status": "completed", "income_before": None}],
        "grants": [
            {
                "key": "G-fajar",
                "enrolment": "boga-2026",
                "on": d(2026, 7, 1),
                "items": [("Mesin jahit", 1, 2_500_000)],
            }
        ],
        "businesses": [
            {
                "name": "Jahit Fajar",
                "grants": ["G-fajar"],
                "visits": [
                    (d(2026, 8, 20), BERKEMBANG, 2_000_000, 1),
                    (d(2026, 11, 2), BERKEMBANG, 2_500_000, 3),
                ],
            }
        ],
    },
    {
        # One business working with two grants, one of them not after a training. Lives
        # in Bina Daksa, which trained her.
        "key": "gita",
        "registered": registered(2023, 9, 9, 15),
        "unit": "daksa",
        "regency": BOJONEGORO,
        "sex": "P",
        "birth": d(1985, 6, 30),
        "ppks": ["23", "24"],
        "disabilities": [],
        "enrolments": [{"batch": "jahit-2024", "status": "completed", "income_before": 600_000}],
        "grants": [
            {
                "key": "G-gita",
                "enrolment": "jahit-2024",
                "on": d(2024, 8, 15),
                "items": [("Mesin obras", 1, 2_750_000)],
            },
            {
                "key": "G-gita-etalase",
                "enrolment": None,
                "on": d(2025, 9, 1),
                "items": [("Etalase", 1, 1_750_000)],
            },
        ],
        "businesses": [
            {
                "name": "Obras Gita",
                "grants": ["G-gita", "G-gita-etalase"],
                "visits": [
                    (d(2025, 3, 1), BERKEMBANG, 1_000_000, 1),
                    (d(2026, 6, 15), BELUM, 700_000, 1),
                ],
            }
        ],
    },
    {
        # Registered only, living in Bina Karya now (a client of that unit without a
        # training there); his business has no grant, so it is in no other figure.
        "key": "hadi",
        "registered": registered(2026, 3, 3, 9),
        "unit": "karya",
        "regency": KOTA_MALANG,
        "sex": "L",
        "birth": d(1978, 12, 1),
        "ppks": ["24"],
        "disabilities": [],
        "enrolments": [],
        "grants": [],
        "businesses": [
            {
                "name": "Warung Hadi",
                "grants": [],
                "visits": [(d(2026, 10, 1), BERKEMBANG, 3_000_000, 2)],
            }
        ],
    },
    {
        # No birth date (in no age band); withdrew, no income before. Registered three
        # hours into 2025 local time (still 2024 in UTC); lives in Bina Daksa, trained by
        # Bina Karya.
        "key": "intan",
        "registered": registered(2025, 1, 1, 3),
        "unit": "daksa",
        "regency": KOTA_MALANG,
        "sex": "P",
        "birth": None,
        "ppks": ["23"],
        "disabilities": [],
        "enrolments": [{"batch": "jahit-2025", "status": "withdrew", "income_before": None}],
        "grants": [],
        "businesses": [],
    },
]

AGE_BANDS = {"0-17": (0, 17), "18-35": (18, 35), "36-59": (36, 59), "60+": (60, 200)}


# -- the world in the database ---------------------------------------------------------


@pytest.fixture
def world(db):
    """FIXTURE created through the factories; returns the objects filters refer to."""
    funding = FundingSource.objects.get(name="APBD Provinsi")
    programs = {
        key: TrainingProgram.objects.create(
            name=p["name"],
            skill_area=SkillArea.objects.get(name=p["skill"]),
            funding_source=funding,
        )
        for key, p in PROGRAMS.items()
    }
    units = {key: upt(name) for key, name in UNITS.items()}
    batches = {
        key: Batch.objects.create(
            program=programs[b["program"]],
            name=b["name"],
            service_unit=units[b["unit"]],
            start_date=b["start"],
            end_date=b["start"] + datetime.timedelta(days=60),
            capacity=20,
        )
        for key, b in BATCHES.items()
    }
    visitor = UserFactory(username="petugas-kunjungan")  # hashed once, not per visit
    for c in FIXTURE:
        extra = {} if c["birth"] else {"nik": ""}
        client = ClientFactory(
            name=c["key"].title(),
            regency_code=c["regency"],
            sex=c["sex"],
            birth_date=c["birth"],
            ppks_types=list(PpksType.objects.filter(code__in=c["ppks"])),
            service_unit=units[c["unit"]] if c["unit"] else None,
            **extra,
        )
        # auto_now_add: the registration moment is written after the row.
        Client.objects.filter(pk=client.pk).update(created_at=c["registered"])
        client.disabilities.set(
            [DisabilityType.objects.get(kind__code=k, name=n) for k, n in c["disabilities"]]
        )
        enrolments = {}
        for e in c["enrolments"]:
            enrolments[e["batch"]] = EnrolmentFactory(
                batch=batches[e["batch"]],
                client=client,
                status=e["status"],
                income_before=e["income_before"],
                enrolled_on=BATCHES[e["batch"]]["start"] - datetime.timedelta(days=10),
                status_changed_on=BATCHES[e["batch"]]["start"] + datetime.timedelta(days=60),
                completed_on=(
                    BATCHES[e["batch"]]["start"] + datetime.timedelta(days=60)
                    if e["status"] == "completed"
                    else None
                ),
            )
        grants, items = {}, {}
        for g in c["grants"]:
            grant = GrantFactory(
                client=client,
                enrolment=enrolments[g["enrolment"]] if g["enrolment"] else None,
                handed_over_on=g["on"],
            )
            grants[g["key"]] = grant
            items[g["key"]] = [
                GrantItemFactory(
                    grant=grant,
                    equipment_type=EquipmentType.objects.get(name=name),
                    quantity=quantity,
                    unit_value=unit_value,
                )
                for name, quantity, unit_value in g["items"]
            ]
        for b in c["businesses"]:
            business = BusinessFactory(
                client=client, name=b["name"], grants=[grants[k] for k in b["grants"]]
            )
            for day, status, income, employees in b["visits"]:
                visit = FollowUpVisitFactory(
                    business=business,
                    visited_by=visitor,
                    visited_on=day,
                    status=status,
                    net_income=income,
                    employees=employees,
                )
                # Equipment checks must not multiply any figure.
                for key in b["grants"]:
                    for item in items[key]:
                        EquipmentCheck.objects.create(
                            visit=visit, grant_item=item, condition="dipakai"
                        )
    return {
        "programs": programs,
        "batches": batches,
        "units": units,
    }


def report_filters(world, spec) -> ReportFilters:
    """The ReportFilters of a spec written with the fixture's keys."""
    return ReportFilters(
        basis=spec.get("basis", "grant"),
        year_from=spec.get("year_from"),
        year_to=spec.get("year_to"),
        regency=Regency.objects.get(pk=spec["regency"]) if spec.get("regency") else None,
        service_unit=world["units"][spec["unit"]] if spec.get("unit") else None,
        program=world["programs"][spec["program"]] if spec.get("program") else None,
        batch=world["batches"][spec["batch"]] if spec.get("batch") else None,
        ppks_type=PpksType.objects.get(code=spec["ppks"]) if spec.get("ppks") else None,
        disability_kind=(
            DisabilityKind.objects.get(code=spec["kind"]) if spec.get("kind") else None
        ),
        sex=spec.get("sex", ""),
        age_band=spec.get("age_band", ""),
    )


# -- the expected figures, in plain Python ---------------------------------------------


def age_on(birth, day):
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def quarter_of(day):
    return d(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def mean(values):
    return sum(values) / len(values) if values else None


def median(values):
    return statistics.median(values) if values else None


def grant_value(grant):
    return sum(quantity * unit_value for _, quantity, unit_value in grant["items"])


def expected_report(spec, *, scope=None):
    """The report's figures for a filter spec, from FIXTURE alone.

    `scope`: the regencies the viewer may see (None: province-wide)."""
    year_from, year_to = spec.get("year_from"), spec.get("year_to")
    basis = spec.get("basis", "grant")

    def in_years(day):
        if day is None:
            return not year_from and not year_to
        return (not year_from or day.year >= year_from) and (not year_to or day.year <= year_to)

    def client_matches(c):
        if scope is not None and c["regency"] not in scope:
            return False
        if spec.get("regency") and c["regency"] != spec["regency"]:
            return False
        if spec.get("ppks") and spec["ppks"] not in c["ppks"]:
            return False
        if spec.get("kind") and spec["kind"] not in {k for k, _ in c["disabilities"]}:
            return False
        if spec.get("sex") and c["sex"] != spec["sex"]:
            return False
        if spec.get("age_band"):
            low, high = AGE_BANDS[spec["age_band"]]
            if c["birth"] is None or not low <= age_on(c["birth"], TODAY) <= high:
                return False
        return True

    def cohort_matches(batch_key):
        if spec.get("program") and (
            batch_key is None or BATCHES[batch_key]["program"] != spec["program"]
        ):
            return False
        if spec.get("unit") and (batch_key is None or BATCHES[batch_key]["unit"] != spec["unit"]):
            return False
        return not (spec.get("batch") and batch_key != spec["batch"])

    def registered_matches(c):
        """The registered clients: each filter is a condition on the client (see the
        definitions in programs/reports/figures.py)."""
        if not in_years(timezone.localtime(c["registered"]).date()):
            return False
        cohorts = [e["batch"] for e in c["enrolments"]]
        unit = spec.get("unit")
        if unit and c["unit"] != unit and all(BATCHES[k]["unit"] != unit for k in cohorts):
            return False
        if spec.get("program") and all(BATCHES[k]["program"] != spec["program"] for k in cohorts):
            return False
        return not (spec.get("batch") and spec["batch"] not in cohorts)

    clients = [c for c in FIXTURE if client_matches(c)]
    enrolments = [
        {**e, "client": c}
        for c in clients
        for e in c["enrolments"]
        if cohort_matches(e["batch"]) and in_years(BATCHES[e["batch"]]["start"])
    ]

    def period_day(g):
        if basis == "grant":
            return g["on"]
        return BATCHES[g["enrolment"]]["start"] if g["enrolment"] else None

    grants = [
        {**g, "client": c, "value": grant_value(g)}
        for c in clients
        for g in c["grants"]
        if cohort_matches(g["enrolment"]) and in_years(period_day(g))
    ]
    matching_keys = {g["key"] for g in grants}

    # Every grant of the fixture in creation order, for the baseline (the earliest one).
    all_grants = {}
    enrolment_of = {}
    for c in FIXTURE:
        for e in c["enrolments"]:
            enrolment_of[(c["key"], e["batch"])] = e
        for g in c["grants"]:
            all_grants[g["key"]] = {**g, "client": c, "order": len(all_grants)}

    businesses = []
    for c in FIXTURE:
        for b in c["businesses"]:
            if not matching_keys & set(b["grants"]):
                continue
            linked = sorted(
                (all_grants[k] for k in b["grants"]), key=lambda g: (g["on"], g["order"])
            )
            baselines = [
                enrolment_of[(c["key"], g["enrolment"])]["income_before"]
                for g in linked
                if g["enrolment"]
                and enrolment_of[(c["key"], g["enrolment"])]["income_before"] is not None
            ]
            latest = max(b["visits"], default=None, key=lambda v: v[0])
            business = {
                "client": c,
                "grant_keys": b["grants"],
                "visits": b["visits"],
                "status": latest[1] if latest else None,
                "income": latest[2] if latest else None,
                "employees": latest[3] if latest else None,
                "baseline": baselines[0] if baselines else None,
                "value": sum(grant_value(g) for g in linked),
            }
            business["change"] = (
                business["income"] - business["baseline"]
                if business["income"] is not None and business["baseline"] is not None
                else None
            )
            businesses.append(business)
    followed = [b for b in businesses if b["status"] is not None]

    enrolled = len({e["client"]["key"] for e in enrolments})
    completed = len({e["client"]["key"] for e in enrolments if e["status"] == "completed"})
    grantees = {g["client"]["key"] for g in grants}
    recently_visited = {
        c["key"] for c in FIXTURE for b in c["businesses"] for v in b["visits"] if v[0] >= CUTOFF
    }
    employees = sum(b["employees"] for b in followed)
    headline = {
        "clients": sum(1 for c in clients if registered_matches(c)),
        "enrolled": enrolled,
        "completed": completed,
        "completion_rate": completed / enrolled if enrolled else None,
        "grants": len(grants),
        "grantees": len(grantees),
        "grant_value": sum(g["value"] for g in grants),
        "businesses_followed": len(followed),
        "status_counts": {s: sum(1 for b in followed if b["status"] == s) for s in STATUSES},
        "income_median": median([b["income"] for b in followed]),
        "income_mean": mean([b["income"] for b in followed]),
        "baseline_median": median(
            [
                e["income_before"]
                for e in enrolments
                if e["status"] == "completed" and e["income_before"] is not None
            ]
        ),
        "change_median": median([b["change"] for b in businesses if b["change"] is not None]),
        "employees": employees,
        "people_working": sum(1 for b in followed if b["status"] != TUTUP) + employees,
        "coverage_visited": len(grantees & recently_visited),
        "payback_median_months": median(
            [b["value"] / b["income"] for b in followed if b["income"] > 0]
        ),
    }

    def row(label, in_enrolment, in_grant, in_business):
        members = [b for b in followed if in_business(b)]
        return (
            label,
            len({e["client"]["key"] for e in enrolments if in_enrolment(e)}),
            len(
                {
                    e["client"]["key"]
                    for e in enrolments
                    if in_enrolment(e) and e["status"] == "completed"
                }
            ),
            sum(1 for g in grants if in_grant(g)),
            sum(g["value"] for g in grants if in_grant(g)),
            len(members),
            sum(1 for b in members if b["status"] == BERKEMBANG),
            mean([b["income"] for b in members]),
        )

    def in_program(key):
        return lambda batch_key: batch_key is not None and BATCHES[batch_key]["program"] == key

    def by_cohort(test):
        # A business is in a program's (cohort's) row through its grants in the report:
        # the row's grants of the period, and the businesses working with them.
        return (
            lambda e: test(e["batch"]),
            lambda g: test(g["enrolment"]),
            lambda b: any(
                test(all_grants[k]["enrolment"]) for k in b["grant_keys"] if k in matching_keys
            ),
        )

    regencies = list(
        Regency.objects.filter(province_id=settings.PROVINCE_CODE)
        .order_by("code")
        .values_list("code", "name")
    )
    ppks_types = list(PpksType.objects.order_by("code").values_list("code", "name"))
    kinds = list(DisabilityKind.objects.order_by("code").values_list("code", "name"))
    # The cohorts in the report: those of the matching enrolments and of the matching grants.
    cohort_keys = {e["batch"] for e in enrolments} | {
        g["enrolment"] for g in grants if g["enrolment"]
    }
    cohorts = sorted(
        cohort_keys,
        key=lambda k: (PROGRAMS[BATCHES[k]["program"]]["name"], BATCHES[k]["start"]),
    )

    def client_is(test):
        return (
            lambda e: test(e["client"]),
            lambda g: test(g["client"]),
            lambda b: test(b["client"]),
        )

    # The grants tied to no training have a row of their own in the program and cohort
    # breakdowns, when there are any, so that those rows add up to the report's grants.
    with translation.override(settings.LANGUAGE_CODE):
        no_training = translation.gettext("No training")
    untied = (
        [row(no_training, *by_cohort(lambda batch_key: batch_key is None))]
        if any(g["enrolment"] is None for g in grants)
        else []
    )

    breakdowns = {
        "regency": [
            row(name, *client_is(lambda c, code=code: c["regency"] == code))
            for code, name in regencies
        ],
        "program": [
            row(PROGRAMS[key]["name"], *by_cohort(in_program(key)))
            for key in sorted(PROGRAMS, key=lambda k: PROGRAMS[k]["name"])
        ]
        + untied,
        "batch": [
            row(
                f"{PROGRAMS[BATCHES[key]['program']]['name']}: {BATCHES[key]['name']}",
                *by_cohort(lambda batch_key, key=key: batch_key == key),
            )
            for key in cohorts
        ]
        + untied,
        "ppks_type": [
            row(name, *client_is(lambda c, code=code: code in c["ppks"]))
            for code, name in ppks_types
        ],
        "disability_kind": [
            row(
                name,
                *client_is(lambda c, code=code: code in {k for k, _ in c["disabilities"]}),
            )
            for code, name in kinds
        ],
        "sex": [
            row(str(label), *client_is(lambda c, value=value: c["sex"] == value))
            for value, label in Client.Sex.choices
        ],
    }

    quarters = {}
    for b in businesses:
        for day, status, income, _ in b["visits"]:
            quarters.setdefault(quarter_of(day), []).append((status, income))
    trend = [
        (
            quarter,
            len(visits),
            sum(1 for status, _ in visits if status == BERKEMBANG),
            mean([income for _, income in visits]),
        )
        for quarter, visits in sorted(quarters.items())
    ]
    return {"headline": headline, "breakdowns": breakdowns, "trend": trend}


# -- what the report says, in the same shapes -------------------------------------------


def rounded(value):
    return round(value, 6) if isinstance(value, float) else value


def normalised(value):
    """Floats rounded (the database and Python may differ in the last bit)."""
    if isinstance(value, dict):
        return {k: normalised(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(normalised(v) for v in value)
    return rounded(value)


def actual_report(user, filters):
    with translation.override(settings.LANGUAGE_CODE):
        report = outcome_report(user, filters, today=TODAY, interval_months=INTERVAL)
        headline = asdict(report.headline)
        headline["completion_rate"] = report.headline.completion_rate
        breakdowns = {
            b.key: [
                (
                    r.label,
                    r.enrolled,
                    r.completed,
                    r.grants,
                    r.grant_value,
                    r.followed,
                    r.developing,
                    r.income_mean,
                )
                for r in b.rows
            ]
            for b in report.breakdowns
        }
        trend = [(q.quarter, q.visits, q.developing, q.income_mean) for q in report.trend]
    return {"headline": headline, "breakdowns": breakdowns, "trend": trend}


def assert_same_report(actual, expected):
    assert normalised(actual["headline"]) == normalised(expected["headline"])
    assert list(actual["breakdowns"]) == [
        "regency",
        "program",
        "batch",
        "ppks_type",
        "disability_kind",
        "sex",
    ]
    # The cohort breakdown last: the others are checked even when it differs.
    for key in ["regency", "program", "ppks_type", "disability_kind", "sex", "batch"]:
        assert normalised(actual["breakdowns"][key]) == normalised(expected["breakdowns"][key]), key
    assert normalised(actual["trend"]) == normalised(expected["trend"])


# -- the tests -------------------------------------------------------------------------


def test_the_cutoff_is_six_months_before_today():
    assert months_ago(TODAY, INTERVAL) == CUTOFF


def test_unfiltered_headline_by_hand(world, manager):
    """The figures of the whole fixture, worked out on paper (checks the model too)."""
    expected = {
        "clients": 9,
        "enrolled": 8,  # all but Hadi
        "completed": 7,  # all but Hadi and Intan
        "completion_rate": 7 / 8,
        "grants": 8,
        "grantees": 7,
        "grant_value": 22_850_000,
        "businesses_followed": 6,  # Roti Citra never visited; Warung Hadi has no grant
        "status_counts": {BERKEMBANG: 3, STAGNAN: 1, BELUM: 1, TUTUP: 1},
        # latest incomes 0, 700k, 900k, 1.3M, 1.8M, 2.5M
        "income_median": 1_100_000,
        "income_mean": 1_200_000,
        # completed enrolments: 300k, 350k, 400k, 450k, 500k, 600k (Fajar has none)
        "baseline_median": 425_000,
        # changes -350k, 100k, 600k, 1M, 1.4M (Fajar: no baseline; Citra: no visit)
        "change_median": 600_000,
        "employees": 7,
        "people_working": 12,  # 5 open businesses + 7 employees
        "coverage_visited": 4,  # Ani, Budi, Fajar, Gita (Dewi a day too early)
        # 2.5M/2.5M, 3M/1.3M, 5.25M/1.8M, 3M/0.9M, 4.5M/0.7M
        "payback_median_months": 5_250_000 / 1_800_000,
    }
    assert normalised(actual_report(manager, ReportFilters())["headline"]) == normalised(expected)
    assert normalised(expected_report({})["headline"]) == normalised(expected)


def test_unfiltered_trend_by_hand(world, manager):
    trend = actual_report(manager, ReportFilters())["trend"]

    assert normalised(trend) == [
        (d(2025, 1, 1), 2, 1, 800_000.0),
        (d(2025, 10, 1), 1, 1, 1_200_000.0),
        (d(2026, 1, 1), 1, 1, 1_300_000.0),
        (d(2026, 4, 1), 2, 0, 350_000.0),
        (d(2026, 7, 1), 2, 2, 1_900_000.0),
        (d(2026, 10, 1), 2, 1, 1_700_000.0),
    ]


def test_every_regency_of_the_province_is_a_row(world, manager):
    rows = actual_report(manager, ReportFilters())["breakdowns"]["regency"]

    assert len(rows) == 38
    by_label = {r[0]: r for r in rows}
    malang = by_label[str(Regency.objects.get(pk=KOTA_MALANG))]
    bojonegoro = by_label[str(Regency.objects.get(pk=BOJONEGORO))]
    # enrolled, completed, grants, value, followed, developing, mean income
    assert normalised(malang[1:]) == (5, 4, 4, 12_950_000, 4, 3, 1_625_000.0)
    assert normalised(bojonegoro[1:]) == (3, 3, 4, 9_900_000, 2, 0, 350_000.0)
    others = [r for r in rows if r is not malang and r is not bojonegoro]
    assert all(r[1:] == (0, 0, 0, 0, 0, 0, None) for r in others)


def test_the_grant_tied_to_no_training_has_a_row_by_program_and_by_cohort(world, manager):
    """Gita's display case followed no training: a row of its own, so that the program
    and cohort rows add up to the report's eight grants (worked out on paper)."""
    breakdowns = actual_report(manager, ReportFilters())["breakdowns"]

    with translation.override(settings.LANGUAGE_CODE):
        label = translation.gettext("No training")
    for key in ["program", "batch"]:
        rows = breakdowns[key]
        # enrolled, completed, grants, value, followed (Obras Gita), developing, mean income
        assert normalised(rows[-1]) == (label, 0, 0, 1, 1_750_000, 1, 0, 700_000.0), key
        assert sum(r[3] for r in rows) == 8, key
        assert sum(r[4] for r in rows) == 22_850_000, key


def test_disability_kind_counts_a_client_with_two_disabilities_of_one_kind_once(world, manager):
    rows = {
        r[0]: r for r in actual_report(manager, ReportFilters())["breakdowns"]["disability_kind"]
    }

    fisik = rows[DisabilityKind.objects.get(code="fisik").name]
    # Ani (two fisik disabilities) and Fajar: two grants, 5.25M + 2.5M, not 2 x 5.25M + 2.5M.
    assert normalised(fisik[1:]) == (2, 2, 2, 7_750_000, 2, 2, 2_150_000.0)
    sensorik = rows[DisabilityKind.objects.get(code="sensorik").name]
    # Budi (two businesses) and Fajar.
    assert normalised(sensorik[1:]) == (2, 2, 2, 5_500_000, 3, 2, 1_566_666.666667)


FILTER_SPECS = {
    "everything": {},
    "program boga": {"program": "boga"},
    "program jahit": {"program": "jahit"},
    "cohort jahit 2025": {"batch": "jahit-2025"},
    "cohort boga 2026": {"batch": "boga-2026"},
    "regency Bojonegoro": {"regency": BOJONEGORO},
    "regency Kota Malang": {"regency": KOTA_MALANG},
    "men": {"sex": "L"},
    "women": {"sex": "P"},
    "age 0-17": {"age_band": "0-17"},
    "age 18-35": {"age_band": "18-35"},
    "age 36-59": {"age_band": "36-59"},
    "age 60+": {"age_band": "60+"},
    "grants of 2024": {"basis": "grant", "year_from": 2024, "year_to": 2024},
    "grants of 2025": {"basis": "grant", "year_from": 2025, "year_to": 2025},
    "grants of 2026": {"basis": "grant", "year_from": 2026, "year_to": 2026},
    "grants from 2025": {"basis": "grant", "year_from": 2025},
    "grants until 2024": {"basis": "grant", "year_to": 2024},
    "training of 2025": {"basis": "training", "year_from": 2025, "year_to": 2025},
    "training of 2026": {"basis": "training", "year_from": 2026, "year_to": 2026},
    "training until 2025": {"basis": "training", "year_to": 2025},
    "training, no years": {"basis": "training"},
    "unit Bina Karya": {"unit": "karya"},
    "unit Bina Daksa": {"unit": "daksa"},
    "Bina Karya, Menjahit": {"unit": "karya", "program": "jahit"},
    "Bina Daksa, Tata Boga": {"unit": "daksa", "program": "boga"},
    "Bina Karya, training of 2026": {"unit": "karya", "basis": "training", "year_from": 2026},
    "registered until 2023": {"year_to": 2023},
    "PPKS 24 (fakir miskin)": {"ppks": "24"},
    "PPKS 23": {"ppks": "23"},
    "disability fisik": {"kind": "fisik"},
    "disability sensorik": {"kind": "sensorik"},
    "disability intelektual": {"kind": "intelektual"},
    "jahit, women, 2024-2025": {
        "program": "jahit",
        "sex": "P",
        "basis": "training",
        "year_from": 2024,
        "year_to": 2025,
    },
    "no match: PPKS 26": {"ppks": "26"},
    "no match: mental disability": {"kind": "mental"},
    "no match: Malang, 60+": {"regency": KOTA_MALANG, "age_band": "60+"},
    "no match: grants of 2030": {"year_from": 2030},
}


@pytest.mark.parametrize("spec", FILTER_SPECS.values(), ids=FILTER_SPECS.keys())
def test_report_equals_figures_computed_by_hand(world, manager, spec):
    actual = actual_report(manager, report_filters(world, spec))

    assert_same_report(actual, expected_report(spec))


def test_a_filter_matching_nothing_gives_zeros_and_no_values(world, manager):
    actual = actual_report(manager, report_filters(world, {"ppks": "26"}))

    assert actual["headline"] == {
        "clients": 0,
        "enrolled": 0,
        "completed": 0,
        "completion_rate": None,
        "grants": 0,
        "grantees": 0,
        "grant_value": 0,
        "businesses_followed": 0,
        "status_counts": {BERKEMBANG: 0, STAGNAN: 0, BELUM: 0, TUTUP: 0},
        "income_median": None,
        "income_mean": None,
        "baseline_median": None,
        "change_median": None,
        "employees": 0,
        "people_working": 0,
        "coverage_visited": 0,
        "payback_median_months": None,
    }
    zeros = (0, 0, 0, 0, 0, 0, None)
    assert len(actual["breakdowns"]["regency"]) == 38
    assert len(actual["breakdowns"]["program"]) == 2
    assert len(actual["breakdowns"]["ppks_type"]) == 26
    assert len(actual["breakdowns"]["disability_kind"]) == 4
    assert len(actual["breakdowns"]["sex"]) == 2
    for key in ["regency", "program", "ppks_type", "disability_kind", "sex"]:
        assert all(r[1:] == zeros for r in actual["breakdowns"][key]), key
    assert actual["breakdowns"]["batch"] == []
    assert actual["trend"] == []


def test_the_status_shares_and_rates(world, manager):
    with translation.override(settings.LANGUAGE_CODE):
        h = outcome_report(manager, ReportFilters(), today=TODAY, interval_months=INTERVAL).headline

    assert h.status_shares == {BERKEMBANG: 3 / 6, STAGNAN: 1 / 6, BELUM: 1 / 6, TUTUP: 1 / 6}
    assert h.coverage_rate == 4 / 7
    assert h.completion_rate == 7 / 8


def test_a_program_filter_leaves_the_other_programs_rows_empty(world, manager):
    """Fajar's business works with a Tata Boga grant and, now, a Menjahit one too.

    Filtered to Menjahit, the report takes in his business through the Menjahit grant; the
    Tata Boga row must still be empty (no enrolment, no grant, so no business followed),
    not show the business because it also has a Tata Boga grant outside the report."""
    fajar = Client.objects.get(name="Fajar")
    enrolment = EnrolmentFactory(
        batch=world["batches"]["jahit-2025"],
        client=fajar,
        status="completed",
        completed_on=d(2025, 5, 2),
        income_before=100_000,
    )
    grant = GrantFactory(client=fajar, enrolment=enrolment, handed_over_on=d(2025, 8, 1))
    GrantItemFactory(grant=grant, quantity=1, unit_value=1_000_000)
    fajar.businesses.get().grants.add(grant)

    actual = actual_report(manager, report_filters(world, {"program": "jahit"}))

    rows = {r[0]: r for r in actual["breakdowns"]["program"]}
    assert normalised(rows[PROGRAMS["jahit"]["name"]][1:]) == (
        8,  # Ani, Budi, Citra (withdrew), Dewi (failed), Eko, Gita, Intan (withdrew), Fajar
        5,  # Ani, Budi, Eko, Gita, Fajar
        5,  # Ani 5.25M, Budi 3M, Eko 3M, Gita 2.75M, Fajar 1M (Gita's etalase: no training)
        15_000_000,
        5,  # Konveksi Ani, Katering Budi, Kue Budi, Obras Gita, Jahit Fajar
        3,
        1_440_000.0,  # (1.8M + 0.9M + 1.3M + 0.7M + 2.5M) / 5
    )
    assert rows[PROGRAMS["boga"]["name"]][1:] == (0, 0, 0, 0, 0, 0, None)


def test_the_cohort_breakdown_accounts_for_every_grant_of_the_period(world, manager):
    """Grants of 2026 include Eko's, from the 2025 cohort: the cohort table must show it.

    The program table does (Menjahit: 1 grant, Rp3.000.000); the cohort table should add
    up the same way, with the cohort's enrolment columns at zero for a period outside its
    training year."""
    actual = actual_report(
        manager, report_filters(world, {"basis": "grant", "year_from": 2026, "year_to": 2026})
    )

    jahit_name = PROGRAMS["jahit"]["name"]
    program_row = next(r for r in actual["breakdowns"]["program"] if r[0] == jahit_name)
    assert program_row[3:5] == (1, 3_000_000)
    cohort_grants = sum(r[3] for r in actual["breakdowns"]["batch"])
    cohort_value = sum(r[4] for r in actual["breakdowns"]["batch"])
    program_grants = sum(r[3] for r in actual["breakdowns"]["program"])
    program_value = sum(r[4] for r in actual["breakdowns"]["program"])
    assert (cohort_grants, cohort_value) == (program_grants, program_value)


# -- scope -----------------------------------------------------------------------------


SCOPE_SPECS = {
    "everything": {},
    "unit Bina Karya": {"unit": "karya"},
    "program jahit": {"program": "jahit"},
    "grants of 2026": {"basis": "grant", "year_from": 2026, "year_to": 2026},
    "women": {"sex": "P"},
    "disability fisik": {"kind": "fisik"},
    "no match: Bojonegoro": {"regency": BOJONEGORO},
}


@pytest.mark.parametrize("spec", SCOPE_SPECS.values(), ids=SCOPE_SPECS.keys())
def test_a_social_worker_in_kota_malang_sees_figures_of_kota_malang_only(
    world, worker_malang, spec
):
    actual = actual_report(worker_malang, report_filters(world, spec))

    assert_same_report(actual, expected_report(spec, scope={KOTA_MALANG}))


def test_a_social_worker_in_bojonegoro_sees_figures_of_bojonegoro_only(world, worker_bojonegoro):
    actual = actual_report(worker_bojonegoro, ReportFilters())

    assert_same_report(actual, expected_report({}, scope={BOJONEGORO}))
    assert actual["headline"]["clients"] == 3
    assert actual["headline"]["grant_value"] == 9_900_000


def test_scope_limits_every_figure(world, worker_malang, manager):
    """Kota Malang's report equals the manager's report filtered to Kota Malang."""
    mine = actual_report(worker_malang, ReportFilters())
    filtered = actual_report(manager, ReportFilters(regency=Regency.objects.get(pk=KOTA_MALANG)))

    assert mine == filtered
    assert mine["headline"]["clients"] == 6
    malang_row = next(
        r for r in mine["breakdowns"]["regency"] if r[0] == str(Regency.objects.get(pk=KOTA_MALANG))
    )
    assert malang_row[4] == mine["headline"]["grant_value"] == 12_950_000
    assert all(
        r[1:] == (0, 0, 0, 0, 0, 0, None)
        for r in mine["breakdowns"]["regency"]
        if r[0] != malang_row[0]
    )


def test_a_user_without_a_scope_sees_nothing(world, outsider):
    actual = actual_report(outsider, ReportFilters())

    assert actual["headline"]["clients"] == 0
    assert actual["headline"]["grants"] == 0
    assert actual["trend"] == []


def test_latest_visit_decides_even_when_recorded_out_of_order(world, manager):
    """A visit recorded later but dated earlier does not become the latest."""
    business = FollowUpVisit.objects.get(
        business__name="Jahit Fajar", visited_on=d(2026, 11, 2)
    ).business
    FollowUpVisitFactory(
        business=business, visited_on=d(2026, 1, 5), status=TUTUP, net_income=0, employees=0
    )

    h = actual_report(manager, ReportFilters())["headline"]

    assert h["status_counts"] == {BERKEMBANG: 3, STAGNAN: 1, BELUM: 1, TUTUP: 1}
    assert h["employees"] == 7
