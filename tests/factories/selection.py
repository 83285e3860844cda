"""A small promotion to select from (tests/selection, the selection pages, the permission
matrix): three challenges, seven seats, ten auditioned candidates.

    « Alpha »  dev, data scientist                  (a pair: both profiles)
    « Bêta »   dev, dev, data scientist             (a pair or a trio, with dev and data scientist)
    « Gamma »  data scientist, designer             (a pair: both profiles)

    candidate  profile  wishes             jury's lists (rank)
    Ada        dev      Alpha, Bêta        Alpha dev 1, Bêta dev 1
    Bob        dev      Alpha, Bêta        Alpha dev 2, Bêta dev 2      asks for Cléo (by name)
    Cléo       dev      Bêta               Bêta dev 3                   asks for Bob (by email)
    Dan        ds       Alpha              Alpha ds 1
    Eve        ds       Alpha              Alpha ds 2, and the jury proposes « Gamma »
    Fay        ds       Bêta               Bêta ds 1
    Gus        design   Gamma              Gamma design 1
    Hugo       design   Gamma              Gamma design 2
    Inès       ds       Bêta               Bêta ds 2
    Jo         dev      Alpha              unfavourable

The optimum (unique): Alpha = Ada + Dan; Bêta = Bob + Cléo + Fay; Gamma = Eve (the jury's
proposal) + Gus. Hugo and Inès are on the waiting list; Jo is refused. The stable matching
ignores the jury's proposals: Eve stays without a position and « Gamma » is left with Gus alone.
"""

from dataclasses import dataclass

from eig.accounts.models import Role
from eig.calls.models import Answer, Dossier, Question
from eig.challenges.models import Challenge, Position
from eig.juries.models import Verdict
from eig.selection.models import Offer, SelectionRun
from tests.factories import ChallengeFactory, PositionFactory, StaffFactory, UserFactory, profile
from tests.factories.juries import add_audition, jury_world
from tests.factories.reviews import submitted_dossier

PEOPLE = {
    # key: (first, last, wishes, [(list, rank, favourable)], proposed challenge)
    "ada": ("Ada", "Lovelace", ["A_dev", "B_dev"], [("A_dev", 1, True), ("B_dev", 1, True)], None),
    "bob": ("Bob", "Morane", ["A_dev", "B_dev"], [("A_dev", 2, True), ("B_dev", 2, True)], None),
    "cleo": ("Cléo", "Durand", ["B_dev"], [("B_dev", 3, True)], None),
    "dan": ("Dan", "Brown", ["A_ds"], [("A_ds", 1, True)], None),
    "eve": ("Eve", "Curie", ["A_ds"], [("A_ds", 2, True)], "C"),
    "fay": ("Fay", "Wray", ["B_ds"], [("B_ds", 1, True)], None),
    "gus": ("Gus", "Eiffel", ["C_design"], [("C_design", 1, True)], None),
    "hugo": ("Hugo", "Pratt", ["C_design"], [("C_design", 2, True)], None),
    "ines": ("Inès", "Leroy", ["B_ds"], [("B_ds", 2, True)], None),
    "jo": ("Jo", "Dalton", ["A_dev"], [("A_dev", 3, False)], None),
}


@dataclass
class Promotion:
    call: object
    challenges: dict[str, Challenge]
    positions: dict[str, Position]
    dossiers: dict[str, Dossier]
    staff: object
    approver: object

    def position_of(self, run: SelectionRun, who: str) -> str | None:
        pk = run.assignment.get(str(self.dossiers[who].pk))
        return next((k for k, p in self.positions.items() if p.pk == pk), None)

    def offer(self, run, who) -> Offer:
        return Offer.objects.get(run=run, dossier=self.dossiers[who])


def selection_world() -> Promotion:
    world = jury_world("candidates", jurors=1, auditions=0, panels=1)
    call, panel = world.call, world.panels[0]
    alpha = Challenge.objects.get(promotion=call.promotion)  # the call's own: dev (order 0), data science (1)
    Challenge.objects.filter(pk=alpha.pk).update(title="Alpha")
    alpha.refresh_from_db()
    beta = ChallengeFactory(promotion=call.promotion, title="Bêta", status=Challenge.Status.RECRUITING)
    gamma = ChallengeFactory(promotion=call.promotion, title="Gamma", status=Challenge.Status.RECRUITING)
    a_dev, a_ds = alpha.positions.order_by("order")
    positions = {
        "A_dev": a_dev,
        "A_ds": a_ds,
        "B_dev": PositionFactory(challenge=beta, profile=profile("dev"), order=0),
        "B_dev2": PositionFactory(challenge=beta, profile=profile("dev"), order=1),
        "B_ds": PositionFactory(challenge=beta, profile=profile("datascience"), order=2),
        "C_ds": PositionFactory(challenge=gamma, profile=profile("datascience"), order=0),
        "C_design": PositionFactory(challenge=gamma, profile=profile("design"), order=1),
    }
    challenges = {"A": alpha, "B": beta, "C": gamma}
    dossiers = {}
    for key, (first, last, wishes, lists, proposed) in PEOPLE.items():
        dossier = submitted_dossier(call, first=first, last=last, wishes=[positions[w] for w in wishes])
        audition = add_audition(world.jury, panel, dossier)
        for name, rank, favourable in lists:
            position = positions[name]
            Verdict.objects.create(
                panel=panel,
                audition=audition,
                favourable=favourable,
                rank=rank,
                scope=f"{position.challenge_id}:{position.profile_id}",
                challenge=position.challenge,
                profile=position.profile,
                proposed_challenge=challenges[proposed] if proposed else None,
            )
        dossiers[key] = dossier
    binome = Question.objects.get(step__call=call, key="binome")
    Answer.objects.create(dossier=dossiers["bob"], question=binome, value="Je souhaite faire équipe avec Cléo Durand")
    Answer.objects.create(dossier=dossiers["cleo"], question=binome, value=dossiers["bob"].owner.email.upper())
    return Promotion(
        call=call,
        challenges=challenges,
        positions=positions,
        dossiers=dossiers,
        staff=StaffFactory(),
        approver=UserFactory(roles=[Role.APPROVER.value]),
    )


def approved_run(world: Promotion, *, mode: str = "optimal") -> SelectionRun:
    """The world's run, frozen by its staff member and approved by its approver."""
    from eig.selection import services

    run = services.run_selection(world.call, mode=mode, by=world.staff)
    services.freeze(run, by=world.staff)
    return services.approve(run, approver=world.approver, comment="Conforme aux délibérations.")


def offer_deadline(days: int = 7):
    import datetime

    from django.utils import timezone

    return timezone.now() + datetime.timedelta(days=days)
