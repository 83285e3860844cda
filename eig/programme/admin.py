"""The ten months in the admin: the promotion's settings are edited here (reminder days, the
replacement window, the low-mood threshold); everything else changes through the services and
their pages (each change logged), so the admin only shows it."""

from django.contrib import admin

from eig.core.admin import ReadOnlyAdmin

from .models import Fellow, Setup, Signal


@admin.register(Setup)
class SetupAdmin(admin.ModelAdmin):
    list_display = ["promotion", "start_date", "end_date", "replacement_window_days", "low_mood_threshold"]


@admin.register(Fellow)
class FellowAdmin(ReadOnlyAdmin):
    list_display = ["name", "challenge", "promotion", "status", "start_date", "started_on"]
    list_filter = ["promotion", "status"]
    # The reason of a departure is private to the programme team's own pages.
    exclude = ["leave_reason"]


@admin.register(Signal)
class SignalAdmin(ReadOnlyAdmin):
    list_display = ["summary", "kind", "state", "raised_at"]
    list_filter = ["promotion", "kind", "state"]
