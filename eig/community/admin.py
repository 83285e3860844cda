from django.contrib import admin

from .models import Membership, Person


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["challenge"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "role", "profile", "is_public"]
    list_filter = ["role", "profile", "is_public", "promotions"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["promotions"]
    inlines = [MembershipInline]
