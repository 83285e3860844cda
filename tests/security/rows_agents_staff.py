"""Permission-matrix rows of the programme team's agent confirmation URLs (see test_permission_matrix.py).

ROWS: {url name: {role: {method: status}}}; world(): {url name: url}, on one
administration with a pending agent and an allow-listed domain, nobody of the matrix.

The programme team (is_staff) reads the queue and an administration's rules; confirm,
refuse, the allow-list's add and remove and the SIRET take POST only (GET and HEAD: 405).
Every unsafe method without its CSRF token fails the CSRF check first (403; with a token
the actions act, tests/web/test_staff_agents.py). Everyone else, anonymous included, gets
404 on GET and HEAD: the staff area does not tell it exists; their unsafe methods fail
the CSRF check too (403), which runs before the view and says nothing of the objects.
"""

from django.urls import reverse

from eig.accounts.models import Role
from eig.proposals.services import allow_email_domain, join_administration
from tests.factories import AdministrationFactory, UserFactory

ROLES = ["anonymous"] + [r.value for r in Role]
WRITES_NEED_CSRF = {"post": 403, "put": 403, "patch": 403, "delete": 403}
STAFF_READS = {"get": 200, "head": 200, **WRITES_NEED_CSRF}
STAFF_POSTS = {"get": 405, "head": 405, **WRITES_NEED_CSRF}
HIDDEN = {"get": 404, "head": 404, **WRITES_NEED_CSRF}

PAGES = ["staff:agent_queue", "staff:agent_rules"]
ACTIONS = [
    "staff:agent_confirm",
    "staff:agent_refuse",
    "staff:agent_domain_add",
    "staff:agent_domain_remove",
    "staff:agent_siret",
]


def _rows(staff):
    return {role: staff if role == Role.STAFF.value else HIDDEN for role in ROLES}


ROWS = {name: _rows(STAFF_READS) for name in PAGES} | {name: _rows(STAFF_POSTS) for name in ACTIONS}


def world():
    administration = AdministrationFactory(name="Administration des agents de la matrice", slug="agents-matrice")
    agent = join_administration(UserFactory(email="pending@agents.matrix.example"), administration)
    allowed = allow_email_domain(administration, "agents-matrice.gouv.fr", by=None)
    slug = {"slug": administration.slug}
    return {
        "staff:agent_queue": reverse("staff:agent_queue"),
        "staff:agent_rules": reverse("staff:agent_rules", kwargs=slug),
        "staff:agent_confirm": reverse("staff:agent_confirm", kwargs={"agent": agent.pk}),
        "staff:agent_refuse": reverse("staff:agent_refuse", kwargs={"agent": agent.pk}),
        "staff:agent_domain_add": reverse("staff:agent_domain_add", kwargs=slug),
        "staff:agent_domain_remove": reverse("staff:agent_domain_remove", kwargs={**slug, "domain": allowed.pk}),
        "staff:agent_siret": reverse("staff:agent_siret", kwargs=slug),
    }
