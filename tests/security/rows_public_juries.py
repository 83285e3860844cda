"""Permission-matrix rows of the juries in public (issue 18, point 9; see test_permission_matrix.py).

ROWS: {url name: {role: {method: status}}}; world(): {url name: url}, on a published promotion whose
challenge jury has a juror who signed the charter and consented (none of the matrix's users).

The jury page of a published promotion is public: everyone reads it, anonymous included (200 on GET
and HEAD). It is read-only: every unsafe method fails the CSRF check first (403); with a valid token
the view's own method check answers 405. An unpublished or unknown promotion answers 404 to everyone
(tests/web/test_public_juries.py).

The consent pages of the juror space (/jury/publication/<seat>/ and its revocation) belong to the
seat's own person, charter signed: the matrix users hold no seat, so they do not exist for them (404
on GET and HEAD, whatever their role, staff included: consent is the juror's alone); every unsafe
method without its CSRF token fails the CSRF check first (403). The seated juror's answers, and
another juror's seat answering 404, are in tests/web/test_public_juries.py.
"""

from django.urls import reverse

from eig.accounts.models import Role
from eig.juries.publicity import give_consent
from tests.factories.juries import jury_world

ROLES = ["anonymous"] + [r.value for r in Role]
WRITES_NEED_CSRF = {"post": 403, "put": 403, "patch": 403, "delete": 403}
READ_ONLY = {"get": 200, "head": 200, **WRITES_NEED_CSRF}
HIDDEN = {"get": 404, "head": 404, **WRITES_NEED_CSRF}

ROWS = {
    "public:promotion_jury": dict.fromkeys(ROLES, READ_ONLY),
    "juries:publicity": dict.fromkeys(ROLES, HIDDEN),
    "juries:publicity_revoke": dict.fromkeys(ROLES, HIDDEN),
}


def world():
    world = jury_world(jurors=1, auditions=0)
    promotion = world.call.promotion
    promotion.is_published = True
    promotion.save(update_fields=["is_published"])
    juror = give_consent(world.jurors[0], by=world.jurors[0].user, role="Directrice", organisation="DINUM")
    return {
        "public:promotion_jury": reverse("public:promotion_jury", kwargs={"slug": promotion.slug}),
        "juries:publicity": reverse("juries:publicity", kwargs={"juror": juror.pk}),
        "juries:publicity_revoke": reverse("juries:publicity_revoke", kwargs={"juror": juror.pk}),
    }
