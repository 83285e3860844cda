from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from .models import Phase, Programme, Promotion


@admin.register(Programme)
class ProgrammeAdmin(TranslationAdmin):
    list_display = ["code", "name"]


# The steps a call's own dates set: its page « Calendrier » (eig.calls.setup.sync_phase) keeps them equal
# to the call's opening and closing, so there is no second place to edit them.
CALL_PHASES = (Phase.Kind.CHALLENGE_CALL, Phase.Kind.APPLICATION_CALL)


class PhaseInline(admin.TabularInline):
    """The promotion's other steps (juries, announcements, the ten months), edited here."""

    model = Phase
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).exclude(kind__in=CALL_PHASES)

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "kind":
            kwargs["choices"] = [(value, label) for value, label in Phase.Kind.choices if value not in CALL_PHASES]
        return super().formfield_for_choice_field(db_field, request, **kwargs)


class CallPhaseInline(admin.TabularInline):
    """The calls' steps, read only: set from the call's page « Calendrier » (équipe du programme)."""

    model = Phase
    extra = 0
    fields = readonly_fields = ["kind", "starts_at", "ends_at"]
    verbose_name = _("appel du calendrier")
    verbose_name_plural = _(
        "Appels du calendrier : dates fixées par la page « Calendrier » de l'appel, dans les pages de l'équipe"
    )

    def get_queryset(self, request):
        return super().get_queryset(request).filter(kind__in=CALL_PHASES)

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Promotion)
class PromotionAdmin(TranslationAdmin):
    list_display = ["__str__", "programme", "number", "year", "is_published"]
    list_filter = ["programme", "is_published"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [CallPhaseInline, PhaseInline]
