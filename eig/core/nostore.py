"""Pages shown to a signed-in person are kept by no cache, the browser's included.

Such a page carries personal data (a dossier, scores, a CV list): on a shared computer
the back button or the browser's disk cache would show it after sign-out (security review
F10). File downloads and calendar feeds already say so themselves; this covers the pages.
Anonymous visitors are untouched: the page cache (eig/core/pagecache.py) serves them, and
its pages keep their cacheability.
"""

from django.conf import settings

NO_STORE = "private, no-store"


class SignedInNoStoreMiddleware:
    """`Cache-Control: private, no-store` on the HTML pages of signed-in requests.

    Placed after AuthenticationMiddleware (it reads request.user). A response that chose
    its own Cache-Control (the admin's never_cache, a download) keeps it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            "Cache-Control" not in response
            and response.get("Content-Type", "").startswith("text/html")
            # Without a session cookie nobody is signed in: the session is not even read.
            and settings.SESSION_COOKIE_NAME in request.COOKIES
            and getattr(request, "user", None) is not None
            and request.user.is_authenticated
        ):
            response["Cache-Control"] = NO_STORE
        return response
