from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from .models import Achievement, Administration, Challenge, KeyFigure, Position, Profile


@admin.register(Administration)
class AdministrationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent_ministry", "town"]
    list_filter = ["kind"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Profile)
class ProfileAdmin(TranslationAdmin):
    list_display = ["label", "code", "order"]


class PositionInline(TranslationTabularInline):
    model = Position
    extra = 0


class KeyFigureInline(TranslationTabularInline):
    model = KeyFigure
    extra = 0


class AchievementInline(TranslationTabularInline):
    model = Achievement
    extra = 0


@admin.register(Challenge)
class ChallengeAdmin(TranslationAdmin):
    list_display = ["title", "promotion", "administration", "status", "is_featured"]
    list_filter = ["promotion", "status", "profiles", "is_featured"]
    search_fields = ["title", "summary", "administration__name"]
    list_select_related = ["promotion__programme", "administration"]
    autocomplete_fields = ["administration"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["profiles"]
    inlines = [PositionInline, KeyFigureInline, AchievementInline]
