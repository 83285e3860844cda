"""The alumni in the admin: to look. Profiles are the alumni's own (their consent among them);
invitations change through the staff pages and the alumni's answers (each change logged)."""

from django.contrib import admin

from eig.core.admin import ReadOnlyAdmin

from .models import Alumnus, Invitation


@admin.register(Alumnus)
class AlumnusAdmin(ReadOnlyAdmin):
    list_display = ["name", "promotion", "challenge", "listed", "contact_preference"]
    list_filter = ["promotion", "listed"]


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ["alumnus", "kind", "status", "created_at", "answered_at"]
    list_filter = ["kind", "status"]
