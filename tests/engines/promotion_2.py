"""Promotion 2 (2018) after its auditions, as a pure-Python fixture for the team formation engine.

No Django. The shape follows the programme's figures (`DOMAIN.md`, `data/site-eig/_data/defis.yml`):
84 auditioned candidates, the 13 challenges of 2018 with their real team sizes and profiles —
28 seats, teams of 2 or 3, and EIG Link with a single fellow (« sauf exception », Règlement 2017
art. 4). The people are fictitious (« Candidat 01 »…) and everything is drawn from a fixed seed,
so every call returns the same data:

- profiles: about 45 % data science, 40 % development, 15 % design; a few candidates (about
  one in ten) also apply under a second profile;
- wishes: 1 to 3 positions of their profiles (most give 3), challenges drawn with a popularity
  skew (weights 1/(rank + 1)), so a few challenges attract most wishes;
- the jury's lists, one per challenge and profile (Règlement 2020 art. 6.5): about 85 % of the
  candidates who wished a position are ranked (the others judged unfit for it), in the order of
  a latent merit plus a per-challenge impression; the jury also proposes 5 candidates for a
  challenge they did not ask for;
- 4 mutual teammate requests (pairs who wished the same challenge) and 2 one-sided ones.

Functions: `challenges()`, `positions()`, `candidates()`, `jury()`, `labels()`, and
`instance_promotion_2(**overrides)` -> the `teams.Instance`; keyword arguments replace fields.
"""

import dataclasses
import random

from eig.engines import teams

SEED = 2018

# (id, title, profiles of its positions) — the 13 challenges of promotion 2, with their
# real number of fellows; "dataengineering" counted as data science.
CHALLENGES = (
    ("archifiltre", "Archifiltre", ("datascience", "dev")),
    ("balisenav", "b@liseNAV", ("dev", "dev")),
    ("brigadenumerique", "Brigade Numérique", ("dev", "design")),
    ("coacheleves", "CoachÉlèves", ("datascience", "datascience")),
    ("dataesr", "DataESR", ("datascience", "datascience", "dev")),
    ("eiglink", "EIG Link", ("dev",)),
    ("gobelins", "Gobelins", ("dev", "design")),
    ("hopkins", "Hopkins", ("datascience", "datascience", "datascience")),
    ("labsante", "Lab Santé", ("datascience", "datascience", "datascience")),
    ("predisauvetage", "PrédiSauvetage", ("datascience", "dev")),
    ("previsecours", "Prévisecours", ("datascience", "datascience")),
    ("signauxfaibles", "Signaux Faibles", ("datascience", "dev")),
    ("socialconnect", "Social Connect", ("dev", "design")),
)
CANDIDATES = 84
PROFILE_SHARES = (("datascience", 0.45), ("dev", 0.40), ("design", 0.15))
RANKED_SHARE = 0.85
JURY_PROPOSALS = 5
MUTUAL_REQUESTS = 4
ONE_SIDED_REQUESTS = 2


def challenges() -> list[teams.Challenge]:
    result = []
    for cid, _title, profiles in CHALLENGES:
        ids = tuple(f"{cid}-{n}" for n in range(1, len(profiles) + 1))
        size_min = 1 if len(profiles) == 1 else 2
        result.append(teams.Challenge(cid, size_min=size_min, size_max=len(profiles), positions=ids))
    return result


def positions() -> list[teams.Position]:
    return [
        teams.Position(f"{cid}-{n}", cid, profile)
        for cid, _title, profiles in CHALLENGES
        for n, profile in enumerate(profiles, start=1)
    ]


def _draw():
    rng = random.Random(SEED)
    all_positions = positions()
    by_profile: dict[str, list[teams.Position]] = {}
    for position in all_positions:
        by_profile.setdefault(position.profile, []).append(position)
    # Popularity: a fixed random order of the challenges, weight 1/(rank + 1).
    order = [c[0] for c in CHALLENGES]
    rng.shuffle(order)
    popularity = {cid: 1 / (n + 1) for n, cid in enumerate(order)}
    ids = [f"k{n:02d}" for n in range(1, CANDIDATES + 1)]
    merit = {cid: rng.gauss(0, 1) for cid in ids}
    profiles_of: dict[str, list[str]] = {}
    for cid in ids:
        main = rng.choices([p for p, _ in PROFILE_SHARES], [w for _, w in PROFILE_SHARES])[0]
        profiles_of[cid] = [main]
        if rng.random() < 0.1:
            profiles_of[cid].append(rng.choice([p for p, _ in PROFILE_SHARES if p != main]))
    wishes: dict[str, list[str]] = {}
    for cid in ids:
        pool = [p for profile in profiles_of[cid] for p in by_profile[profile]]
        count = rng.choices([1, 2, 3], [0.1, 0.15, 0.75])[0]
        chosen: list[str] = []
        groups: set[tuple[str, str]] = set()
        while len(chosen) < count and len(groups) < len({(p.challenge, p.profile) for p in pool}):
            position = rng.choices(pool, [popularity[p.challenge] for p in pool])[0]
            if (position.challenge, position.profile) not in groups:
                groups.add((position.challenge, position.profile))
                chosen.append(position.id)
        wishes[cid] = chosen
    # The jury's lists: most wishers ranked, by merit plus a per-challenge impression.
    position_of = {p.id: p for p in all_positions}
    lists: dict[tuple[str, str], list[str]] = {}
    for cid in ids:
        for pid in wishes[cid]:
            if rng.random() < RANKED_SHARE:
                position = position_of[pid]
                lists.setdefault((position.challenge, position.profile), []).append(cid)
    groups = sorted({(p.challenge, p.profile) for p in all_positions})
    proposals = 0
    while proposals < JURY_PROPOSALS:
        cid = rng.choice(ids)
        group = rng.choice([g for g in groups if g[1] in profiles_of[cid]])
        wished = {(position_of[p].challenge, position_of[p].profile) for p in wishes[cid]}
        if group not in wished and cid not in lists.get(group, []):
            lists.setdefault(group, []).append(cid)
            proposals += 1
    jury = {}
    for group in groups:
        members = lists.get(group, [])
        scored = sorted(members, key=lambda c: (-(merit[c] + rng.gauss(0, 0.5)), c))
        jury[group] = {c: float(r) for r, c in enumerate(scored, start=1)}
    # Teammate requests: pairs who wished the same challenge.
    teammates: dict[str, list[str]] = {cid: [] for cid in ids}
    taken: set[str] = set()
    mutual = one_sided = 0
    while mutual < MUTUAL_REQUESTS or one_sided < ONE_SIDED_REQUESTS:
        a, b = rng.sample(ids, 2)
        if a in taken or b in taken:
            continue
        if not {position_of[p].challenge for p in wishes[a]} & {position_of[p].challenge for p in wishes[b]}:
            continue
        taken |= {a, b}
        teammates[a].append(b)
        if mutual < MUTUAL_REQUESTS:
            teammates[b].append(a)
            mutual += 1
        else:
            one_sided += 1
    candidates = [teams.Candidate(cid, tuple(wishes[cid]), tuple(teammates[cid])) for cid in ids]
    return candidates, jury


def candidates() -> list[teams.Candidate]:
    return _draw()[0]


def jury() -> dict[tuple[str, str], dict[str, float]]:
    return _draw()[1]


def labels() -> dict[str, str]:
    names = {cid: title for cid, title, _profiles in CHALLENGES}
    names |= {f"k{n:02d}": f"Candidat {n:02d}" for n in range(1, CANDIDATES + 1)}
    return names


def instance_promotion_2(**overrides) -> teams.Instance:
    people, lists = _draw()
    instance = teams.Instance(
        candidates=people,
        challenges=challenges(),
        positions=positions(),
        jury=lists,
        labels=labels(),
    )
    return dataclasses.replace(instance, **overrides)
