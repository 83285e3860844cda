from django.contrib import admin

from .models import Answer, Call, Dossier, DossierVersion, Question, Step
from .setup import sync_phase


class StepInline(admin.TabularInline):
    model = Step
    extra = 0


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ["title", "promotion", "kind", "opens_at", "closes_at"]
    list_filter = ["kind", "promotion"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [StepInline]

    def get_readonly_fields(self, request, obj=None):
        # An existing call's dates change on its page « Calendrier » (setup.set_call_dates): the draft
        # holders are told there when an open call's deadline moves.
        return ["opens_at", "closes_at"] if obj is not None else []

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # The promotion's calendar follows the call, as from the staff pages.
        sync_phase(obj)


class QuestionInline(admin.StackedInline):
    model = Question
    extra = 0


@admin.register(Step)
class StepAdmin(admin.ModelAdmin):
    list_display = ["title", "call", "order"]
    list_filter = ["call"]
    inlines = [QuestionInline]


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0
    readonly_fields = ["question", "value", "updated_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class VersionInline(admin.TabularInline):
    model = DossierVersion
    extra = 0
    readonly_fields = ["number", "submitted_at", "digest"]
    exclude = ["content"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Dossier)
class DossierAdmin(admin.ModelAdmin):
    """Read-only: dossiers change through the services only (their transitions are logged)."""

    list_display = ["number", "call", "owner", "status", "submitted_at", "version"]
    list_filter = ["call", "status"]
    search_fields = ["number", "owner__email"]
    readonly_fields = ["call", "owner", "number", "status", "last_step", "submitted_at", "version"]
    inlines = [AnswerInline, VersionInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
