"""A page cache for anonymous visitors that never serves stale content.

Views opt in with `@public_page`. An entry is keyed on the public content
version (`ContentVersion`), on the time window of the calendar and on the
address (scheme, host, full path). Every save or delete of a model shown on
public pages bumps the version inside the transaction that makes the change
(see `bump_on_change`); one indexed read per request then decides freshness,
so a per-process memory cache stays exact across workers and machines: an edit
is visible on the very next request. A signed-in visitor of such a page gets
the body every visitor gets, kept under the same key, with their own header
(`personal_copy`). docs/page-cache.md explains the design.
"""

import copy
import hashlib
from bisect import bisect_right
from functools import wraps
from importlib import import_module

from django.apps import apps as global_apps
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.contrib.messages.storage import default_storage
from django.core.cache import cache
from django.db import connections, models, router
from django.db.models import F
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone

from . import prepared
from .models import ContentVersion

VERSION_KEY = "public"

# Apps whose rows never appear on a public page: their writes do not bump the
# version. Every other app's writes do, so a new app is public until someone
# lists it here (a missed entry costs cache hits, never correctness).
PRIVATE_APPS = {
    "admin",
    "auth",
    "contenttypes",
    "sessions",
    "django_tasks_database",
    "core",  # the activity log and the version counter itself
    "accounts",  # but see _is_public_model: DEMO lists the demo accounts on the home page
    "account",  # allauth's email addresses
    "mfa",
    "applications",  # wishes: never on a public page
    "files",
    "notifications",
    "reviews",  # reviewers, scores: never on a public page (the grids are: PUBLIC_MODELS)
    "juries",  # panels, timetables, deliberations (the juries and their jurors are: PUBLIC_MODELS)
    "selection",  # proposals, approvals, offers, waiting list
    "alumni",  # the directory is for signed-in alumni; their public profile is eig.community's
}

# Models of otherwise public apps that never appear on a public page. The
# dossiers matter most: a deadline rush writes them many times a second, and a
# bump makes every write of every candidate queue on the one version row.
PRIVATE_MODELS = {"calls.step", "calls.question", "calls.dossier", "calls.answer", "calls.dossierversion"}
# The ten months: the events reach a public page (the promotion page lists the public ones), and
# the objectives and their measures through the challenges' key figures (eig.results.figures: the
# objectives reached). Fellows, retrospectives, signals, notes, registrations never do: a week of
# retrospectives or a rush of registrations must not empty the public pages' cache.
PRIVATE_MODELS |= {
    f"programme.{name}"
    for name in (
        "setup", "fellow", "mentor", "hostonboarding", "resource",
        "retrospective", "mentornote", "signal", "registration", "calendarfeed",
    )
}  # fmt: skip
# Results and memory: the deliverables, handover outcomes, closings and agendas are public; who was
# asked a survey and its answers never are. Stories reach the news only as the NewsPost they become.
PRIVATE_MODELS |= {"results.participation", "results.response", "results.survey", "content.story"}

# Models of otherwise private apps that do appear on a public page, and are written rarely: a call's
# grids and their criteria (its rules and participate pages list them, eig.juries.stages), its juries
# (which grid their panels fill) and their members (the promotion's jury page names those who consent,
# eig.juries.publicity). A reviewer's scores, a panel's deliberation never are.
PUBLIC_MODELS = {"reviews.grid", "reviews.criterion", "juries.jury", "juries.juror"}

# Public pages that change by themselves when an instant passes: a call shows
# "open" or "closed" according to its phase dates (Phase.state). The cache key
# carries the last of these instants already past, so a page rendered before a
# call closes is never served after.
TIME_BOUNDARY_FIELDS = {
    "promotions.Phase": ("starts_at", "ends_at"),
    "calls.Call": ("opens_at", "closes_at"),  # the « Candidater » button of the participate page
}

# Request cookies that mean "this visitor may see a personal page".
_PERSONAL_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")


# A signed-in visitor of a public page gets the page everyone gets with their own header: the
# template below, rendered for them, in place of the anonymous one (between these two markers).
PERSONAL_HEADER_TEMPLATE = "includes/header.html"
HEADER_START = '<header role="banner"'
HEADER_END = "</header>"
_NOT_SHARED = ()  # cached for a page that cannot be shared (no header, a form, a cookie…)


def public_page(view):
    """Mark a view's 200 responses as cacheable for anonymous visitors, and serve signed-in
    visitors the shared body of the page with their own header (`personal_copy`)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = personal_copy(request, view, args, kwargs) if _shares_body(request) else None
        if response is None:
            response = view(request, *args, **kwargs)
        response.page_cacheable = True
        return response

    return wrapper


# --- The version counter ----------------------------------------------------


def _version_sql(connection) -> str:
    return (
        f"SELECT {prepared.column(ContentVersion, 'version', connection)}"  # noqa: S608 (no input)
        f" FROM {connection.ops.quote_name(ContentVersion._meta.db_table)}"
        f" WHERE {prepared.column(ContentVersion, 'key', connection)} = %s"
    )


def current_version() -> int:
    """The committed public content version: one read of a unique index.

    Raw SQL rather than the ORM: this runs on every anonymous request, and
    building the query costs more than running it.
    """
    connection = connections[router.db_for_read(ContentVersion)]
    with connection.cursor() as cursor:
        cursor.execute(prepared.built_once("content-version", connection, _version_sql), [VERSION_KEY])
        row = cursor.fetchone()
    return row[0] if row else 0


def bump_version() -> None:
    """Make every cached page stale. Runs in the caller's transaction, so the
    new version is committed together with the change it announces."""
    if not ContentVersion.objects.filter(key=VERSION_KEY).update(version=F("version") + 1):
        ContentVersion.objects.get_or_create(key=VERSION_KEY)


def _is_public_model(meta) -> bool:
    # Historical models of data migrations live in another registry: skip them.
    if meta is None or meta.apps is not global_apps:
        return False
    if meta.app_label == "accounts" and settings.DEMO:
        return True
    if meta.label_lower in PUBLIC_MODELS:
        return True
    return meta.app_label not in PRIVATE_APPS and meta.label_lower not in PRIVATE_MODELS


def bump_on_change(sender, action=None, **kwargs):
    if action is not None and not action.startswith("post_"):
        return  # m2m_changed: the post_ signal of the same change bumps
    if _is_public_model(getattr(sender, "_meta", None)):
        bump_version()


def connect_signals():
    for signal in (models.signals.post_save, models.signals.post_delete, models.signals.m2m_changed):
        signal.connect(bump_on_change, dispatch_uid=f"pagecache-{signal!r}")


# --- Time windows -------------------------------------------------------------


def _time_boundaries(version: int) -> list[float]:
    """Sorted POSIX timestamps of every boundary, computed once per version.

    Kept in the page cache itself: dates only change through a bumping save,
    and clearing the cache clears them with the pages.
    """
    key = f"page-boundaries:{version}"
    instants = cache.get(key)
    if instants is None:
        instants = []
        for label, fields in TIME_BOUNDARY_FIELDS.items():
            try:
                model = global_apps.get_model(label)
            except LookupError:
                continue
            for row in model._default_manager.values_list(*fields):
                instants.extend(value.timestamp() for value in row if value is not None)
        instants.sort()
        cache.set(key, instants, settings.PAGE_CACHE_SECONDS)
    return instants


def time_window(version: int) -> float:
    """The last boundary instant already past (0 before the first).

    Read from the clock the views read (Phase.state), so a page never claims a
    call is open once the server says it has closed.
    """
    instants = _time_boundaries(version)
    index = bisect_right(instants, timezone.now().timestamp())
    return instants[index - 1] if index else 0.0


# --- The middleware -------------------------------------------------------------


def is_cacheable_request(request) -> bool:
    """Anonymous GET or HEAD: no session, no flash message, no credentials."""
    if request.method not in ("GET", "HEAD"):
        return False
    cookies = request.COOKIES
    if any(name in cookies for name in _PERSONAL_COOKIES):
        return False
    return "HTTP_AUTHORIZATION" not in request.META


def cache_key(request, version: int) -> str:
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.blake2b(address.encode(), digest_size=16).hexdigest()
    return f"page:{version}:{time_window(version)!r}:{digest}"


def _storable(response) -> bool:
    cache_control = response.get("Cache-Control", "")
    return (
        getattr(response, "page_cacheable", False)
        and response.status_code == 200
        and not response.cookies
        and not response.streaming
        and "private" not in cache_control
        and "no-store" not in cache_control
    )


# --- Signed-in visitors of public pages ----------------------------------------------


def _shares_body(request) -> bool:
    """A signed-in GET or HEAD with no flash message waiting (a message is shown in the page's body)."""
    if request.method not in ("GET", "HEAD") or "HTTP_AUTHORIZATION" in request.META:
        return False
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    return len(get_messages(request)) == 0


def _anonymous_request(request):
    """The same request as an anonymous visitor sends it: no cookie, no session, no user, no message."""
    anonymous = copy.copy(request)
    anonymous.META = {
        key: value
        for key, value in request.META.items()
        if key not in ("HTTP_COOKIE", "HTTP_AUTHORIZATION", "CSRF_COOKIE", "CSRF_COOKIE_NEEDS_UPDATE")
    }
    anonymous.COOKIES = {}
    anonymous.user = AnonymousUser()
    anonymous.session = import_module(settings.SESSION_ENGINE).SessionStore()
    anonymous._messages = default_storage(anonymous)
    return anonymous


def _shared_parts(request, view, args, kwargs):
    """(status, content type, before the header, after the header) of the page an anonymous visitor
    gets, or _NOT_SHARED when that page cannot be shared the way the page cache would refuse to keep it."""
    response = view(_anonymous_request(request), *args, **kwargs)
    response.page_cacheable = True  # the view is a @public_page: the page cache's other rules apply
    if (
        not _storable(response)
        or not response.get("Content-Type", "").startswith("text/html")
        or response.has_header("Vary")  # a page that varies on something else than its address
    ):
        return _NOT_SHARED
    content = response.content.decode(response.charset)
    start = content.find(HEADER_START)
    end = content.find(HEADER_END, start) if start >= 0 else -1
    # A CSRF token in the body belongs to one visitor: such a page is never shared (nor cached).
    if end < 0 or "csrfmiddlewaretoken" in content:
        return _NOT_SHARED
    return (response.status_code, response["Content-Type"], content[:start], content[end + len(HEADER_END) :])


def personal_copy(request, view, args, kwargs):
    """The public page for a signed-in visitor: the body every visitor gets, kept under the same
    content version, time window and address as the page cache's copies (so never staler than
    them), with the header rendered for this person (their spaces, their sign-out form and its
    CSRF token). None when the page cannot be shared: the view then renders it as usual.

    The shared body is rendered for an anonymous copy of the request, never for the person, so
    nothing personal can reach it; a person with a flash message waiting gets the page rendered
    for them (the message is shown in the body).
    """
    version = current_version()
    key = "shared-" + cache_key(request, version)
    parts = cache.get(key)
    if parts is None:
        parts = _shared_parts(request, view, args, kwargs)
        cache.set(key, parts, settings.PAGE_CACHE_SECONDS)
    if parts == _NOT_SHARED:
        return None
    status, content_type, before, after = parts
    rendered = render_to_string(PERSONAL_HEADER_TEMPLATE, request=request)
    start = rendered.find(HEADER_START)
    end = rendered.find(HEADER_END, start) if start >= 0 else -1
    if end < 0:
        return None
    header = rendered[start : end + len(HEADER_END)]  # the element alone, as it sits between the shared parts
    return HttpResponse(before + header + after, content_type=content_type, status=status)


class PageCacheMiddleware:
    """Serve anonymous visitors a copy of a public page rendered since the last edit.

    Placed after the middlewares that add security headers (Security, CSP), so
    that a hit still gets them, and after WhiteNoise, so that static files cost
    no database read. A hit skips every inner middleware and the view; the
    headers those produced on the miss (Content-Language, Vary, X-Frame-Options)
    are stored with the body and replayed.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_cacheable_request(request):
            return self.get_response(request)
        # Kept on the request: the API's ETags are made of it too (eig/web/api/http.py).
        version = request.public_content_version = current_version()
        key = cache_key(request, version)
        entry = cache.get(key)
        if entry is not None:
            status, headers, content = entry
            # HEAD: the headers of GET (Content-Length included), no body.
            response = HttpResponse(content if request.method == "GET" else b"", status=status)
            for name, value in headers:
                response.headers[name] = value
            response.headers["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if _storable(response):
            headers = list(response.headers.items())
            cache.set(key, (response.status_code, headers, response.content), settings.PAGE_CACHE_SECONDS)
            response.headers["X-Page-Cache"] = "miss"
        return response
