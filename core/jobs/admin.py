from django.contrib import admin

from .models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    """Jobs are written by their services only; an admin looks (a job that failed, one
    that waits for a worker) but neither its parameters nor its file are shown: they
    hold what its owner was allowed to read."""

    list_display = ["title", "user", "kind", "status", "done", "total", "created_at"]
    list_filter = ["status", "kind"]
    search_fields = ["title", "user__username"]
    exclude = ["params", "result_file"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
