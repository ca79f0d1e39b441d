from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms import models as model_forms
from django.utils.translation import gettext_lazy as _

from core.admin_records import ArchivedFilter, HistoryAdmin, VersionedHistoryAdmin, conflict_text
from core.pagination import EstimatingPaginator
from core.record_writes import EditConflict

from . import services
from .follow_up.refresh import follow_up_refresh
from .models import (
    Batch,
    Business,
    Enrolment,
    EquipmentCheck,
    EquipmentType,
    FollowUpVisit,
    FundingSource,
    Grant,
    GranteeFollowUp,
    GrantItem,
    SkillArea,
    SupportKind,
    TrainingProgram,
)


class BigTableAdmin:
    """For tables of a million rows and more (docs/performance.md): no COUNT(*) of the
    whole table, and newest first by primary key (an index), not by a column that would
    have to be sorted first."""

    show_full_result_count = False
    paginator = EstimatingPaginator
    ordering = ["-pk"]


class RefreshOnDeleteAdmin:
    """For the admins of records the follow-up figures are made of (programs.follow_up):
    a delete refreshes the figures of the clients concerned, in the admin's transaction."""

    def follow_up_clients(self, obj) -> set:
        raise NotImplementedError

    def delete_model(self, request, obj):
        clients = self.follow_up_clients(obj)
        super().delete_model(request, obj)
        follow_up_refresh(client_ids=clients)

    def delete_queryset(self, request, queryset):
        clients = set().union(*(self.follow_up_clients(obj) for obj in queryset))
        super().delete_queryset(request, queryset)
        follow_up_refresh(client_ids=clients)


class FollowUpFiguresAdmin(RefreshOnDeleteAdmin):
    """... and a save too, before and after the change (for the records without a service
    of their own: items, businesses and checks edited on their own admin pages)."""

    def _stored_clients(self, obj) -> set:
        if obj.pk is None:
            return set()
        stored = type(obj)._base_manager.filter(pk=obj.pk).first()
        return self.follow_up_clients(stored) if stored else set()

    def save_model(self, request, obj, form, change):
        self._clients_before = self._stored_clients(obj)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        before = getattr(self, "_clients_before", set())
        follow_up_refresh(client_ids=before | self.follow_up_clients(form.instance))


class ThroughServiceAdmin(RefreshOnDeleteAdmin, VersionedHistoryAdmin):
    """Add and change a grant or a visit with its rows (one inline) through the service
    the app's own pages use (`service`: services.grant_save or services.visit_save), so
    the same rules, history rows and follow-up figures apply. The rows' rule is asked
    again when the inline is cleaned (`KeptRows`), so a refusal shows on the page before
    anything is saved."""

    service = None

    def save_model(self, request, obj, form, change):
        pass  # saved with its rows in save_related, by the service, in one transaction

    def save_related(self, request, form, formsets, change):
        (rows,) = formsets
        changed = rows.save(commit=False)  # new and changed rows, not saved yet
        try:
            type(self).service(
                form.instance,
                changed,
                rows.deleted_objects,
                saved_by=request.user,
                opened_version=form.cleaned_data.get("opened_version"),
            )
        except EditConflict as conflict:
            # The form's clean() compared versions already: a save raced in the last instant.
            raise ValidationError(
                conflict_text(form.instance, conflict.opened_version)
            ) from conflict
        form.save_m2m()


class KeptRows(model_forms.BaseInlineFormSet):
    """An inline whose kept rows (`kept`) must pass `rows_rule(parent, kept)`."""

    def rows_rule(self, parent, kept):
        raise NotImplementedError

    def clean(self):
        super().clean()
        kept = [
            form.instance
            for form in self.forms
            if getattr(form, "cleaned_data", None) and not form.cleaned_data.get("DELETE")
        ]
        try:
            self.rows_rule(self.instance, kept)
        except ValidationError as error:
            raise ValidationError(error.messages) from error


class GrantItemRows(KeptRows):
    def rows_rule(self, grant, kept):
        services.grant_items_check(kept)


class EquipmentCheckRows(KeptRows):
    def rows_rule(self, visit, kept):
        if visit.pk is None and visit.business_id is not None:
            services.visit_equipment_check(visit.business_id, kept)


def _grant_save(grant, changed, removed, **kwargs):
    return services.grant_save(grant=grant, items=changed, removed_items=removed, **kwargs)


def _visit_save(visit, changed, removed, **kwargs):
    return services.visit_save(visit=visit, checks=changed, removed_checks=removed, **kwargs)


@admin.action(description=_("Restore the selected records from the archive"))
def restore_grants_or_visits(modeladmin, request, queryset):
    restored = 0
    for record in queryset.filter(archived_at__isnull=False):
        services.grant_or_visit_restore(record=record, restored_by=request.user)
        restored += 1
    modeladmin.message_user(request, _("%(count)d records restored.") % {"count": restored})


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
class EnrolmentAdmin(BigTableAdmin, FollowUpFiguresAdmin, VersionedHistoryAdmin):
    list_display = ["client", "batch", "status", "enrolled_on", "completed_on"]
    list_filter = [ArchivedFilter, "status", "batch__program"]
    list_select_related = ["client", "batch__program"]
    search_fields = ["client__name", "client__registration_number", "certificate_number"]
    autocomplete_fields = ["client", "batch", "created_by"]

    def follow_up_clients(self, obj):
        return {obj.client_id}


class GrantItemInline(admin.TabularInline):
    model = GrantItem
    formset = GrantItemRows
    extra = 1
    autocomplete_fields = ["equipment_type"]


class TiedToTrainingFilter(admin.SimpleListFilter):
    """Grants tied to a training or not: "no" lists (and counts) the grants that count in
    no program or cohort of the report, for the action below."""

    title = _("tied to a training")
    parameter_name = "tied"

    def lookups(self, request, model_admin):
        return [("yes", _("yes")), ("no", _("no"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(enrolment__isnull=False)
        if self.value() == "no":
            return queryset.filter(enrolment__isnull=True)
        return queryset


@admin.action(description=_("Tie to the client's only completed training"))
def tie_grants_to_training(modeladmin, request, queryset):
    """Old grants recorded without their training (before the form proposed it): each is
    tied to the client's one completed training no grant follows yet, through the service;
    a client with none or several is left for a person to choose on the grant's page."""
    tied = left = 0
    for grant in queryset.filter(enrolment__isnull=True).select_related("client").order_by("pk"):
        try:
            services.grant_enrolment_link(
                grant=grant, changed_by=request.user, opened_version=grant.version
            )
        except (ValidationError, EditConflict):
            left += 1
        else:
            tied += 1
    modeladmin.message_user(
        request,
        _("%(tied)d grants tied, %(left)d left (none or several completed trainings).")
        % {"tied": tied, "left": left},
    )


@admin.register(Grant)
class GrantAdmin(BigTableAdmin, ThroughServiceAdmin):
    list_display = ["bast_number", "client", "handed_over_on", "funding_source", "tied"]
    list_filter = [ArchivedFilter, TiedToTrainingFilter, "funding_source"]
    list_select_related = ["client", "funding_source"]
    search_fields = ["bast_number", "client__name", "client__registration_number"]
    autocomplete_fields = ["client", "enrolment", "funding_source", "created_by"]
    date_hierarchy = "handed_over_on"
    # The document is private: it is opened through the grant page's authorised view.
    exclude = ["document"]
    inlines = [GrantItemInline]
    actions = [restore_grants_or_visits, tie_grants_to_training]
    service = _grant_save

    def follow_up_clients(self, obj):
        return {obj.client_id}

    @admin.display(boolean=True, description=_("tied to a training"))
    def tied(self, obj):
        return obj.enrolment_id is not None


@admin.register(GrantItem)
class GrantItemAdmin(BigTableAdmin, FollowUpFiguresAdmin, HistoryAdmin):
    list_display = ["grant", "equipment_type", "quantity", "unit_value"]
    list_select_related = ["grant", "equipment_type"]
    search_fields = ["grant__bast_number", "serial_numbers"]
    autocomplete_fields = ["grant", "equipment_type"]

    def follow_up_clients(self, obj):
        return {obj.grant.client_id}


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
class BusinessAdmin(BigTableAdmin, FollowUpFiguresAdmin, HistoryAdmin):
    list_display = ["name", "client", "sector", "started_on"]
    list_filter = ["sector"]
    list_select_related = ["client"]
    search_fields = ["name", "client__name", "client__registration_number"]
    autocomplete_fields = ["client", "village", "grants", "created_by"]
    inlines = [FollowUpVisitInline]

    def follow_up_clients(self, obj):
        return {obj.client_id}


class EquipmentCheckInline(admin.TabularInline):
    model = EquipmentCheck
    formset = EquipmentCheckRows
    extra = 0
    autocomplete_fields = ["grant_item"]


@admin.register(FollowUpVisit)
class FollowUpVisitAdmin(BigTableAdmin, ThroughServiceAdmin):
    list_display = ["business", "visited_on", "status", "net_income", "employees", "visited_by"]
    list_filter = [ArchivedFilter, "status", "visited_on"]
    list_select_related = ["business", "visited_by"]
    search_fields = ["business__name", "business__client__name"]
    autocomplete_fields = ["business", "visited_by", "support"]
    # Not date_hierarchy: its list of years reads every visit (a second at 3 million).
    # The photo is private: it is opened through the business page's authorised view.
    exclude = ["photo"]
    inlines = [EquipmentCheckInline]
    actions = [restore_grants_or_visits]
    service = _visit_save

    def follow_up_clients(self, obj):
        return {obj.business.client_id}


@admin.register(EquipmentCheck)
class EquipmentCheckAdmin(BigTableAdmin, FollowUpFiguresAdmin, HistoryAdmin):
    list_display = ["visit", "grant_item", "condition"]
    list_filter = ["condition"]
    list_select_related = ["visit__business", "grant_item__equipment_type"]
    search_fields = ["visit__business__name", "grant_item__serial_numbers"]
    autocomplete_fields = ["visit", "grant_item"]

    def follow_up_clients(self, obj):
        return {obj.visit.business.client_id}


@admin.register(GranteeFollowUp)
class GranteeFollowUpAdmin(BigTableAdmin, admin.ModelAdmin):
    """Derived data (programs/follow_up/refresh.py), shown to check it; never edited by hand."""

    list_display = [
        "client",
        "first_grant_on",
        "last_visit_on",
        "last_status",
        "equipment_problem",
        "urgency",
    ]
    list_filter = ["urgency", "equipment_problem"]
    list_select_related = ["client"]
    search_fields = ["client__registration_number"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# The grievances' admin lives with the grievances (registered on import).
from .grievances import admin as grievances_admin  # noqa: E402, F401
from .marketing import admin as marketing_admin  # noqa: E402, F401
