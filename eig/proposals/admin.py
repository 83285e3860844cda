from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from eig.core.admin import ReadOnlyAdmin

from .models import Agent, ChallengeApproval, ChallengeSelection, Proposal, StaffQuestion
from .services import confirm_agent


@admin.register(Agent)
class AgentAdmin(admin.ModelAdmin):
    list_display = ["user", "administration", "function", "confirmed", "confirmed_via", "refused"]
    list_filter = ["confirmed", "refused", "confirmed_via"]
    list_select_related = ["user", "administration"]
    search_fields = ["user__email", "administration__name"]
    raw_id_fields = ["user", "administration"]
    # Confirmation and refusal go through their services (logged, the agent told): /equipe/agents/.
    readonly_fields = ["confirmed", "refused", "confirmed_via", "refusal_reason", "decided_by", "decided_at"]
    actions = ["confirm"]

    @admin.action(description=_("Confirmer les agents sélectionnés"))
    def confirm(self, request, queryset):
        for agent in queryset.filter(confirmed=False):
            confirm_agent(agent, by=request.user)
        messages.success(request, _("Agents confirmés."))


class StaffQuestionInline(admin.TabularInline):
    model = StaffQuestion
    extra = 0
    fields = ["text", "asked_at", "answer", "answered_at"]
    readonly_fields = ["asked_at", "answered_at"]


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["dossier", "administration", "state", "challenge"]
    list_filter = ["state", "dossier__call"]
    list_select_related = ["dossier", "administration", "challenge"]
    search_fields = ["dossier__number", "administration__name"]
    raw_id_fields = ["dossier", "administration", "challenge"]
    readonly_fields = ["state"]
    inlines = [StaffQuestionInline]


class ChallengeApprovalInline(admin.TabularInline):
    model = ChallengeApproval
    extra = 0
    fields = ["at", "approver", "decision", "comment", "digest"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ChallengeSelection)
class ChallengeSelectionAdmin(ReadOnlyAdmin):
    """To look, never to change: submissions and decisions are services (eig/proposals/approval.py)."""

    list_display = ["__str__", "state", "submitted_by", "submitted_at", "approved_at", "outdated_at"]
    list_filter = ["state", "call"]
    list_select_related = ["call", "submitted_by"]
    inlines = [ChallengeApprovalInline]
