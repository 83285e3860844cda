"""Results and memory in the admin: to look. Deliverables, plans, surveys and closings change
through their services and pages (each change logged). The survey responses are not here at
all: staff read them only aggregated, with the groups under five answers hidden
(eig/results/survey_results.py), so that nobody can single out an answer."""

from django.contrib import admin

from eig.core.admin import ReadOnlyAdmin

from .models import Closing, Deliverable, Handover, Survey


@admin.register(Deliverable)
class DeliverableAdmin(ReadOnlyAdmin):
    list_display = ["title", "challenge", "kind", "status", "link_state", "published_at"]
    list_filter = ["status", "kind", "link_state", "challenge__promotion"]


@admin.register(Handover)
class HandoverAdmin(ReadOnlyAdmin):
    list_display = ["challenge", "confirmed_at", "outcome", "outcome_at"]
    list_filter = ["outcome", "challenge__promotion"]


@admin.register(Survey)
class SurveyAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "promotion", "moment", "anonymous"]
    list_filter = ["promotion", "moment", "anonymous"]


@admin.register(Closing)
class ClosingAdmin(ReadOnlyAdmin):
    list_display = ["promotion", "closed_at", "closed_by"]
