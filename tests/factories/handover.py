"""The handover plan on programme_world() (tests/results/test_handover.py, the handover pages, the
permission matrix).

`handover_world(started_days=200)`: the ten months' world, past mid-promotion (the programme started
200 days ago and lasts 300: it opened 50 days ago), with the promotion's handover form installed.
`after_mid(world)`: a moment past mid-promotion whatever the world's age (the matrix builds its world
once, 35 days into the programme: its services are given this `now`).
"""

import datetime

from eig.calls import services as dossier_services
from eig.calls.models import Dossier, Question
from eig.challenges.models import Challenge
from eig.programme.models import Fellow
from eig.results import handover as services
from eig.results.models import Handover
from tests.factories import AdministrationFactory, ChallengeFactory, UserFactory
from tests.factories.agents import confirmed_agent
from tests.factories.programme import ProgrammeWorld, programme_world

ANSWERS = {
    "reprise": "La direction du numérique du ministère reprend le produit, avec une cheffe de produit.",
    "budget": "120 000 € par an sur le budget de la direction, pour trois ans.",
    "recrutement": "Ada est prolongée d'un an en contrat de projet ; un développeur est recruté.",
    "hebergement_code": "Forge de l'administration (GitLab), dépôt au nom de la direction du numérique.",
    "hebergement_donnees": "Hébergeur qualifié SecNumCloud, sous la responsabilité du ministère.",
    "risques": "Le départ de la cheffe de produit.",
}


def handover_world(*, started_days: int = 200, now=None) -> ProgrammeWorld:
    world = programme_world(started_days=started_days, now=now)
    services.install_handover_form(world.promotion, by=world.staff)
    return world


def after_mid(world: ProgrammeWorld) -> datetime.datetime:
    """A moment past the plan's opening (mid-promotion) and before its form closes."""
    opens = services.opens_on(world.promotion)
    return max(world.now, datetime.datetime.combine(opens, datetime.time(12), tzinfo=world.now.tzinfo))


def fill(dossier: Dossier, answers: dict | None = None, *, by, now=None) -> None:
    """Answer the plan's questions (ANSWERS by default), step by step, as the kit saves them."""
    answers = ANSWERS if answers is None else answers
    questions = Question.objects.filter(step__call=dossier.call).select_related("step")
    by_step = {}
    for question in questions:
        if question.key in answers:
            by_step.setdefault(question.step, {})[question.key] = answers[question.key]
    for step, data in by_step.items():
        errors = dossier_services.save_step(dossier, step, data, by=by, now=now)
        assert not errors, errors


def started(world: ProgrammeWorld, team: str = "alpha", *, by=None, now=None) -> Handover:
    challenge = getattr(world, team)
    by = by or Fellow.objects.filter(challenge=challenge, status="active").first().user
    return services.start_plan(challenge, by=by, now=now or after_mid(world))


def submitted(world: ProgrammeWorld, team: str = "alpha", *, by=None, answers=None, now=None) -> Handover:
    """The team's plan, filled and submitted by one of its fellows."""
    now = now or after_mid(world)
    handover = started(world, team, by=by, now=now)
    fellow = by or Fellow.objects.filter(challenge=handover.challenge, status="active").first().user
    fill(handover.dossier, answers, by=fellow, now=now)
    services.submit_plan(handover, by=fellow, now=now)
    handover.refresh_from_db()
    handover.dossier.refresh_from_db()
    return handover


def confirmed(world: ProgrammeWorld, team: str = "alpha", *, now=None) -> Handover:
    now = now or after_mid(world)
    handover = submitted(world, team, now=now)
    agent = world.agents["agnes" if team == "alpha" else "bruno"]
    return services.confirm(handover, by=agent, now=now)


def extra_team(world: ProgrammeWorld, n: int) -> Challenge:
    """Another team of the promotion: a challenge with one fellow and one confirmed host agent."""
    challenge = ChallengeFactory(
        title=f"Équipe {n}",
        slug=f"equipe-{n}",
        promotion=world.promotion,
        administration=AdministrationFactory(name=f"Administration {n}"),
        status="in_progress",
    )
    user = UserFactory(email=f"fellow{n}@programme.example", roles=["fellow"])
    Fellow.objects.create(
        promotion=world.promotion,
        challenge=challenge,
        user=user,
        name=f"Fellow {n}",
        profile_label="Données",
        start_date=world.now.date(),
        started_on=world.now.date(),
        status=Fellow.Status.ACTIVE,
    )
    confirmed_agent(
        UserFactory(email=f"agent{n}@programme.example", roles=["administration_agent"]), challenge.administration
    )
    return challenge
