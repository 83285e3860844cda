from modeltranslation.translator import TranslationOptions, register

from .models import Deliverable, Handover


@register(Deliverable)
class DeliverableTranslation(TranslationOptions):
    fields = ("title", "description")


@register(Handover)
class HandoverTranslation(TranslationOptions):
    fields = ("outcome_reason",)
