"""Team formation: after the auditions, which candidate joins which challenge, on which position.

Pure: plain dataclasses in and out, no Django. One CP-SAT model, exact: the status, objective,
best bound and gap are reported with every proposal.

Representation.

- A `Position` is one seat of a challenge for one profile (« data scientist du défi X »). The
  positions of a challenge are those whose `challenge` is its id (`Challenge.positions` may list
  them too; it must then agree). Two positions of the same challenge and profile are
  interchangeable: the model reasons on *groups* (challenge, profile) with a capacity, and only
  at the end gives each chosen candidate a concrete position (a pinned one keeps its own).
- A `Candidate` ranks up to `max_wishes` positions (`wishes`, best first) and may name
  candidates they want to team with (`teammates`).
- `jury` maps (challenge id, profile) to {candidate id: rank}, the jury's list for that
  challenge and profile (1 = best; ties and decimals allowed). Règlement 2020 art. 6.5: « une
  liste par défi et par profil », and « le jury peut proposer à un candidat auditionné un défi
  pour lequel il n'aurait pas déposé sa candidature »: a candidate ranked in a list they did
  not wish is such a proposal.

Hard rules (`validate` re-checks each one, independently of the solver):

- each candidate holds at most one position, each position at most one candidate;
- eligibility: a candidate may hold a position only if the jury ranked them in the list of its
  challenge and profile (having wished it or not: an unwished rank is the jury's proposal); a
  wish the jury did not rank is not enough. A staff pin overrides this rule, nothing else does;
- a challenge is either staffed — between `size_min` and `size_max` fellows (Règlement 2017
  art. 4: « en binôme ou trio (soit 2 ou 3 EIG), sauf exception »), at most its number of
  positions, and at least one fellow of each of its `required_profiles` — or left empty;
  leaving it empty costs `Weights.unfilled` (the jury « se réserve le droit de retirer ce défi »
  when no candidate fits: art. 6.5 of 2020);
- staff's what-if: `pinned` (candidate, position) pairs hold; `excluded` candidates hold no
  position; `forbidden` (candidate, challenge) pairs never hold; `removed_challenges` stay empty.

Objective (maximised, in points, computed in hundredths so CP-SAT works on integers):

- each placed candidate earns `wish` × (max_wishes + 1 − k) for their k-th wish (3, 2, 1 for
  three wishes; 0 when the jury proposed it) plus `jury` × 3·(n + 1 − r)/n for rank r in a list
  of n (3 for the first, 3/n for the last; 0 for a pinned candidate the jury did not rank);
- each pair of candidates who asked for each other (mutual requests only: « les sélections
  resteront individuelles », the jury merely « prendra en considération cette remarque »)
  earns `teammate` when both join the same challenge;
- each challenge left without a team (removed ones excepted) costs `unfilled`.

With positive weights every placement earns points, so no seat an eligible candidate could
take stays empty unless a team size or another challenge's team needs it so.

One result per instance. Many proposals often reach the same optimum (two candidates tied in a
jury's list with the same wish, two seats of one profile…), and which one CP-SAT returns would
depend on its workers and on thread timing. `solve` therefore breaks ties by the rule shared by
the engines (eig/engines/canonical.py): once the optimum is proven it is fixed, and among the
optimal proposals the one of least tie-break weight is kept, each decision « candidate c joins
challenge h as profile p » weighing a fixed, public pseudo-random integer read from SHA-256 of
(c, h, p). The tie-break never changes the objective; the members of a group then take its
positions in the order of the jury's list (ties by candidate id), a pinned candidate their own.
The model is built in the order of the identifiers, never of the instance's lists. A proposal
carries its `digest` (SHA-256 of the engine, its `VERSION`, the decision parameters — weights,
max_wishes, pins, exclusions, forbidden pairs, removed challenges — and the result: assignment
and challenges left empty) and `canonical`: True when the tie-break was proven, so that any run
(any number of workers, any machine load) returns this very proposal; the summary says so when
it was not.

Public functions: `solve`, `validate` (hard rules, plus the reported teams and objective
against the assignment), `problems_of` and `objective_of` (the rules and the objective of any
assignment, computed without the solver), `diagnose` (pins that cannot hold), `explain`,
`diff` (what-if comparisons).

Performance (`make bench ONLY=teams`): promotion 2 is proven optimal in a few hundredths of a
second; 10,000 candidates × 1,000 challenges (27,000 ranked pairs) in about 3 s, model included,
with 8 workers or one (CP-SAT at linearization level 2: at its default level a single worker
left a 1.5 % gap after 4 minutes). The tie-break then takes about 0.1 s and 10 to 15 s (measured
on a loaded machine); its optimum is stated as a bound (objective ≥ optimum), since CP-SAT's
presolve rewrote the equivalent equality for over a minute. The LP relaxation is nearly a
transportation problem and its bound closes the gap at once; the redundant links x ≤ y (a member
implies a staffed challenge) were left out on purpose: they add nothing to that bound and
tripled the presolve time at that scale.

Explanations (`explain`) name, for each candidate, the rule that decided: the wish obtained,
the jury's proposal or the pin; for every better wish, why not (not ranked by its jury, seats
taken by candidates ranked before them, challenge left empty or removed, staff's decision…).
They never name another candidate, except the teammate the person asked for.

Sources: `reference/algorithms-perf.md` §2 (team formation as an integer programme; CP-SAT with
≥ 8 workers even on 2 cores), `reference/rules/EIG-promotion2_reglement_programme_VFF.txt`
art. 4, `reference/rules/AACEIG4_Reglement.txt` art. 6.
"""

import math
import time
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from eig.engines.canonical import result_digest, solve_canonical

ENGINE = "teams"
VERSION = "2026.12-1"  # bumped whenever the model, the objective or the tie-break changes
Group = tuple[str, str]  # (challenge id, profile)
SCALE = 100  # points are computed in hundredths: CP-SAT needs integer coefficients


@dataclass(frozen=True)
class Position:
    id: str
    challenge: str
    profile: str  # e.g. "datascience", "dev", "design"


@dataclass(frozen=True)
class Challenge:
    id: str
    size_min: int = 2
    size_max: int = 3
    positions: tuple[str, ...] = ()  # optional: must agree with Position.challenge
    required_profiles: tuple[str, ...] = ()  # a staffed team has at least one of each


@dataclass(frozen=True)
class Candidate:
    id: str
    wishes: tuple[str, ...] = ()  # position ids, best first
    teammates: tuple[str, ...] = ()  # candidate ids they asked to team with


@dataclass(frozen=True)
class Weights:
    """Staff-set weights, in points: see the module docstring for what each one multiplies."""

    wish: float = 10.0
    jury: float = 5.0
    teammate: float = 3.0
    unfilled: float = 50.0


@dataclass
class Instance:
    candidates: list[Candidate]
    challenges: list[Challenge]
    positions: list[Position]
    # (challenge id, profile) -> {candidate id: rank, 1 = best}: the jury's lists.
    jury: dict[Group, dict[str, float]] = field(default_factory=dict)
    weights: Weights = field(default_factory=Weights)
    pinned: set[tuple[str, str]] = field(default_factory=set)  # (candidate id, position id)
    excluded: set[str] = field(default_factory=set)  # candidate ids kept out of the proposal
    removed_challenges: set[str] = field(default_factory=set)
    time_limit: float = 10.0
    workers: int = 8  # ≥ 8 even on 2 cores: reference/algorithms-perf.md §2
    seed: int = 0
    forbidden: set[tuple[str, str]] = field(default_factory=set)  # (candidate id, challenge id)
    labels: dict[str, str] = field(default_factory=dict)  # any id or profile -> French name
    max_wishes: int = 3  # wishes beyond are ignored; the k-th earns max_wishes + 1 − k


@dataclass
class Proposal:
    status: str  # "optimal", "feasible", "infeasible" or "unknown"
    assignment: dict[str, str]  # candidate id -> position id
    objective: float  # points (see the module docstring)
    bound: float  # best bound proven by the solver, in points
    gap: float  # (bound − objective) / max(|objective|, 1); 0 when proven optimal
    wall_seconds: float
    explanation: str  # French summary
    teams: dict[str, list[str]] = field(default_factory=dict)  # challenge id -> candidate ids
    unstaffed: list[str] = field(default_factory=list)  # challenges left empty (removed excepted)
    # Counts for staff's comparisons: "placed", "wish_1".."wish_k", "proposed", "pinned_unranked",
    # "teammates_together", "teammates_requested", "unstaffed".
    summary: dict[str, int] = field(default_factory=dict)
    digest: str = ""  # SHA-256 of engine, VERSION, decision parameters and result; "" without a result
    canonical: bool = False  # the tie-break was proven: every run gives this proposal
    tiebreak_seconds: float = 0.0  # wall time of the tie-break (stage 2), included in wall_seconds


_DEFAULT_LABELS = {
    "datascience": "data scientist",
    "dev": "développeur ou développeuse",
    "design": "designer",
}


# --- Data shared by the model, the validator and the explanations ------------------


class _Data:
    def __init__(self, instance: Instance):
        self.instance = instance
        self.candidates = {c.id: c for c in instance.candidates}
        self.challenges = {c.id: c for c in instance.challenges}
        self.positions = {p.id: p for p in instance.positions}
        for position in instance.positions:
            if position.challenge not in self.challenges:
                raise ValueError(f"position {position.id!r} belongs to unknown challenge {position.challenge!r}")
        for challenge in instance.challenges:
            for pid in challenge.positions:
                if pid not in self.positions or self.positions[pid].challenge != challenge.id:
                    raise ValueError(f"challenge {challenge.id!r} lists position {pid!r} that is not its own")
        # Groups of interchangeable positions, in the instance's order.
        self.group_positions: dict[Group, list[str]] = {}
        for position in instance.positions:
            self.group_positions.setdefault((position.challenge, position.profile), []).append(position.id)
        self.challenge_groups: dict[str, list[Group]] = {c.id: [] for c in instance.challenges}
        for group in self.group_positions:
            self.challenge_groups[group[0]].append(group)
        self.seats = {c: sum(len(self.group_positions[g]) for g in gs) for c, gs in self.challenge_groups.items()}
        # Wish rank per group (the best one when two wishes point into the same group).
        self.wish_rank: dict[str, dict[Group, int]] = {}
        for candidate in instance.candidates:
            ranks: dict[Group, int] = {}
            for k, pid in enumerate(candidate.wishes[: instance.max_wishes], start=1):
                position = self.positions.get(pid)
                if position is not None:
                    ranks.setdefault((position.challenge, position.profile), k)
            self.wish_rank[candidate.id] = ranks
        self.list_size = {g: max([len(ranked), *ranked.values()]) for g, ranked in instance.jury.items() if ranked}
        self.pin_of = {}  # candidate -> position (the first, when pins clash: diagnose reports it)
        for cid, pid in sorted(instance.pinned):
            self.pin_of.setdefault(cid, pid)
        self.mutual = sorted(
            {
                tuple(sorted((c.id, other)))
                for c in instance.candidates
                for other in c.teammates
                if other != c.id and other in self.candidates and c.id in self.candidates[other].teammates
            }
        )
        self._index()

    # Rules.

    def ranked(self, cid: str, group: Group) -> float | None:
        return self.instance.jury.get(group, {}).get(cid)

    def blocked(self, cid: str, challenge: str) -> bool:
        """Staff's what-if rules keep this candidate off this challenge."""
        i = self.instance
        return cid in i.excluded or challenge in i.removed_challenges or (cid, challenge) in i.forbidden

    def allowed(self, cid: str) -> list[Group]:
        """The groups this candidate may join: ranked by their jury (or pinned), not blocked."""
        return self._allowed.get(cid, [])

    def eligible(self, challenge: str) -> set[str]:
        """The candidates who may join this challenge."""
        return self._eligible.get(challenge, set())

    def _index(self) -> None:
        i = self.instance
        reachable: dict[str, set[Group]] = {}
        for group, ranked in i.jury.items():
            if group in self.group_positions:
                for cid in ranked:
                    reachable.setdefault(cid, set()).add(group)
        for cid, pid in i.pinned:
            if pid in self.positions:
                reachable.setdefault(cid, set()).add(self.group_of(pid))
        self._allowed: dict[str, list[Group]] = {}
        self._eligible: dict[str, set[str]] = {}
        for cid, groups in reachable.items():
            if cid not in self.candidates:
                continue
            # Sorted by (challenge id, profile): the model never follows the instance's lists.
            kept = sorted(g for g in groups if not self.blocked(cid, g[0]))
            self._allowed[cid] = kept
            for group in kept:
                self._eligible.setdefault(group[0], set()).add(cid)

    def group_of(self, pid: str) -> Group:
        position = self.positions[pid]
        return position.challenge, position.profile

    def points(self, cid: str, group: Group) -> int:
        """Hundredths of a point for this candidate in this group."""
        w = self.instance.weights
        k = self.wish_rank.get(cid, {}).get(group)
        wish = max(self.instance.max_wishes + 1 - k, 0) if k else 0
        r = self.ranked(cid, group)
        n = self.list_size.get(group, 1)
        jury = 3 * max(n + 1 - r, 0) / n if r is not None else 0.0
        return round(SCALE * (w.wish * wish + w.jury * jury))

    @property
    def teammate_bonus(self) -> int:
        return round(SCALE * self.instance.weights.teammate)

    @property
    def unfilled_cost(self) -> int:
        return round(SCALE * self.instance.weights.unfilled)

    def open_challenges(self) -> list[str]:
        return [c.id for c in self.instance.challenges if c.id not in self.instance.removed_challenges]

    # Words.

    def label(self, key: str) -> str:
        return self.instance.labels.get(key) or _DEFAULT_LABELS.get(key) or key

    def title(self, cid: str) -> str:
        return self.instance.labels.get(cid) or cid

    def challenge_name(self, cid: str) -> str:
        return f"le défi {self.title(cid)}"

    def person(self, cid: str) -> str:
        return self.instance.labels.get(cid) or cid


def objective_of(instance: Instance, assignment: dict[str, str]) -> float:
    """The objective of any assignment, in points, computed from the rules alone (not from the
    solver's model): the validator and the tests compare it with what the solver reports."""
    return _objective_hundredths(_Data(instance), assignment) / SCALE


def _objective_hundredths(data: _Data, assignment: dict[str, str]) -> int:
    total = 0
    challenge_of = {}
    for cid, pid in assignment.items():
        if pid in data.positions:
            total += data.points(cid, data.group_of(pid))
            challenge_of[cid] = data.positions[pid].challenge
    for a, b in data.mutual:
        if a in challenge_of and challenge_of.get(a) == challenge_of.get(b):
            total += data.teammate_bonus
    staffed = set(challenge_of.values())
    total -= data.unfilled_cost * sum(1 for c in data.open_challenges() if c not in staffed)
    return total


# --- Pre-checks --------------------------------------------------------------------


def diagnose(instance: Instance) -> str | None:
    """The reason, in French, when staff's pins cannot all hold; None otherwise. Without pins
    the instance is always feasible (every challenge may stay empty). The reason names the
    candidates, the challenge and the numbers that do not fit; `solve` checks it first."""
    return _diagnose(_Data(instance))


def _diagnose(data: _Data) -> str | None:
    i = data.instance
    by_position: dict[str, str] = {}
    by_candidate: dict[str, str] = {}
    for cid, pid in sorted(i.pinned):
        if cid not in data.candidates:
            return f"Un épinglage désigne un candidat inconnu ({cid})."
        if pid not in data.positions:
            return f"Un épinglage de {data.person(cid)} désigne un poste inconnu ({pid})."
        challenge = data.positions[pid].challenge
        if pid in by_position:
            return (
                f"{data.person(by_position[pid])} et {data.person(cid)} sont épinglés sur le même poste, "
                f"{_position_name(data, pid)} : un poste ne reçoit qu'une personne."
            )
        if cid in by_candidate:
            return (
                f"{data.person(cid)} est épinglé sur deux postes, {_position_name(data, by_candidate[cid])} et "
                f"{_position_name(data, pid)} : une personne n'occupe qu'un poste."
            )
        by_position[pid], by_candidate[cid] = cid, pid
        if cid in i.excluded:
            return f"{data.person(cid)} est à la fois épinglé et écarté de la proposition."
        if challenge in i.removed_challenges:
            return f"{data.person(cid)} est épinglé sur {data.challenge_name(challenge)}, qui a été retiré."
        if (cid, challenge) in i.forbidden:
            return (
                f"{data.person(cid)} est à la fois épinglé sur {data.challenge_name(challenge)} et écarté de ce défi."
            )
    pinned_in: dict[str, list[str]] = {}
    for cid, pid in sorted(by_candidate.items()):
        pinned_in.setdefault(data.positions[pid].challenge, []).append(cid)
    for challenge_id, members in sorted(pinned_in.items()):
        challenge = data.challenges[challenge_id]
        name = data.challenge_name(challenge_id)
        who = _names([data.person(cid) for cid in members])
        pinned = f"{who} {'est épinglé' if len(members) == 1 else 'sont épinglés'} sur {name}"
        seats = data.seats[challenge_id]
        high = min(challenge.size_max, seats)
        low = max(challenge.size_min, 1)
        if high < low:
            if seats < low:
                return (
                    f"{pinned}, qui ne peut pas former d'équipe : il n'a que {_count(seats, 'poste', 'postes')} "
                    f"pour une équipe de {low} au moins."
                )
            return (
                f"{pinned}, qui ne peut pas former d'équipe : il en faut {low} au moins et "
                f"{challenge.size_max} au plus."
            )
        if len(members) > high:
            return (
                f"{_count(len(members), 'candidat est épinglé', 'candidats sont épinglés')} sur {name} ({who}), "
                f"dont l'équipe compte {high} personnes au plus."
            )
        covered = {data.positions[by_candidate[cid]].profile for cid in members}
        missing = [p for p in dict.fromkeys(challenge.required_profiles) if p not in covered]
        if len(members) + len(missing) > high:
            free = _count(high - len(members), "place", "places")
            needed = _count(len(missing), "profil requis", "profils requis")
            return (
                f"{pinned}, dont l'équipe compte {high} personnes au plus et doit {_required(data, challenge)} : "
                f"il reste {free} pour {needed} qui {'manque' if len(missing) == 1 else 'manquent'} "
                f"({_names([data.label(p) for p in missing])})."
            )
        reachable = {cid for cid in data.eligible(challenge_id) if cid not in by_candidate or cid in members}
        if len(reachable) < low:
            some = (
                f"seul {_count(len(reachable), 'candidat peut', 'candidats peuvent')}"
                if len(reachable) <= 1
                else f"seuls {len(reachable)} candidats peuvent"
            )
            return (
                f"{pinned}, mais {some} le rejoindre (classés par son jury ou épinglés, sans être retenus "
                f"ailleurs) pour une équipe de {low} au moins."
            )
        for profile in missing:
            group = (challenge_id, profile)
            if not any(group in data.allowed(cid) for cid in reachable):
                return (
                    f"{pinned}, qui doit compter un profil {data.label(profile)}, mais aucun candidat disponible "
                    "n'est classé par son jury pour ce profil."
                )
    return None


# --- The model ------------------------------------------------------------------------


class _Model:
    """Built in the order of the identifiers (candidates, challenges, pins sorted), whatever the
    order of the instance's lists: the same instance always gives the same model."""

    def __init__(self, data: _Data):
        self.data = data
        i = data.instance
        m = self.model = cp_model.CpModel()
        self.x: dict[tuple[str, Group], cp_model.IntVar] = {}
        for cid in sorted(data.candidates):
            for group in data.allowed(cid):
                self.x[cid, group] = m.new_bool_var(f"x[{cid},{group[0]},{group[1]}]")
        by_candidate: dict[str, list] = {}
        by_group: dict[Group, list] = {}
        by_challenge: dict[str, list] = {}
        by_candidate_challenge: dict[tuple[str, str], list] = {}
        for (cid, group), var in self.x.items():
            by_candidate.setdefault(cid, []).append(var)
            by_group.setdefault(group, []).append(var)
            by_challenge.setdefault(group[0], []).append(var)
            by_candidate_challenge.setdefault((cid, group[0]), []).append(var)
        for variables in by_candidate.values():
            m.add_at_most_one(variables)
        for group, variables in by_group.items():
            m.add(cp_model.LinearExpr.sum(variables) <= len(data.group_positions[group]))
        # Staffed or empty: y[c] = 1 iff the challenge has a team, of size_min..size_max.
        self.y: dict[str, cp_model.IntVar] = {}
        for challenge in sorted(i.challenges, key=lambda c: c.id):
            variables = by_challenge.get(challenge.id, [])
            high = min(challenge.size_max, data.seats[challenge.id])
            if not variables or high < max(challenge.size_min, 1) or challenge.id in i.removed_challenges:
                for var in variables:
                    m.add(var == 0)
                continue
            y = self.y[challenge.id] = m.new_bool_var(f"y[{challenge.id}]")
            size = cp_model.LinearExpr.sum(variables)
            m.add(size >= max(challenge.size_min, 1) * y)  # staffed means at least one fellow
            m.add(size <= high * y)
            for profile in challenge.required_profiles:
                m.add(cp_model.LinearExpr.sum(by_group.get((challenge.id, profile), [])) >= y)
        # Pins.
        for cid, pid in sorted(i.pinned):
            key = (cid, data.group_of(pid))
            if key in self.x:
                m.add(self.x[key] == 1)
        # Mutual teammates: t = 1 only if both are in the challenge.
        self.t: dict[tuple[str, str, str], cp_model.IntVar] = {}
        for a, b in data.mutual:
            for challenge in self.y:
                xa, xb = by_candidate_challenge.get((a, challenge)), by_candidate_challenge.get((b, challenge))
                if xa and xb:
                    t = self.t[a, b, challenge] = m.new_bool_var(f"t[{a},{b},{challenge}]")
                    m.add(t <= cp_model.LinearExpr.sum(xa))
                    m.add(t <= cp_model.LinearExpr.sum(xb))
        variables = [*self.x.values(), *self.t.values(), *self.y.values()]
        coefficients = [data.points(cid, group) for cid, group in self.x]
        coefficients += [data.teammate_bonus] * len(self.t) + [data.unfilled_cost] * len(self.y)
        self.objective = cp_model.LinearExpr.weighted_sum(variables, coefficients) - data.unfilled_cost * len(
            data.open_challenges()
        )
        m.maximize(self.objective)

    @property
    def decisions(self) -> list[tuple[tuple[str, str, str], cp_model.IntVar]]:
        """The tie-break's decisions: « candidate joins challenge as profile », keyed by ids. The
        y (staffed) and t (teammates together) variables follow from them at the optimum."""
        return [((cid, group[0], group[1]), var) for (cid, group), var in self.x.items()]

    def read(self, solver: cp_model.CpSolver) -> dict[str, str]:
        """Candidate -> position: pinned candidates keep their position, the others fill their
        group's remaining positions in the order of the jury's list."""
        data = self.data
        chosen: dict[Group, list[str]] = {}
        for (cid, group), var in self.x.items():
            if solver.boolean_value(var):
                chosen.setdefault(group, []).append(cid)
        assignment = {}
        for group, members in chosen.items():
            free = list(data.group_positions[group])
            for cid in members:
                pid = data.pin_of.get(cid)
                if pid in free and (cid, pid) in data.instance.pinned:
                    assignment[cid] = pid
                    free.remove(pid)
            rest = sorted((c for c in members if c not in assignment), key=lambda c: (data.ranked(c, group) or 1e9, c))
            for cid, pid in zip(rest, free, strict=False):
                assignment[cid] = pid
        return dict(sorted(assignment.items()))


# --- Solve --------------------------------------------------------------------------


def solve(instance: Instance) -> Proposal:
    started = time.perf_counter()
    data = _Data(instance)
    reason = _diagnose(data)
    if reason:
        return _empty("infeasible", reason, started)
    model = _Model(data)
    run = solve_canonical(
        model.model,
        model.objective,
        maximize=True,
        decisions=model.decisions,
        engine=ENGINE,
        time_limit=instance.time_limit,
        workers=instance.workers,
        seed=instance.seed,
        optimum_as_bound=True,  # a long equality costs CP-SAT's presolve minutes at 10,000 × 1,000
        # The LP relaxation closes the gap at once, but a single worker at the default level left
        # the bound 1.5 % off after 4 min at 10,000 × 1,000; at level 2 it proves it in 3 s.
        parameters={"linearization_level": 2},
    )
    status = run.status
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        assignment = model.read(run.solver)
        # Integer hundredths: round before dividing, so 2.0 reads 2.0 and not 2.0000000000000004.
        objective = round(run.objective) / SCALE
        optimal = status == cp_model.OPTIMAL
        bound = objective if optimal else math.floor(run.bound + 1e-6) / SCALE
        gap = 0.0 if optimal else (bound - objective) / max(abs(objective), 1.0)
        teams, unstaffed = _teams(data, assignment)
        summary = _counts(data, assignment, unstaffed)
        wall = time.perf_counter() - started
        return Proposal(
            status="optimal" if optimal else "feasible",
            assignment=assignment,
            objective=objective,
            bound=bound,
            gap=gap,
            wall_seconds=wall,
            explanation=_summary(data, summary, optimal, gap, wall, run.canonical),
            teams=teams,
            unstaffed=unstaffed,
            summary=summary,
            digest=digest_of(instance, assignment, unstaffed),
            canonical=run.canonical,
            tiebreak_seconds=run.tiebreak_seconds,
        )
    if status == cp_model.INFEASIBLE:
        return _empty(
            "infeasible",
            "Les épinglages ne peuvent pas tenir ensemble : aucune composition d'équipes ne respecte à la fois ces "
            "épinglages, les classements des jurys et la taille des équipes.",
            started,
        )
    if status == cp_model.MODEL_INVALID:  # a bug of ours, never a traceback for the user
        return _empty("unknown", f"Le modèle est invalide : {model.model.validate()}", started)
    return _empty(
        "unknown",
        f"Aucune proposition trouvée en {_decimal(instance.time_limit)} s : augmenter le temps de calcul.",
        started,
    )


def parameters_of(instance: Instance) -> dict:
    """The parameters that shape the decision, as the digest reads them (not the workers, seed
    or time limit: a proven result does not depend on them)."""
    return {
        "weights": instance.weights,
        "max_wishes": instance.max_wishes,
        "pinned": sorted(instance.pinned),
        "excluded": sorted(instance.excluded),
        "forbidden": sorted(instance.forbidden),
        "removed_challenges": sorted(instance.removed_challenges),
    }


def digest_of(instance: Instance, assignment: dict[str, str], unstaffed: list[str]) -> str:
    """SHA-256 of the engine, its VERSION, the decision parameters and the result."""
    result = {"assignment": dict(sorted(assignment.items())), "unstaffed": sorted(unstaffed)}
    return result_digest(ENGINE, VERSION, parameters_of(instance), result)


def _empty(status: str, explanation: str, started: float) -> Proposal:
    return Proposal(status, {}, 0.0, 0.0, 0.0, time.perf_counter() - started, explanation)


def _teams(data: _Data, assignment: dict[str, str]) -> tuple[dict[str, list[str]], list[str]]:
    teams: dict[str, list[str]] = {}
    for cid, pid in assignment.items():
        teams.setdefault(data.positions[pid].challenge, []).append(cid)
    ordered = {c: sorted(teams[c]) for c in sorted(teams)}
    unstaffed = sorted(c for c in data.open_challenges() if c not in ordered)
    return ordered, unstaffed


def _counts(data: _Data, assignment: dict[str, str], unstaffed: list[str]) -> dict[str, int]:
    counts = {"placed": len(assignment)}
    for k in range(1, data.instance.max_wishes + 1):
        counts[f"wish_{k}"] = 0
    counts["proposed"] = counts["pinned_unranked"] = 0
    for cid, pid in assignment.items():
        group = data.group_of(pid)
        k = data.wish_rank.get(cid, {}).get(group)
        if k:
            counts[f"wish_{k}"] += 1
        elif data.ranked(cid, group) is not None:
            counts["proposed"] += 1
        else:
            counts["pinned_unranked"] += 1
    challenge_of = {cid: data.positions[pid].challenge for cid, pid in assignment.items()}
    counts["teammates_requested"] = len(data.mutual)
    counts["teammates_together"] = sum(
        1 for a, b in data.mutual if a in challenge_of and challenge_of[a] == challenge_of.get(b)
    )
    counts["unstaffed"] = len(unstaffed)
    return counts


def _summary(data: _Data, counts: dict[str, int], optimal: bool, gap: float, wall: float, canonical: bool) -> str:
    placed = counts["placed"]
    staffed = len(data.open_challenges()) - counts["unstaffed"]
    seats = sum(data.seats[c] for c in data.open_challenges())
    parts = [
        f"{_count(placed, 'candidat placé', 'candidats placés')} dans {_count(staffed, 'défi', 'défis')} "
        f"({_count(placed, 'poste', 'postes')} sur {seats})"
    ]
    details = [
        f"{counts[f'wish_{k}']} sur leur {_ordinal(k)} vœu"
        for k in range(1, data.instance.max_wishes + 1)
        if counts[f"wish_{k}"]
    ]
    if counts["proposed"]:
        details.append(f"{counts['proposed']} sur proposition du jury")
    if counts["pinned_unranked"]:
        details.append(f"{counts['pinned_unranked']} par épinglage hors classement")
    text = parts[0] + (" : " + ", ".join(details) if details else "") + "."
    asked, together = counts["teammates_requested"], counts["teammates_together"]
    if asked:
        pairs = _count(asked, "binôme demandé", "binômes demandés")
        if together == 0:
            text += f" Aucun des {pairs} par les deux candidats n'est réuni."
        elif together == 1:
            text += f" 1 des {pairs} par les deux candidats est réuni."
        else:
            text += f" {together} des {pairs} par les deux candidats sont réunis."
    text += (
        " Aucun défi sans équipe."
        if not counts["unstaffed"]
        else f" {_count(counts['unstaffed'], 'défi reste', 'défis restent')} sans équipe."
    )
    if optimal and canonical:
        text += f" Optimum prouvé en {_decimal(wall, 2)} s."
    elif optimal:
        text += (
            f" Optimum prouvé en {_decimal(wall, 2)} s, mais le départage des ex æquo n'a pas été prouvé dans le "
            "temps imparti : une autre exécution pourrait retenir une autre solution de même valeur."
        )
    else:
        text += (
            f" Meilleure proposition trouvée en {_decimal(wall)} s, à {_decimal(100 * gap, 3)} % au plus de l'optimum."
        )
    return text


# --- Validator ------------------------------------------------------------------------


def validate(instance: Instance, proposal: Proposal) -> list[str]:
    """Every hard rule broken by the proposal, in French; [] when all hold. Independent of the
    solver's model: it reads only the instance and the assignment."""
    if proposal.status not in ("optimal", "feasible"):
        return [] if not proposal.assignment else ["Une proposition sans solution ne doit placer personne."]
    data = _Data(instance)
    problems = _problems(data, proposal.assignment)
    teams, unstaffed = _teams(data, {c: p for c, p in proposal.assignment.items() if p in data.positions})
    if not problems:
        if {c: sorted(m) for c, m in proposal.teams.items()} != teams:
            problems.append("Les équipes annoncées ne correspondent pas aux affectations.")
        if sorted(proposal.unstaffed) != sorted(unstaffed):
            problems.append("La liste des défis sans équipe ne correspond pas aux affectations.")
        expected = _objective_hundredths(data, proposal.assignment)
        if round(proposal.objective * SCALE) != expected:
            problems.append(
                f"L'objectif annoncé ({_decimal(proposal.objective, 2)}) ne correspond pas aux affectations "
                f"({_decimal(expected / SCALE, 2)})."
            )
        if proposal.bound < proposal.objective - 1e-6:
            problems.append("La borne annoncée est inférieure à l'objectif.")
    return problems


def problems_of(instance: Instance, assignment: dict[str, str]) -> list[str]:
    """The hard rules an assignment (candidate -> position) breaks, in French."""
    return _problems(_Data(instance), assignment)


def _problems(data: _Data, assignment: dict[str, str]) -> list[str]:
    instance = data.instance
    problems = []
    holders: dict[str, list[str]] = {}
    for cid, pid in sorted(assignment.items()):
        if cid not in data.candidates:
            problems.append(f"{cid} n'est pas un candidat.")
            continue
        if pid not in data.positions:
            problems.append(f"{data.person(cid)} est placé sur un poste inconnu ({pid}).")
            continue
        holders.setdefault(pid, []).append(cid)
        group = data.group_of(pid)
        challenge = group[0]
        if cid in instance.excluded:
            problems.append(f"{data.person(cid)}, écarté par l'équipe du programme, est placé.")
        if challenge in instance.removed_challenges:
            problems.append(f"Le défi {data.title(challenge)}, retiré, reçoit {data.person(cid)}.")
        if (cid, challenge) in instance.forbidden:
            problems.append(f"{data.person(cid)} est placé sur {data.challenge_name(challenge)}, dont il a été écarté.")
        if data.ranked(cid, group) is None and (cid, pid) not in instance.pinned:
            problems.append(
                f"{data.person(cid)} est placé sur {data.challenge_name(challenge)} comme {data.label(group[1])} "
                "sans avoir été classé par son jury pour ce profil."
            )
    for pid, cids in sorted(holders.items()):
        if len(cids) > 1:
            problems.append(f"Le poste {pid} est attribué à {len(cids)} candidats.")
    for cid, pid in sorted(instance.pinned):
        if assignment.get(cid) != pid:
            problems.append(f"L'épinglage de {data.person(cid)} sur le poste {pid} n'est pas respecté.")
    members: dict[str, list[str]] = {}
    for cid, pid in assignment.items():
        if cid in data.candidates and pid in data.positions:
            members.setdefault(data.positions[pid].challenge, []).append(pid)
    for challenge_id, pids in sorted(members.items()):
        challenge = data.challenges[challenge_id]
        if not challenge.size_min <= len(pids) <= challenge.size_max:
            wanted = (
                str(challenge.size_min)
                if challenge.size_min == challenge.size_max
                else f"de {challenge.size_min} à {challenge.size_max}"
            )
            problems.append(
                f"L'équipe du défi {data.title(challenge_id)} compte {_count(len(pids), 'personne', 'personnes')}, "
                f"alors qu'il en faut {wanted}."
            )
        profiles = {data.positions[p].profile for p in pids}
        for profile in challenge.required_profiles:
            if profile not in profiles:
                problems.append(f"L'équipe du défi {data.title(challenge_id)} n'a pas de profil {data.label(profile)}.")
    return problems


# --- What-if ----------------------------------------------------------------------------


def diff(before: Proposal, after: Proposal) -> list[tuple[str, str | None, str | None]]:
    """(candidate, position before or None, position after or None) for every candidate whose
    position changed, sorted by candidate id."""
    changed = []
    for cid in sorted(set(before.assignment) | set(after.assignment)):
        old, new = before.assignment.get(cid), after.assignment.get(cid)
        if old != new:
            changed.append((cid, old, new))
    return changed


# --- Explanations -----------------------------------------------------------------------


def explain(instance: Instance, proposal: Proposal, candidate_id: str) -> str:
    """Why this candidate got this position, or none, in plain French, addressed to them."""
    data = _Data(instance)
    candidate = data.candidates.get(candidate_id)
    if candidate is None:
        return "Cette personne ne fait pas partie des candidats auditionnés."
    if proposal.status not in ("optimal", "feasible"):
        return "Aucune proposition n'a pu être établie : " + proposal.explanation
    if candidate_id in instance.excluded:
        return "L'équipe du programme a écarté votre candidature de cette proposition."
    pid = proposal.assignment.get(candidate_id)
    sentences = []
    wishes = _wishes(data, candidate)
    if pid is not None:
        group = data.group_of(pid)
        sentences.append(_placed(data, candidate_id, pid, group))
        better = [(k, g, p) for k, g, p in wishes if k < (data.wish_rank[candidate_id].get(group) or 10**6)]
        if (candidate_id, pid) in instance.pinned:
            better = []
        for k, g, p in better:
            sentences.append(
                f"Votre {_ordinal(k)} vœu, {_position_name(data, p)}, {_why_not(data, proposal, candidate_id, g, pid)}."
            )
        sentences.extend(_teammate_sentences(data, proposal, candidate_id))
        return " ".join(sentences)
    first = "Vous n'aviez formulé aucun vœu" if not candidate.wishes else "Aucun de vos vœux n'a été retenu"
    reasons = [(k, g, p, _why_not(data, proposal, candidate_id, g, None)) for k, g, p in wishes]
    unknown = [p for p in candidate.wishes[: instance.max_wishes] if p not in data.positions]
    if reasons and all(r == _NOT_RANKED for *_, r in reasons) and not unknown:
        sentences.append(f"{first} : le jury ne vous a pas classé pour ces postes.")
    else:
        sentences.append(f"{first}.")
        for k, _g, p, reason in reasons:
            sentences.append(f"Votre {_ordinal(k)} vœu, {_position_name(data, p)}, {reason}.")
        for pid_unknown in unknown:
            k = candidate.wishes.index(pid_unknown) + 1
            sentences.append(f"Votre {_ordinal(k)} vœu ne correspond plus à un poste de la promotion.")
    proposals = [g for g in data.allowed(candidate_id) if g not in {g for _k, g, _p in wishes}]
    for group in proposals:
        name = f"{data.challenge_name(group[0])} ({data.label(group[1])})"
        why = _why_not(data, proposal, candidate_id, group, None)
        sentences.append(f"Le jury vous avait aussi proposé {name}, qui {why}.")
    return " ".join(sentences)


_NOT_RANKED = "n'a pas été retenu : le jury ne vous a pas classé pour ce poste"


def _wishes(data: _Data, candidate: Candidate) -> list[tuple[int, Group, str]]:
    """(rank, group, position) for each distinct group wished, best first."""
    seen, wishes = set(), []
    for k, pid in enumerate(candidate.wishes[: data.instance.max_wishes], start=1):
        if pid in data.positions and data.group_of(pid) not in seen:
            seen.add(data.group_of(pid))
            wishes.append((k, data.group_of(pid), pid))
    return wishes


def _position_name(data: _Data, pid: str) -> str:
    position = data.positions[pid]
    return f"{data.challenge_name(position.challenge)} ({data.label(position.profile)})"


def _placed(data: _Data, cid: str, pid: str, group: Group) -> str:
    challenge, profile = group
    where = f"Vous rejoignez {data.challenge_name(challenge)}"
    role = f"comme {data.label(profile)}"
    k = data.wish_rank[cid].get(group)
    r = data.ranked(cid, group)
    if (cid, pid) in data.instance.pinned:
        text = f"{where} {role} : l'équipe du programme a fixé cette affectation (épinglage)."
    elif k:
        text = f"{where} (votre {_ordinal(k)} vœu) {role}."
    else:
        text = f"{where} {role} : vous ne l'aviez pas demandé, mais son jury vous l'a proposé."
    if r is not None:
        text += f" Son jury vous a classé {_rank(r)} sur {len(data.instance.jury[group])} pour ce profil."
    return text


def _why_not(data: _Data, proposal: Proposal, cid: str, group: Group, current: str | None) -> str:
    """Why the candidate is not in this group, as the end of a sentence."""
    i = data.instance
    challenge_id, _profile = group
    challenge = data.challenges[challenge_id]
    if challenge_id in i.removed_challenges:
        return "a été retiré de la promotion"
    if (cid, challenge_id) in i.forbidden:
        return "vous a été fermé par l'équipe du programme"
    r = data.ranked(cid, group)
    if r is None:
        return _NOT_RANKED
    team = proposal.teams.get(challenge_id, [])
    if not team:
        eligible = data.eligible(challenge_id)
        if len(eligible) < challenge.size_min:
            return (
                f"est resté sans équipe : son jury n'a classé que {_count(len(eligible), 'candidat', 'candidats')} "
                f"pour une équipe de {challenge.size_min} au moins"
            )
        return (
            "est resté sans équipe : ses candidats classés avaient de meilleures options ailleurs et former "
            f"une équipe de {challenge.size_min} au moins aurait donné une proposition moins bonne d'ensemble"
        )
    holders = [c for c, p in proposal.assignment.items() if p in data.positions and data.group_of(p) == group]
    seats = len(data.group_positions[group])
    if len(holders) >= seats:
        pinned = [c for c in holders if (c, proposal.assignment[c]) in i.pinned]
        ranks = {c: data.ranked(c, group) for c in holders if c not in pinned}
        before = [c for c, x in ranks.items() if x is not None and x < r]
        tied = [c for c, x in ranks.items() if x == r]
        after = [c for c in ranks if c not in before and c not in tied]
        parts = []
        if before:
            parts.append(f"{_words(len(before), 'candidat classé', 'candidats classés')} avant vous par son jury")
        if tied:
            parts.append(f"{_words(len(tied), 'candidat classé', 'candidats classés')} à égalité avec vous")
        if after:
            parts.append(f"{_words(len(after), 'candidat classé', 'candidats classés')} après vous")
        if pinned:
            parts.append(
                f"{_words(len(pinned), 'candidat placé', 'candidats placés')} d'office par l'équipe du programme"
            )
        text = "a été pourvu par " + (", ".join(parts[:-1]) + " et " + parts[-1] if len(parts) > 1 else parts[0])
        others = tied + after
        if others:
            mine = data.wish_rank[cid].get(group) or 10**6
            if all((data.wish_rank[c].get(group) or 10**6) < mine for c in others):
                whom = "lui" if len(others) == 1 else "eux"
                text += (
                    f" : pour {whom}, c'était un vœu mieux placé que pour vous, et les poids fixés par l'équipe font "
                    "primer le rang des vœux sur l'écart de classement"
                )
            else:
                text += (
                    " : ce choix donne la meilleure proposition d'ensemble selon les poids fixés par l'équipe (vœux, "
                    "classements des jurys, binômes, défis pourvus)"
                )
        return text
    high = min(challenge.size_max, data.seats[challenge_id])
    if len(team) >= high:
        return f"n'a plus de place : l'équipe de ce défi est complète ({_count(high, 'personne', 'personnes')} au plus)"
    if current is not None:
        here = data.positions[current].challenge
        if here != challenge_id and len(proposal.teams.get(here, [])) <= data.challenges[here].size_min:
            return (
                f"restait ouvert, mais vous y placer aurait laissé {data.challenge_name(here)} sous sa taille minimale "
                f"({data.challenges[here].size_min} personnes)"
            )
    return "restait ouvert, mais vous y placer aurait donné une proposition moins bonne d'ensemble"


def _teammate_sentences(data: _Data, proposal: Proposal, cid: str) -> list[str]:
    sentences = []
    challenge = data.positions[proposal.assignment[cid]].challenge
    for a, b in data.mutual:
        if cid not in (a, b):
            continue
        other = b if cid == a else a
        if other in proposal.assignment and data.positions[proposal.assignment[other]].challenge == challenge:
            sentences.append(f"Vous faites équipe avec {data.person(other)}, comme vous l'aviez demandé tous les deux.")
        else:
            sentences.append(
                f"Votre souhait de faire équipe avec {data.person(other)} n'a pas pu être satisfait : les sélections "
                "restent individuelles et ce souhait n'est qu'un des critères pris en compte."
            )
    return sentences


# --- Words ------------------------------------------------------------------------------

_NUMBERS = {1: "un", 2: "deux", 3: "trois", 4: "quatre", 5: "cinq", 6: "six"}


def _words(count: int, singular: str, plural: str) -> str:
    return f"{_NUMBERS.get(count, str(count))} {singular if count <= 1 else plural}"


def _count(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count <= 1 else plural}"


def _required(data: _Data, challenge: Challenge) -> str:
    profiles = [data.label(p) for p in dict.fromkeys(challenge.required_profiles)]
    return f"compter un profil {profiles[0]}" if len(profiles) == 1 else f"réunir les profils {_names(profiles)}"


def _names(names: list[str]) -> str:
    """« A », « A et B », « A, B et C »."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " et " + names[-1]


def _ordinal(k: int) -> str:
    return "1er" if k == 1 else f"{k}e"


def _rank(r: float) -> str:
    value = int(r) if float(r).is_integer() else _decimal(r)
    return "1er" if value == 1 else f"{value}e"


def _decimal(value: float, digits: int = 1) -> str:
    return f"{value:.{digits}f}".replace(".", ",")
