"""The outcome report's breakdowns (by regency, sex, program, cohort, PPKS type and
disability kind) and its quarterly trend, each from grouped passes (passes.py)."""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Avg, Count, Q
from django.db.models.functions import TruncQuarter
from django.utils.translation import gettext_lazy as _

from beneficiaries.models import Client, DisabilityKind, PpksType, Regency

from ..models import Batch, Business, FollowUpVisit, TrainingProgram
from . import passes


@dataclass
class BreakdownRow:
    label: str
    enrolled: int
    completed: int
    grants: int
    grant_value: int
    followed: int
    developing: int
    income_mean: float | None
    without_training: bool = False  # the row of the grants tied to no training

    @property
    def developing_share(self):
        return self.developing / self.followed if self.followed else None


@dataclass
class Breakdown:
    key: str
    title: str
    rows: list[BreakdownRow] = field(default_factory=list)
    hidden: int = 0  # categories left out (cohorts beyond COHORT_ROWS)


# A province runs thousands of cohorts over the years: the breakdown by cohort shows the
# most recent ones, and says how many more there are (a program or year filter narrows it).
COHORT_ROWS = 50


def _row(label, e=None, g=None, b=None) -> BreakdownRow:
    e, g, b = e or {}, g or {}, b or {}
    return BreakdownRow(
        label=label,
        enrolled=e.get("enrolled") or 0,
        completed=e.get("completed") or 0,
        grants=g.get("grants_n") or 0,
        grant_value=int(g.get("grant_value") or 0),
        followed=b.get("followed") or 0,
        developing=int(b.get("developing") or 0),
        income_mean=passes.mean(b),
    )


def _rows(categories, key_of, e, g, b):
    return [_row(str(c), e.get(key_of(c)), g.get(key_of(c)), b.get(key_of(c))) for c in categories]


def _without_training(g, b) -> list[BreakdownRow]:
    """The row of the grants tied to no training (key None of a grouping by the grant's
    program or cohort), when there are any: without it a program's or cohort's rows would
    not add up to the report's grants, and the missing grants would go unnoticed."""
    if not (g.get(None) or {}).get("grants_n"):
        return []
    row = _row(str(_("No training")), None, g.get(None), b.get(None))
    row.without_training = True
    return [row]


def _by_regency_and_sex(parts) -> list[Breakdown]:
    e, g, b = (parts[name] for name in ("enrolments", "grants", "businesses"))
    regencies = Regency.objects.filter(province_id=settings.PROVINCE_CODE).order_by("code")
    by_regency = [passes.rolled_up(figures, 0) for figures in (e, g, b)]
    by_sex = [passes.rolled_up(figures, 1) for figures in (e, g, b)]
    return [
        Breakdown("regency", _("By regency/city"), _rows(regencies, lambda r: r.pk, *by_regency)),
        Breakdown(
            "sex",
            _("By sex"),
            [
                _row(str(label), *(figures.get(value) for figures in by_sex))
                for value, label in Client.Sex.choices
            ],
        ),
    ]


def _by_program(enrolments, grants, businesses) -> Breakdown:
    # A business is in a program's row through its grants in the report (and in the row
    # "No training" through a grant tied to none).
    in_report = Business.grants.through.objects.filter(grant__in=grants.values("pk"))
    g = passes.grant_figures(grants, "enrolment__batch__program")
    b = passes.business_figures_over_pairs(
        passes.pairs(in_report, "grant__enrolment__batch__program", "business_id")
    )
    rows = _rows(
        TrainingProgram.objects.order_by("name"),
        lambda p: p.pk,
        passes.enrolment_figures(enrolments, "batch__program"),
        g,
        b,
    )
    return Breakdown("program", _("By program"), rows + _without_training(g, b))


def _by_cohort(enrolments, grants, businesses) -> Breakdown:
    """The cohorts of the period's enrolments and of its grants (a 2026 grant may follow a
    2025 cohort): the COHORT_ROWS most recent, by program and start."""
    e = passes.enrolment_figures(enrolments, "batch")
    g = passes.grant_figures(grants, "enrolment__batch")
    ids = (set(e) | set(g)) - {None}
    shown = list(
        Batch.objects.filter(pk__in=ids)
        .select_related("program")
        .order_by("-start_date", "-pk")[:COHORT_ROWS]
    )
    shown.sort(key=lambda batch: (batch.program.name, batch.start_date, batch.pk))
    in_report = Business.grants.through.objects.filter(
        Q(grant__enrolment__batch__in=[c.pk for c in shown]) | Q(grant__enrolment__isnull=True),
        grant__in=grants.values("pk"),
    )
    b = passes.business_figures_over_pairs(
        passes.pairs(in_report, "grant__enrolment__batch", "business_id")
    )
    rows = _rows(shown, lambda c: c.pk, e, g, b) + _without_training(g, b)
    return Breakdown("batch", _("By cohort"), rows, len(ids) - len(shown))


def _by_ppks_type(enrolments, grants, businesses) -> Breakdown:
    # A client holds each PPKS type once: joining them counts no one twice.
    return Breakdown(
        "ppks_type",
        _("By PPKS type"),
        _rows(
            PpksType.objects.order_by("code"),
            lambda t: t.pk,
            passes.enrolment_figures(enrolments, "client__ppks_types"),
            passes.grant_figures(grants, "client__ppks_types"),
            passes.business_figures(businesses, "client__ppks_types"),
        ),
    )


def _by_disability_kind(enrolments, grants, businesses) -> Breakdown:
    # Two disabilities of one kind: the client, their grants and businesses count once.
    kind = "client__disabilities__kind"
    return Breakdown(
        "disability_kind",
        _("By disability kind"),
        _rows(
            DisabilityKind.objects.order_by("code"),
            lambda k: k.pk,
            passes.enrolment_figures(enrolments, kind),
            passes.grant_figures_over_pairs(passes.pairs(grants, kind)),
            passes.business_figures_over_pairs(passes.pairs(businesses, kind)),
        ),
    )


def breakdowns(enrolments, grants, businesses, *, parts) -> list[Breakdown]:
    """The six breakdowns, in the page's order; `parts` from `partition_figures()`."""
    regency, sex = _by_regency_and_sex(parts)
    return [
        regency,
        _by_program(enrolments, grants, businesses),
        _by_cohort(enrolments, grants, businesses),
        _by_ppks_type(enrolments, grants, businesses),
        _by_disability_kind(enrolments, grants, businesses),
        sex,
    ]


@dataclass
class QuarterRow:
    quarter: datetime.date
    visits: int
    developing: int
    income_mean: float | None

    @property
    def label(self):
        return f"{self.quarter.year} T{(self.quarter.month - 1) // 3 + 1}"


def visit_trend(businesses) -> list[QuarterRow]:
    rows = (
        FollowUpVisit.objects.active()
        .filter(business__in=businesses.values("pk"))
        .annotate(quarter=TruncQuarter("visited_on"))
        .order_by()
        .values("quarter")
        .annotate(
            visits=Count("id"),
            developing=Count("id", filter=Q(status=FollowUpVisit.Status.DEVELOPING)),
            income_mean=Avg("net_income"),
        )
        .order_by("quarter")
    )
    return [
        QuarterRow(
            r["quarter"].date() if hasattr(r["quarter"], "date") else r["quarter"],
            r["visits"],
            r["developing"],
            r["income_mean"],
        )
        for r in rows
    ]
