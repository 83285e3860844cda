from modeltranslation.translator import TranslationOptions, register

from .models import AgendaItem, Event


# The events reach the public pages (the promotion's, its results page): in French and English.
@register(Event)
class EventTranslation(TranslationOptions):
    fields = ("title", "description")


@register(AgendaItem)
class AgendaItemTranslation(TranslationOptions):
    fields = ("title",)
