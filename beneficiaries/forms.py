from django import forms
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.form_versions import VersionedFormMixin
from core.form_warnings import ConfirmableWarningsMixin
from core.images import photo_prepare

from . import selectors, services
from .models import (
    AssistiveDevice,
    CaseNote,
    Client,
    DisabilityType,
    District,
    PpksType,
    Regency,
    ServiceUnit,
    Village,
    user_scope_covers,
)
from .models.access import REGISTERED_ELSEWHERE_NIK
from .nik import clean_nik_input, nik_warnings, parse_nik


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        # The browser's date picker sends ISO dates whatever the page language.
        super().__init__(attrs=attrs, format="%Y-%m-%d")


# The largest id a database integer column holds (BigAutoField, PositiveBigIntegerField).
_LARGEST_ID = 2**63 - 1


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's, with an id too large for any row refused as an invalid value.

    Django looks the chosen ids up with `pk__in`, which SQLite cannot run with an integer
    over 2**63 - 1 (OverflowError: a 500 for a tampered checkbox value); single choices
    already treat such an id as "no such row".
    """

    def _check_values(self, value):
        for pk in value:
            try:
                too_large = abs(int(pk)) > _LARGEST_ID
            except (TypeError, ValueError):
                continue  # not a number: Django's own check refuses it
            if too_large:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


class ClientForm(VersionedFormMixin, ConfirmableWarningsMixin, forms.ModelForm):
    """Register or correct a client.

    Hard errors stop the save. Warnings (a NIK that disagrees with the record, a person
    with the same name and birth date) stop it once: the form shows them next to their
    fields with a box to tick, and saves when the same warnings are confirmed.

    A NIK already registered outside the user's area is refused without naming the record
    and written to the access log as a lookup (`ip_address`: the request's, when the view
    passes it). Possible duplicates by name and birth date are the user's area's only.
    """

    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=_("JPEG, PNG or WebP. It is stored resized and only staff can open it."),
    )
    # Declared here rather than generated from the model: a model field's max_length would
    # refuse "3573 0115 0780 0001" before clean_nik() removes the spaces.
    nik = forms.CharField(
        label=capfirst(Client._meta.get_field("nik").verbose_name),
        help_text=Client._meta.get_field("nik").help_text,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    kk_number = forms.CharField(
        label=capfirst(Client._meta.get_field("kk_number").verbose_name),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    class Meta:
        model = Client
        fields = [
            "name",
            "nik",
            "kk_number",
            "sex",
            "birth_place",
            "birth_date",
            "phone",
            "regency",
            "district",
            "village",
            "address",
            "status",
            "service_unit",
            "ppks_types",
            "disabilities",
            "assistive_devices",
            "consent_given",
            "consent_date",
            "consent_note",
        ]
        field_classes = {
            "ppks_types": ModelMultipleChoiceField,
            "disabilities": ModelMultipleChoiceField,
            "assistive_devices": ModelMultipleChoiceField,
        }
        widgets = {
            "birth_date": DateInput(),
            "consent_date": DateInput(),
            "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
            "ppks_types": forms.CheckboxSelectMultiple,
            "disabilities": forms.CheckboxSelectMultiple,
            "assistive_devices": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            # A worker often knows the kind and not the sub-type: the kind alone is a choice.
            "disabilities": _("Sub-type not known? Choose the kind alone (jenis belum diketahui)."),
        }

    def __init__(self, *args, user, ip_address=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.ip_address = ip_address
        self.possible_duplicates = []
        self.fields["regency"].queryset = Regency.objects.in_province()
        self.fields["service_unit"].queryset = ServiceUnit.objects.filter(active=True)
        self.fields["ppks_types"].queryset = PpksType.objects.filter(active=True)
        self.fields["disabilities"].queryset = DisabilityType.objects.filter(
            active=True
        ).select_related("kind")
        self.fields["assistive_devices"].queryset = AssistiveDevice.objects.filter(active=True)
        self._limit_address_choices()
        if self.instance.pk:
            self.add_version_field(self.instance)
        # Hooks for static/js/regions.js: a change of regency reloads the districts, etc.
        self.fields["regency"].widget.attrs.update(
            {"data-child-select": "id_district", "data-child-url": "districts"}
        )
        self.fields["district"].widget.attrs.update(
            {"data-child-select": "id_village", "data-child-url": "villages"}
        )

    def _limit_address_choices(self):
        """Offer only the districts of the chosen regency and the villages of the chosen
        district: a page never carries thousands of options, and a district from another
        regency is refused as an invalid choice."""
        regency = self._chosen("regency")
        district = self._chosen("district")
        self.fields["district"].queryset = (
            District.objects.filter(regency_id=regency) if regency else District.objects.none()
        )
        self.fields["village"].queryset = (
            Village.objects.filter(district_id=district) if district else Village.objects.none()
        )

    def _chosen(self, name):
        if self.is_bound:
            value = self.data.get(self.add_prefix(name)) or None
            # The field refuses a NUL itself; the options it limits must not send one to
            # PostgreSQL, which refuses it in a query (a 500).
            return None if value is not None and "\x00" in value else value
        return self.initial.get(name) or getattr(self.instance, f"{name}_id", None)

    def clean_nik(self):
        nik = clean_nik_input(self.cleaned_data.get("nik", ""))
        if not nik:
            return ""
        parse_nik(nik)  # raises the hard errors with their messages
        existing = selectors.client_with_nik(nik, exclude_pk=self.instance.pk)
        if existing is None:
            return nik
        if user_scope_covers(
            self.user, regency_id=existing.regency_id, service_unit_id=existing.service_unit_id
        ):
            raise forms.ValidationError(
                format_html(
                    '{} <a href="{}">{}</a>',
                    _("This NIK is already registered:"),
                    existing.get_absolute_url(),
                    existing,
                ),
                code="nik_duplicate",
            )
        services.record_lookups_log(
            user=self.user,
            hits=[(existing.pk, f"{self._form_name()}: NIK typed")],
            ip_address=self.ip_address,
        )
        # The hit is logged as a lookup (above); the answer says only that the person
        # exists somewhere (models/access.py).
        raise forms.ValidationError(REGISTERED_ELSEWHERE_NIK, code="nik_registered_elsewhere")

    def _form_name(self) -> str:
        """Which form, for the access log (English, as the log's other details)."""
        if self.instance.pk:
            return f"client form (edit of client {self.instance.pk})"
        return "client form (new client)"

    def clean_kk_number(self):
        # A KK number has the NIK's shape; the model's validator checks it after this.
        return clean_nik_input(self.cleaned_data.get("kk_number", ""))

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        return photo_prepare(photo) if photo else None

    def clean(self):
        cleaned = super().clean()
        regency = cleaned.get("regency")
        service_unit = cleaned.get("service_unit")
        if regency and not user_scope_covers(
            self.user,
            regency_id=regency.pk,
            service_unit_id=service_unit.pk if service_unit else None,
        ):
            self.add_error(
                "regency",
                _(
                    "You can only record clients who live in your area or are served by "
                    "your service unit."
                ),
            )
        if cleaned.get("village") and not cleaned.get("district"):
            self.add_error("district", _("Choose the district of the village."))
        if cleaned.get("consent_given") and not cleaned.get("consent_date"):
            self.add_error("consent_date", _("Enter the date consent was given."))
        self._check_warnings(cleaned)
        return cleaned

    def _check_warnings(self, cleaned):
        if self.errors:
            return  # warnings only matter once the record is otherwise valid
        nik = cleaned.get("nik")
        if nik:
            info = parse_nik(nik)
            self.warnings += nik_warnings(
                info,
                birth_date=cleaned.get("birth_date"),
                sex=cleaned.get("sex"),
                district_known=selectors.district_exists(info.district_code),
            )
        # The user's area's matches only: a warning (let alone a count) for matches
        # outside it would tell that someone of this name and birth date exists there.
        self.possible_duplicates = selectors.client_possible_duplicates(
            user=self.user,
            name=cleaned.get("name"),
            birth_date=cleaned.get("birth_date"),
            exclude_pk=self.instance.pk,
        )
        if self.possible_duplicates:
            self.add_warning(
                "name",
                "possible_duplicate",
                _(
                    "A client with the same name and date of birth is already registered. "
                    "Check that this is not the same person."
                ),
            )
        self.require_confirmation()

    def service_arguments(self) -> dict:
        """cleaned_data as keyword arguments for client_register / client_update."""
        arguments = self.without_confirmation_fields()
        if "version" in arguments:
            arguments["opened_version"] = arguments.pop("version")
        return arguments


class CaseNoteForm(forms.ModelForm):
    class Meta:
        model = CaseNote
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
