"""What every address of the API shares, around django-ninja's views (docs/api.md):

- read-only: GET and HEAD (HEAD answers GET's headers), OPTIONS for a browser's preflight, any
  other method 405 with `Allow`; no CSRF (nothing is written, no cookie is read);
- a rate limit per client address, counted in the cache: 429 with `Retry-After` and a French and
  English message;
- the language: `?lang=fr|en`, else the `Accept-Language` header, else French;
- revalidation: an `ETag` made of the public content version (eig/core/pagecache.py: every save of
  a public model bumps it), the language and the address; `If-None-Match` → 304 after one read;
  a 200 is kept in the cache under the same key, so a repeated read costs that one query too;
- `Cache-Control: public, max-age=…` and `Access-Control-Allow-Origin: *` (open data).

The answers depend on nothing else: no user, no cookie, no clock (no « upcoming » filter whose
meaning moves with time), which is what makes the version a sound validator.
"""

import hashlib
import json
import math
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.http import parse_etags
from django.utils.translation.trans_real import parse_accept_lang_header

from eig.core.pagecache import current_version

# Changes whenever the shape of an answer changes without a content edit (a field added, a
# format fixed): the ETags and the cached answers of the former code then stop matching.
REVISION = "1"
LANGUAGES = ("fr", "en")
DEFAULT_LANGUAGE = "fr"
READ_METHODS = ("GET", "HEAD")
ALLOW = "GET, HEAD, OPTIONS"
JSON = "application/json; charset=utf-8"
EXPOSED_HEADERS = "ETag, Retry-After, Content-Language"


def json_response(data, status: int, **headers) -> HttpResponse:
    response = HttpResponse(json.dumps(data, ensure_ascii=False), status=status, content_type=JSON)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def error(status: int, french: str, english: str, **extra) -> HttpResponse:
    """An error in the API's one shape: `detail` in French, `detail_en` in English."""
    return json_response({"detail": french, "detail_en": english, **extra}, status)


# --- The client and the rate limit ----------------------------------------------


def client_address(request) -> str:
    """REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT proxies the address the first of them saw in
    X-Forwarded-For (the rule allauth's sign-in limits follow: config/settings.py)."""
    count = getattr(settings, "ALLAUTH_TRUSTED_PROXY_COUNT", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count > 0 and forwarded:
        addresses = [part.strip() for part in forwarded.split(",")]
        return addresses[-min(count, len(addresses))][:64]
    return request.META.get("REMOTE_ADDR", "")[:64]


def rate_limited(request) -> HttpResponse | None:
    """A fixed window per client address: the window's count lives in the cache (one add and one
    increment a request); past API_RATE_LIMIT, 429 until the window ends."""
    limit, window = settings.API_RATE_LIMIT, settings.API_RATE_WINDOW_SECONDS
    if limit <= 0:
        return None
    now = time.time()
    start = int(now // window) * window
    key = f"api-rate:{client_address(request)}:{start}"
    cache.add(key, 0, window + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, window + 1)
        count = 1
    if count <= limit:
        return None
    wait = max(1, math.ceil(start + window - now))
    response = error(
        429,
        f"Trop de requêtes : {limit} par tranche de {window} secondes au plus. Réessayez dans {wait} secondes.",
        f"Too many requests: at most {limit} per {window} seconds. Retry in {wait} seconds.",
        retry_after=wait,
    )
    response["Retry-After"] = str(wait)
    return response


# --- The language -------------------------------------------------------------------


def language_of(request) -> str:
    """`?lang=` when it names a language of the site; else the first of Accept-Language's that
    does; else French. A wrong `lang` is refused by the operation itself (422)."""
    asked = request.GET.get("lang")
    if asked in LANGUAGES:
        return asked
    for code, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")[:255]):
        primary = code.split("-")[0].lower()
        if primary in LANGUAGES:
            return primary
    return DEFAULT_LANGUAGE


# --- The validator and the answer cache ----------------------------------------------------


def representation_key(request, language: str, version: int) -> str:
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.blake2b(f"{REVISION}|{language}|{address}".encode(), digest_size=16).hexdigest()
    return f"{version}-{digest}"


def _matches(request, etag: str) -> bool:
    header = request.headers.get("If-None-Match")
    if not header:
        return False
    tags = parse_etags(header)
    # Weak comparison (RFC 9110 13.1.2): W/"x" matches "x".
    return "*" in tags or any(tag.removeprefix("W/") == etag for tag in tags)


def _public_headers(response, *, etag: str | None, language: str) -> None:
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
    response["Content-Language"] = language
    patch_vary_headers(response, ("Accept-Language",))
    if etag:
        response["ETag"] = etag
        response["Cache-Control"] = f"public, max-age={settings.API_MAX_AGE_SECONDS}"
    elif "Cache-Control" not in response:
        response["Cache-Control"] = "no-cache"


def _options() -> HttpResponse:
    response = HttpResponse(status=204)
    response["Allow"] = ALLOW
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Allow-Methods"] = ALLOW
    response["Access-Control-Allow-Headers"] = "Accept-Language, If-None-Match"
    response["Access-Control-Max-Age"] = "86400"
    return response


def not_allowed() -> HttpResponse:
    response = error(
        405,
        "L'API est en lecture seule : seules les méthodes GET et HEAD sont acceptées.",
        "The API is read-only: only GET and HEAD are accepted.",
    )
    response["Allow"] = ALLOW
    response["Access-Control-Allow-Origin"] = "*"
    return response


def public_read(view, *, cacheable: bool = True):
    """Wrap one of the API's views (django-ninja's, or the index and the JSON 404)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "OPTIONS":
            return _options()
        if request.method not in READ_METHODS:
            return not_allowed()
        refused = rate_limited(request)
        if refused is not None:
            refused["Access-Control-Allow-Origin"] = "*"
            refused["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
            return refused
        language = language_of(request)
        etag = key = None
        if cacheable:
            # Read once per request: the page cache's middleware already did for an anonymous GET.
            version = getattr(request, "public_content_version", None)
            if version is None:
                version = current_version()
            key = representation_key(request, language, version)
            etag = f'"{key}"'
            if _matches(request, etag):
                response = HttpResponse(status=304)
                _public_headers(response, etag=etag, language=language)
                return response
            stored = cache.get(f"api:{key}")
            if stored is not None:
                content, content_type = stored
                response = HttpResponse(content, content_type=content_type)
                _public_headers(response, etag=etag, language=language)
                return response
        head, request.method = request.method == "HEAD", "GET"  # ninja routes GET only
        try:
            with translation.override(language):
                response = view(request, *args, **kwargs)
        finally:
            if head:
                request.method = "HEAD"
        ok = response.status_code == 200 and not response.streaming
        if key is not None and ok:
            cache.set(f"api:{key}", (response.content, response["Content-Type"]), settings.PAGE_CACHE_SECONDS)
        _public_headers(response, etag=etag if ok else None, language=language)
        return response

    # Nothing is written and no cookie is read: the CSRF check has nothing to protect.
    wrapper.csrf_exempt = True
    return wrapper
