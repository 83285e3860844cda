from django.contrib import admin

from .models import Audition, HalfDay, Juror, JurorConflict, Jury, Panel, Room, Verdict


class HalfDayInline(admin.TabularInline):
    model = HalfDay
    extra = 0


class RoomInline(admin.TabularInline):
    model = Room
    extra = 0


@admin.register(Jury)
class JuryAdmin(admin.ModelAdmin):
    list_display = ["title", "call", "kind", "results_published_at"]
    inlines = [HalfDayInline, RoomInline]


@admin.register(Juror)
class JurorAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "jury", "type", "gender", "charter_accepted_at"]
    list_filter = ["jury", "type", "gender"]
    search_fields = ["name", "email", "organisation"]
    raw_id_fields = ["user"]
    readonly_fields = ["token", "calendar_token"]


@admin.register(Audition)
class AuditionAdmin(admin.ModelAdmin):
    list_display = ["auditionee", "jury", "panel", "starts_at", "attendance"]
    raw_id_fields = ["dossier"]


admin.site.register([Panel, JurorConflict, Verdict])
