from django import template
from django.conf import settings
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()


@register.simple_tag
def fallback_lang(obj, field):
    """` lang="fr"` on an element whose text falls back to French on an English page.

    RGAA 8.7: a change of language in the content must be marked up, so screen
    readers pronounce the untranslated French text as French.
    """
    language = get_language()
    default = settings.LANGUAGE_CODE
    if obj is None or language == default:
        return ""
    if getattr(obj, f"{field}_{language}", None) or not getattr(obj, f"{field}_{default}", None):
        return ""
    return mark_safe(f' lang="{default}"')  # noqa: S308 - a constant from settings


@register.filter
def get_item(mapping, key):
    """`{{ files|get_item:field.name }}`: a dict value by a variable key."""
    return mapping.get(key) if hasattr(mapping, "get") else None
