"""The NinjaAPI of /api/v1/ (docs/decisions/0004-api-library.md): one router, errors in one JSON
shape (eig/web/api/http.py `error`), the OpenAPI 3.1 schema at /api/v1/openapi.json and a Swagger
UI page at /api/v1/docs served from the site's own static files (django-ninja ships them): the
site's CSP (script-src 'self') needs no exception and no CDN is reached."""

from django.http import Http404
from ninja import NinjaAPI, Swagger
from ninja.errors import HttpError, ValidationError
from ninja.renderers import JSONRenderer

from .http import error
from .views import router

DESCRIPTION = """\
The public, read-only data of the EIG programme (Entrepreneurs d'intérêt général): challenges,
positions, achievements, promotions, teams, news, events and open statistics. Open data under the
Licence Ouverte 2.0.

- **Pages**: lists take `limit` (1-100, default 20) and `offset`; they answer `count`, `next`,
  `previous` and `results`, in a stable order.
- **Languages**: `lang=fr|en`, else the `Accept-Language` header, else French.
- **Caching**: every answer carries an `ETag`; send it back in `If-None-Match` to get a
  `304 Not Modified`. `Cache-Control: public, max-age=60`.
- **Rate limit**: per client address (600 requests a minute by default); past it, `429` with a
  `Retry-After` header.
- **People**: fellows and mentors appear only if they agreed to a public profile; no e-mail address
  is ever given. Small groups (fewer than 5) are masked in the statistics.
- **Errors**: JSON, `detail` in French and `detail_en` in English.
"""


class Renderer(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}  # « défi » as is, not escaped: lighter answers


class PublicAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation):
        return operation.view_func.__name__  # list_challenges, not eig_web_api_views_list_challenges


api = PublicAPI(
    title="API publique du programme EIG",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    renderer=Renderer(),
    docs=Swagger(settings={"validatorUrl": None, "defaultModelsExpandDepth": 0}),
)
api.add_router("/", router)


@api.exception_handler(Http404)
def not_found(request, exc):
    return error(404, "Aucune ressource publique à cette adresse.", "No public resource at this address.")


@api.exception_handler(ValidationError)
def invalid(request, exc):
    errors = [
        {
            "loc": [part if isinstance(part, int) else str(part) for part in item.get("loc", ())],
            "msg": str(item.get("msg", "")),
            "type": str(item.get("type", "")),
        }
        for item in exc.errors
    ]
    return error(422, "Paramètres invalides.", "Invalid parameters.", errors=errors)


@api.exception_handler(HttpError)
def http_error(request, exc):
    return error(exc.status_code, str(exc), str(exc))
