"""Input of the market-linkage pages: the business profile, a product photo, the owner's
consent, a market support, a success story, the catalogue's search and the report's
filter. The records' rules are their models' clean(); these forms parse and narrow."""

from django import forms
from django.utils.translation import gettext_lazy as _

from beneficiaries.forms import DateInput
from core.images import photo_prepare

from ..fields import RupiahField
from ..forms import MAX_COUNT
from ..models import (
    Business,
    BusinessProfile,
    MarketSupport,
    ProductPhoto,
    PublicationConsent,
    SuccessStory,
)
from ..reports.forms import RegencyYearForm


class ProfileForm(forms.ModelForm):
    class Meta:
        model = BusinessProfile
        fields = ["description", "price_range", "whatsapp", "how_to_order", "marketplace_links"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "how_to_order": forms.Textarea(attrs={"rows": 2}),
            "marketplace_links": forms.Textarea(attrs={"rows": 2}),
            "whatsapp": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
        }


class PhotoForm(forms.Form):
    photo = forms.FileField(
        label=_("Photo"),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=_(
            "JPEG, PNG or WebP. Stored resized and private; public only if the owner "
            "consents to photos."
        ),
    )
    caption = forms.CharField(label=_("Caption"), max_length=150, required=False)

    def clean_photo(self):
        return photo_prepare(self.cleaned_data["photo"])


class ConsentForm(forms.ModelForm):
    class Meta:
        model = PublicationConsent
        fields = [
            "given_on",
            "show_name",
            "show_products",
            "show_photos",
            "show_district",
            "show_contact",
            "show_story",
        ]
        widgets = {"given_on": DateInput()}


class SupportForm(forms.ModelForm):
    value = RupiahField(
        label=_("Value (Rp)"),
        required=False,
        help_text=_("The order's value, or the sales made at the event. For example 7.500.000."),
    )
    quantity = forms.IntegerField(
        label=_("Quantity"), required=False, min_value=1, max_value=MAX_COUNT * 100
    )

    class Meta:
        model = MarketSupport
        fields = [
            "kind",
            "on",
            "title",
            "buyer_kind",
            "buyer_name",
            "product",
            "quantity",
            "value",
            "delivery",
            "notes",
        ]
        widgets = {"on": DateInput(), "notes": forms.Textarea(attrs={"rows": 2})}


class StoryForm(forms.ModelForm):
    class Meta:
        model = SuccessStory
        fields = ["title", "text", "photo"]
        widgets = {"text": forms.Textarea(attrs={"rows": 10})}

    def __init__(self, *args, business: Business, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.business = business
        photos = self.fields["photo"]
        photos.queryset = ProductPhoto.objects.filter(business=business)
        photos.label_from_instance = lambda p: p.caption or _("Photo %(number)s") % {"number": p.pk}


class CatalogueSearchForm(forms.Form):
    """The catalogue's search, from the URL: an unknown value is ignored."""

    q = forms.CharField(label=_("Product or business"), required=False, max_length=100)
    regency = forms.ChoiceField(label=_("Regency/city"), required=False)
    sector = forms.ChoiceField(
        label=_("Sector"),
        required=False,
        choices=[("", _("All sectors")), *Business.Sector.choices],
    )

    def __init__(self, *args, regencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regency"].choices = [("", _("All regencies/cities")), *regencies]

    def search(self) -> dict:
        """The valid filters (an invalid one is dropped alone) and the page number (a
        bad one is the first page)."""
        self.is_valid()
        data = {
            name: self.cleaned_data.get(name) for name in self.fields if name not in self.errors
        }
        page = str(self.data.get("page", ""))
        return {
            "text": (data.get("q") or "").replace("\x00", "").strip(),
            "regency": data.get("regency") or "",
            "sector": data.get("sector") or "",
            "page": min(int(page), 100_000) if page.isascii() and page.isdigit() else 1,
        }


class MarketReportForm(RegencyYearForm):
    year_label = _("Year of the support")
