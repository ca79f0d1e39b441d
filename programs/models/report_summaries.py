"""The outcome report's summaries: its figures aggregated ahead of the request.

Derived data, written only by programs/reports/summaries/ in the same transaction as every
write that changes a figure (as `Business.latest_*` are), rebuilt and checked by
`manage.py rebuild_report_summaries`. Never edited by hand.

- ReportClientFacts: what the report needs to know about one client (their regency, sex,
  unit, PPKS types, disability kinds, registration year, enrolments, grants, businesses and
  visits by quarter), as last summarised. It is how a change is applied as a difference:
  the client's old contribution to the summaries is worked out from these facts, the new
  one from the records, and only what changed is written.
- ReportSummary: the figures, one row per combination of what the report can ask (see
  programs/reports/summaries/contributions.py): the people counted once per combination
  (so that adding rows never counts a person twice), the grants, businesses, visits by
  quarter and the values the medians are found among.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from beneficiaries.models import Client, Regency, ServiceUnit


class ReportClientFacts(models.Model):
    # No constraint and no cascade: when a client is deleted, the refresh that follows
    # still finds what they added, takes it away, and then removes this row.
    client = models.OneToOneField(
        Client,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        primary_key=True,
        related_name="+",
    )
    # None: the client counts in no figure (archived).
    facts = models.JSONField(null=True)

    class Meta:
        verbose_name = _("report facts of a client")
        verbose_name_plural = _("report facts of clients")

    def __str__(self):
        return str(self.client_id)


class ReportSummary(models.Model):
    """One row of the report's summaries. `key` is the whole combination as text (unique:
    the row a difference is added to); the other key columns are the same combination for
    the report's WHERE and GROUP BY. Which columns a kind uses is said in
    programs/reports/summaries/contributions.py."""

    key = models.TextField(unique=True)
    kind = models.CharField(max_length=10)
    # The client's cell: what the scope rule and the regency and sex filters select on.
    # Plain columns without a constraint (derived data; a regency or unit is never deleted
    # while clients refer to it).
    regency = models.ForeignKey(
        Regency, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    sex = models.CharField(max_length=1)
    service_unit = models.ForeignKey(
        ServiceUnit,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
    )
    # The one further filter the row counts under ("-": none; "program:3", "unit:2",
    # "ppks:5", "kind:1") and the breakdown row it counts in ("total", "program:3",
    # "program:-" for no training, "batch:17", "ppks:5", "kind:1").
    filter = models.CharField(max_length=30)
    breakdown = models.CharField(max_length=30)
    batch_id = models.IntegerField(null=True)  # the breakdown's cohort, for "batch:" rows
    figure = models.CharField(max_length=12, blank=True)
    basis = models.CharField(max_length=1, blank=True)  # "g": grant date, "t": training
    # The years the counted records fall in, comma-separated ("n": a grant without a
    # training has no training year); a row counts under a period when one of them is in it.
    years = models.CharField(max_length=120, blank=True)
    handed_year = models.IntegerField(null=True)
    start_year = models.IntegerField(null=True)
    day = models.DateField(null=True)  # the last visit (visited), the quarter (trend)
    value = models.FloatField(null=True)  # the value a median is found among
    # The measures.
    n = models.BigIntegerField(default=0)
    amount = models.BigIntegerField(default=0)
    developing = models.BigIntegerField(default=0)
    flat = models.BigIntegerField(default=0)
    not_yet = models.BigIntegerField(default=0)
    closed = models.BigIntegerField(default=0)
    income_sum = models.BigIntegerField(default=0)
    income_n = models.BigIntegerField(default=0)
    employees = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("report summary row")
        verbose_name_plural = _("report summary rows")
        indexes = [
            models.Index(fields=["kind", "filter", "breakdown"], name="report_summary_lookup_idx"),
            models.Index(fields=["batch_id"], name="report_summary_batch_idx"),
        ]

    def __str__(self):
        return self.key


MEASURES = (
    "n",
    "amount",
    "developing",
    "flat",
    "not_yet",
    "closed",
    "income_sum",
    "income_n",
    "employees",
)
