from modeltranslation.translator import TranslationOptions, register

from .models import Achievement, Challenge, KeyFigure, Position, Profile


@register(Challenge)
class ChallengeTranslation(TranslationOptions):
    fields = ("title", "summary", "body")


@register(Profile)
class ProfileTranslation(TranslationOptions):
    fields = ("label",)


@register(KeyFigure)
class KeyFigureTranslation(TranslationOptions):
    fields = ("description",)


@register(Achievement)
class AchievementTranslation(TranslationOptions):
    fields = ("title", "description", "call_to_action")


@register(Position)
class PositionTranslation(TranslationOptions):
    fields = ("mission", "skills")
