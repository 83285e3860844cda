from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language


def site(request):
    """Alternate-language links for the language switcher; no database query."""
    current = get_language()
    languages = [
        {"code": code, "name": name, "url": translate_url(request.get_full_path(), code), "current": code == current}
        for code, name in settings.LANGUAGES
    ]
    return {"languages": languages, "current_language": current, "DEMO": settings.DEMO}
