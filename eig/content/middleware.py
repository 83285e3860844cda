from django.http import HttpResponsePermanentRedirect

from eig.challenges.models import Challenge

from .models import NewsPost


def legacy_target(path: str):
    """The page that now holds what the legacy site served at `path`, if any."""
    path = path.rstrip("/") or "/"
    candidates = {path, path + ".html"} if not path.endswith(".html") else {path}
    challenge = Challenge.objects.select_related("promotion").filter(legacy_path__in=candidates).first()
    if challenge is not None:
        return challenge.get_absolute_url()
    post = NewsPost.objects.published().filter(legacy_path__in=candidates).first()
    if post is not None:
        return post.get_absolute_url()
    post = NewsPost.objects.published().filter(legacy_path_en__in=candidates).first()
    if post is not None:
        return "/en" + post.get_absolute_url()
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
