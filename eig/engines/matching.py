"""Stable matching of candidates to positions: candidate-proposing deferred acceptance.

Pure: plain dataclasses in and out, no Django.

The problem is Roth's hospitals/residents (Roth 1984), the many-to-one form of Gale and Shapley's
stable marriage (1962). Each candidate ranks positions (their wishes, best first); each
position's jury ranks candidates; each position has a number of seats.

- A pair is possible only when both sides list each other: a candidate absent from a position's
  ranking is unacceptable to it, and a position absent from a candidate's wishes is unacceptable
  to them.
- A wish for a position that is not in `positions` (a challenge removed, e.g. in a what-if) is
  skipped, as is a name in a ranking that is not a candidate of the instance. A position with
  0 seats takes nobody.
- A matching is stable when no pair (c, p) blocks it: c prefers p to their match (or is
  unmatched), p finds c acceptable, and p has a free seat or prefers c to one of its assigned
  candidates.

Algorithm. Rounds of deferred acceptance: in each round, every free candidate who still has a
wish proposes to their best wish not yet tried; each position holds its best proposers up to
its seats (held offers are provisional) and rejects the others, who propose again in the next
round. Acceptable pairs only are ever proposed (the lists are filtered to mutually acceptable
pairs first). A position holds its assigned candidates in a heap with the worst on top, so a
proposal costs O(log seats): O(L log s) in all for L wishes.

Properties (Gale & Shapley 1962, Roth 1984; Roth & Sotomayor 1990, ch. 5): the result is stable
and candidate-optimal: every candidate gets the best position they can get in any stable
matching, so it does not depend on the order of the proposals; no candidate can gain by
misreporting their wishes (Dubins & Freedman 1981; Roth 1982). By the rural hospitals theorem
(Roth 1986), the same candidates are matched and every position fills the same number of seats
in every stable matching.

`blocking_pairs` re-checks stability independently (plain dictionaries, no heap, no rounds);
`validate` also re-checks capacities and acceptability; `explain` tells each candidate, in
French, why they got this wish or none. Sources: `reference/algorithms-perf.md` §1.
"""

import math
import time
from dataclasses import dataclass, field
from heapq import heappush, heapreplace

# The stable mode's name and version in a result's digest (eig.engines.canonical.result_digest):
# bumped when deferred acceptance or the selection's view of a team instance for it changes.
ENGINE = "matching"
VERSION = "2026.12-1"


@dataclass
class Instance:
    candidates: dict[str, tuple[str, ...]]  # candidate -> positions, best wish first
    positions: dict[str, tuple[str, ...]]  # position -> candidates, the jury's best first
    capacities: dict[str, int] = field(default_factory=dict)  # position -> seats; 1 when missing

    def capacity(self, position: str) -> int:
        return self.capacities.get(position, 1)


@dataclass
class Matching:
    assignment: dict[str, str | None]  # candidate -> position, None when unmatched
    wall_seconds: float
    rounds: int  # rounds of proposals (every free candidate proposes once per round)
    proposals: int = 0

    def candidates_of(self, position: str) -> list[str]:
        return sorted(c for c, p in self.assignment.items() if p == position)

    @property
    def matched(self) -> int:
        return sum(1 for p in self.assignment.values() if p is not None)


def check_instance(instance: Instance) -> None:
    """Raise ValueError on what no matching can make sense of: a repeated wish or ranking, a
    negative or non-integer capacity."""
    for candidate, wishes in instance.candidates.items():
        if len(set(wishes)) != len(wishes):
            raise ValueError(f"candidate {candidate!r} lists a position twice: {wishes!r}")
    for position, ranking in instance.positions.items():
        if len(set(ranking)) != len(ranking):
            raise ValueError(f"the ranking of position {position!r} lists a candidate twice")
    for position, seats in instance.capacities.items():
        if isinstance(seats, bool) or not isinstance(seats, int) or seats < 0:
            raise ValueError(f"capacity of position {position!r} must be an integer >= 0, not {seats!r}")


def deferred_acceptance(instance: Instance) -> Matching:
    """The candidate-optimal stable matching (see the module docstring)."""
    started = time.perf_counter()
    check_instance(instance)
    names = list(instance.candidates)
    position_names = list(instance.positions)
    candidate_id = {c: i for i, c in enumerate(names)}
    position_id = {p: j for j, p in enumerate(position_names)}
    seats = [instance.capacity(p) for p in position_names]

    # rank[j][i]: place of candidate i on position j's ranking (0 = the jury's first).
    rank: list[dict[int, int]] = []
    for p in position_names:
        places = {}
        for k, c in enumerate(instance.positions[p]):
            i = candidate_id.get(c)
            if i is not None:
                places[i] = k
        rank.append(places)

    # Each candidate's mutually acceptable wishes, best first, as (position id, place there).
    wishes: list[list[tuple[int, int]]] = []
    for i, c in enumerate(names):
        row = []
        for p in instance.candidates[c]:
            j = position_id.get(p)
            if j is not None and seats[j] > 0:
                k = rank[j].get(i)
                if k is not None:
                    row.append((j, k))
        wishes.append(row)

    # held[j]: max-heap on the place (stored negated) of the candidates position j holds.
    held: list[list[tuple[int, int]]] = [[] for _ in position_names]
    tried = [0] * len(names)  # how many wishes candidate i has proposed to
    free = [i for i, row in enumerate(wishes) if row]
    rounds = proposals = 0
    while free:
        rounds += 1
        proposals += len(free)
        rejected = []
        for i in free:
            row = wishes[i]
            j, k = row[tried[i]]
            tried[i] += 1
            heap = held[j]
            if len(heap) < seats[j]:
                heappush(heap, (-k, i))
            elif -heap[0][0] > k:
                # The position lets its worst held candidate go for this better one.
                out = heapreplace(heap, (-k, i))[1]
                if tried[out] < len(wishes[out]):
                    rejected.append(out)
            elif tried[i] < len(row):
                rejected.append(i)
        free = rejected

    assignment: dict[str, str | None] = dict.fromkeys(names)
    for j, heap in enumerate(held):
        p = position_names[j]
        for _k, i in heap:
            assignment[names[i]] = p
    return Matching(assignment, time.perf_counter() - started, rounds, proposals)


# --- Independent checks ----------------------------------------------------------------------


def _places(instance: Instance) -> dict[str, dict[str, int]]:
    return {p: {c: k for k, c in enumerate(ranking)} for p, ranking in instance.positions.items()}


def _worst_assigned(
    instance: Instance, matching: Matching, places: dict[str, dict[str, int]]
) -> tuple[dict[str, int], dict[str, tuple[float, str]]]:
    """Per position: how many candidates it was given, and its worst one as (place, name); an
    assignee the jury did not rank counts as worse than every ranked candidate."""
    count: dict[str, int] = {}
    worst: dict[str, tuple[float, str]] = {}
    for c, p in matching.assignment.items():
        if p is None:
            continue
        count[p] = count.get(p, 0) + 1
        place = places.get(p, {}).get(c, math.inf)
        if p not in worst or place > worst[p][0]:
            worst[p] = (place, c)
    return count, worst


def blocking_pairs(instance: Instance, matching: Matching) -> list[tuple[str, str]]:
    """Every (candidate, position) pair that blocks the matching, in the instance's order of
    candidates and wishes; [] when the matching is stable. Independent of the solver."""
    places = _places(instance)
    count, worst = _worst_assigned(instance, matching, places)
    pairs = []
    for c, wishes in instance.candidates.items():
        current = matching.assignment.get(c)
        for p in wishes:
            if p == current:
                break  # the wishes below the match are not preferred to it
            ranked = places.get(p)
            if ranked is None or c not in ranked:
                continue
            if count.get(p, 0) < instance.capacity(p) or (p in worst and ranked[c] < worst[p][0]):
                pairs.append((c, p))
    return pairs


def validate(instance: Instance, matching: Matching) -> list[str]:
    """Re-check every rule on a result, in French; [] when all hold: each candidate of the
    instance appears once, seats are respected, each pair is acceptable to both sides, and no
    pair blocks the matching."""
    problems = []
    places = _places(instance)
    for c in instance.candidates:
        if c not in matching.assignment:
            problems.append(f"{c} manque dans le résultat.")
    for c, p in matching.assignment.items():
        if c not in instance.candidates:
            problems.append(f"{c} figure dans le résultat mais n'est pas candidat.")
        elif p is None:
            continue
        elif p not in instance.positions:
            problems.append(f"{c} est affecté au poste {p}, qui n'existe pas.")
        else:
            if p not in instance.candidates[c]:
                problems.append(f"{c} est affecté au poste {p}, qui ne figure pas parmi ses vœux.")
            if c not in places[p]:
                problems.append(f"{c} est affecté au poste {p}, dont le jury ne l'a pas classé.")
    count, worst = _worst_assigned(instance, matching, places)
    for p, n in count.items():
        if p in instance.positions and n > instance.capacity(p):
            problems.append(f"Le poste {p} reçoit {n} candidats pour {_seats(instance.capacity(p))}.")
    for c, p in blocking_pairs(instance, matching):
        current = matching.assignment.get(c)
        wanted = "est sans affectation" if current is None else f"préfère le poste {p} au poste {current}"
        if count.get(p, 0) < instance.capacity(p):
            why = f"{p} a une place libre"
        else:
            why = f"le jury de {p} classe {c} devant {worst[p][1]}, qui y est affecté"
        problems.append(f"Paire bloquante ({c}, {p}) : {c} {wanted}, {p} l'a classé et {why}.")
    return problems


# --- Explanations ----------------------------------------------------------------------------


def _ordinal(n: int) -> str:
    return "1er" if n == 1 else f"{n}e"


def _seats(n: int) -> str:
    return f"{n} place" if n == 1 else f"{n} places"


class _Explainer:
    """The indexes an explanation needs, built once for many candidates."""

    def __init__(self, instance: Instance, matching: Matching):
        self.instance = instance
        self.matching = matching
        self.places = _places(instance)
        self.assigned: dict[str, list[str]] = {}
        for c, p in matching.assignment.items():
            if p is not None:
                self.assigned.setdefault(p, []).append(c)

    def why_not(self, candidate: str, number: int, position: str) -> str:
        wish = f"votre {_ordinal(number)} vœu, {position},"
        if position not in self.instance.positions:
            return f"{wish} n'est pas ouvert"
        seats = self.instance.capacity(position)
        if seats == 0:
            return f"{wish} n'a aucune place"
        place = self.places[position].get(candidate)
        if place is None:
            return f"le jury de {wish} ne vous a pas classé"
        better = [c for c in self.assigned.get(position, []) if self.places[position].get(c, math.inf) < place]
        if len(better) < seats:
            # Only an unstable result gets here (blocking_pairs names the pair).
            return f"{wish} avait une place pour vous (vous y êtes au {_ordinal(place + 1)} rang) : résultat instable"
        retained = "1 candidat mieux classé" if len(better) == 1 else f"{len(better)} candidats mieux classés"
        return f"{wish} a retenu {retained} par son jury (vous y êtes au {_ordinal(place + 1)} rang)"

    def explain(self, candidate: str) -> str:
        wishes = self.instance.candidates[candidate]
        got = self.matching.assignment.get(candidate)
        if got is not None and got not in wishes:
            return f"Vous êtes affecté au poste {got}, qui ne figure pas parmi vos vœux : ce résultat n'est pas valide."
        if not wishes:
            return "Aucun vœu obtenu : vous n'avez formulé aucun vœu."
        reasons = []
        for number, position in enumerate(wishes, start=1):
            if position == got:
                head = f"Vous obtenez votre {_ordinal(number)} vœu (poste {got})"
                return f"{head} : {' ; '.join(reasons)}." if reasons else f"{head}."
            reasons.append(self.why_not(candidate, number, position))
        return f"Aucun vœu obtenu : {' ; '.join(reasons)}."


def explain(instance: Instance, matching: Matching, candidate: str) -> str:
    """Why this candidate got this wish, or none, in plain French: for each better wish, the
    rule that decided (closed, no seat, not ranked by its jury, or filled by candidates its jury
    ranked higher)."""
    return _Explainer(instance, matching).explain(candidate)


def explain_all(instance: Instance, matching: Matching) -> dict[str, str]:
    """`explain` for every candidate, with the indexes built once."""
    explainer = _Explainer(instance, matching)
    return {c: explainer.explain(c) for c in instance.candidates}
