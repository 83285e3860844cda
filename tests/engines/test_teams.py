"""The team formation engine, as the rules read: teams of 2 or 3 fellows per challenge, only
candidates its jury ranked for the profile, wishes, jury ranks and mutual teammate requests
weighed with staff's weights, staff's pins and exclusions; every candidate told why in French."""

import dataclasses
import functools
import itertools
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eig.engines import teams
from eig.engines.teams import (
    Candidate,
    Challenge,
    Instance,
    Position,
    Proposal,
    Weights,
    diagnose,
    diff,
    explain,
    objective_of,
    solve,
    validate,
)
from tests.engines import promotion_2

LIMIT = 20.0  # generous: CI may share the 2 cores; promotion 2 takes a tenth of a second alone


@functools.cache
def solved_promotion_2():
    instance = promotion_2.instance_promotion_2(time_limit=LIMIT)
    return instance, solve(instance)


def challenge_of(instance, position_id):
    return next(p.challenge for p in instance.positions if p.id == position_id)


def test_promotion_2_is_solved_to_proven_optimality_and_the_validator_accepts_it():
    instance, proposal = solved_promotion_2()
    assert len(instance.candidates) == 84 and len(instance.challenges) == 13 and len(instance.positions) == 28
    assert proposal.status == "optimal"
    assert proposal.gap == 0 and proposal.bound == proposal.objective
    assert validate(instance, proposal) == []
    assert proposal.objective == objective_of(instance, proposal.assignment)
    assert len(proposal.assignment) == 28 and proposal.unstaffed == []
    assert sorted(len(team) for team in proposal.teams.values()) == [1] + [2] * 9 + [3] * 3
    assert proposal.explanation.startswith("28 candidats placés dans 13 défis (28 postes sur 28) : ")
    assert "Optimum prouvé" in proposal.explanation


def test_every_candidate_of_promotion_2_gets_an_explanation_naming_the_deciding_rule():
    instance, proposal = solved_promotion_2()
    for candidate in instance.candidates:
        text = explain(instance, proposal, candidate.id)
        if candidate.id in proposal.assignment:
            assert text.startswith("Vous rejoignez le défi ")
        else:
            assert text.startswith(("Aucun de vos vœux n'a été retenu", "Vous n'aviez formulé aucun vœu"))
        assert any(
            rule in text
            for rule in ("vœu)", "jury vous l'a proposé", "classé", "sans équipe", "retiré", "complète", "ouvert")
        )


def test_pins_exclusions_and_forbidden_pairs_hold_after_a_rerun():
    instance, first = solved_promotion_2()
    placed = sorted(first.assignment)
    unplaced = next(
        c.id
        for c in instance.candidates
        if c.id not in first.assignment and any(c.id in ranked for ranked in instance.jury.values())
    )
    group = next(g for g, ranked in instance.jury.items() if unplaced in ranked)
    seat = next(p.id for p in instance.positions if (p.challenge, p.profile) == group)
    kept, dropped, moved = placed[0], placed[1], placed[2]
    moved_challenge = challenge_of(instance, first.assignment[moved])
    what_if = dataclasses.replace(
        instance,
        pinned={(unplaced, seat), (kept, first.assignment[kept])},
        excluded={dropped},
        forbidden={(moved, moved_challenge)},
    )
    again = solve(what_if)
    assert again.status == "optimal" and again.gap == 0
    assert validate(what_if, again) == []
    assert again.assignment[unplaced] == seat and again.assignment[kept] == first.assignment[kept]
    assert dropped not in again.assignment
    assert moved not in again.assignment or challenge_of(instance, again.assignment[moved]) != moved_challenge
    changes = diff(first, again)
    assert (unplaced, None, seat) in changes
    assert (dropped, first.assignment[dropped], None) in changes
    assert all(before != after for _c, before, after in changes)
    assert "l'équipe du programme a fixé cette affectation (épinglage)" in explain(what_if, again, unplaced)
    assert explain(what_if, again, dropped) == "L'équipe du programme a écarté votre candidature de cette proposition."


def test_a_removed_challenge_stays_empty_and_its_candidates_are_told_why():
    instance, first = solved_promotion_2()
    what_if = dataclasses.replace(instance, removed_challenges={"hopkins"})
    again = solve(what_if)
    assert again.status == "optimal" and validate(what_if, again) == []
    assert "hopkins" not in again.teams and "hopkins" not in again.unstaffed
    assert all(challenge_of(instance, p) != "hopkins" for p in again.assignment.values())
    wisher = next(c for c in instance.candidates if c.wishes and challenge_of(instance, c.wishes[0]) == "hopkins")
    assert "Votre 1er vœu, le défi Hopkins (data scientist), a été retiré de la promotion." in explain(
        what_if, again, wisher.id
    )
    assert {c for c, before, _after in diff(first, again) if before} >= set(first.teams["hopkins"])


def test_conflicting_pins_are_refused_with_the_reason():
    instance, first = solved_promotion_2()
    a, b = sorted(first.assignment)[:2]
    clash = dataclasses.replace(instance, pinned={(a, "eiglink-1"), (b, "eiglink-1")})
    assert diagnose(clash) == (
        f"{instance.labels[a]} et {instance.labels[b]} sont épinglés sur le même poste, le défi EIG Link "
        "(développeur ou développeuse) : un poste ne reçoit qu'une personne."
    )
    result = solve(clash)
    assert result.status == "infeasible" and result.assignment == {} and validate(clash, result) == []
    crowded = dataclasses.replace(instance, pinned={(a, "dataesr-1")}, excluded={a})
    assert diagnose(crowded) == "Candidat " + a[1:] + " est à la fois épinglé et écarté de la proposition."


# --- Small hand instances --------------------------------------------------------------


def seat_contest(**overrides):
    """One seat (EIG Link style, a team of one): A wished it first but the jury ranked them
    second; B wished it third and the jury ranked them first."""
    instance = Instance(
        candidates=[Candidate("A", ("x-1",)), Candidate("B", ("y-1", "z-1", "x-1"))],
        challenges=[Challenge("x", size_min=1, size_max=1)],
        positions=[Position("x-1", "x", "dev")],
        jury={("x", "dev"): {"B": 1, "A": 2}},
        time_limit=LIMIT,
    )
    return dataclasses.replace(instance, **overrides)


def test_the_default_weights_favour_the_first_wish_and_a_heavy_jury_weight_the_jury_first():
    instance = seat_contest()
    # A: 10 × 3 (1st wish) + 5 × 3 × (2 + 1 − 2) / 2 = 37.5; B: 10 × 1 (3rd wish) + 5 × 3 = 25.
    by_wish = solve(instance)
    assert by_wish.assignment == {"A": "x-1"} and by_wish.objective == 37.5
    by_jury_instance = seat_contest(weights=Weights(wish=1, jury=10))
    by_jury = solve(by_jury_instance)
    # A: 3 + 10 × 1.5 = 18; B: 1 + 10 × 3 = 31.
    assert by_jury.assignment == {"B": "x-1"} and by_jury.objective == 31
    assert diff(by_wish, by_jury) == [("A", "x-1", None), ("B", None, "x-1")]
    assert "pour lui, c'était un vœu mieux placé que pour vous" in explain(instance, by_wish, "B")


def two_challenges(**overrides):
    """X and Y each seek a data scientist and a developer. A, B, C wish X's data scientist
    position first; its jury ranks them A, B, C. C's second wish is Y's data scientist."""
    instance = Instance(
        candidates=[
            Candidate("A", ("x-ds1", "y-ds")),
            Candidate("B", ("x-ds2", "y-ds")),
            Candidate("C", ("x-ds1", "y-ds")),
            Candidate("D", ("y-dev",)),
            Candidate("E", ("x-ds1", "y-dev")),
        ],
        challenges=[Challenge("x"), Challenge("y", size_max=2)],
        positions=[
            Position("x-ds1", "x", "datascience"),
            Position("x-ds2", "x", "datascience"),
            Position("y-ds", "y", "datascience"),
            Position("y-dev", "y", "dev"),
        ],
        jury={
            ("x", "datascience"): {"A": 1, "B": 2, "C": 3},
            ("y", "datascience"): {"C": 1, "A": 2, "B": 3},
            ("y", "dev"): {"D": 1},
        },
        labels={"x": "Lab Santé", "y": "Signaux Faibles"},
        time_limit=LIMIT,
    )
    return dataclasses.replace(instance, **overrides)


def test_three_typical_explanations():
    instance = two_challenges()
    proposal = solve(instance)
    assert proposal.status == "optimal" and validate(instance, proposal) == []
    assert proposal.assignment == {"A": "x-ds1", "B": "x-ds2", "C": "y-ds", "D": "y-dev"}
    # Got their first wish.
    assert explain(instance, proposal, "A") == (
        "Vous rejoignez le défi Lab Santé (votre 1er vœu) comme data scientist. "
        "Son jury vous a classé 1er sur 3 pour ce profil."
    )
    # Lost the first wish to two candidates its jury ranked higher, got the second.
    assert explain(instance, proposal, "C") == (
        "Vous rejoignez le défi Signaux Faibles (votre 2e vœu) comme data scientist. "
        "Son jury vous a classé 1er sur 3 pour ce profil. "
        "Votre 1er vœu, le défi Lab Santé (data scientist), a été pourvu par deux candidats classés avant vous "
        "par son jury."
    )
    # Ranked by no jury.
    assert explain(instance, proposal, "E") == (
        "Aucun de vos vœux n'a été retenu : le jury ne vous a pas classé pour ces postes."
    )
    assert explain(instance, proposal, "Z") == "Cette personne ne fait pas partie des candidats auditionnés."


def test_a_challenge_without_enough_ranked_candidates_stays_empty_and_says_why():
    instance = two_challenges(jury={("x", "datascience"): {"A": 1}, ("y", "dev"): {"D": 1}})
    proposal = solve(instance)
    assert proposal.status == "optimal" and proposal.assignment == {} and proposal.unstaffed == ["x", "y"]
    assert proposal.objective == -100
    assert explain(instance, proposal, "A") == (
        "Aucun de vos vœux n'a été retenu. Votre 1er vœu, le défi Lab Santé (data scientist), est resté sans "
        "équipe : son jury n'a classé que 1 candidat pour une équipe de 2 au moins. Votre 2e vœu, le défi "
        "Signaux Faibles (data scientist), n'a pas été retenu : le jury ne vous a pas classé pour ce poste."
    )


def test_a_required_profile_is_present_in_every_staffed_team():
    instance = two_challenges(challenges=[Challenge("x", required_profiles=("dev",)), Challenge("y", size_max=2)])
    proposal = solve(instance)
    # X's jury ranked no developer: X stays empty, its data scientists go to Y when ranked there.
    assert proposal.status == "optimal" and validate(instance, proposal) == []
    assert "x" in proposal.unstaffed and proposal.teams == {"y": ["C", "D"]}


def test_mutual_teammates_are_placed_together_when_it_costs_nothing():
    # A wants X; B and D are developers the jury proposed, tied, for both X and Y; C wants Y.
    # B and D are interchangeable — unless A and B asked for each other.
    candidates = [
        Candidate("A", ("x-ds",), teammates=("B",)),
        Candidate("B", (), teammates=("A",)),
        Candidate("C", ("y-ds",)),
        Candidate("D", ()),
    ]
    jury = {
        ("x", "datascience"): {"A": 1},
        ("y", "datascience"): {"C": 1},
        ("x", "dev"): {"B": 1, "D": 1},
        ("y", "dev"): {"B": 1, "D": 1},
    }
    positions = [Position(f"{c}-{p}", c, {"ds": "datascience", "dev": "dev"}[p]) for c in "xy" for p in ("ds", "dev")]
    instance = Instance(candidates, [Challenge("x"), Challenge("y")], positions, jury, time_limit=LIMIT)
    proposal = solve(instance)
    assert proposal.status == "optimal" and validate(instance, proposal) == []
    assert proposal.teams == {"x": ["A", "B"], "y": ["C", "D"]}
    alone = solve(dataclasses.replace(instance, weights=Weights(teammate=0)))
    assert proposal.objective == alone.objective + 3  # the same placements, plus the bonus
    assert "Vous faites équipe avec B, comme vous l'aviez demandé tous les deux." in explain(instance, proposal, "A")
    assert explain(instance, proposal, "B").startswith(
        "Vous rejoignez le défi x comme développeur ou développeuse : vous ne l'aviez pas demandé, mais son jury "
        "vous l'a proposé."
    )


def test_the_validator_catches_tampering():
    instance, proposal = solved_promotion_2()

    def tampered(**changes):
        return dataclasses.replace(proposal, **changes)

    placed = sorted(proposal.assignment)
    a, b = placed[0], placed[1]
    # Two candidates on the same position.
    twice = dict(proposal.assignment) | {b: proposal.assignment[a]}
    assert f"Le poste {proposal.assignment[a]} est attribué à 2 candidats." in validate(
        instance, tampered(assignment=twice)
    )
    # A candidate the jury did not rank for that challenge and profile.
    stranger = next(
        c.id
        for c in instance.candidates
        if c.id not in proposal.assignment and c.id not in instance.jury[("eiglink", "dev")]
    )
    holder = proposal.teams["eiglink"][0]
    swapped = {c: p for c, p in proposal.assignment.items() if c != holder} | {stranger: "eiglink-1"}
    problems = validate(instance, tampered(assignment=swapped))
    assert any("sans avoir été classé par son jury pour ce profil" in p for p in problems)
    # A team of one on a challenge of two to three.
    pair = next(c for c, team in proposal.teams.items() if len(team) == 2)
    lonely = {c: p for c, p in proposal.assignment.items() if c != proposal.teams[pair][0]}
    assert any(
        "compte 1 personne, alors qu'il en faut 2." in p for p in validate(instance, tampered(assignment=lonely))
    )
    # A flattering objective, teams that do not match, a bound below the objective.
    assert any(
        p.startswith("L'objectif annoncé") for p in validate(instance, tampered(objective=proposal.objective + 1))
    )
    assert "Les équipes annoncées ne correspondent pas aux affectations." in validate(instance, tampered(teams={}))
    assert "La borne annoncée est inférieure à l'objectif." in validate(
        instance, tampered(bound=proposal.objective - 1)
    )
    # Staff's rules.
    assert any(
        "écarté par l'équipe du programme" in p for p in validate(dataclasses.replace(instance, excluded={a}), proposal)
    )
    assert any(
        "n'est pas respecté" in p for p in validate(dataclasses.replace(instance, pinned={(a, "none")}), proposal)
    )


# --- Random small instances against brute force ---------------------------------------


@st.composite
def small_instances(draw):
    profiles = ["datascience", "dev"]
    challenges, positions = [], []
    for c in range(draw(st.integers(1, 3))):
        seats = draw(st.lists(st.sampled_from(profiles), min_size=1, max_size=3))
        ids = [f"c{c}-{n}" for n in range(len(seats))]
        positions += [Position(pid, f"c{c}", profile) for pid, profile in zip(ids, seats, strict=True)]
        size_min = draw(st.integers(1, min(2, len(seats))))
        required = tuple(draw(st.sampled_from([[], [], [], [draw(st.sampled_from(profiles))]])))
        challenges.append(Challenge(f"c{c}", size_min, size_min + draw(st.integers(0, 1)), required_profiles=required))
    position_ids = [p.id for p in positions]
    n = draw(st.integers(2, 5))
    ids = [f"k{k}" for k in range(n)]
    mutual = draw(st.sets(st.tuples(st.sampled_from(ids), st.sampled_from(ids)), max_size=2))
    candidates = [
        Candidate(
            cid,
            tuple(draw(st.lists(st.sampled_from(position_ids), max_size=3, unique=True))),
            tuple(sorted({b for a, b in mutual if a == cid} | {a for a, b in mutual if b == cid})),
        )
        for cid in ids
    ]
    groups = sorted({(p.challenge, p.profile) for p in positions})
    jury = {}
    for group in groups:
        members = [cid for cid in ids if draw(st.integers(0, 9)) < 7]  # most candidates ranked
        jury[group] = {cid: float(draw(st.integers(1, len(members)))) for cid in members}
    weights = Weights(*(float(draw(st.integers(0, 12))) for _ in range(4)))

    def sometimes(values):  # staff's what-if rules, on one instance in four
        return set(draw(st.sampled_from([[], [], [], [draw(values)]])))

    pinned = sometimes(st.tuples(st.sampled_from(ids), st.sampled_from(position_ids)))
    return Instance(
        candidates=candidates,
        challenges=challenges,
        positions=positions,
        jury=jury,
        weights=weights,
        pinned=pinned,
        excluded=sometimes(st.sampled_from(ids)),
        forbidden=sometimes(st.tuples(st.sampled_from(ids), st.sampled_from([c.id for c in challenges]))),
        removed_challenges=sometimes(st.sampled_from([c.id for c in challenges])),
        time_limit=LIMIT,
    )


def brute_force(instance: Instance) -> float | None:
    """The best objective over every assignment that keeps the rules, computed from the module
    docstring's formula alone; None when no assignment keeps them."""
    position = {p.id: p for p in instance.positions}
    challenge = {c.id: c for c in instance.challenges}
    w = instance.weights

    def allowed(cid: str, pid: str) -> bool:
        p = position[pid]
        if cid in instance.excluded or p.challenge in instance.removed_challenges:
            return False
        if (cid, p.challenge) in instance.forbidden:
            return False
        return cid in instance.jury.get((p.challenge, p.profile), {}) or (cid, pid) in instance.pinned

    def points(candidate: Candidate, pid: str) -> float:
        p = position[pid]
        ranks = [
            k
            for k, wished in enumerate(candidate.wishes, 1)
            if (position[wished].challenge, position[wished].profile) == (p.challenge, p.profile)
        ]
        wish = 4 - min(ranks) if ranks else 0
        ranked = instance.jury.get((p.challenge, p.profile), {})
        n = max([len(ranked), *ranked.values()]) if ranked else 1
        jury = 3 * (n + 1 - ranked[candidate.id]) / n if candidate.id in ranked else 0
        return round(100 * (w.wish * wish + w.jury * jury))

    options = [[None] + [pid for pid in position if allowed(c.id, pid)] for c in instance.candidates]
    best = None
    for choice in itertools.product(*options):
        taken = [pid for pid in choice if pid]
        if len(taken) != len(set(taken)):
            continue
        assignment = {c.id: pid for c, pid in zip(instance.candidates, choice, strict=True) if pid}
        if any(assignment.get(cid) != pid for cid, pid in instance.pinned):
            continue
        teams: dict[str, list[str]] = {}
        for pid in taken:
            teams.setdefault(position[pid].challenge, []).append(position[pid].profile)
        if any(
            not challenge[c].size_min <= len(members) <= challenge[c].size_max
            or not set(challenge[c].required_profiles) <= set(members)
            for c, members in teams.items()
        ):
            continue
        total = sum(points(c, assignment[c.id]) for c in instance.candidates if c.id in assignment)
        where = {cid: position[pid].challenge for cid, pid in assignment.items()}
        pairs = {tuple(sorted((c.id, o))) for c in instance.candidates for o in c.teammates if o != c.id}
        total += sum(round(100 * w.teammate) for a, b in pairs if a in where and where[a] == where.get(b))
        total -= round(100 * w.unfilled) * sum(
            1 for c in instance.challenges if c.id not in teams and c.id not in instance.removed_challenges
        )
        best = total if best is None else max(best, total)
    return None if best is None else best / 100


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_instances())
def test_on_small_random_instances_the_optimum_equals_brute_force_and_validates(instance):
    proposal = solve(instance)
    expected = brute_force(instance)
    if expected is None:
        assert proposal.status == "infeasible" and proposal.assignment == {}
        return
    assert proposal.status == "optimal" and proposal.gap == 0
    assert proposal.objective == expected
    assert validate(instance, proposal) == []
    for candidate in instance.candidates:
        assert explain(instance, proposal, candidate.id)


def test_diff_lists_only_the_candidates_who_moved():
    before = Proposal("optimal", {"a": "p1", "b": "p2", "c": "p3"}, 0, 0, 0, 0, "")
    after = Proposal("optimal", {"a": "p1", "b": "p3", "d": "p2"}, 0, 0, 0, 0, "")
    assert diff(before, after) == [("b", "p2", "p3"), ("c", "p3", None), ("d", None, "p2")]


# --- One result per instance (the tie-break) ---------------------------------------------


def tie_heavy(**overrides):
    """30 candidates alike: the same three wishes, ranked 1st ex æquo in every list of 6
    challenges (2 data scientists and 1 developer each, 18 seats), two mutual pairs. Millions of
    assignments reach the optimum."""
    challenges = [Challenge(f"c{n}", 2, 3) for n in range(6)]
    positions = [Position(f"c{n}-{k}", f"c{n}", "datascience" if k < 2 else "dev") for n in range(6) for k in range(3)]
    ids = [f"k{n:02d}" for n in range(30)]
    mates = {"k00": ("k01",), "k01": ("k00",), "k10": ("k11",), "k11": ("k10",)}
    candidates = [Candidate(cid, ("c0-0", "c1-2", "c2-0"), mates.get(cid, ())) for cid in ids]
    jury = {(c.id, profile): dict.fromkeys(ids, 1.0) for c in challenges for profile in ("datascience", "dev")}
    instance = Instance(candidates, challenges, positions, jury, time_limit=LIMIT)
    return dataclasses.replace(instance, **overrides)


def plain_optimum(instance: Instance) -> float:
    """The engine's own objective solved once, without the tie-break (stage 1 alone)."""
    from ortools.sat.python import cp_model

    from eig.engines import teams

    model = teams._Model(teams._Data(instance))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = LIMIT
    solver.parameters.num_workers = 8
    assert solver.solve(model.model) == cp_model.OPTIMAL
    return round(solver.objective_value) / 100


def test_a_tie_heavy_instance_gives_one_result_and_one_digest_whatever_the_workers():
    instance = tie_heavy()
    proposals = [
        solve(dataclasses.replace(instance, workers=workers, seed=run)) for run in range(5) for workers in (1, 8)
    ]
    assert all(p.status == "optimal" and p.canonical for p in proposals)
    assert len({tuple(sorted(p.assignment.items())) for p in proposals}) == 1
    assert len({p.digest for p in proposals}) == 1
    first = proposals[0]
    assert len(first.assignment) == 18 and validate(instance, first) == []
    assert len(first.digest) == 64 and "départage" not in first.explanation


def interleave(rng: random.Random, positions: list[Position]) -> list[Position]:
    """The positions in a random order that keeps each group's own order (a group's k-th
    position is the k-th seat its members fill)."""
    queues: dict[tuple[str, str], list[Position]] = {}
    for position in positions:
        queues.setdefault((position.challenge, position.profile), []).append(position)
    mixed = []
    while queues:
        group = rng.choice(sorted(queues))
        mixed.append(queues[group].pop(0))
        if not queues[group]:
            del queues[group]
    return mixed


def shuffled(instance: Instance, seed: int) -> Instance:
    rng = random.Random(seed)

    def mix(values):
        values = list(values)
        rng.shuffle(values)
        return values

    jury = {group: dict(mix(ranked.items())) for group, ranked in mix(instance.jury.items())}
    return dataclasses.replace(
        instance,
        candidates=mix(instance.candidates),
        challenges=mix(instance.challenges),
        positions=interleave(rng, instance.positions),
        jury=jury,
    )


def test_the_same_instance_with_its_lists_shuffled_gives_the_same_result():
    for instance in (tie_heavy(), promotion_2.instance_promotion_2(time_limit=LIMIT)):
        reference = solve(instance)
        assert reference.canonical
        for seed in range(3):
            again = solve(shuffled(instance, seed))
            assert again.assignment == reference.assignment and again.digest == reference.digest
            assert again.teams == reference.teams and again.unstaffed == reference.unstaffed


def test_the_tie_break_never_changes_the_objective():
    _instance, proposal = solved_promotion_2()
    assert proposal.canonical and proposal.objective == plain_optimum(_instance)
    what_if = tie_heavy(pinned={("k29", "c5-2")}, excluded={"k00"})
    chosen = solve(what_if)
    assert chosen.canonical and chosen.objective == plain_optimum(what_if)
    assert chosen.objective == objective_of(what_if, chosen.assignment)


def test_the_digest_names_the_version_and_the_decision_parameters_not_the_workers():
    instance = seat_contest()
    proposal = solve(instance)
    assert proposal.digest == solve(dataclasses.replace(instance, workers=1, seed=7, time_limit=LIMIT / 2)).digest
    # C is ranked by no jury: excluding them changes nothing placed, but the decision's parameters.
    with_c = dataclasses.replace(instance, candidates=[*instance.candidates, Candidate("C", ("x-1",))])
    same_result = solve(dataclasses.replace(with_c, excluded={"C"}))
    assert same_result.assignment == proposal.assignment == solve(with_c).assignment
    assert same_result.digest != solve(with_c).digest
    assert solve(seat_contest(max_wishes=2)).digest != proposal.digest  # max_wishes shapes points
    assert teams.digest_of(instance, proposal.assignment, proposal.unstaffed) == proposal.digest
    original = teams.VERSION
    try:
        teams.VERSION = original + "-next"
        assert teams.digest_of(instance, proposal.assignment, proposal.unstaffed) != proposal.digest
    finally:
        teams.VERSION = original


def test_an_optimum_whose_tie_break_was_not_proven_says_so(monkeypatch):
    real = teams.solve_canonical

    def unproven(*args, **kwargs):
        return dataclasses.replace(real(*args, **kwargs), canonical=False)

    monkeypatch.setattr(teams, "solve_canonical", unproven)
    proposal = solve(two_challenges())
    assert proposal.status == "optimal" and not proposal.canonical
    assert proposal.explanation.endswith(
        "mais le départage des ex æquo n'a pas été prouvé dans le temps imparti : une autre exécution pourrait "
        "retenir une autre solution de même valeur."
    )


# --- Pre-checks: one reason each, naming the people, the challenge and the numbers -------


def pins_case(**overrides):
    """Lab Santé seeks two data scientists and a developer (teams of 2 or 3, a developer
    required); Signaux Faibles one data scientist and one developer."""
    instance = Instance(
        candidates=[Candidate(cid) for cid in "ABCDE"],
        challenges=[Challenge("x", 2, 3, required_profiles=("dev",)), Challenge("y", 2, 2)],
        positions=[
            Position("x-ds1", "x", "datascience"),
            Position("x-ds2", "x", "datascience"),
            Position("x-dev", "x", "dev"),
            Position("y-ds", "y", "datascience"),
            Position("y-dev", "y", "dev"),
        ],
        jury={
            ("x", "datascience"): {"A": 1, "B": 2, "C": 3},
            ("x", "dev"): {"D": 1},
            ("y", "datascience"): {"C": 1},
            ("y", "dev"): {"E": 1},
        },
        labels={"x": "Lab Santé", "y": "Signaux Faibles", **{c: f"{c}lix" for c in "ABCDE"}},
        time_limit=LIMIT,
    )
    return dataclasses.replace(instance, **overrides)


def refused(instance: Instance) -> str:
    """The pre-check's reason, which `solve` returns as the explanation of an infeasible run."""
    reason = diagnose(instance)
    result = solve(instance)
    assert result.status == "infeasible" and result.assignment == {} and result.explanation == reason
    return reason


def test_a_pin_of_an_unknown_candidate_is_refused():
    assert refused(pins_case(pinned={("Z", "x-ds1")})) == "Un épinglage désigne un candidat inconnu (Z)."


def test_a_pin_on_an_unknown_position_is_refused():
    assert refused(pins_case(pinned={("A", "x-9")})) == "Un épinglage de Alix désigne un poste inconnu (x-9)."


def test_two_pins_on_one_position_are_refused_naming_both_candidates():
    assert refused(pins_case(pinned={("A", "x-ds1"), ("B", "x-ds1")})) == (
        "Alix et Blix sont épinglés sur le même poste, le défi Lab Santé (data scientist) : un poste ne reçoit "
        "qu'une personne."
    )


def test_a_candidate_pinned_twice_is_refused_naming_both_positions():
    assert refused(pins_case(pinned={("C", "x-ds1"), ("C", "y-ds")})) == (
        "Clix est épinglé sur deux postes, le défi Lab Santé (data scientist) et le défi Signaux Faibles "
        "(data scientist) : une personne n'occupe qu'un poste."
    )


def test_a_pinned_candidate_who_is_excluded_is_refused():
    assert refused(pins_case(pinned={("A", "x-ds1")}, excluded={"A"})) == (
        "Alix est à la fois épinglé et écarté de la proposition."
    )


def test_a_pin_on_a_removed_challenge_is_refused():
    assert refused(pins_case(pinned={("A", "x-ds1")}, removed_challenges={"x"})) == (
        "Alix est épinglé sur le défi Lab Santé, qui a été retiré."
    )


def test_a_pin_on_a_pair_staff_forbade_is_refused():
    assert refused(pins_case(pinned={("A", "x-ds1")}, forbidden={("A", "x")})) == (
        "Alix est à la fois épinglé sur le défi Lab Santé et écarté de ce défi."
    )


def test_a_pin_on_a_challenge_with_fewer_positions_than_its_smallest_team_is_refused():
    instance = pins_case(challenges=[Challenge("x", 4, 5), Challenge("y", 2, 2)], pinned={("A", "x-ds1")})
    assert refused(instance) == (
        "Alix est épinglé sur le défi Lab Santé, qui ne peut pas former d'équipe : il n'a que 3 postes pour une "
        "équipe de 4 au moins."
    )


def test_more_pins_on_a_challenge_than_its_largest_team_are_refused_naming_them():
    instance = pins_case(
        challenges=[Challenge("x", 1, 2), Challenge("y", 2, 2)], pinned={("A", "x-ds1"), ("B", "x-ds2"), ("D", "x-dev")}
    )
    assert refused(instance) == (
        "3 candidats sont épinglés sur le défi Lab Santé (Alix, Blix et Dlix), dont l'équipe compte 2 personnes "
        "au plus."
    )


def test_pins_that_leave_no_room_for_a_required_profile_are_refused():
    instance = pins_case(
        challenges=[Challenge("x", 2, 2, required_profiles=("dev",)), Challenge("y", 2, 2)],
        pinned={("A", "x-ds1"), ("B", "x-ds2")},
    )
    assert refused(instance) == (
        "Alix et Blix sont épinglés sur le défi Lab Santé, dont l'équipe compte 2 personnes au plus et doit "
        "compter un profil développeur ou développeuse : il reste 0 place pour 1 profil requis qui manque "
        "(développeur ou développeuse)."
    )


def test_a_pin_on_a_challenge_too_few_candidates_can_join_is_refused():
    # Signaux Faibles needs 2: E is its only developer; C, its only data scientist, is pinned away.
    instance = pins_case(pinned={("E", "y-dev"), ("C", "x-ds1")})
    assert refused(instance) == (
        "Elix est épinglé sur le défi Signaux Faibles, mais seul 1 candidat peut le rejoindre (classés par son "
        "jury ou épinglés, sans être retenus ailleurs) pour une équipe de 2 au moins."
    )


def test_a_pin_on_a_challenge_whose_required_profile_nobody_available_holds_is_refused():
    instance = pins_case(pinned={("A", "x-ds1")}, excluded={"D"})
    assert refused(instance) == (
        "Alix est épinglé sur le défi Lab Santé, qui doit compter un profil développeur ou développeuse, mais "
        "aucun candidat disponible n'est classé par son jury pour ce profil."
    )
