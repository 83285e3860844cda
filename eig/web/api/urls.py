"""The public read-only API (/api/v1/): see docs/api.md and docs/decisions/0004-api-library.md.

django-ninja's URL patterns (its operations, the schema, the docs page, the root) each wrapped by
`public_read` (methods, rate limit, language, ETag, cache headers, CORS); the root answers an index
of the resources, and any other address under /api/v1/ a JSON 404.
"""

from django.urls import URLPattern, path, reverse

from .api import api
from .http import error, json_response, public_read

app_name = "api"

RESOURCES = ["challenges", "positions", "achievements", "promotions", "teams", "news", "events", "statistics"]


def index(request):
    """The API's entry point: where each resource, the schema and the docs are."""
    root = reverse("api:api-root")
    return json_response(
        {
            "title": api.title,
            "version": api.version,
            "openapi": request.build_absolute_uri(reverse("api:openapi-json")),
            "docs": request.build_absolute_uri(reverse("api:openapi-view")),
            "resources": {name: request.build_absolute_uri(f"{root}{name}") for name in RESOURCES},
        },
        200,
    )


def not_found(request, rest):
    return error(404, "Aucune ressource publique à cette adresse.", "No public resource at this address.")


def _wrapped(pattern):
    view = index if pattern.name == "api-root" else pattern.callback
    return URLPattern(pattern.pattern, public_read(view), pattern.default_args, pattern.name)


urlpatterns = [_wrapped(pattern) for pattern in api.urls[0]]
urlpatterns.append(path("<path:rest>", public_read(not_found, cacheable=False), name="not_found"))
