"""Where each person lands: the one place that orders the spaces of the platform.

After signing in, a person lands on the space of their highest-priority role, in this order:

1. the programme team (`is_staff`, as the staff pages check it) → « Équipe » (/equipe/);
2. approvers → « Validation » (/validation/): a selection waits for them, and nobody else can
   approve it;
3. jury members with a seat whose charter they signed → « Jury » (/jury/): auditions are dated,
   the jury's days cannot move;
4. reviewers with an active seat → « Évaluation » (/evaluation/): a queue with a deadline;
5. administration agents → « Espace administration » (/administration/): their proposals and
   challenges, the longest-lived and least urgent work;
6. the people of a team of the ten months → « Mon programme » (/programme/): fellows and mentors
   land there (their team, what they have to do this week); an agent whose administration hosts a
   team still lands on the administration space, with the header's « Mon programme » link;
7. everyone else → « Mon espace » (/espace/): candidates; a person with no role at all is a new
   candidate.

The rarer and more deadline-bound the work, the higher it comes: a director who approves and
also reviews lands on the approvals. The header lists a link to every space a person holds, so
the order only decides the first page. A jury member or reviewer holds their space while they
hold a seat, as the header's links read it (a role outlives the seats that gave it).

The account adapter (eig.web.common.adapters) asks here after each sign-in; the header's
« Mon espace » link too.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from eig.accounts.models import Role
from eig.juries.permissions import signed_seats
from eig.programme.access import teams_of
from eig.reviews.permissions import active_seats

CANDIDATE_SPACE = "candidates:space"
# Not a role: whoever belongs to a team of the ten months (see in_programme).
PROGRAMME = "programme"

# (role, URL name of its space, its name for people), highest priority first; "staff" is
# read from is_staff.
SPACES: list[tuple[str, str, str]] = [
    (Role.STAFF.value, "staff:call_list", _("Espace de l'équipe du programme")),
    (Role.APPROVER.value, "approvals:list", _("Validation des sélections")),
    (Role.JURY_MEMBER.value, "juries:schedule", _("Espace jury")),
    (Role.REVIEWER.value, "evaluation:queue", _("Espace évaluation")),
    (Role.ADMINISTRATION_AGENT.value, "administrations:space", _("Espace administration")),
    (PROGRAMME, "programme:home", _("Mon programme")),
]


def in_programme(user) -> bool:
    """Whether « Mon programme » is the person's: fellows and mentors (by their role, even between
    teams: the page then says why it is empty), and agents whose administration hosts a team (one
    query, only for agents)."""
    if not (user and user.is_authenticated):
        return False
    roles = set(user.roles or [])
    if roles & {Role.FELLOW.value, Role.MENTOR.value}:
        return True
    return Role.ADMINISTRATION_AGENT.value in roles and teams_of(user).exists()


def holds(user, role: str) -> bool:
    if role == Role.STAFF.value:
        return bool(user.is_staff)
    if role == PROGRAMME:
        return in_programme(user)
    if role not in (user.roles or []):
        return False
    if role == Role.JURY_MEMBER.value:
        return signed_seats(user).exists()
    if role == Role.REVIEWER.value:
        return active_seats(user).exists()
    return True


def home_url_name(user) -> str:
    """The URL name of the person's first space (CANDIDATE_SPACE when they hold no other)."""
    if not (user and user.is_authenticated):
        return CANDIDATE_SPACE
    return next((name for role, name, _label in SPACES if holds(user, role)), CANDIDATE_SPACE)


def home_url(user) -> str:
    return reverse(home_url_name(user))


def spaces_of(user) -> list[dict]:
    """The spaces the person holds besides « Mon espace », in priority order: {"label", "url"}."""
    return [{"label": label, "url": reverse(name)} for role, name, label in SPACES if holds(user, role)]


def may_apply(user) -> bool:
    """Whether « Mon espace » offers to apply: candidates and people with no role yet. An agent,
    staff, a reviewer, a juror, an approver, a mentor or a fellow is not pushed to apply (they
    still may, from the public call page)."""
    roles = set(user.roles or [])
    return not user.is_staff and roles <= {Role.CANDIDATE.value}
