"""Permission-matrix rows of results and memory: alumni (issue 16; see test_permission_matrix.py).

ROWS: {url name: {role: {method: status}}}; world(): {url name: url} on programme_world() with one
more fellow who finished and became an alumnus (none of the matrix users).

The directory (/anciens/) belongs to signed-in alumni — a person with an `Alumnus` row — and to
the programme team (with their second factor): the matrix users hold one role each and none is an
alumnus, so it answers 404 to every role but staff (200). One's profile and one's invitations are an
alumnus's own: 404 to every role, staff included. Answering an invitation (POST only) answers 404
to anyone but the invited alumnus, before the method's check, so a GET says nothing of it.
Anonymous visitors are sent to sign in (302). The programme team's pages (/equipe/anciens/) answer
404 to anyone outside the team, anonymous included; the withdrawal is a POST (405 to staff's GET
and HEAD). Every unsafe method fails the CSRF check first (403), which says nothing of the objects.
"""

from django.urls import reverse

from eig.accounts.models import Role
from eig.alumni.models import Invitation
from eig.programme.models import Mentor
from tests.factories.alumni import more_alumni
from tests.factories.programme import programme_world

ROLES = ["anonymous"] + [r.value for r in Role]
WRITES_NEED_CSRF = {"post": 403, "put": 403, "patch": 403, "delete": 403}
HIDDEN = {"get": 404, "head": 404, **WRITES_NEED_CSRF}
READS = {"get": 200, "head": 200, **WRITES_NEED_CSRF}
SIGN_IN = {"get": 302, "head": 302, **WRITES_NEED_CSRF}
POST_ONLY = {"get": 405, "head": 405, **WRITES_NEED_CSRF}
STAFF = Role.STAFF.value


def _personal(staff):
    return {role: SIGN_IN if role == "anonymous" else staff if role == STAFF else HIDDEN for role in ROLES}


def _staff_page(staff):
    return {role: staff if role == STAFF else HIDDEN for role in ROLES}


ROWS = {
    "alumni:directory": _personal(READS),
    "alumni:profile": _personal(HIDDEN),
    "alumni:invitations": _personal(HIDDEN),
    "alumni:invitation_answer": _personal(HIDDEN),
    "staff:alumni": _staff_page(READS),
    "staff:alumni_invite": _staff_page(READS),
    "staff:alumni_invitation_withdraw": _staff_page(POST_ONLY),
}


def world():
    programme = programme_world()
    [alumnus] = more_alumni(programme, 1)
    # Written directly (the services have their own tests): a pending invitation to mentor Bêta.
    invitation = Invitation.objects.create(
        alumnus=alumnus,
        kind=Invitation.Kind.MENTOR,
        challenge=programme.beta,
        mentor_kind=Mentor.Kind.HIGH_LEVEL,
        invited_by=programme.staff,
    )
    by_invitation = {"invitation": invitation.pk}
    return {
        "alumni:invitation_answer": reverse("alumni:invitation_answer", kwargs=by_invitation),
        "staff:alumni_invite": reverse("staff:alumni_invite", kwargs={"alumnus": alumnus.pk}),
        "staff:alumni_invitation_withdraw": reverse("staff:alumni_invitation_withdraw", kwargs=by_invitation),
    }
