"""Reads of the programme team's selection pages (selection.py), each in a fixed number of
queries whatever the number of runs, candidates or offers.

The shared reads (runs, approvals, offers, the waiting list, comparisons) are in
eig.selection.queries; these are the pages' own: who may be pinned, excluded or proposed
(the roster of a call), the teams of a run, the rows of the offers table.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from eig.applications.models import Wish
from eig.calls.models import Call, Dossier
from eig.challenges.models import Challenge, Position
from eig.reviews.queries import names_of
from eig.selection import queries
from eig.selection.models import Offer, SelectionRun


def position_label(position: Position) -> str:
    return _("%(challenge)s — %(profile)s") % {"challenge": position.challenge.title, "profile": position.profile.label}


@dataclass
class Roster:
    """The people and places of a call's selection: the candidates the candidate jury heard
    (by dossier number, named) and the recruiting challenges of its promotion with their
    positions. Five queries."""

    dossiers: dict[int, Dossier] = field(default_factory=dict)
    names: dict[int, str] = field(default_factory=dict)
    challenges: list[Challenge] = field(default_factory=list)
    positions: dict[int, Position] = field(default_factory=dict)

    def name(self, pk) -> str:
        pk = int(pk)
        dossier = self.dossiers.get(pk)
        return self.names.get(pk) or (dossier.number if dossier else "?")

    def candidate_choices(self) -> list[tuple[int, str]]:
        return [(pk, f"{self.name(pk)} ({dossier.number})") for pk, dossier in self.dossiers.items()]

    def position_choices(self) -> list[tuple[int, str]]:
        """Two seats of the same challenge and profile are told apart by their number."""
        labels = {pk: position_label(position) for pk, position in self.positions.items()}
        counts = Counter(labels.values())
        seen = Counter()
        choices = []
        for pk, label in labels.items():
            if counts[label] > 1:
                seen[label] += 1
                label = _("%(position)s (place %(n)s)") % {"position": label, "n": seen[label]}
            choices.append((pk, label))
        return choices

    def challenge_choices(self) -> list[tuple[int, str]]:
        return [(c.pk, c.title) for c in self.challenges]


def roster(call: Call) -> Roster:
    jury = queries.candidate_jury(call)
    dossiers = {d.pk: d for d in queries.auditioned_dossiers(jury)} if jury else {}
    names = names_of(list(dossiers))
    for pk, dossier in dossiers.items():
        names[pk] = queries.display_name(dossier, names)
    challenges = queries.promotion_challenges(call) if call.kind == Call.Kind.APPLICATIONS else []
    positions = {}
    for challenge in challenges:
        for position in challenge.positions.all():
            position.challenge = challenge  # already loaded: no query per label
            positions[position.pk] = position
    return Roster(dossiers, names, challenges, positions)


@dataclass
class Seat:
    position: Position
    dossier: Dossier | None
    name: str = ""
    wish: int | None = None  # the rank of the wish it answers; None: the jury's proposal or a pin
    explanation: str = ""
    pinned: bool = False


@dataclass
class Team:
    challenge: Challenge
    seats: list[Seat]
    removed: bool
    size: int


@dataclass
class Unplaced:
    dossier: Dossier
    name: str
    explanation: str
    excluded: bool


def wish_ranks(dossier_ids) -> dict[tuple[int, int, int], int]:
    """(dossier pk, challenge pk, profile pk) -> rank of the best wish for that challenge and
    profile, in one query: a wish answers any position of the same challenge and profile (the
    engines treat them as interchangeable)."""
    ranks: dict[tuple[int, int, int], int] = {}
    for d, c, p, rank in Wish.objects.filter(dossier_id__in=list(dossier_ids)).values_list(
        "dossier_id", "position__challenge_id", "position__profile_id", "rank"
    ):
        ranks[d, c, p] = min(rank, ranks.get((d, c, p), rank))
    return ranks


def teams_of(run: SelectionRun, people: Roster) -> tuple[list[Team], list[Unplaced]]:
    """The run's teams, challenge by challenge (every position, held or empty), and the
    candidates it did not place with their explanation. One query beyond the roster."""
    placed = {int(p): int(d) for d, p in run.assignment.items()}
    ranks = wish_ranks(people.dossiers)
    pins = {(int(d), int(p)) for d, p in run.pins}
    removed = {int(c) for c in run.removed}
    result = []
    for challenge in people.challenges:
        seats = []
        for position in challenge.positions.all():
            pk = placed.get(position.pk)
            dossier = people.dossiers.get(pk) if pk else None
            seats.append(
                Seat(
                    position=position,
                    dossier=dossier,
                    name=people.name(pk) if pk else "",
                    wish=ranks.get((pk, position.challenge_id, position.profile_id)) if pk else None,
                    explanation=run.explanations.get(str(pk), "") if pk else "",
                    pinned=(pk, position.pk) in pins,
                )
            )
        if seats:
            result.append(Team(challenge, seats, challenge.pk in removed, sum(1 for s in seats if s.dossier)))
    excluded = {int(d) for d in run.exclusions}
    assigned = {int(d) for d in run.assignment}
    unplaced = [
        Unplaced(dossier, people.name(pk), run.explanations.get(str(pk), ""), pk in excluded)
        for pk, dossier in people.dossiers.items()
        if pk not in assigned
    ]
    return result, unplaced


@dataclass
class OfferRow:
    offer: Offer
    name: str
    position: str
    replaced_by_name: str = ""


def offer_rows(run: SelectionRun) -> tuple[list[OfferRow], list]:
    """The offers table and the waiting list of an approved run, named: three queries."""
    offers = list(queries.offers_of(run))
    waiting = list(queries.waiting_list(run))
    ids = {o.dossier_id for o in offers} | {o.replaced_by.dossier_id for o in offers if o.replaced_by_id}
    ids |= {w.dossier_id for w in waiting}
    names = names_of(ids)
    rows = []
    for offer in offers:
        replacement = offer.replaced_by
        rows.append(
            OfferRow(
                offer=offer,
                name=queries.display_name(offer.dossier, names),
                position=position_label(offer.position),
                replaced_by_name=(names.get(replacement.dossier_id) or replacement.dossier.number)
                if replacement
                else "",
            )
        )
    for outcome in waiting:
        outcome.name = queries.display_name(outcome.dossier, names)
    return rows, waiting
