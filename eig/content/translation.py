from modeltranslation.translator import TranslationOptions, register

from .models import FAQEntry, NewsPost, Page, Story


@register(Page)
class PageTranslation(TranslationOptions):
    fields = ("title", "summary", "body")


@register(FAQEntry)
class FAQEntryTranslation(TranslationOptions):
    fields = ("question", "answer")


@register(NewsPost)
class NewsPostTranslation(TranslationOptions):
    fields = ("title", "description", "body", "image_alt")


@register(Story)
class StoryTranslation(TranslationOptions):
    fields = ("title", "description", "body", "image_alt")
