"""The selection in the admin: to look, never to change (every change is a service, logged;
an approved run is immutable)."""

from django.contrib import admin

from eig.core.admin import ReadOnlyAdmin

from .models import Approval, Offer, Outcome, SelectionRun


class ApprovalInline(admin.TabularInline):
    model = Approval
    extra = 0
    fields = ["at", "approver", "decision", "comment", "digest"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SelectionRun)
class SelectionRunAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "call", "mode", "status", "objective", "state", "created_at", "published_at"]
    list_filter = ["mode", "state", "call"]
    inlines = [ApprovalInline]


@admin.register(Offer)
class OfferAdmin(ReadOnlyAdmin):
    list_display = ["dossier", "position", "status", "deadline", "responded_at", "replaced_by"]
    list_filter = ["status", "run"]
    search_fields = ["dossier__number"]


@admin.register(Outcome)
class OutcomeAdmin(ReadOnlyAdmin):
    list_display = ["dossier", "run", "decision", "notified_at"]
    list_filter = ["decision", "run"]
    search_fields = ["dossier__number"]
