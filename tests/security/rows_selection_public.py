"""Permission-matrix rows of the public selection page (see test_permission_matrix.py).

ROWS: {url name: {role: {method: status}}}; world(): {url name: url}, on a published promotion.

The method page of a published promotion (how its teams are formed) is public: everyone reads
it, anonymous included (200 on GET and HEAD). It is read-only: every unsafe method fails the
CSRF check first (403); with a valid token the view's own method check answers 405
(tests/web/test_public_selection.py). An unpublished or unknown promotion answers 404 to
everyone, staff included (same file).
"""

from django.urls import reverse

from eig.accounts.models import Role
from tests.factories import PromotionFactory

ROLES = ["anonymous"] + [r.value for r in Role]
READ_ONLY = {"get": 200, "head": 200, "post": 403, "put": 403, "patch": 403, "delete": 403}

ROWS = {"public:selection_method": dict.fromkeys(ROLES, READ_ONLY)}


def world():
    promotion = PromotionFactory(is_published=True)
    return {"public:selection_method": reverse("public:selection_method", kwargs={"slug": promotion.slug})}
