from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .activity import verb_label
from .models import ActivityLog


class ReadOnlyAdmin(admin.ModelAdmin):
    """For the rows every change of which goes through a service (logged): the admin only shows them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ActivityLog)
class ActivityLogAdmin(ReadOnlyAdmin):
    list_display = ["at", "label", "verb", "target_type", "target_id", "actor"]
    list_filter = ["verb", "target_type"]
    search_fields = ["verb", "target_id"]
    readonly_fields = ["at", "verb", "target_type", "target_id", "actor", "data"]

    @admin.display(description=_("action"), ordering="verb")
    def label(self, entry):
        return verb_label(entry.verb)
