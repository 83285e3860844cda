"""What every request reads alike until the public content changes, kept once per process.

The page cache (pagecache.py) keeps whole pages for anonymous visitors under the public content
version. Signed-in pages are rendered for each person, but parts of them are everyone's: the site's
settings (its DSFR banner), the calls open for applications. Each process keeps those under the same
version: one read of the version row per request (shared with the page cache, `request_version`)
instead of a query for each. Every save of a public model moves the version (pagecache.bump_on_change),
in the writer's transaction: a process reads the new value at its next request.

One case is not covered: a request that moves the version and then, inside the same transaction, renders
a page reading a shared value keeps that value under the new number; if its transaction is rolled back,
a later change committed under the same number would find the rolled-back value kept. A page rendered
after a redirect (post/redirect/get) is not concerned.
"""

import threading

from .pagecache import current_version

_values: dict[str, tuple[int, object]] = {}
_lock = threading.Lock()


def request_version(request) -> int:
    """The public content version, read once per request."""
    version = getattr(request, "public_content_version", None)
    if version is None:
        version = request.public_content_version = current_version()
    return version


def shared_value(name: str, version: int, compute):
    """`compute()`, kept in this process while the public content version is `version`.

    The value is shared by every request of the process: it must hold nothing personal, and callers
    must not change it (a tuple of rows, a frozen object).
    """
    held = _values.get(name)
    if held is not None and held[0] == version:
        return held[1]
    value = compute()
    with _lock:
        current = _values.get(name)
        if current is None or current[0] <= version:
            _values[name] = (version, value)
    return value


def forget() -> None:
    """Empty this process's values (tests: a rolled-back transaction gives a version number again)."""
    _values.clear()
