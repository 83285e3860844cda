"""Permission-matrix rows of the ten months' onboarding pages (see test_permission_matrix.py).

ROWS: {url name: {role: {method: status}}}; world(): {url name: url} on programme_world(): Bob's
checklist (a fellow of Alpha) started and finished, Alpha's host checklist opened by Agnès and
finished; none of them is a matrix user.

The matrix users each hold one role and are no fellow, no mentor and no agent of a hosting
administration: a fellow's checklist is its owner's only, a host checklist its administration's
agents' only, so every page answers 404 to every signed-in role — staff included (they follow the
checklists from their own arrivals page). « Ma liste d'arrivée » itself answers 404 to whoever
is no fellow of a team. The kit's submit is POST only: its GET answers 405 before anything else,
even to an anonymous visitor. Anonymous visitors are otherwise sent to sign in (302).

The programme team's pages (arrivals, a fellow's page) answer 200 to staff and 404 to everyone
else, anonymous included; their forms' targets (POST only) answer 405 to staff's GET and HEAD.
Every unsafe method fails the CSRF check first (403), which says nothing of the objects.
"""

from django.urls import reverse

from eig.accounts.models import Role, User
from eig.calls import services as dossier_services
from eig.challenges.models import Challenge
from eig.programme import onboarding
from eig.programme.models import Fellow
from eig.promotions.models import Promotion
from tests.factories.programme import programme_world
from tests.programme.onboarding_world import required_keys, tick

ROLES = ["anonymous"] + [r.value for r in Role]
WRITES_NEED_CSRF = {"post": 403, "put": 403, "patch": 403, "delete": 403}
HIDDEN = {"get": 404, "head": 404, **WRITES_NEED_CSRF}
READS = {"get": 200, "head": 200, **WRITES_NEED_CSRF}
SIGN_IN = {"get": 302, "head": 302, **WRITES_NEED_CSRF}
POST_ONLY = {"get": 405, "head": 405, **WRITES_NEED_CSRF}
STAFF = Role.STAFF.value

SIGNED_IN_ONLY = {role: SIGN_IN if role == "anonymous" else HIDDEN for role in ROLES}
KIT_PAGES = ["dossier", "step", "receipt", "receipt_pdf"]
WORLD_SLUG = "eig-programme"  # programme_world()'s promotion

ROWS = {
    "programme:onboarding": SIGNED_IN_ONLY,
    "programme:host_onboarding": SIGNED_IN_ONLY,
    **{
        f"programme:{prefix}{page}": SIGNED_IN_ONLY
        for prefix in ("onboarding_", "host_onboarding_")
        for page in KIT_PAGES
    },
    **{f"programme:{prefix}submit": dict.fromkeys(ROLES, POST_ONLY) for prefix in ("onboarding_", "host_onboarding_")},
    **{
        name: {role: READS if role == STAFF else HIDDEN for role in ROLES}
        for name in ["staff:programme_onboarding", "staff:programme_fellow"]
    },
    **{
        name: {role: POST_ONLY if role == STAFF else HIDDEN for role in ROLES}
        for name in [
            "staff:programme_confirm_start",
            "staff:programme_note_delay",
            "staff:programme_departure",
            "staff:programme_replacement",
        ]
    },
}


def _finished(dossier, by):
    tick(dossier, required_keys(dossier.call), by=by)
    return dossier_services.submit_dossier(dossier, by=by)


def _programme():
    """(promotion, Alpha, Bob, Agnès) of programme_world(), built once: the other programme rows
    modules build the same world when every module's world is asked for."""
    promotion = Promotion.objects.filter(slug=WORLD_SLUG).first()
    if promotion is None:
        programme = programme_world()
        return programme.promotion, programme.alpha, programme.fellows["bob"], programme.agents["agnes"]
    return (
        promotion,
        Challenge.objects.get(promotion=promotion, slug="alpha"),
        Fellow.objects.select_related("user").get(promotion=promotion, user__email="bob@programme.example"),
        User.objects.get(email="agnes@programme.example"),
    )


def world():
    promotion, alpha, bob, agnes = _programme()
    mine = onboarding.open_fellow_checklist(bob)
    mine_version = _finished(mine, bob.user)
    host = onboarding.open_host_checklist(alpha, by=agnes)
    host_version = _finished(host, agnes)
    urls = {
        "programme:onboarding": reverse("programme:onboarding"),
        "programme:host_onboarding": reverse("programme:host_onboarding", kwargs={"challenge": alpha.pk}),
    }
    for prefix, dossier, version, step in (
        ("onboarding_", mine, mine_version, "arrivee"),
        ("host_onboarding_", host, host_version, "accueil"),
    ):
        urls |= {
            f"programme:{prefix}dossier": reverse(f"programme:{prefix}dossier", args=[dossier.number]),
            f"programme:{prefix}step": reverse(f"programme:{prefix}step", args=[dossier.number, step]),
            f"programme:{prefix}submit": reverse(f"programme:{prefix}submit", args=[dossier.number]),
            f"programme:{prefix}receipt": reverse(f"programme:{prefix}receipt", args=[dossier.number, version.number]),
            f"programme:{prefix}receipt_pdf": reverse(
                f"programme:{prefix}receipt_pdf", args=[dossier.number, version.number]
            ),
        }
    promotion = {"promotion": promotion.slug}
    by_fellow = {**promotion, "fellow": bob.pk}
    urls |= {
        "staff:programme_onboarding": reverse("staff:programme_onboarding", kwargs=promotion),
        "staff:programme_fellow": reverse("staff:programme_fellow", kwargs=by_fellow),
        "staff:programme_confirm_start": reverse("staff:programme_confirm_start", kwargs=by_fellow),
        "staff:programme_note_delay": reverse("staff:programme_note_delay", kwargs=by_fellow),
        "staff:programme_departure": reverse("staff:programme_departure", kwargs=by_fellow),
        "staff:programme_replacement": reverse("staff:programme_replacement", kwargs=by_fellow),
    }
    return urls
