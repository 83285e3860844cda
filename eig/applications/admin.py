from django.contrib import admin

from .models import Wish, WishWindow


@admin.register(Wish)
class WishAdmin(admin.ModelAdmin):
    list_display = ["dossier", "rank", "position"]
    list_select_related = ["dossier", "position__challenge", "position__profile"]
    search_fields = ["dossier__number", "position__challenge__title"]
    raw_id_fields = ["dossier", "position"]


@admin.register(WishWindow)
class WishWindowAdmin(admin.ModelAdmin):
    list_display = ["dossier", "opened_at", "closes_at"]
    raw_id_fields = ["dossier"]
