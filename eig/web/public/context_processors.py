from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language
from dsfr.models import DsfrConfig

from eig.core.shared_values import request_version, shared_value


def site(request):
    """Alternate-language links for the language switcher; no database query."""
    current = get_language()
    languages = [
        {"code": code, "name": name, "url": translate_url(request.get_full_path(), code), "current": code == current}
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
