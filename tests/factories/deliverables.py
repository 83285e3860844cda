"""Deliverables of programme_world()'s teams (tests/results, the deliverables' pages, the matrix).

`declare(world, team, kind, …)` has a fellow of the team declare one through the service;
`published(world, …)` declares and publishes it (staff Sam). Addresses are made unique per title.
"""

from eig.results import deliverables
from eig.results.models import Deliverable
from tests.factories.programme import ProgrammeWorld

FELLOW_OF = {"alpha": "ada", "beta": "cleo"}
LICENCES = {Deliverable.Kind.REPOSITORY: "MIT", Deliverable.Kind.DATASET: "Licence Ouverte 2.0"}


def declare(
    world: ProgrammeWorld,
    team: str = "alpha",
    kind: str = Deliverable.Kind.REPOSITORY,
    *,
    title: str = "Le code de l'outil",
    url: str = "",
    users: int | None = None,
    **fields,
) -> Deliverable:
    challenge = getattr(world, team)
    slug = "-".join(title.lower().split())
    values = {
        "kind": kind,
        "title_fr": title,
        "title_en": fields.pop("title_en", ""),
        "description_fr": fields.pop("description_fr", f"Description de « {title} »."),
        "description_en": fields.pop("description_en", ""),
        "url": url or f"https://forge.example/{team}/{slug}",
        "licence": fields.pop("licence", LICENCES.get(kind, "")),
        "users": users,
    }
    return deliverables.propose(challenge, by=world.user(FELLOW_OF[team]), **values, **fields)


def published(world: ProgrammeWorld, team: str = "alpha", kind: str = Deliverable.Kind.REPOSITORY, **kwargs):
    deliverable = declare(world, team, kind, **kwargs)
    return deliverables.publish(deliverable, by=world.staff, now=world.now)
