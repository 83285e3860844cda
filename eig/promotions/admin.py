from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from .models import Phase, Programme, Promotion


@admin.register(Programme)
class ProgrammeAdmin(TranslationAdmin):
    list_display = ["code", "name"]


class PhaseInline(admin.TabularInline):
    model = Phase
    extra = 0


@admin.register(Promotion)
class PromotionAdmin(TranslationAdmin):
    list_display = ["__str__", "programme", "number", "year", "is_published"]
    list_filter = ["programme", "is_published"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [PhaseInline]
