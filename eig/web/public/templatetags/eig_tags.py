import functools

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from eig.content import english

register = template.Library()


@register.simple_tag
def fallback_lang(obj, field):
    """` lang="fr"` on an element whose text falls back to French on an English page.

    RGAA 8.7: a change of language in the content must be marked up, so screen
    readers pronounce the untranslated French text as French.
    """
    if not english.falls_back_to_french(obj, field, get_language()):
        return ""
    return mark_safe(f' lang="{settings.LANGUAGE_CODE}"')  # noqa: S308 - a constant from settings


@register.filter
def get_item(mapping, key):
    """`{{ files|get_item:field.name }}`: a dict value by a variable key."""
    return mapping.get(key) if hasattr(mapping, "get") else None


# The main menu's items that mark the page they lead to (aria-current="page"), by URL name.
NAV_ITEMS = {
    "public:home": "home",
    "public:challenge_list": "challenges",
    "public:promotion_list": "promotions",
    "public:community": "community",
    "public:news_list": "news",
    "public:faq": "faq",
}


@functools.cache
def _nav_paths(urlconf, prefix, language) -> dict[str, str]:
    """{path: item} of the menu's items; the paths depend on the language (/en/…) and the script prefix."""
    return {reverse(name, urlconf=urlconf): item for name, item in NAV_ITEMS.items()}


@register.simple_tag(takes_context=True)
def current_nav_item(context) -> str:
    """The main menu's item this page is (NAV_ITEMS), or "": the header draws the menu once per item
    and language ({% shared_part "header-nav" nav_item %}), not on every request."""
    request = context.get("request")
    if request is None:
        return ""
    return _nav_paths(get_urlconf(), get_script_prefix(), get_language()).get(request.path, "")
