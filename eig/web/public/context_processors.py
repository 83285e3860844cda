import functools

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, translate_url
from django.utils.translation import get_language
from dsfr.models import DsfrConfig

from eig.core.shared_values import request_version, shared_value


@functools.lru_cache(maxsize=4096)
def _translated(path: str, code: str, current: str, urlconf, prefix: str) -> str:
    # translate_url resolves the path in the active language (`current`) and reverses it in `code`: the
    # answer depends on nothing else (the URL configuration and the script prefix are in the key).
    return translate_url(path, code)


def site(request):
    """Alternate-language links for the language switcher; no database query. A page's links are kept
    (the last 4,096 paths): resolving and reversing a path cost more than the rest of this processor."""
    current = get_language()
    path, urlconf, prefix = request.get_full_path(), get_urlconf(), get_script_prefix()
    languages = [
        {
            "code": code,
            "name": name,
            "url": _translated(path, code, current, urlconf, prefix),
            "current": code == current,
        }
        for code, name in settings.LANGUAGES
    ]
    return {"languages": languages, "current_language": current, "DEMO": settings.DEMO}


def site_config(request):
    """The DSFR site settings (banner, notice) in the current language, else the first: django-dsfr's
    context processor, kept per process under the public content version (eig.core.shared_values)
    instead of a query on every page."""
    language = get_language()

    def read():
        return DsfrConfig.objects.filter(language=language).first() or DsfrConfig.objects.first()

    return {"SITE_CONFIG": shared_value(f"dsfr-config:{language}", request_version(request), read)}
