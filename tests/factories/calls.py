"""Calls for applications as the rules configure them, for tests."""

import datetime

from django.utils import timezone

from eig.calls.defaults import install_application_form
from eig.calls.models import Call
from eig.challenges.models import Challenge
from tests.factories import ChallengeFactory, PositionFactory, PromotionFactory, profile

# Every answer of the default form that a submit needs, except the files and the wishes.
COMPLETE_ANSWERS = {
    "identite": {
        "civilite": "non_precise",
        "prenom": "Ada",
        "nom": "Lovelace",
        "telephone": "0102030405",
        "ville": "Lyon",
    },
    "parcours": {
        "profession": "developer",
        "experience_annees": "7",
        "parcours": "Développeuse depuis sept ans.",
        "projet": "J'ai lancé un service public numérique.",
    },
    "motivation": {"motivation": "Servir l'intérêt général.", "contribution": "Construire avec les usagers."},
    "disponibilite": {"disponible": "oui", "mobilite": "oui"},
    "declarations": {
        "personne_physique": True,
        "pas_agent_public": True,
        "pas_jury": True,
        "pas_etudiant": True,
        "donnees_personnelles": True,
    },
}


def application_call(*, opens_at=None, closes_at=None, positions=2, slug="appel-candidatures", **kwargs) -> Call:
    """An open call (by default) with the default form and `positions` positions on one recruiting challenge."""
    now = timezone.now()
    promotion = kwargs.pop("promotion", None) or PromotionFactory()
    call = Call.objects.create(
        promotion=promotion,
        kind=Call.Kind.APPLICATIONS,
        title=kwargs.pop("title", "Appel à candidatures"),
        slug=slug,
        opens_at=opens_at or now - datetime.timedelta(days=10),
        closes_at=closes_at or now + datetime.timedelta(days=10),
        dossier_prefix=kwargs.pop("dossier_prefix", "EIG"),
        **kwargs,
    )
    install_application_form(call)
    if positions:
        challenge = ChallengeFactory(promotion=promotion, status=Challenge.Status.RECRUITING)
        codes = ["dev", "datascience", "design"]
        for i in range(positions):
            PositionFactory(challenge=challenge, profile=profile(codes[i % len(codes)]), order=i)
    return call
