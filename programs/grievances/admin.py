"""Django admin for grievances: admins keep the categories, deadlines and holidays; a
grievance itself is recorded and handled on the site (its deadline and thread come from
the services), so here it is read, and a sensitive one only by the sensitive group."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin_records import HistoryAdmin, ReadOnlyAdmin

from ..models import (
    Grievance,
    GrievanceAttachment,
    GrievanceCategory,
    GrievanceNote,
    Holiday,
    ResolutionDeadline,
)
from ..models.grievances import sensitive_visible_q


@admin.register(GrievanceCategory)
class GrievanceCategoryAdmin(HistoryAdmin):
    list_display = ["name", "is_feedback", "sensitive", "active"]
    list_filter = ["active", "is_feedback", "sensitive"]
    search_fields = ["name"]


@admin.register(ResolutionDeadline)
class ResolutionDeadlineAdmin(HistoryAdmin):
    list_display = ["category", "severity", "working_days"]
    list_filter = ["severity"]


@admin.register(Holiday)
class HolidayAdmin(HistoryAdmin):
    list_display = ["date", "name"]
    date_hierarchy = "date"
    search_fields = ["name"]


class SensitiveRuleAdmin(ReadOnlyAdmin):
    grievance_path = ""

    def get_queryset(self, request):
        rule = sensitive_visible_q(request.user)
        if self.grievance_path:
            rule = {f"{self.grievance_path}__in": Grievance.objects.filter(rule)}
            return super().get_queryset(request).filter(**rule)
        return super().get_queryset(request).filter(rule)


@admin.register(Grievance)
class GrievanceAdmin(SensitiveRuleAdmin):
    list_display = ["__str__", "category", "severity", "status", "regency", "received_on", "due_on"]
    list_filter = ["status", "severity", "channel", "sensitive", "category"]
    list_select_related = ["category", "regency"]
    search_fields = ["complainant_name", "lapor_ticket", "client__name"]
    raw_id_fields = ["client", "grant", "enrolment", "visit"]


@admin.register(GrievanceNote)
class GrievanceNoteAdmin(SensitiveRuleAdmin):
    grievance_path = "grievance"
    list_display = ["grievance", "kind", "author", "created_at"]
    list_filter = ["kind"]
    raw_id_fields = ["grievance"]


@admin.register(GrievanceAttachment)
class GrievanceAttachmentAdmin(SensitiveRuleAdmin):
    grievance_path = "grievance"
    list_display = ["grievance", "uploaded_by", "uploaded_at"]
    raw_id_fields = ["grievance"]
    # A private file has no public URL (core/storage.py): opened through the site's
    # download view, which checks the scope and logs the opening.
    exclude = ["file"]
    readonly_fields = ["download"]

    @admin.display(description=_("file"))
    def download(self, obj):
        url = reverse("programs:grievance_attachment", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Open"))
