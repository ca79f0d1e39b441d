from django import forms
from django.conf import settings
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from beneficiaries.models import Client, DisabilityKind, PpksType, Regency, ServiceUnit

from ..models import Batch, TrainingProgram
from .figures import AGE_BANDS, ReportFilters, outcome_report

# A province runs thousands of cohorts: the drop-down offers the most recent ones (of the
# chosen program, if any); any cohort is still accepted, e.g. from a shared link.
COHORT_CHOICES = 200


class CohortChoiceIterator(ModelChoiceIterator):
    def __iter__(self):
        field = self.field
        if field.empty_label is not None:
            yield ("", field.empty_label)
        shown = field.queryset.order_by("-start_date", "-pk")
        if field.program_id:
            shown = shown.filter(program_id=field.program_id)
        shown = list(shown[:COHORT_CHOICES])
        if field.selected_id and all(str(b.pk) != str(field.selected_id) for b in shown):
            shown += list(field.queryset.filter(pk=field.selected_id))
        for batch in sorted(shown, key=lambda b: (b.program.name, b.start_date, b.pk)):
            yield self.choice(batch)

    def __len__(self):
        return COHORT_CHOICES + 2


class CohortChoiceField(forms.ModelChoiceField):
    iterator = CohortChoiceIterator
    program_id = None  # set by the form from its data
    selected_id = None


class ReportFilterForm(forms.Form):
    """The report's filters. They live in the URL, so a filtered report can be shared."""

    basis = forms.ChoiceField(
        label=_("Period by"),
        choices=[("grant", _("Grant date")), ("training", _("Training year"))],
        initial="grant",
        required=False,
    )
    year_from = forms.IntegerField(
        label=_("From year"), min_value=2000, max_value=2100, required=False
    )
    year_to = forms.IntegerField(label=_("To year"), min_value=2000, max_value=2100, required=False)
    regency = forms.ModelChoiceField(
        label=_("Regency/city"),
        queryset=Regency.objects.none(),
        required=False,
        empty_label=_("All regencies/cities"),
    )
    service_unit = forms.ModelChoiceField(
        label=_("Service unit"),
        queryset=ServiceUnit.objects.all(),
        required=False,
        empty_label=_("All service units"),
    )
    program = forms.ModelChoiceField(
        label=_("Program"),
        queryset=TrainingProgram.objects.all(),
        required=False,
        empty_label=_("All programs"),
    )
    batch = CohortChoiceField(
        label=_("Cohort"),
        queryset=Batch.objects.select_related("program"),
        required=False,
        empty_label=_("All cohorts"),
    )
    ppks_type = forms.ModelChoiceField(
        label=_("PPKS type"),
        queryset=PpksType.objects.all(),
        required=False,
        empty_label=_("All PPKS types"),
    )
    disability_kind = forms.ModelChoiceField(
        label=_("Disability kind"),
        queryset=DisabilityKind.objects.all(),
        required=False,
        empty_label=_("All disability kinds"),
    )
    sex = forms.ChoiceField(
        label=_("Sex"), choices=[("", _("Both")), *Client.Sex.choices], required=False
    )
    age_band = forms.ChoiceField(
        label=_("Age"),
        choices=[("", _("All ages")), *((band, band) for band in AGE_BANDS)],
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regency"].queryset = Regency.objects.filter(province_id=settings.PROVINCE_CODE)
        cohort = self.fields["batch"]
        cohort.program_id = _digits(self.data.get("program"))
        cohort.selected_id = _digits(self.data.get("batch"))

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("year_from"), cleaned.get("year_to")
        if start and end and end < start:
            self.add_error("year_to", _("The last year cannot be before the first."))
        return cleaned

    def to_filters(self) -> ReportFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return ReportFilters(
            basis=data.get("basis") or "grant",
            year_from=data.get("year_from"),
            year_to=data.get("year_to"),
            regency=data.get("regency"),
            service_unit=data.get("service_unit"),
            program=data.get("program"),
            batch=data.get("batch"),
            ppks_type=data.get("ppks_type"),
            disability_kind=data.get("disability_kind"),
            sex=data.get("sex") or "",
            age_band=data.get("age_band") or "",
        )

    def described(self) -> list[tuple[str, str]]:
        """The filters in force, as (label, value) pairs for the page and the exports."""
        if not self.is_valid():
            return []
        described = []
        for name, value in self.cleaned_data.items():
            if value in (None, ""):
                continue
            field = self.fields[name]
            if isinstance(field, forms.ChoiceField) and not isinstance(
                field, forms.ModelChoiceField
            ):
                value = dict(field.choices).get(value, value)
            described.append((str(field.label), str(value)))
        return described


def _digits(value):
    """An id from the query string, or None (the field itself validates it)."""
    value = str(value or "")
    return int(value) if value.isascii() and value.isdigit() and len(value) < 18 else None


class RegencyYearForm(forms.Form):
    """The filters of the smaller reports (grievances, market support): a regency/city and
    a year; each report names what its year is the year of (`year_label`)."""

    year_label = _("Year")

    regency = forms.ModelChoiceField(
        label=_("Regency/city"),
        queryset=Regency.objects.in_province(),
        required=False,
        empty_label=_("All"),
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].label = self.year_label

    def chosen(self) -> dict:
        """The valid filters (none when the form is unbound or invalid)."""
        return self.cleaned_data if self.is_bound and self.is_valid() else {}


def report_requested(user, data, *, today):
    """The outcome report a query (the page's GET, or a job's stored query) asks for, as
    `user` may see it: (its bound or default form, the report). One home for the page and
    the workbook's job."""
    form = ReportFilterForm(data or None)
    report = outcome_report(
        user,
        form.to_filters() if form.is_bound else ReportFilterForm().to_filters(),
        today=today,
        interval_months=settings.FOLLOW_UP_INTERVAL_MONTHS,
    )
    return form, report
