from django.db.models import Q
from django.http import HttpResponsePermanentRedirect
from django.utils import translation

from eig.challenges.models import Challenge

from .models import NewsPost


def _matching(field, candidates):
    # Old internal links were sometimes lowercased: compare without case.
    query = Q()
    for candidate in candidates:
        query |= Q(**{f"{field}__iexact": candidate})
    return query


def legacy_target(path: str):
    """The page that now holds what the legacy site served at `path`, if any."""
    path = path.rstrip("/") or "/"
    candidates = [path] if path.endswith(".html") else [path, path + ".html"]
    challenge = Challenge.objects.select_related("promotion").filter(_matching("legacy_path", candidates)).first()
    if challenge is not None:
        with translation.override("fr"):
            return challenge.get_absolute_url()
    post = NewsPost.objects.published().filter(_matching("legacy_path", candidates)).first()
    if post is not None:
        with translation.override("fr"):
            return post.get_absolute_url()
    post = NewsPost.objects.published().filter(_matching("legacy_path_en", candidates)).first()
    if post is not None:
        with translation.override("en"):
            return post.get_absolute_url()
    return None


class LegacyRedirectMiddleware:
    """Old links of the Jekyll site keep working: a 404 on a legacy path answers 301."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 404 and request.method in ("GET", "HEAD"):
            target = legacy_target(request.path_info)
            if target:
                return HttpResponsePermanentRedirect(target)
        return response
