from django.contrib import admin

from .models import ActivityLog


@admin.register(ActivityLog)
class ActivityLogAdmin(admin.ModelAdmin):
    list_display = ["at", "verb", "target_type", "target_id", "actor"]
    list_filter = ["verb", "target_type"]
    search_fields = ["verb", "target_id"]
    readonly_fields = ["at", "verb", "target_type", "target_id", "actor", "data"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
