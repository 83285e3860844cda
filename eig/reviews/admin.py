from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from .models import Assignment, AssignmentRun, Conflict, Criterion, Decision, Grid, PairRule, Remark, Review, Reviewer


class CriterionInline(TranslationTabularInline):
    model = Criterion
    extra = 0


@admin.register(Grid)
class GridAdmin(TranslationAdmin):
    list_display = ["title", "call", "phase", "mode", "opens_at", "closes_at", "reveals_at"]
    list_filter = ["phase", "mode"]
    inlines = [CriterionInline]


@admin.register(Reviewer)
class ReviewerAdmin(admin.ModelAdmin):
    list_display = ["email", "grid", "capacity", "accepted_at", "dropped_at"]
    list_filter = ["grid"]
    search_fields = ["email"]
    raw_id_fields = ["user", "invited_by"]
    readonly_fields = ["token"]


@admin.register(Conflict)
class ConflictAdmin(admin.ModelAdmin):
    list_display = ["reviewer", "dossier", "source", "reason"]
    list_filter = ["source"]
    raw_id_fields = ["reviewer", "dossier"]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["reviewer", "dossier", "source", "created_at"]
    raw_id_fields = ["reviewer", "dossier"]


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["assignment", "total", "verdict", "submitted_at"]
    raw_id_fields = ["assignment"]


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["dossier", "grid", "admissible", "reason", "decided_at"]
    raw_id_fields = ["dossier", "decided_by"]


admin.site.register([PairRule, Remark, AssignmentRun])
