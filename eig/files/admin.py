from django.contrib import admin

from .models import StoredFile


@admin.register(StoredFile)
class StoredFileAdmin(admin.ModelAdmin):
    """Read-only: files are stored and scanned by eig.files.services only."""

    list_display = ["original_name", "owner", "mimetype", "size", "scan_status", "created_at"]
    list_filter = ["scan_status", "mimetype"]
    search_fields = ["original_name", "owner__email", "sha256"]
    list_select_related = ["owner"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
