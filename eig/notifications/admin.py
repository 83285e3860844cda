from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import OutboxMessage
from .services import requeue


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """Read-only: messages are written by services and tasks, never by hand."""

    list_display = [
        "created_at",
        "template",
        "recipient",
        "language",
        "status",
        "attempts",
        "next_attempt_at",
        "sent_at",
    ]
    list_filter = ["status", "template", "language"]
    search_fields = ["recipient", "key", "subject"]
    date_hierarchy = "created_at"
    actions = ["resend"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Renvoyer les courriels en échec"))
    def resend(self, request, queryset):
        count = sum(requeue(message, by=request.user) for message in queryset)
        skipped = queryset.count() - count
        self.message_user(
            request,
            ngettext("%(count)d courriel remis en file.", "%(count)d courriels remis en file.", count)
            % {"count": count},
            messages.SUCCESS,
        )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d courriel ignoré : seuls les courriels en échec sont renvoyés.",
                    "%(count)d courriels ignorés : seuls les courriels en échec sont renvoyés.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )
