from modeltranslation.translator import TranslationOptions, register

from .models import FAQEntry, NewsPost, Page


@register(Page)
class PageTranslation(TranslationOptions):
    fields = ("title", "summary", "body")


@register(FAQEntry)
class FAQEntryTranslation(TranslationOptions):
    fields = ("question", "answer")


@register(NewsPost)
class NewsPostTranslation(TranslationOptions):
    fields = ("title", "description", "body")
