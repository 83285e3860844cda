from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from .models import FAQEntry, NewsPost, Page, Tag


@admin.register(Page)
class PageAdmin(TranslationAdmin):
    list_display = ["title", "kind", "slug", "is_published"]
    list_filter = ["kind", "is_published"]
    search_fields = ["title", "body"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(FAQEntry)
class FAQEntryAdmin(TranslationAdmin):
    list_display = ["question", "audience", "section", "order"]
    list_filter = ["audience"]
    search_fields = ["question", "answer"]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(NewsPost)
class NewsPostAdmin(TranslationAdmin):
    list_display = ["title", "published_on", "author", "is_draft"]
    list_filter = ["is_draft", "tags"]
    search_fields = ["title", "body"]
    date_hierarchy = "published_on"
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["tags"]
