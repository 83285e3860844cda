"""Permission-matrix rows of the English versions (issue 18 point 3; see test_permission_matrix.py).

ROWS: {url name: {role: {method: status}}}; world(): {url name: url}.

The programme team's « Versions anglaises » (/equipe/versions-anglaises/…) answer 404 to everyone
else, anonymous included. An agent's page of a challenge's English version belongs to the confirmed
agents of the challenge's administration: the matrix world's challenge belongs to an administration
none of the matrix's users acts for, so every signed-in role gets 404 (staff too: they write it on
their own pages), an anonymous visitor is sent to sign in (302). Every unsafe method fails the CSRF
check first (403).
"""

from django.urls import reverse

from eig.accounts.models import Role
from tests.factories import AdministrationFactory, ChallengeFactory, PositionFactory

ROLES = ["anonymous"] + [r.value for r in Role]
WRITES_NEED_CSRF = {"post": 403, "put": 403, "patch": 403, "delete": 403}
HIDDEN = {"get": 404, "head": 404, **WRITES_NEED_CSRF}
READS = {"get": 200, "head": 200, **WRITES_NEED_CSRF}
SIGN_IN = {"get": 302, "head": 302, **WRITES_NEED_CSRF}
STAFF = Role.STAFF.value

ROWS = {
    **{
        name: {role: READS if role == STAFF else HIDDEN for role in ROLES}
        for name in ["staff:translations", "staff:translation_edit"]
    },
    "administrations:challenge_english": {role: SIGN_IN if role == "anonymous" else HIDDEN for role in ROLES},
}


def world():
    administration = AdministrationFactory(name="Administration des traductions", slug="hors-matrice-traductions")
    challenge = ChallengeFactory(administration=administration, slug="defi-a-traduire")
    PositionFactory(challenge=challenge)
    return {
        "staff:translations": reverse("staff:translations"),
        "staff:translation_edit": reverse("staff:translation_edit", kwargs={"kind": "defis", "pk": challenge.pk}),
        "administrations:challenge_english": reverse(
            "administrations:challenge_english", kwargs={"challenge": challenge.pk}
        ),
    }
