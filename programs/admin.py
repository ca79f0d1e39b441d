from django.contrib import admin

from beneficiaries.admin_records import ArchivedFilter, HistoryAdmin, VersionedHistoryAdmin

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
    SkillArea,
    SupportKind,
    TrainingProgram,
)


@admin.register(SkillArea)
class SkillAreaAdmin(HistoryAdmin):
    list_display = ["name", "active"]
    list_filter = ["active"]
    search_fields = ["name"]


@admin.register(FundingSource)
class FundingSourceAdmin(HistoryAdmin):
    list_display = ["name", "active"]
    list_filter = ["active"]
    search_fields = ["name"]


@admin.register(EquipmentType)
class EquipmentTypeAdmin(HistoryAdmin):
    list_display = ["name", "unit", "standard_value", "active"]
    list_filter = ["active"]
    search_fields = ["name"]


class BatchInline(admin.TabularInline):
    model = Batch
    extra = 0
    fields = ["name", "service_unit", "start_date", "end_date", "capacity"]
    autocomplete_fields = ["service_unit"]
    show_change_link = True


@admin.register(TrainingProgram)
class TrainingProgramAdmin(HistoryAdmin):
    list_display = ["name", "skill_area", "funding_source", "active"]
    list_filter = ["active", "skill_area", "funding_source"]
    list_select_related = ["skill_area", "funding_source"]
    search_fields = ["name"]
    inlines = [BatchInline]


class EnrolmentInline(admin.TabularInline):
    model = Enrolment
    extra = 0
    fields = ["client", "status", "enrolled_on", "status_changed_on", "completed_on"]
    autocomplete_fields = ["client"]
    show_change_link = True


@admin.register(Batch)
class BatchAdmin(HistoryAdmin):
    list_display = ["name", "program", "service_unit", "start_date", "end_date", "capacity"]
    list_filter = ["program", "service_unit"]
    list_select_related = ["program", "service_unit"]
    search_fields = ["name", "program__name"]
    autocomplete_fields = ["program", "service_unit"]
    date_hierarchy = "start_date"
    inlines = [EnrolmentInline]


@admin.register(Enrolment)
class EnrolmentAdmin(VersionedHistoryAdmin):
    list_display = ["client", "batch", "status", "enrolled_on", "completed_on"]
    list_filter = [ArchivedFilter, "status", "batch__program"]
    list_select_related = ["client", "batch__program"]
    search_fields = ["client__name", "client__registration_number", "certificate_number"]
    autocomplete_fields = ["client", "batch", "created_by"]
    show_full_result_count = False


class GrantItemInline(admin.TabularInline):
    model = GrantItem
    extra = 1
    autocomplete_fields = ["equipment_type"]


@admin.register(Grant)
class GrantAdmin(VersionedHistoryAdmin):
    list_display = ["bast_number", "client", "handed_over_on", "funding_source"]
    list_filter = [ArchivedFilter, "funding_source"]
    list_select_related = ["client", "funding_source"]
    search_fields = ["bast_number", "client__name", "client__registration_number"]
    autocomplete_fields = ["client", "enrolment", "funding_source", "created_by"]
    date_hierarchy = "handed_over_on"
    # The document is private: it is opened through the grant page's authorised view.
    exclude = ["document"]
    inlines = [GrantItemInline]
    show_full_result_count = False


@admin.register(GrantItem)
class GrantItemAdmin(HistoryAdmin):
    list_display = ["grant", "equipment_type", "quantity", "unit_value"]
    list_select_related = ["grant", "equipment_type"]
    search_fields = ["grant__bast_number", "serial_numbers"]
    autocomplete_fields = ["grant", "equipment_type"]


@admin.register(SupportKind)
class SupportKindAdmin(HistoryAdmin):
    list_display = ["name", "active"]
    list_filter = ["active"]
    search_fields = ["name"]


class FollowUpVisitInline(admin.TabularInline):
    model = FollowUpVisit
    extra = 0
    fields = ["visited_on", "visited_by", "status", "net_income", "employees"]
    autocomplete_fields = ["visited_by"]
    show_change_link = True


@admin.register(Business)
class BusinessAdmin(HistoryAdmin):
    list_display = ["name", "client", "sector", "started_on"]
    list_filter = ["sector"]
    list_select_related = ["client"]
    search_fields = ["name", "client__name", "client__registration_number"]
    autocomplete_fields = ["client", "village", "grants", "created_by"]
    inlines = [FollowUpVisitInline]
    show_full_result_count = False


class EquipmentCheckInline(admin.TabularInline):
    model = EquipmentCheck
    extra = 0
    autocomplete_fields = ["grant_item"]


@admin.register(FollowUpVisit)
class FollowUpVisitAdmin(VersionedHistoryAdmin):
    list_display = ["business", "visited_on", "status", "net_income", "employees", "visited_by"]
    list_filter = [ArchivedFilter, "status"]
    list_select_related = ["business", "visited_by"]
    search_fields = ["business__name", "business__client__name"]
    autocomplete_fields = ["business", "visited_by", "support"]
    date_hierarchy = "visited_on"
    # The photo is private: it is opened through the business page's authorised view.
    exclude = ["photo"]
    inlines = [EquipmentCheckInline]
    show_full_result_count = False


@admin.register(EquipmentCheck)
class EquipmentCheckAdmin(HistoryAdmin):
    list_display = ["visit", "grant_item", "condition"]
    list_filter = ["condition"]
    list_select_related = ["visit__business", "grant_item__equipment_type"]
    search_fields = ["visit__business__name", "grant_item__serial_numbers"]
    autocomplete_fields = ["visit", "grant_item"]
