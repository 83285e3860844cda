"""Permission-matrix rows of results and memory: stories (issue 16; see test_permission_matrix.py).

ROWS: {url name: {role: {method: status}}}; world(): {url name: url}.

The proposer's pages (/programme/recits/) belong to whoever eig.content.stories.may_propose names:
a fellow of a promotion (a Fellow row, not gone) or an alumnus. The matrix users hold one role each
and no fellowship — the « fellow » user has the role without a Fellow row — so every signed-in role
gets 404 (staff too: they review stories on their own pages); anonymous visitors are sent to sign
in (302). The programme team's pages (/equipe/recits/) answer 404 to everyone else, anonymous
included. Every unsafe method fails the CSRF check first (403).
"""

from django.urls import reverse

from eig.accounts.models import Role
from eig.content import stories
from eig.programme.models import Fellow
from tests.factories.programme import programme_world
from tests.factories.stories import texts

ROLES = ["anonymous"] + [r.value for r in Role]
WRITES_NEED_CSRF = {"post": 403, "put": 403, "patch": 403, "delete": 403}
HIDDEN = {"get": 404, "head": 404, **WRITES_NEED_CSRF}
READS = {"get": 200, "head": 200, **WRITES_NEED_CSRF}
SIGN_IN = {"get": 302, "head": 302, **WRITES_NEED_CSRF}
STAFF = Role.STAFF.value

ROWS = {
    **{
        name: {role: SIGN_IN if role == "anonymous" else HIDDEN for role in ROLES}
        for name in ["programme:stories", "programme:story_new", "programme:story_edit"]
    },
    **{name: {role: READS if role == STAFF else HIDDEN for role in ROLES} for name in ["staff:stories", "staff:story"]},
}


def _ada():
    """Ada of programme_world() (built once: the other programme rows modules build the same world)."""
    fellow = Fellow.objects.filter(user__email="ada@programme.example").select_related("user").first()
    return fellow.user if fellow else programme_world().user("ada")


def world():
    story = stories.propose(_ada(), **texts())
    return {
        "programme:stories": reverse("programme:stories"),
        "programme:story_new": reverse("programme:story_new"),
        "programme:story_edit": reverse("programme:story_edit", kwargs={"story": story.pk}),
        "staff:stories": reverse("staff:stories"),
        "staff:story": reverse("staff:story", kwargs={"story": story.pk}),
    }
