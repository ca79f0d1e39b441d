"""Django admin for the market linkages: shown to check and to follow the history. The
writes go through the site's pages (programs/marketing/services.py), which move the public
catalogue's version with every change it shows; an edit here would not."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin_records import ReadOnlyAdmin

from ..models import (
    BusinessProfile,
    CatalogueVersion,
    MarketSupport,
    ProductPhoto,
    PublicationConsent,
    SuccessStory,
)


@admin.register(BusinessProfile)
class BusinessProfileAdmin(ReadOnlyAdmin):
    list_display = ["business", "whatsapp", "updated_at"]
    search_fields = ["business__name"]
    raw_id_fields = ["business"]


@admin.register(ProductPhoto)
class ProductPhotoAdmin(ReadOnlyAdmin):
    list_display = ["business", "caption", "uploaded_at"]
    raw_id_fields = ["business"]
    # Private (core/storage.py): opened through the site's logged view.
    exclude = ["photo"]
    readonly_fields = ["open"]

    @admin.display(description=_("photo"))
    def open(self, obj):
        url = reverse("programs:photo_view", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Open"))


@admin.register(PublicationConsent)
class PublicationConsentAdmin(ReadOnlyAdmin):
    list_display = ["business", "given_on", "recorded_by", "withdrawn_at"]
    list_filter = ["show_photos", "show_contact", "show_story"]
    raw_id_fields = ["business"]
    search_fields = ["business__name"]


@admin.register(MarketSupport)
class MarketSupportAdmin(ReadOnlyAdmin):
    list_display = ["business", "kind", "on", "product", "quantity", "value"]
    list_filter = ["kind", "buyer_kind", "delivery"]
    raw_id_fields = ["business"]
    search_fields = ["business__name", "title", "product", "buyer_name"]


@admin.register(SuccessStory)
class SuccessStoryAdmin(ReadOnlyAdmin):
    list_display = ["title", "business", "written_by", "approved_at"]
    raw_id_fields = ["business", "photo"]
    search_fields = ["title", "business__name"]


@admin.register(CatalogueVersion)
class CatalogueVersionAdmin(admin.ModelAdmin):
    """Derived (services.catalogue_changed); shown to check it."""

    list_display = ["stamp", "changed_at"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
