"""The call's texts in French and English (modeltranslation: `label_fr`, `label_en`…, the English falling
back to the French): the call's title, its steps' titles and introductions, its questions' labels and
help. A choice's English label is `Question.choices_en` (the values are the same in both languages)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Call, Question, Step


@register(Call)
class CallTranslation(TranslationOptions):
    fields = ("title",)


@register(Step)
class StepTranslation(TranslationOptions):
    fields = ("title", "intro")


@register(Question)
class QuestionTranslation(TranslationOptions):
    fields = ("label", "help_text")
