from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin_records import ArchivedFilter, HistoryAdmin, VersionedHistoryAdmin
from core.pagination import EstimatingPaginator

from .models import (
    AssistiveDevice,
    CaseNote,
    Client,
    ClientImport,
    ClientStatusChange,
    DisabilityKind,
    DisabilityType,
    District,
    PpksType,
    Province,
    RecordAccess,
    Regency,
    ServiceUnit,
    StaffScope,
    Village,
)
from .services import registration_number_allocate


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Regency)
class RegencyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "province"]
    list_filter = ["province"]
    list_select_related = ["province"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["province"]


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "regency"]
    list_select_related = ["regency"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["regency"]


@admin.register(Village)
class VillageAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "district"]
    list_select_related = ["district"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["district"]


@admin.register(PpksType)
class PpksTypeAdmin(HistoryAdmin):
    list_display = ["code", "name", "active"]
    list_filter = ["active"]
    # Which type an alias names: the import's answer is searchable here.
    search_fields = ["code", "name", "aliases"]


class DisabilityTypeInline(admin.TabularInline):
    model = DisabilityType
    extra = 0
    fields = ["name", "kind_only", "active"]  # aliases on the type's own page


@admin.register(DisabilityKind)
class DisabilityKindAdmin(HistoryAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]
    inlines = [DisabilityTypeInline]


@admin.register(DisabilityType)
class DisabilityTypeAdmin(HistoryAdmin):
    list_display = ["name", "kind", "kind_only", "active"]
    list_filter = ["kind", "kind_only", "active"]
    list_select_related = ["kind"]
    search_fields = ["name", "kind__name", "aliases"]


@admin.register(AssistiveDevice)
class AssistiveDeviceAdmin(HistoryAdmin):
    list_display = ["name", "active"]
    list_filter = ["active"]
    search_fields = ["name"]


@admin.register(ServiceUnit)
class ServiceUnitAdmin(HistoryAdmin):
    list_display = ["name", "kind", "regency", "active"]
    list_filter = ["kind", "active"]
    list_select_related = ["regency"]
    search_fields = ["name", "regency__name"]
    autocomplete_fields = ["regency"]


class StaffScopeInline(admin.StackedInline):
    model = StaffScope
    can_delete = False
    autocomplete_fields = ["regencies", "service_units"]


# Users are edited with their scope on the same page: role (group) and area in one place.
admin.site.unregister(get_user_model())


@admin.register(get_user_model())
class StaffUserAdmin(UserAdmin):
    inlines = [StaffScopeInline]
    list_display = ["username", "first_name", "last_name", "is_staff", "is_active"]
    list_filter = ["groups", "is_staff", "is_active", "staff_scope__province_wide"]


@admin.register(StaffScope)
class StaffScopeAdmin(HistoryAdmin):
    list_display = ["user", "province_wide"]
    list_filter = ["province_wide"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user", "regencies", "service_units"]


class CaseNoteInline(admin.TabularInline):
    model = CaseNote
    extra = 0
    fields = ["created_at", "author", "text"]
    readonly_fields = ["created_at"]
    autocomplete_fields = ["author"]


@admin.register(Client)
class ClientAdmin(VersionedHistoryAdmin):
    list_display = ["registration_number", "name", "masked_nik", "sex", "regency", "status"]
    list_filter = [ArchivedFilter, "status", "sex", "regency", "service_unit", "ppks_types"]
    list_select_related = ["regency"]
    search_fields = ["registration_number", "name", "=nik"]
    autocomplete_fields = [
        "regency",
        "district",
        "village",
        "service_unit",
        "ppks_types",
        "disabilities",
        "assistive_devices",
    ]
    # The photo is private: admin links to the authorised view instead of a file URL.
    exclude = ["photo"]
    readonly_fields = [
        "registration_number",
        "photo_link",
        "created_at",
        "created_by",
        "updated_at",
        "updated_by",
    ]
    inlines = [CaseNoteInline]
    # A million clients: no COUNT(*) of the whole table (docs/performance.md).
    show_full_result_count = False
    paginator = EstimatingPaginator

    @admin.display(description=_("NIK"))
    def masked_nik(self, obj):
        return obj.masked_nik

    @admin.display(description=_("photo"))
    def photo_link(self, obj):
        if not obj.photo:
            return "-"
        return format_html(
            '<a href="{}">{}</a>', reverse("beneficiaries:client_photo", args=[obj.pk]), _("open")
        )

    def save_model(self, request, obj, form, change):
        # New clients get their registration number from the same service as the app.
        if not change:
            obj.registration_number = registration_number_allocate(year=timezone.localdate().year)
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(CaseNote)
class CaseNoteAdmin(HistoryAdmin):
    list_display = ["client", "author", "created_at"]
    list_select_related = ["client", "author"]
    show_full_result_count = False
    paginator = EstimatingPaginator
    search_fields = ["client__registration_number", "client__name", "text"]
    autocomplete_fields = ["client", "author"]


@admin.register(RecordAccess)
class RecordAccessAdmin(admin.ModelAdmin):
    list_display = ["at", "user", "action", "client", "detail", "ip_address"]
    list_filter = ["action"]
    list_select_related = ["user", "client"]
    search_fields = ["user__username", "client__registration_number"]
    date_hierarchy = "at"
    # Every opened record is a row: the log grows by millions.
    show_full_result_count = False
    paginator = EstimatingPaginator

    # An access log that can be edited proves nothing: read-only for everyone.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ClientStatusChange)
class ClientStatusChangeAdmin(HistoryAdmin):
    list_display = ["changed_at", "client", "old_status", "new_status", "changed_by"]
    list_filter = ["new_status"]
    list_select_related = ["client", "changed_by"]
    search_fields = ["client__registration_number", "client__name"]
    show_full_result_count = False
    paginator = EstimatingPaginator

    # History, written by client_update(): read it, never rewrite it.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ClientImport)
class ClientImportAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "user",
        "original_name",
        "status",
        "rows_read",
        "clients_created",
        "clients_updated",
        "rows_with_errors",
    ]
    list_filter = ["status", "source"]
    list_select_related = ["user"]
    search_fields = ["original_name", "sha256", "user__username"]
    date_hierarchy = "created_at"
    exclude = ["file", "preview"]  # personal data: the file stays in private storage

    # The record of who imported which file: read it, never rewrite it.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
