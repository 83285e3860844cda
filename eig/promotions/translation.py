from modeltranslation.translator import TranslationOptions, register

from .models import Programme, Promotion


@register(Programme)
class ProgrammeTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Promotion)
class PromotionTranslation(TranslationOptions):
    fields = ("title", "description", "photo_alt")
