from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from beneficiaries.forms import DateInput, ModelMultipleChoiceField
from beneficiaries.models import ServiceUnit
from core.form_versions import VersionedFormMixin
from core.form_warnings import ConfirmableWarningsMixin
from core.images import photo_prepare

from . import selectors
from .documents import grant_document_prepare
from .fields import RupiahField
from .models import (
    Batch,
    Business,
    Enrolment,
    EquipmentCheck,
    EquipmentType,
    FollowUpVisit,
    FundingSource,
    Grant,
    GrantItem,
    SupportKind,
)

# The largest count a PositiveSmallIntegerField holds on PostgreSQL. SQLite takes more, and
# the reports' sums of such counts (and of quantities times amounts) would overflow there:
# the plain forms below refuse more on every database alike.
MAX_COUNT = 32_767


class BatchForm(forms.ModelForm):
    class Meta:
        model = Batch
        fields = ["name", "service_unit", "venue", "start_date", "end_date", "capacity"]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service_unit"].queryset = ServiceUnit.objects.filter(active=True)


class EnrolForm(forms.Form):
    """Enrol one client, chosen from the viewer's visible clients (the queryset is scoped,
    so an out-of-scope id is an invalid choice, never an enrolment), on a date."""

    client = forms.ModelChoiceField(queryset=None, widget=forms.HiddenInput)
    enrolled_on = forms.DateField(
        label=_("Enrolled on"),
        required=False,
        initial=timezone.localdate,
        widget=DateInput(),
        help_text=_("Empty: today."),
    )
    income_before = RupiahField(
        label=_("Monthly income before training (Rp)"),
        required=False,
        help_text=_("Net monthly income before the training: the baseline for outcomes."),
    )

    def __init__(self, *args, client_queryset, batch, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = client_queryset
        self.batch = batch

    def clean(self):
        cleaned = super().clean()
        if "enrolled_on" in cleaned:  # empty: today, as the service enrols
            enrolled_on = cleaned["enrolled_on"] or timezone.localdate()
            enrolment = Enrolment(batch=self.batch, enrolled_on=enrolled_on)
            add_errors_from(self, enrolment.clean)  # the date rules: Enrolment.clean()
        return cleaned


class EnrolmentForm(VersionedFormMixin, forms.Form):
    """Correct an enrolment. A plain form: the service compares the old status with the new
    one, so the instance must not be changed before it is called."""

    status = forms.ChoiceField(label=_("Status"), choices=Enrolment.Status.choices)
    enrolled_on = forms.DateField(label=_("Enrolled on"), widget=DateInput())
    completed_on = forms.DateField(
        label=_("Completed on"),
        required=False,
        widget=DateInput(),
        help_text=_("Empty when completed: today."),
    )
    sessions_attended = forms.IntegerField(
        label=_("Sessions attended"), min_value=0, max_value=MAX_COUNT
    )
    certificate_number = forms.CharField(
        label=_("Certificate number"),
        required=False,
        max_length=Enrolment._meta.get_field("certificate_number").max_length,
    )
    income_before = RupiahField(
        label=_("Monthly income before training (Rp)"),
        required=False,
        help_text=_("Net monthly income before the training: the baseline for outcomes."),
    )

    def __init__(self, *args, enrolment, **kwargs):
        kwargs.setdefault("initial", {name: getattr(enrolment, name) for name in self.base_fields})
        super().__init__(*args, **kwargs)
        self.add_version_field(enrolment)

    def service_arguments(self) -> dict:
        arguments = dict(self.cleaned_data)
        arguments["opened_version"] = arguments.pop("version")
        return arguments


class EnrolmentStatusForm(forms.Form):
    """The roster's quick status change, with the version of the enrolment on the roster."""

    status = forms.ChoiceField(label=_("Status"), choices=Enrolment.Status.choices)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class GrantItemForm(forms.Form):
    equipment_type = forms.ModelChoiceField(
        label=_("Equipment"), queryset=EquipmentType.objects.filter(active=True)
    )
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=MAX_COUNT, initial=1)
    unit_value = RupiahField(
        label=_("Unit value (Rp)"),
        required=False,
        help_text=_("Empty: the standard value of the equipment type."),
    )
    serial_numbers = forms.CharField(
        label=_("Serial numbers"),
        required=False,
        max_length=GrantItem._meta.get_field("serial_numbers").max_length,
    )


class BaseGrantItemFormSet(forms.BaseFormSet):
    default_error_messages = {
        **forms.BaseFormSet.default_error_messages,
        # Django's "Please submit at least 1 form" means nothing to a social worker.
        "too_few_forms": _("Add at least one item of equipment."),
    }


GrantItemFormSet = forms.formset_factory(
    GrantItemForm,
    formset=BaseGrantItemFormSet,
    extra=1,
    min_num=1,
    validate_min=True,
    max_num=20,
)


class GrantForm(ConfirmableWarningsMixin, forms.Form):
    """A grant's header; its items come in `items` (a GrantItemFormSet) so that the
    double-grant check can see which equipment is being handed over."""

    handed_over_on = forms.DateField(label=_("Hand-over date"), widget=DateInput())
    bast_number = forms.CharField(
        label=_("BAST number"),
        max_length=100,
        help_text=_("Number of the hand-over report (Berita Acara Serah Terima)."),
    )
    funding_source = forms.ModelChoiceField(
        label=_("Funding source"), queryset=FundingSource.objects.filter(active=True)
    )
    enrolment = forms.ModelChoiceField(
        label=_("After training"),
        queryset=None,
        required=False,
        help_text=_(
            "Ties the equipment to the training in the report's program and cohort figures."
        ),
    )
    document = forms.FileField(
        label=_("Hand-over photo or scanned BAST"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp,application/pdf"}),
        help_text=_("JPEG, PNG, WebP or PDF. Only staff can open it."),
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, client, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.client = client
        self.items = items
        self.earlier_items = []
        self.fields["enrolment"].queryset = client.enrolments.select_related("batch__program")
        self._offer_training(list(selectors.enrolments_awaiting_grant(client)[:2]))

    def _offer_training(self, awaiting):
        """Preselect the one completed training no grant follows yet; with several, ask.

        Left empty, a grant counts for the client's regency but in no program or cohort
        of the report (a cohort then shows fewer grants than grantees who completed it).
        The roster's link (`?enrolment=`) and a form shown again keep what they say."""
        field = self.fields["enrolment"]
        if "enrolment" in self.initial:
            return
        if len(awaiting) == 1:
            self.initial = {**self.initial, "enrolment": awaiting[0].pk}
        elif len(awaiting) > 1:
            field.help_text = _(
                "%(name)s has several completed trainings without equipment: choose the "
                "one this hand-over follows, so that it counts in the report's program "
                "and cohort figures."
            ) % {"name": self.client.name}

    def clean_bast_number(self):
        value = self.cleaned_data["bast_number"].strip()
        if Grant.objects.filter(bast_number=value).exists():
            raise forms.ValidationError(
                _("This BAST number is already recorded for another grant.")
            )
        return value

    def clean_document(self):
        document = self.cleaned_data.get("document")
        return grant_document_prepare(document) if document else None

    def clean(self):
        cleaned = super().clean()
        if "handed_over_on" in cleaned:
            grant = Grant(
                client=self.client,
                handed_over_on=cleaned["handed_over_on"],
                enrolment=cleaned.get("enrolment"),
            )
            add_errors_from(self, grant.clean)  # the hand-over rules: Grant.clean()
        if self.errors or not self.items.is_valid():
            return cleaned
        type_ids = {row["equipment_type"].pk for row in self.item_rows()}
        self.earlier_items = selectors.earlier_grant_items(
            client=self.client, equipment_type_ids=type_ids
        )
        for item in self.earlier_items:
            self.add_warning(
                "items",
                f"double_grant_{item.equipment_type_id}",
                _("%(name)s already received %(equipment)s on %(date)s (%(bast)s).")
                % {
                    "name": self.client.name,
                    "equipment": item.equipment_type.name,
                    "date": date_format(item.grant.handed_over_on, "j F Y"),
                    "bast": item.grant.bast_label,
                },
            )
        self.require_confirmation()
        return cleaned

    def item_rows(self):
        return [row for row in self.items.cleaned_data if row]


class BusinessForm(forms.ModelForm):
    class Meta:
        model = Business
        fields = ["name", "sector", "products", "started_on", "grants"]
        field_classes = {"grants": ModelMultipleChoiceField}
        widgets = {"started_on": DateInput(), "grants": forms.CheckboxSelectMultiple}

    def __init__(self, *args, client, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the owner's grants can be linked (pretix style: the form takes its parent).
        self.fields["grants"].queryset = client.grants.all()
        self.fields["grants"].label_from_instance = lambda grant: (
            f"{grant.bast_label} ({date_format(grant.handed_over_on, 'j M Y')})"
        )


class VisitForm(forms.Form):
    """A follow-up visit. One condition field per granted item is added at run time."""

    visited_on = forms.DateField(label=_("Visit date"), widget=DateInput())
    net_income = RupiahField(
        label=_("Net monthly income (Rp)"),
        help_text=_("For example 3000000 or Rp3.000.000."),
    )
    revenue = RupiahField(label=_("Monthly revenue (Rp)"), required=False)
    employees = forms.IntegerField(
        label=_("Employees"),
        min_value=0,
        max_value=MAX_COUNT,
        help_text=_("People working in the business besides the owner."),
    )
    status = forms.ChoiceField(
        label=_("Business status"),
        choices=FollowUpVisit.Status.choices,
        widget=forms.RadioSelect,
    )
    support = ModelMultipleChoiceField(
        label=_("Support given"),
        queryset=SupportKind.objects.filter(active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=_("JPEG, PNG or WebP. It is stored resized and only staff can open it."),
    )

    def __init__(self, *args, business, granted_items, **kwargs):
        super().__init__(*args, **kwargs)
        self.business = business
        self.granted_items = granted_items
        for item in granted_items:
            label = item.equipment_type.name
            if item.serial_numbers:
                label = f"{label} ({item.serial_numbers})"
            self.fields[self.item_field(item)] = forms.ChoiceField(
                label=label,
                choices=EquipmentCheck.Condition.choices,
                initial=EquipmentCheck.Condition.IN_USE,
            )

    @staticmethod
    def item_field(item) -> str:
        return f"item_{item.pk}"

    def item_fields(self):
        return [self[self.item_field(item)] for item in self.granted_items]

    def visit_fields(self):
        return [self[name] for name in self.base_fields]

    def clean(self):
        cleaned = super().clean()
        if "visited_on" in cleaned:
            visit = FollowUpVisit(business=self.business, visited_on=cleaned["visited_on"])
            add_errors_from(self, visit.clean)  # the visit date rules: FollowUpVisit.clean()
        return cleaned

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        return photo_prepare(photo) if photo else None

    def service_arguments(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.base_fields}
        data["equipment"] = {
            item: self.cleaned_data[self.item_field(item)] for item in self.granted_items
        }
        return data


def add_errors_from(form, check) -> None:
    """Run a model's `clean()` and show what it refuses on the form."""
    try:
        check()
    except ValidationError as error:
        show_errors(form, error)


def show_errors(form, error: ValidationError) -> None:
    """A refusal (of a model's clean() or a service) on the form: next to the field it
    names when the form has that field, above the form otherwise."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)
