"""A page cache for anonymous visitors that never serves stale content.

Views opt in with `@public_page`. Entries are keyed on the full path and on
the public content version (`ContentVersion`), which every save or delete of
public content bumps (see `bump_on_change`). One indexed read per request
decides freshness, so a per-process memory cache stays exact across workers:
an edit in the admin is visible on the very next request.
"""

from functools import wraps

from django.apps import apps as global_apps
from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.db.models import F
from django.http import HttpResponse

from .models import ContentVersion

# Apps whose models are shown on public pages; any change bumps the version.
PUBLIC_CONTENT_APPS = {"promotions", "challenges", "content", "dsfr"}
_CACHED_HEADERS = ("Content-Type", "Content-Language", "Vary", "Last-Modified")


def public_page(view):
    """Mark a view's 200 responses as cacheable for anonymous visitors."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.page_cacheable = True
        return response

    return wrapper


def current_version() -> int:
    version = ContentVersion.objects.filter(key="public").values_list("version", flat=True).first()
    return version or 0


def bump_version() -> None:
    if not ContentVersion.objects.filter(key="public").update(version=F("version") + 1):
        ContentVersion.objects.get_or_create(key="public")


def bump_on_change(sender, **kwargs):
    meta = getattr(sender, "_meta", None)
    # Historical models of data migrations live in another registry: skip them.
    if meta is not None and meta.apps is global_apps and meta.app_label in PUBLIC_CONTENT_APPS:
        bump_version()


def _is_anonymous(request) -> bool:
    return settings.SESSION_COOKIE_NAME not in request.COOKIES and "messages" not in request.COOKIES


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or not _is_anonymous(request):
            return self.get_response(request)
        key = f"page:{current_version()}:{request.get_full_path()}"
        entry = cache.get(key)
        if entry is not None:
            status, headers, content = entry
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if (
            getattr(response, "page_cacheable", False)
            and response.status_code == 200
            and not response.cookies
            and not response.streaming
        ):
            headers = [(h, response[h]) for h in _CACHED_HEADERS if response.has_header(h)]
            cache.set(key, (response.status_code, headers, response.content), settings.PAGE_CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"
        return response


def connect_signals():
    for signal in (models.signals.post_save, models.signals.post_delete, models.signals.m2m_changed):
        signal.connect(bump_on_change, dispatch_uid=f"pagecache-{signal!r}")
