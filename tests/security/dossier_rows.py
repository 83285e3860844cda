"""What the permission-matrix rows of the audiences that fill dossiers share (rows_candidates.py,
rows_administrations.py): the statuses, and the rows and URLs of the shared dossier pages
(eig.web.dossiers.pages), which every such audience mounts under its own namespace."""

from django.urls import reverse

from eig.accounts.models import Role
from eig.calls.models import DossierVersion

ROLES = ["anonymous"] + [r.value for r in Role]
WRITES_NEED_CSRF = {"post": 403, "put": 403, "patch": 403, "delete": 403}
REDIRECT = {"get": 302, "head": 302}
SHOWN = {"get": 200, "head": 200}
NOT_FOUND = {"get": 404, "head": 404}
POST_ONLY = {"get": 405, "head": 405}


def rows(anonymous, signed_in):
    """The same row for every signed-in role; every unsafe method without its CSRF token refused (403)."""
    return {role: {**(anonymous if role == "anonymous" else signed_in), **WRITES_NEED_CSRF} for role in ROLES}


# A dossier of someone outside the matrix: it does not exist for any signed-in role (404),
# an anonymous visitor is sent to the sign-in form (302).
ANOTHERS_DOSSIER = rows(REDIRECT, NOT_FOUND)


def dossier_page_rows(namespace: str, overview: str) -> dict:
    """The shared pages of another's dossier; submitting is POST only (405 to a GET, before anything else)."""
    names = [overview, "step", "receipt", "receipt_pdf"]
    return {f"{namespace}:{name}": ANOTHERS_DOSSIER for name in names} | {
        f"{namespace}:submit": rows(POST_ONLY, POST_ONLY)
    }


def dossier_page_urls(namespace: str, overview: str, dossier, step: str) -> dict:
    """{URL name: URL} of the shared pages of `dossier`, given a version 1 for its receipt."""
    DossierVersion.objects.create(
        dossier=dossier, number=1, submitted_at=dossier.call.opens_at, content={}, digest="0" * 64
    )
    number = dossier.number
    return {
        f"{namespace}:{overview}": reverse(f"{namespace}:{overview}", args=[number]),
        f"{namespace}:step": reverse(f"{namespace}:step", args=[number, step]),
        f"{namespace}:submit": reverse(f"{namespace}:submit", args=[number]),
        f"{namespace}:receipt": reverse(f"{namespace}:receipt", args=[number, 1]),
        f"{namespace}:receipt_pdf": reverse(f"{namespace}:receipt_pdf", args=[number, 1]),
    }
