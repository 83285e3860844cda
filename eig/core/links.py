"""Absolute links of the site, as emails, feeds and open data write them: SITE_URL + a path."""

from django.conf import settings
from django.urls import reverse


def absolute(path: str = "/") -> str:
    """SITE_URL (without its trailing slash) + `path`."""
    return settings.SITE_URL.rstrip("/") + path


def absolute_url(name: str, **kwargs) -> str:
    """The absolute link of the URL named `name` (reversed in the active language)."""
    return absolute(reverse(name, kwargs=kwargs or None))
