"""The grids of the real rules, installed on a call in one call of `install_grid`.

- Candidate jury: Règlement AAC EIG 4 (2020) art. 6.2 and EIG 5 art. 5.4 — five
  criteria, each scored out of 4, summed to a total out of 20.
- Candidate pre-screening: the 2021 review dashboard (aac_dashboard) — three
  criteria scored 1 (not qualified) to 5 (expert), a general impression and a
  verdict coup de cœur / neutre / défavorable; the next unreviewed dossier is
  served to whoever asks.
- Challenge jury: Cahier des charges AAP EIG 4 §5.5 and Guide jury EIG 4 — five
  criteria scored 1 (not satisfactory) to 4 (excellent).
"""

import datetime

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_noop as N_

from .models import Criterion, Grid

LEVELS_1_4 = [N_("1 — insuffisant"), N_("2 — moyen"), N_("3 — bon"), N_("4 — excellent")]
LEVELS_1_5 = [
    N_("1 — non qualifié"),
    N_("2 — débutant"),
    N_("3 — confirmé"),
    N_("4 — avancé"),
    N_("5 — expert"),
]

CANDIDATE_JURY = {
    "title": N_("Jury de sélection des candidats"),
    "phase": Grid.Phase.JURY,
    "scale": (0, 4),
    "levels": [N_("0 — absent")] + LEVELS_1_4,
    "verdict": False,
    "mode": Grid.Mode.ASSIGNED,
    "criteria": [
        N_("Dynamisme, vision, esprit d'initiative, attitude positive, capacité à mener à bien des projets"),
        N_("Capacité à comprendre le défi, à proposer des orientations stratégiques pour son développement"),
        N_("Sens de l'intérêt général (contribution à un logiciel libre, engagement associatif…)"),
        N_("Capacité à s'intégrer dans l'environnement d'une administration publique et à interagir avec ses métiers"),
        N_("Adéquation entre les compétences et le profil recherché (technique, design, data science…)"),
    ],
}

CANDIDATE_PRESCREENING = {
    "title": N_("Présélection des candidatures"),
    "phase": Grid.Phase.PRESCREENING,
    "scale": (1, 5),
    "levels": LEVELS_1_5,
    "verdict": True,
    "mode": Grid.Mode.NEXT,
    "criteria": [
        N_("Compétences techniques (clarté de la communication, niveau d'expérience)"),
        N_("Capacité à travailler en équipe-projet dans un environnement administratif"),
        N_("Esprit EIG (engagement pour l'intérêt général, motivation, contribution à la communauté)"),
    ],
}

CHALLENGE_JURY = {
    "title": N_("Jury de sélection des défis"),
    "phase": Grid.Phase.JURY,
    "scale": (1, 4),
    "levels": [N_("1 — pas satisfaisant"), N_("2 — peu satisfaisant"), N_("3 — satisfaisant"), N_("4 — excellent")],
    "verdict": False,
    "mode": Grid.Mode.ASSIGNED,
    "criteria": [
        N_("Potentiel du défi : impact pour une politique ou un service public"),
        N_("Qualité de l'équipe d'agents publics impliquée (temps, mentor de haut niveau, diversité)"),
        N_("Caractère innovant et pertinent de la solution envisagée"),
        N_("Qualité et précision de la définition du défi, cohérence de l'équipe envisagée"),
        N_("Motivation et garanties pour respecter les engagements du programme"),
    ],
}

# The grids a call of each kind gets by default, by phase.
DEFAULTS = {
    "applications": {Grid.Phase.PRESCREENING: CANDIDATE_PRESCREENING, Grid.Phase.JURY: CANDIDATE_JURY},
    "challenges": {Grid.Phase.JURY: CHALLENGE_JURY},
}


def default_grid(call, phase):
    return DEFAULTS.get(call.kind, {}).get(phase)


def install_grid(call, spec: dict, *, opens_at=None, closes_at=None, reveals_at=None, k=3, blind=False) -> Grid:
    """Create the call's grid for the spec's phase with its criteria (idempotent per call × phase).

    The spec's texts are French: they are written in French whatever the language of the request
    (modeltranslation writes `title`, `label`… into the active language's column); their English is
    the catalogue's until staff type their own (eig.reviews.translation)."""
    opens_at = opens_at or call.closes_at
    closes_at = closes_at or opens_at + datetime.timedelta(days=21)
    with transaction.atomic(), translation.override("fr"):
        grid, created = Grid.objects.get_or_create(
            call=call,
            phase=spec["phase"],
            defaults={
                "title": spec["title"],
                "scale_min": spec["scale"][0],
                "scale_max": spec["scale"][1],
                "level_labels": list(spec["levels"]),
                "has_verdict": spec["verdict"],
                "mode": spec["mode"],
                "reviews_per_dossier": k,
                "blind": blind,
                "opens_at": opens_at,
                "closes_at": closes_at,
                "reveals_at": reveals_at or closes_at,
            },
        )
        if created:
            Criterion.objects.bulk_create(
                Criterion(grid=grid, order=i, label=label) for i, label in enumerate(spec["criteria"], start=1)
            )
    return grid
