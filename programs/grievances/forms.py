"""Input of the grievance pages: recording one (in the office or in the field, on a phone),
assigning it, moving its status, adding a note, and the list's and report's filters.
The record's rules are Grievance.clean()'s; these forms only parse and narrow choices."""

import copy

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from beneficiaries.forms import DateInput
from beneficiaries.models import Regency, ServiceUnit
from beneficiaries.models.access import user_area
from beneficiaries.roles import MANAGER, SOCIAL_WORKER

from ..documents import attachment_prepare
from ..forms import add_errors_from
from ..models import Enrolment, FollowUpVisit, Grant, Grievance, GrievanceCategory, GrievanceNote
from ..models.grievances import SENSITIVE_GRIEVANCE_GROUP
from ..money import rupiah
from ..reports.forms import RegencyYearForm
from .selectors import GrievanceFilters

ATTACHMENT_WIDGET = forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp,.pdf"})
ATTACHMENT_HELP = _("A photo or a PDF. It is stored privately; only staff can open it.")


def _attachment_field():
    return forms.FileField(
        label=_("Attachment"), required=False, widget=ATTACHMENT_WIDGET, help_text=ATTACHMENT_HELP
    )


class GrievanceForm(forms.ModelForm):
    """A new grievance. From a client's page (or her grant's) `client` is given and the
    grant, training and visit it concerns are chosen among hers; otherwise the complainant
    is a person not in the registry, with a name, a contact and a regency."""

    attachment = _attachment_field()

    class Meta:
        model = Grievance
        fields = [
            "received_on",
            "complainant_name",
            "complainant_contact",
            "regency",
            "channel",
            "lapor_ticket",
            "category",
            "severity",
            "description",
            "sensitive",
            "grant",
            "enrolment",
            "visit",
        ]
        widgets = {
            "received_on": DateInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
            "channel": forms.Select,
        }

    def __init__(self, *args, user, client=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.client = client
        self.instance.client = client
        self.fields["category"].queryset = GrievanceCategory.objects.filter(active=True)
        self.fields["received_on"].initial = timezone.localdate
        if client is not None:
            for name in ("complainant_name", "complainant_contact", "regency"):
                del self.fields[name]
            self.instance.regency_id = client.regency_id
            self._narrow_records(client)
        else:
            for name in ("grant", "enrolment", "visit"):
                del self.fields[name]
            area = user_area(user)
            regencies = Regency.objects.in_province()
            if not area.everyone:
                regencies = regencies.filter(code__in=area.regencies)
            self.fields["regency"].queryset = regencies
            self.fields["complainant_name"].required = True

    def _narrow_records(self, client):
        grants = self.fields["grant"]
        grants.queryset = Grant.objects.active().filter(client=client)
        grants.label_from_instance = lambda g: (
            f"{g.bast_label} ({date_format(g.handed_over_on, 'j M Y')})"
        )
        enrolments = self.fields["enrolment"]
        enrolments.queryset = (
            Enrolment.objects.active().filter(client=client).select_related("batch")
        )
        enrolments.label_from_instance = lambda e: str(e.batch)
        visits = self.fields["visit"]
        visits.queryset = (
            FollowUpVisit.objects.active()
            .filter(business__client=client)
            .select_related("business")
        )
        visits.label_from_instance = lambda v: (
            f"{v.business.name}, {date_format(v.visited_on, 'j M Y')}: {rupiah(v.net_income)}"
        )

    def clean_regency(self):
        regency = self.cleaned_data.get("regency")
        if regency is not None and not user_area(self.user).covers(
            regency_id=regency.pk, service_unit_id=None
        ):
            raise forms.ValidationError(_("Choose a regency/city of your area."))
        return regency

    def clean_attachment(self):
        uploaded = self.cleaned_data.get("attachment")
        return attachment_prepare(uploaded) if uploaded else None

    def service_arguments(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.fields if name != "attachment"}
        data["client"] = self.client
        data["attachment"] = self.cleaned_data["attachment"]
        return data


def assignable_users(grievance: Grievance):
    """Who may be given a grievance: active social workers and managers who can open it
    (their area covers it; for a sensitive one, members of the sensitive group only)."""
    area = Q(staff_scope__province_wide=True) | Q(staff_scope__regencies=grievance.regency_id)
    unit = grievance.client.service_unit_id if grievance.client_id else None
    if unit is not None:
        area |= Q(staff_scope__service_units=unit)
    if grievance.client_id:
        area |= Q(staff_scope__regencies=grievance.client.regency_id)
    users = get_user_model().objects.filter(
        area, is_active=True, groups__name__in=[SOCIAL_WORKER, MANAGER]
    )
    if grievance.sensitive:
        users = users.filter(groups__name=SENSITIVE_GRIEVANCE_GROUP)
    return users.distinct().order_by("first_name", "last_name", "username")


class GrievanceAssignForm(forms.Form):
    assigned_to = forms.ModelChoiceField(
        label=_("Assigned to"),
        queryset=None,
        required=False,
        empty_label=_("Nobody"),
        help_text=_("Staff whose area covers the grievance."),
    )
    service_unit = forms.ModelChoiceField(
        label=_("Handling service unit"),
        queryset=ServiceUnit.objects.all(),
        required=False,
        empty_label=_("None"),
    )

    def __init__(self, *args, grievance, **kwargs):
        super().__init__(*args, **kwargs)
        users = self.fields["assigned_to"]
        users.queryset = assignable_users(grievance)
        users.label_from_instance = lambda u: u.get_full_name() or u.get_username()


class GrievanceStatusForm(forms.Form):
    """The status and, when it closes the grievance, the resolution or the reason for
    rejecting it (Grievance.clean() says which is needed)."""

    status = forms.ChoiceField(label=_("Status"), choices=Grievance.Status.choices)
    resolution = forms.CharField(
        label=_("Resolution"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    acceptance = forms.ChoiceField(
        label=_("Complainant's answer"),
        choices=Grievance.Acceptance.choices,
        initial=Grievance.Acceptance.UNKNOWN,
    )
    rejection_reason = forms.CharField(
        label=_("Reason for rejecting"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, grievance, **kwargs):
        super().__init__(*args, **kwargs)
        self.grievance = grievance

    def clean(self):
        cleaned = super().clean()
        if {"status", "acceptance"} <= cleaned.keys():
            # The grievance as it would be, checked by its own rules (Grievance.clean()).
            probe = copy.copy(self.grievance)
            probe.status = cleaned["status"]
            probe.resolution = cleaned.get("resolution", "")
            probe.rejection_reason = cleaned.get("rejection_reason", "")
            add_errors_from(self, probe.clean)
        return cleaned


class GrievanceNoteForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[
            (GrievanceNote.Kind.COMMENT, GrievanceNote.Kind.COMMENT.label),
            (GrievanceNote.Kind.ACTION, GrievanceNote.Kind.ACTION.label),
        ],
        initial=GrievanceNote.Kind.COMMENT,
    )
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 3}))
    attachment = _attachment_field()

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("Write the comment or the action taken."))
        return text

    def clean_attachment(self):
        uploaded = self.cleaned_data.get("attachment")
        return attachment_prepare(uploaded) if uploaded else None


STATUS_FILTER_CHOICES = [("", _("All")), ("open", _("Still open")), *list(Grievance.Status.choices)]


class GrievanceFilterForm(forms.Form):
    """The list's filters, from the URL: an unknown value is ignored, never an error page."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_FILTER_CHOICES, required=False)
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=GrievanceCategory.objects.all(),
        required=False,
        empty_label=_("All"),
    )
    regency = forms.ModelChoiceField(
        label=_("Regency/city"),
        queryset=Regency.objects.in_province(),
        required=False,
        empty_label=_("All"),
    )
    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=[("", _("All")), *list(Grievance.Channel.choices)],
        required=False,
    )
    overdue = forms.BooleanField(label=_("Past the deadline only"), required=False)
    mine = forms.BooleanField(label=_("Assigned to me only"), required=False)

    def filters(self):
        data = self.cleaned_data if self.is_valid() else {}
        regency = data.get("regency")
        category = data.get("category")
        return GrievanceFilters(
            text=(data.get("q") or "").replace("\x00", ""),
            status=data.get("status") or "",
            category=category.pk if category else None,
            regency=regency.pk if regency else "",
            channel=data.get("channel") or "",
            overdue=bool(data.get("overdue")),
            mine=bool(data.get("mine")),
        )


class GrievanceReportForm(RegencyYearForm):
    year_label = _("Year received")
