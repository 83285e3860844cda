"""State changes of the selection: one service each, logged.

The engines' instances built from the database (`build_team_instance`, `build_matching_instance`),
a run of either engine with staff's what-if parameters (`run_selection`), validation (`freeze`,
`approve`, `return_run`, never by who computed or submitted the run, on the digest the approver
read: `ensure_decidable`), offers and the waiting list (`pending_notices`, the preview of
`send_offers`; `respond`, `expire_offers`, `withdraw_offer`, `propose_replacement`,
`confirm_replacement`) and publication (`publish_promotion`). The comparison of two runs (`compare`) is a read, in queries.py.

Engine ids carry a prefix per kind (d: dossier, p: position, c: challenge) because the engines
name everything through one `labels` map, where two pks of different kinds must never collide.
Explanations stored on a run are French whatever the language of the request: they are what the
candidates are told (and the engines speak French only).
"""

import dataclasses
import functools
import itertools
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from eig.accounts.models import Role
from eig.applications.models import Wish
from eig.calls.models import Answer, Call, Dossier
from eig.challenges.models import Challenge, Position, Profile
from eig.community.models import Membership, Person
from eig.core.activity import log_activity
from eig.core.approvals import DecisionFlow
from eig.core.errors import DomainError
from eig.engines import matching, teams
from eig.engines.canonical import result_digest
from eig.notifications.services import queue_notification
from eig.reviews.conflicts import TEAMMATE_KEY
from eig.reviews.queries import names_of

from . import queries
from .models import Approval, Offer, Outcome, SelectionRun
from .signals import offer_accepted
from .states import OFFER, SELECTION_RUN

# Règlement 2017 art. 4: « en binôme ou trio (soit 2 ou 3 EIG), sauf exception ».
TEAM_SIZE_MIN = 2
TEAM_SIZE_MAX = 3

# How the explanations name a person of each profile (« vous rejoignez le défi X comme … »).
PROFILE_PEOPLE = {
    "dev": gettext_lazy("développeur ou développeuse"),
    "datascience": gettext_lazy("data scientist"),
    "design": gettext_lazy("designer"),
    "dataengineering": gettext_lazy("data engineer"),
    "geomatique": gettext_lazy("géomaticien ou géomaticienne"),
    "droit": gettext_lazy("juriste du numérique"),
}

SOLVED = ("optimal", "feasible", "stable")


def _did(pk) -> str:
    return f"d{pk}"


def _pid(pk) -> str:
    return f"p{pk}"


def _cid(pk) -> str:
    return f"c{pk}"


def _pk(engine_id: str) -> int:
    return int(engine_id[1:])


def _profile_word(profile: Profile) -> str:
    return str(PROFILE_PEOPLE.get(profile.code, profile.label))


def _local(moment) -> str:
    with translation.override("fr"):
        return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def _site() -> str:
    return settings.SITE_URL.rstrip("/")


# --- The engines' data, from the database ------------------------------------------------


@dataclass
class _World:
    instance: teams.Instance
    dossiers: dict[int, Dossier]
    positions: dict[int, Position]
    names: dict[int, str]
    pins: list[list[int]]
    exclusions: list[int]
    removed: list[int]


def _ints(values, message) -> list[int]:
    try:
        return sorted({int(v) for v in values})
    except (TypeError, ValueError):
        raise DomainError(message) from None


def _weights(values) -> teams.Weights:
    values = dict(values or {})
    known = {f.name for f in dataclasses.fields(teams.Weights)}
    unknown = sorted(set(values) - known)
    if unknown:
        raise DomainError(_("Poids inconnu : %(names)s.") % {"names": ", ".join(unknown)})
    cleaned = {}
    for name, value in values.items():
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise DomainError(_("Un poids est un nombre.")) from None
        if not math.isfinite(number) or number < 0:
            raise DomainError(_("Un poids est un nombre positif ou nul."))
        cleaned[name] = number
    return teams.Weights(**cleaned)


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def _plain(text) -> str:
    """Lower case, accents and extra spaces removed: how two spellings of a name are compared."""
    text = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode()
    return " ".join(text.lower().split())


def _teammates(dossiers: dict[int, Dossier], names: dict[int, str]) -> dict[int, list[int]]:
    """dossier pk -> the auditioned candidates its « binôme » answer names, by email or by full
    name (the answers' first and last name, or the account's). A name needs two words, so that a
    first name alone matches nobody. The engine counts only mutual requests."""
    answers = Answer.objects.filter(dossier_id__in=list(dossiers), question__key=TEAMMATE_KEY).values_list(
        "dossier_id", "value"
    )
    people = {}
    for pk, dossier in dossiers.items():
        full_names = {_plain(names.get(pk)), _plain(dossier.owner.get_full_name())}
        people[pk] = (dossier.owner.email.lower(), [n for n in full_names if len(n.split()) >= 2])
    found: dict[int, list[int]] = {}
    for pk, value in answers:
        text = _plain(value)
        if not text:
            continue
        emails = set(_EMAIL.findall(text))
        for other, (email, full_names) in people.items():
            if other == pk:
                continue
            if email in emails or any(re.search(rf"(?<!\w){re.escape(n)}(?!\w)", text) for n in full_names):
                found.setdefault(pk, []).append(other)
    return found


def _world(call: Call, *, weights=None, pins=(), exclusions=(), removed=()) -> _World:
    if call.kind != Call.Kind.APPLICATIONS:
        raise DomainError(_("Seul un appel à candidatures forme une promotion."))
    jury = queries.candidate_jury(call)
    if jury is None:
        raise DomainError(_("Cet appel n'a pas de jury d'audition des candidats."))
    dossiers = {d.pk: d for d in queries.auditioned_dossiers(jury)}
    if not dossiers:
        raise DomainError(_("Le jury n'a auditionné aucun candidat."))
    names = names_of(list(dossiers))
    for pk, dossier in dossiers.items():
        names[pk] = queries.display_name(dossier, names)
    challenges = queries.promotion_challenges(call)
    positions = {p.pk: p for c in challenges for p in c.positions.all()}

    message = _("Un épinglage désigne un candidat et un poste.")
    try:
        pins = sorted({(int(d), int(p)) for d, p in pins})
    except (TypeError, ValueError):
        raise DomainError(message) from None
    exclusions = _ints(exclusions, _("Les candidats écartés sont désignés par leur dossier."))
    removed = _ints(removed, _("Les défis retirés sont désignés par leur identifiant."))
    for dossier_pk, position_pk in pins:
        if dossier_pk not in dossiers:
            raise DomainError(_("Un épinglage désigne un candidat que le jury n'a pas auditionné."))
        if position_pk not in positions:
            raise DomainError(_("Un épinglage désigne un poste qui n'est pas de cette promotion."))
    if any(pk not in dossiers for pk in exclusions):
        raise DomainError(_("Seul un candidat auditionné peut être écarté."))
    if any(pk not in {c.pk for c in challenges} for pk in removed):
        raise DomainError(_("Seul un défi de cette promotion peut être retiré."))

    wishes: dict[int, list[int]] = {}
    for dossier_pk, position_pk in (
        Wish.objects.filter(dossier_id__in=list(dossiers))
        .order_by("dossier_id", "rank")
        .values_list("dossier_id", "position_id")
    ):
        wishes.setdefault(dossier_pk, []).append(position_pk)
    teammates = _teammates(dossiers, names)
    codes = dict(Profile.objects.values_list("pk", "code"))
    jury_lists = {
        (_cid(challenge_pk), codes[profile_pk]): {_did(d): float(r) for d, r in ranked.items() if d in dossiers}
        for (challenge_pk, profile_pk), ranked in queries.jury_lists(jury).items()
        if profile_pk in codes
    }

    labels: dict[str, str] = {}
    engine_challenges, engine_positions = [], []
    for challenge in challenges:
        own = list(challenge.positions.all())
        labels[_cid(challenge.pk)] = f"« {challenge.title} »"
        for position in own:
            labels[position.profile.code] = _profile_word(position.profile)
            labels[_pid(position.pk)] = f"« {challenge.title} » ({_profile_word(position.profile)})"
            engine_positions.append(teams.Position(_pid(position.pk), _cid(challenge.pk), position.profile.code))
        if not own:
            continue
        high = min(TEAM_SIZE_MAX, len(own))
        # The team covers the profiles the administration asked for, when a team of its size can.
        profiles = tuple(dict.fromkeys(p.profile.code for p in own))
        engine_challenges.append(
            teams.Challenge(
                id=_cid(challenge.pk),
                size_min=TEAM_SIZE_MIN,
                size_max=high,
                positions=tuple(_pid(p.pk) for p in own),
                required_profiles=profiles if len(profiles) <= high else (),
            )
        )
    for pk in dossiers:
        labels[_did(pk)] = names[pk]
    instance = teams.Instance(
        candidates=[
            teams.Candidate(
                id=_did(pk),
                wishes=tuple(_pid(p) for p in wishes.get(pk, [])),
                teammates=tuple(_did(o) for o in teammates.get(pk, [])),
            )
            for pk in dossiers
        ],
        challenges=engine_challenges,
        positions=engine_positions,
        jury=jury_lists,
        weights=_weights(weights),
        pinned={(_did(d), _pid(p)) for d, p in pins},
        excluded={_did(d) for d in exclusions},
        removed_challenges={_cid(c) for c in removed},
        labels=labels,
        max_wishes=call.max_wishes,
    )
    return _World(instance, dossiers, positions, names, [list(pair) for pair in pins], exclusions, removed)


def build_team_instance(call: Call, *, weights=None, pins=(), exclusions=(), removed=()) -> teams.Instance:
    """The team formation engine's instance for the call (see the module docstring of
    eig.engines.teams): the candidates the candidate jury auditioned with their wishes and mutual
    teammate requests, the jury's lists (`queries.jury_lists`), the recruiting challenges of the
    call's promotion with their positions, teams of 2 to min(3, positions) covering the profiles
    of their positions. pins: (dossier pk, position pk) pairs; exclusions: dossier pks; removed:
    challenge pks."""
    return _world(call, weights=weights, pins=pins, exclusions=exclusions, removed=removed).instance


@dataclass
class _Stable:
    instance: matching.Instance
    groups: dict[str, teams.Group]  # the matching's "position" (a group's French name) -> group
    pinned: dict[str, str]  # candidate -> position, set aside by staff's pins


def _stable_of(instance: teams.Instance) -> _Stable:
    """The stable matching's view of a team instance: each (challenge, profile) group is one
    "position" with as many seats as it has positions (the positions of a group are
    interchangeable), ranked by the jury's list of that challenge and profile (ties broken by
    dossier, i.e. submission order); candidates list the groups they wished, best first. A pinned
    candidate takes one seat of their group before the matching; excluded candidates and removed
    challenges are left out. The jury's proposals and the teammate requests have no place in
    deferred acceptance: a position a candidate did not wish is unacceptable to them."""
    group_of = {p.id: (p.challenge, p.profile) for p in instance.positions}
    removed = instance.removed_challenges
    seats = Counter(g for g in group_of.values() if g[0] not in removed)
    pinned = {}
    for cid, pid in sorted(instance.pinned):
        if pid in group_of and cid not in pinned and seats[group_of[pid]] > 0:
            pinned[cid] = pid
            seats[group_of[pid]] -= 1
    names, groups = {}, {}
    for group in seats:
        name = f"{instance.labels.get(group[1], group[1])} du défi {instance.labels.get(group[0], group[0])}"
        if name in groups:
            name = f"{name} ({group[0]})"
        names[group], groups[name] = name, group
    candidates = {}
    for candidate in instance.candidates:
        if candidate.id in instance.excluded or candidate.id in pinned:
            continue
        wished = []
        for pid in candidate.wishes[: instance.max_wishes]:
            group = group_of.get(pid)
            if group in names and names[group] not in wished:
                wished.append(names[group])
        candidates[candidate.id] = tuple(wished)
    positions = {}
    for group, name in names.items():
        ranked = instance.jury.get(group, {})
        order = sorted((c for c in ranked if c in candidates), key=lambda c: (ranked[c], _pk(c)))
        positions[name] = tuple(order)
    capacities = {names[g]: n for g, n in seats.items()}
    return _Stable(matching.Instance(candidates, positions, capacities), groups, pinned)


def build_matching_instance(call: Call, *, pins=(), exclusions=(), removed=()) -> matching.Instance:
    """The stable matching's instance for the call (see `_stable_of`)."""
    return _stable_of(build_team_instance(call, pins=pins, exclusions=exclusions, removed=removed)).instance


# --- Runs ------------------------------------------------------------------------------------


@dataclass
class _Result:
    status: str
    assignment: dict[str, str]
    objective: float
    bound: float | None
    gap: float | None
    wall_seconds: float
    explanation: str
    explanations: dict[str, str]
    summary: dict[str, int]
    problems: list[str]
    warnings: list[str]
    engine_version: str = ""  # « teams 2026.12-1 »: the engine's name and version
    engine_digest: str = ""  # the engine's result digest over the decision parameters


def _optimal(instance: teams.Instance) -> _Result:
    proposal = teams.solve(instance)
    return _Result(
        status=proposal.status,
        assignment=proposal.assignment,
        objective=proposal.objective,
        bound=proposal.bound,
        gap=proposal.gap,
        wall_seconds=proposal.wall_seconds,
        explanation=proposal.explanation,
        explanations={c.id: teams.explain(instance, proposal, c.id) for c in instance.candidates},
        summary={**_counts(instance, proposal.assignment), **proposal.summary},
        problems=teams.validate(instance, proposal),
        warnings=[],
        engine_version=f"{teams.ENGINE} {teams.VERSION}",
        engine_digest=proposal.digest,
    )


def _stable(instance: teams.Instance) -> _Result:
    stable = _stable_of(instance)
    result = matching.deferred_acceptance(stable.instance)
    problems = matching.validate(stable.instance, result)
    group_positions: dict[teams.Group, list[str]] = {}
    for position in instance.positions:
        group_positions.setdefault((position.challenge, position.profile), []).append(position.id)
    assignment = dict(stable.pinned)
    taken = set(stable.pinned.values())
    members: dict[str, list[str]] = {}
    for cid, name in result.assignment.items():
        if name is not None:
            members.setdefault(name, []).append(cid)
    for name, cids in members.items():
        group = stable.groups[name]
        ranked = instance.jury.get(group, {})
        free = [pid for pid in group_positions[group] if pid not in taken]
        for cid, pid in zip(sorted(cids, key=lambda c: (ranked.get(c, math.inf), _pk(c))), free, strict=False):
            assignment[cid] = pid
    explanations = matching.explain_all(stable.instance, result)
    for cid, pid in stable.pinned.items():
        position = next(p for p in instance.positions if p.id == pid)
        explanations[cid] = _(
            "Vous rejoignez le défi %(challenge)s comme %(profile)s : l'équipe du programme a fixé cette "
            "affectation (épinglage)."
        ) % {
            "challenge": instance.labels.get(position.challenge, position.challenge),
            "profile": instance.labels.get(position.profile, position.profile),
        }
    for cid in instance.excluded:
        explanations[cid] = _("L'équipe du programme a écarté votre candidature de cette proposition.")
    summary = _counts(instance, assignment)
    warnings = teams.problems_of(instance, assignment)
    # Deferred acceptance has one result (the candidate-optimal stable matching): its digest names
    # the parameters that shape it (the weights do not).
    parameters = {k: v for k, v in teams.parameters_of(instance).items() if k != "weights"}
    taken = set(assignment.values())
    staffed = {p.challenge for p in instance.positions if p.id in taken}
    unstaffed = sorted(
        c.id for c in instance.challenges if c.id not in staffed and c.id not in instance.removed_challenges
    )
    digest = result_digest(
        matching.ENGINE,
        matching.VERSION,
        parameters,
        {"assignment": dict(sorted(assignment.items())), "unstaffed": unstaffed},
    )
    return _Result(
        status="stable" if not problems else "unstable",
        assignment=dict(sorted(assignment.items())),
        objective=teams.objective_of(instance, assignment),
        bound=None,
        gap=None,
        wall_seconds=result.wall_seconds,
        explanation=_stable_summary(summary, problems, warnings),
        explanations=explanations,
        summary=summary,
        problems=problems,
        warnings=warnings,
        engine_version=f"{matching.ENGINE} {matching.VERSION}",
        engine_digest=digest,
    )


def _counts(instance: teams.Instance, assignment: dict[str, str]) -> dict[str, int]:
    """The team engine's counts (Proposal.summary) for any assignment, plus the teams under
    their minimum size: the two modes are compared on the same figures."""
    positions = {p.id: p for p in instance.positions}
    candidates = {c.id: c for c in instance.candidates}
    counts = {"placed": len(assignment)}
    for k in range(1, instance.max_wishes + 1):
        counts[f"wish_{k}"] = 0
    counts["proposed"] = counts["pinned_unranked"] = 0
    challenge_of = {}
    for cid, pid in assignment.items():
        position = positions[pid]
        group = (position.challenge, position.profile)
        challenge_of[cid] = position.challenge
        wished = [
            k
            for k, w in enumerate(candidates[cid].wishes[: instance.max_wishes], start=1)
            if w in positions and (positions[w].challenge, positions[w].profile) == group
        ]
        if wished:
            counts[f"wish_{wished[0]}"] += 1
        elif cid in instance.jury.get(group, {}):
            counts["proposed"] += 1
        else:
            counts["pinned_unranked"] += 1
    mutual = {
        tuple(sorted((c.id, o)))
        for c in instance.candidates
        for o in c.teammates
        if o in candidates and c.id in candidates[o].teammates and o != c.id
    }
    counts["teammates_requested"] = len(mutual)
    counts["teammates_together"] = sum(
        1 for a, b in mutual if a in challenge_of and challenge_of[a] == challenge_of.get(b)
    )
    sizes = Counter(challenge_of.values())
    open_challenges = [c for c in instance.challenges if c.id not in instance.removed_challenges]
    counts["unstaffed"] = sum(1 for c in open_challenges if not sizes[c.id])
    counts["undersized"] = sum(1 for c in open_challenges if 0 < sizes[c.id] < c.size_min)
    return counts


def _stable_summary(counts: dict[str, int], problems: list[str], warnings: list[str]) -> str:
    placed = counts["placed"]
    text = ngettext(
        "Affectation stable (acceptation différée) : %(count)s candidat placé",
        "Affectation stable (acceptation différée) : %(count)s candidats placés",
        placed,
    ) % {"count": placed}
    details = [
        _("%(count)s sur leur vœu n° %(k)s") % {"count": counts[key], "k": key.split("_")[1]}
        for key in sorted(k for k in counts if k.startswith("wish_"))
        if counts[key]
    ]
    text += (" (" + ", ".join(details) + ")" if details else "") + "."
    if problems:
        text += " " + _("Le résultat n'est pas stable : %(problem)s") % {"problem": problems[0]}
    else:
        text += " " + _(
            "Aucune paire bloquante : personne ne préfère un poste dont le jury l'a classé devant l'une des "
            "personnes retenues. Les propositions des jurys et les binômes ne sont pas pris en compte."
        )
    if counts["unstaffed"]:
        text += " " + ngettext(
            "%(count)s défi reste sans équipe.", "%(count)s défis restent sans équipe.", counts["unstaffed"]
        ) % {"count": counts["unstaffed"]}
    if warnings:
        text += " " + ngettext(
            "%(count)s règle de composition des équipes n'est pas respectée.",
            "%(count)s règles de composition des équipes ne sont pas respectées.",
            len(warnings),
        ) % {"count": len(warnings)}
    return text


def _eligible(instance: teams.Instance) -> list[int]:
    """The candidates a jury ranked (or proposed) for a position of an open challenge, unless
    excluded: those not placed go on the waiting list, the others are refused."""
    groups = {(p.challenge, p.profile) for p in instance.positions if p.challenge not in instance.removed_challenges}
    ranked = {cid for group, ranks in instance.jury.items() if group in groups for cid in ranks}
    known = {c.id for c in instance.candidates}
    return sorted(_pk(cid) for cid in ranked & known if cid not in instance.excluded)


def _run_of_request(call: Call, request_key: str) -> SelectionRun | None:
    if not request_key:
        return None
    run = SelectionRun.objects.filter(call=call, request_key=request_key).first()
    if run is not None:
        run.repeated = True
    return run


def run_selection(
    call: Call,
    *,
    mode: str,
    weights=None,
    pins=(),
    exclusions=(),
    removed=(),
    by,
    label: str = "",
    request_key: str = "",
) -> SelectionRun:
    """Run one engine on the call with staff's parameters and keep everything: the assignment,
    the solver's figures, the validator's findings and one explanation per candidate.

    `request_key` is the submitting form's one-time key: a second request with the same key (a
    double click arriving while the first still computes, a reload) returns the first one's run,
    marked `repeated`, instead of a copy; the unique constraint settles two at the same time."""
    request_key = (request_key or "").strip()[:64]
    existing = _run_of_request(call, request_key)
    if existing is not None:
        return existing
    if mode not in SelectionRun.Mode.values:
        raise DomainError(_("Cette méthode de sélection n'existe pas."))
    world = _world(call, weights=weights, pins=pins, exclusions=exclusions, removed=removed)
    instance = world.instance
    with translation.override("fr"):
        result = _optimal(instance) if mode == SelectionRun.Mode.OPTIMAL else _stable(instance)
    fields = {
        "call": call,
        "mode": mode,
        "label": label.strip()[:200],
        "weights": dataclasses.asdict(instance.weights),
        "pins": world.pins,
        "exclusions": world.exclusions,
        "removed": world.removed,
        "status": result.status,
        "objective": result.objective,
        "bound": result.bound,
        "gap": result.gap,
        "wall_seconds": result.wall_seconds,
        "explanation": result.explanation,
        "assignment": {str(_pk(c)): _pk(p) for c, p in result.assignment.items()},
        "explanations": {str(_pk(c)): text for c, text in result.explanations.items()},
        "eligible": _eligible(instance),
        "summary": result.summary,
        "problems": result.problems,
        "warnings": result.warnings,
        "engine_version": result.engine_version,
        "engine_digest": result.engine_digest,
        "created_by": by,
        "request_key": request_key,
    }
    try:
        with transaction.atomic():
            run = SelectionRun.objects.create(**fields)
    except IntegrityError:
        existing = _run_of_request(call, request_key)
        if existing is None:
            raise
        return existing
    run.repeated = False
    log_activity(
        "selection.run",
        run,
        actor=by,
        mode=mode,
        status=run.status,
        objective=run.objective,
        placed=len(run.assignment),
        pins=run.pins,
        exclusions=run.exclusions,
        removed=run.removed,
    )
    return run


def compare(run_a: SelectionRun, run_b: SelectionRun) -> list[queries.DiffRow]:
    """The candidates whose position differs between two runs (a read: see `queries.compare`)."""
    return queries.compare(run_a, run_b)


def delete_run(run: SelectionRun, *, by) -> None:
    """A draft what-if staff no longer need. A run the approvers have seen stays on record."""
    if not SELECTION_RUN.is_in(run.state, "deletable"):
        raise DomainError(_("Seul un brouillon peut être supprimé : une proposition soumise aux valideurs reste."))
    log_activity("selection.run_deleted", run, actor=by, digest=run.digest)
    run.delete()


# --- Validation ------------------------------------------------------------------------------


def _approved_is_final(run: SelectionRun) -> None:
    if SELECTION_RUN.is_in(run.state, "final"):
        raise DomainError(_("Cette proposition a été approuvée : elle ne peut plus être modifiée."))


def freeze(run: SelectionRun, *, by, now=None) -> SelectionRun:
    """Staff submit a run to the approvers: its digest is set and each approver is notified."""
    now = now or timezone.now()
    with transaction.atomic():
        run.refresh_from_db(from_queryset=SelectionRun.objects.select_for_update())
        _approved_is_final(run)
        SELECTION_RUN.check_move(
            run.state, SelectionRun.State.FROZEN, _("Cette proposition est déjà soumise aux valideurs.")
        )
        if run.status not in SOLVED or not run.assignment:
            raise DomainError(_("Cette proposition ne place personne : elle ne peut pas être soumise."))
        if run.problems or run.warnings:
            raise DomainError(
                _(
                    "Cette proposition ne respecte pas toutes les règles de composition des équipes : elle ne "
                    "peut pas être soumise."
                )
            )
        others = SelectionRun.objects.filter(call_id=run.call_id).exclude(pk=run.pk)
        if others.filter(state__in=SELECTION_RUN.group("final")).exists():
            raise DomainError(_("Une proposition de cet appel est déjà approuvée."))
        if others.filter(state__in=SELECTION_RUN.group("awaiting_decision")).exists():
            raise DomainError(_("Une autre proposition de cet appel attend déjà la décision des valideurs."))
        approvers = queries.approvers()
        if not approvers:
            raise DomainError(
                _("Personne n'a le rôle de valideur : attribuez ce rôle avant de soumettre la proposition.")
            )
        run.state, run.frozen_at, run.frozen_by = SelectionRun.State.FROZEN, now, by
        run.digest = run.compute_digest()
        run.save(update_fields=["state", "frozen_at", "frozen_by", "digest"])
        log_activity("selection.frozen", run, actor=by, digest=run.digest)
        for approver in approvers:
            queue_notification(
                "selection_review",
                to=approver.email,
                context={
                    "name": approver.get_full_name() or approver.email,
                    "call": run.call.title,
                    "run": str(run),
                    "summary": run.explanation,
                    "frozen_by": (by.get_full_name() or by.email) if by else "",
                    "digest": run.digest,
                    "url": _site() + reverse("approvals:detail", kwargs={"run": run.pk}),
                },
                key=f"selection-review:{run.pk}:{approver.pk}:{run.digest[:16]}:{now.timestamp():.0f}",
            )
    return run


def ensure_decidable(run: SelectionRun, *, approver, seen_digest: str | None = None) -> None:
    """Whether `approver` may decide on `run` as read (the digest of the page), refused with the
    reason in French. The approvers' view runs it before its confirmation step too."""
    if approver is None or not approver.has_role(Role.APPROVER):
        raise DomainError(_("Seule une personne ayant le rôle de valideur approuve ou renvoie une proposition."))
    _approved_is_final(run)
    if not SELECTION_RUN.is_in(run.state, "awaiting_decision"):
        raise DomainError(_("Cette proposition n'est pas soumise aux valideurs."))
    # Four eyes (Règlement 2020 art. 6.5: the list is « présentée » by the team and « validée »
    # by the director): whoever computed or submitted the run does not decide on it, even when
    # they hold the approver role too (security review F5).
    if approver.pk in (run.frozen_by_id, run.created_by_id):
        raise DomainError(
            _(
                "Vous avez préparé ou soumis cette proposition : une autre personne ayant le rôle de valideur "
                "doit la valider (principe des quatre yeux)."
            )
        )
    if not run.is_intact():
        raise DomainError(_("Cette proposition a changé depuis sa soumission : elle doit être soumise à nouveau."))
    # The decision is on the version the approver read: a page left open while staff re-froze
    # the run (returned, then submitted again) would otherwise approve unseen content (F9).
    if seen_digest is not None and seen_digest != run.digest:
        raise DomainError(
            _(
                "Cette proposition a changé depuis que vous l'avez ouverte : relisez la version actuelle "
                "avant de décider."
            )
        )


def _notify_decision(run: SelectionRun, approval: Approval, approved: bool) -> None:
    if run.frozen_by and run.frozen_by.email:
        queue_notification(
            "selection_decision",
            to=run.frozen_by.email,
            context={
                "call": run.call.title,
                "run": str(run),
                "approved": approved,
                "approver": approval.approver.get_full_name() or approval.approver.email,
                "comment": approval.comment,
                "url": _site() + reverse("staff:selection_detail", kwargs={"slug": run.call.slug, "run": run.pk}),
            },
            key=f"selection-decision:{approval.pk}",
        )


DECISIONS = DecisionFlow(
    approvals=Approval,
    subject_field="run",
    states=SELECTION_RUN,
    approved=SelectionRun.State.APPROVED,
    returned=SelectionRun.State.RETURNED,
    verbs=("selection.approved", "selection.returned"),
    ensure=ensure_decidable,
    notify=_notify_decision,
)


def _decide(run: SelectionRun, *, approver, decision: str, comment: str, seen_digest: str | None, now) -> SelectionRun:
    return DECISIONS.decide(
        run, approver=approver, decision=decision, comment=comment, seen_digest=seen_digest, now=now
    )


def approve(
    run: SelectionRun, *, approver, comment: str = "", seen_digest: str | None = None, now=None
) -> SelectionRun:
    """An approver approves the frozen run: it becomes the promotion's immutable reference.

    `seen_digest` is the digest of the page the approver decided on (the approvers' pages always
    pass it; a script or a test that shows nothing to anyone leaves it out); it is the one the
    Approval records."""
    return _decide(
        run,
        approver=approver,
        decision=Approval.Decision.APPROVE,
        comment=comment,
        seen_digest=seen_digest,
        now=now,
    )


def return_run(run: SelectionRun, *, approver, comment: str, seen_digest: str | None = None, now=None) -> SelectionRun:
    """An approver sends the frozen run back to staff, saying what should change."""
    if not (comment or "").strip():
        raise DomainError(_("Dites ce qui doit changer : un renvoi s'accompagne d'un commentaire."))
    return _decide(
        run,
        approver=approver,
        decision=Approval.Decision.RETURN,
        comment=comment,
        seen_digest=seen_digest,
        now=now,
    )


def _free_slug(name: str, taken: set[str]) -> str:
    base = slugify(name)[:100] or "eig"
    for n in itertools.count(1):
        slug = base if n == 1 else f"{base}-{n}"
        if slug not in taken:
            taken.add(slug)
            return slug
    raise AssertionError  # unreachable


def _join_team(offer: Offer, name: str, taken: set[str] | None = None) -> None:
    """An accepted offer of a published promotion: the laureate's community profile (public only
    with their consent) and their membership of the challenge's team."""
    if offer.person_id is not None:
        return
    if taken is None:
        taken = set(
            Person.objects.filter(slug__startswith=(slugify(name)[:100] or "eig")).values_list("slug", flat=True)
        )
    challenge = offer.position.challenge
    person = Person.objects.create(
        name=name,
        slug=_free_slug(name, taken),
        role=Person.Role.FELLOW,
        profile=offer.position.profile,
        is_public=offer.public_profile,
    )
    person.promotions.add(challenge.promotion_id)
    Membership.objects.create(
        person=person, challenge=challenge, role=Membership.Role.FELLOW, order=10 + offer.position.order
    )
    if challenge.status in (Challenge.Status.SELECTED, Challenge.Status.RECRUITING):
        challenge.status = Challenge.Status.IN_PROGRESS
        challenge.save(update_fields=["status", "updated_at"])
    offer.person = person
    offer.save(update_fields=["person"])


def publish_promotion(run: SelectionRun, *, by, now=None) -> SelectionRun:
    """Staff publish the approved promotion: each accepted offer becomes a fellow's community
    profile (named publicly only with their consent) and a member of its challenge's team, whose
    challenge is then « en cours »; the promotion's public page lists the teams and their
    mentors. An offer accepted later joins its team when it is accepted (`respond`)."""
    now = now or timezone.now()
    with transaction.atomic():
        run.refresh_from_db(from_queryset=SelectionRun.objects.select_for_update())
        if not SELECTION_RUN.is_in(run.state, "final"):
            raise DomainError(_("Seule une proposition approuvée peut être publiée."))
        if run.published_at is not None:
            raise DomainError(_("Cette promotion est déjà publiée."))
        accepted = list(
            Offer.objects.filter(run=run, status=Offer.Status.ACCEPTED, person__isnull=True).select_related(
                "position__challenge", "position__profile", "dossier__owner"
            )
        )
        if not accepted:
            raise DomainError(_("Aucun lauréat n'a encore accepté sa proposition : il n'y a pas d'équipe à publier."))
        names = names_of([o.dossier_id for o in accepted])
        taken = set(Person.objects.values_list("slug", flat=True))
        for offer in accepted:
            _join_team(offer, _name_of(offer, names), taken)
        run.published_at = now
        run.save(update_fields=["published_at"])
        log_activity(
            "selection.published",
            run,
            actor=by,
            fellows=len(accepted),
            public=sum(1 for o in accepted if o.public_profile),
        )
    return run


def _name_of(offer: Offer, names: dict[int, str]) -> str:
    return queries.display_name(offer.dossier, names)


def set_public_profile(offer: Offer, *, public: bool, by) -> Offer:
    """The laureate gives or withdraws their consent to appear by name on the promotion's page."""
    with transaction.atomic():
        offer.refresh_from_db(from_queryset=Offer.objects.select_for_update())
        if by is None or by.pk != offer.dossier.owner_id:
            raise DomainError(_("Seule la personne concernée donne ou retire son consentement."))
        if offer.status != Offer.Status.ACCEPTED:
            raise DomainError(_("Le consentement se donne pour une proposition acceptée."))
        offer.public_profile = bool(public)
        offer.save(update_fields=["public_profile"])
        if offer.person_id:
            offer.person.is_public = offer.public_profile
            offer.person.save(update_fields=["is_public", "updated_at"])  # refreshes the cached public pages
        log_activity("offer.public_profile", offer, actor=by, public=offer.public_profile)
    return offer


# --- Offers ----------------------------------------------------------------------------------


def _offer_context(offer: Offer, name: str, explanation: str, *, url: str = "") -> dict:
    position = offer.position
    return {
        "name": name,
        "call": offer.run.call.title,
        "challenge": position.challenge.title,
        "administration": str(position.challenge.administration),
        "profile": _profile_word(position.profile),
        "deadline": _local(offer.deadline),
        "explanation": explanation,
        # The offer's page, where the laureate answers (and reads why).
        "url": url or _site() + reverse("candidates:offer", kwargs={"offer": offer.pk}),
    }


def _outcome_context(run: SelectionRun, name: str, explanation: str) -> dict:
    """What the waiting-list and refusal messages say."""
    return {
        "name": name,
        "call": run.call.title,
        "explanation": explanation,
        "url": _site() + reverse("candidates:space"),
    }


# The message of each decision send_offers notifies.
OUTCOME_TEMPLATES = {
    Outcome.Decision.LAUREATE: "selection_offer",
    Outcome.Decision.WAITING_LIST: "selection_waiting_list",
    Outcome.Decision.REFUSED: "selection_refusal",
}


def _check_sendable(run: SelectionRun, *, deadline, now) -> None:
    if not SELECTION_RUN.is_in(run.state, "final"):
        raise DomainError(_("Seule une proposition approuvée donne lieu à des propositions de poste."))
    if not run.is_intact():
        raise DomainError(_("Cette proposition ne correspond plus à la version approuvée : rien n'est envoyé."))
    if deadline <= now:
        raise DomainError(_("La date limite de réponse doit être à venir."))


def _positions_of(run: SelectionRun) -> dict[int, Position]:
    positions = {
        p.pk: p
        for p in Position.objects.filter(pk__in=list(run.assignment.values())).select_related(
            "challenge__administration", "profile"
        )
    }
    if len(positions) != len(set(run.assignment.values())):
        raise DomainError(_("Un poste de la proposition approuvée n'existe plus : rien n'est envoyé."))
    return positions


@dataclass(frozen=True)
class Notice:
    """A message send_offers would send now: to whom, which decision, its template and context."""

    dossier: Dossier
    name: str
    decision: str
    template: str
    context: object  # a callable: the context, built in the language active when called


def pending_notices(run: SelectionRun, *, deadline, now=None) -> list[Notice]:
    """What send_offers would send now, saving and sending nothing (its preview): one notice per
    auditioned person not yet told, laureates first, then the waiting list, then the refused, each
    by dossier number. A laureate's link, to an offer not created yet, is the candidate space's."""
    now = now or timezone.now()
    _check_sendable(run, deadline=deadline, now=now)
    positions = _positions_of(run)
    told = Outcome.objects.filter(run=run).values_list("dossier_id", flat=True)
    ids = [int(pk) for pk in run.explanations]
    dossiers = list(Dossier.objects.filter(pk__in=ids).exclude(pk__in=told).select_related("owner"))
    names = names_of([d.pk for d in dossiers])
    order = list(OUTCOME_TEMPLATES)
    notices = []
    for dossier in dossiers:
        name, explanation = queries.display_name(dossier, names), run.explanations.get(str(dossier.pk), "")
        decision = run.decision_for(dossier.pk)
        if decision == Outcome.Decision.LAUREATE:
            offer = Offer(
                run=run, dossier=dossier, position=positions[run.assignment[str(dossier.pk)]], deadline=deadline
            )
            url = _site() + reverse("candidates:space")
            context = functools.partial(_offer_context, offer, name, explanation, url=url)
        else:
            context = functools.partial(_outcome_context, run, name, explanation)
        notices.append(Notice(dossier, name, decision, OUTCOME_TEMPLATES[decision], context))
    return sorted(notices, key=lambda n: (order.index(n.decision), n.dossier.number))


def _notify_offer(offer: Offer, name: str, explanation: str) -> None:
    queue_notification(
        "selection_offer",
        to=offer.dossier.owner.email,
        context=_offer_context(offer, name, explanation),
        key=f"selection-offer:{offer.pk}",
    )


def send_offers(run: SelectionRun, *, deadline, by, now=None) -> dict[str, int]:
    """From the approved run: each placed candidate gets an offer of their position, to answer
    before `deadline`; each of the others is told « liste d'attente » (ranked by a jury but not
    placed) or « non retenu ». Sending again creates and sends nothing new. Returns the count of
    new outcomes per decision."""
    now = now or timezone.now()
    _check_sendable(run, deadline=deadline, now=now)
    ids = [int(pk) for pk in run.explanations]
    dossiers = {d.pk: d for d in Dossier.objects.filter(pk__in=ids).select_related("owner")}
    positions = _positions_of(run)
    names = names_of(ids)
    counts: Counter = Counter()
    with transaction.atomic():
        for pk in sorted(dossiers):
            dossier, key = dossiers[pk], str(pk)
            name = queries.display_name(dossier, names)
            explanation = run.explanations.get(key, "")
            decision = run.decision_for(pk)
            _outcome, created = Outcome.objects.get_or_create(
                run=run, dossier=dossier, defaults={"decision": decision, "notified_at": now}
            )
            if not created:
                continue
            counts[decision] += 1
            if decision == Outcome.Decision.LAUREATE:
                offer = Offer.objects.create(
                    run=run,
                    dossier=dossier,
                    position=positions[run.assignment[key]],
                    deadline=deadline,
                    created_by=by,
                )
                _notify_offer(offer, name, explanation)
            else:
                queue_notification(
                    OUTCOME_TEMPLATES[decision],
                    to=dossier.owner.email,
                    context=_outcome_context(run, name, explanation),
                    key=f"selection-outcome:{run.pk}:{pk}",
                )
        if counts:
            log_activity(
                "selection.offers_sent",
                run,
                actor=by,
                deadline=deadline.isoformat(),
                **{str(decision): n for decision, n in counts.items()},
            )
    return {str(decision): n for decision, n in counts.items()}


def _may_answer(offer: Offer, user) -> bool:
    if user is None:
        return False
    return user.pk == offer.dossier.owner_id or user.is_staff or user.has_role(Role.STAFF)


def respond(offer: Offer, *, accept: bool, by, public_profile: bool = False, now=None) -> Offer:
    """The laureate accepts (saying whether they consent to appear by name on the promotion's
    public page) or declines, before the deadline (the server's clock decides). An offer accepted
    after the publication joins its team at once."""
    now = now or timezone.now()
    with transaction.atomic():
        offer.refresh_from_db(from_queryset=Offer.objects.select_for_update())
        if not _may_answer(offer, by):
            raise DomainError(_("Cette proposition ne vous est pas adressée."))
        target = Offer.Status.ACCEPTED if accept else Offer.Status.DECLINED
        OFFER.check_move(offer.status, target, _("Cette proposition n'attend plus de réponse."))
        if now > offer.deadline:
            raise DomainError(_("Le délai de réponse est dépassé : la proposition n'est plus valable."))
        offer.status = target
        offer.responded_at = now
        offer.public_profile = bool(accept and public_profile)
        offer.save(update_fields=["status", "responded_at", "public_profile"])
        log_activity(
            "offer.accepted" if accept else "offer.declined",
            offer,
            actor=by,
            dossier=offer.dossier.number,
            **({"public_profile": offer.public_profile} if accept else {}),
        )
        if accept:
            offer = Offer.objects.select_related(
                "run__call", "position__challenge", "position__profile", "dossier__owner"
            ).get(pk=offer.pk)
            name = _name_of(offer, names_of([offer.dossier_id]))
            if offer.run.published_at is not None:
                _join_team(offer, name)
            offer_accepted.send(sender=Offer, offer=offer, name=name, now=now)
    return offer


def expire_offers(now=None) -> int:
    """Periodic job: pending offers past their deadline expire. Returns how many."""
    now = now or timezone.now()
    count = 0
    expirable = OFFER.sources(Offer.Status.EXPIRED)
    for offer in Offer.objects.filter(status__in=expirable, deadline__lt=now).select_related("dossier"):
        with transaction.atomic():
            if Offer.objects.filter(pk=offer.pk, status__in=expirable).update(status=Offer.Status.EXPIRED):
                log_activity("offer.expired", offer, dossier=offer.dossier.number, deadline=offer.deadline.isoformat())
                count += 1
    return count


def ensure_withdrawable(offer: Offer) -> None:
    """A pending or accepted offer may be withdrawn (staff's view asks before, naming what it undoes)."""
    OFFER.check_move(offer.status, Offer.Status.WITHDRAWN, _("Cette proposition n'est plus en cours."))


def withdraw_offer(offer: Offer, *, by, reason: str) -> Offer:
    """Staff withdraw an offer (the person is no longer eligible…); its position may then be replaced."""
    if not (reason or "").strip():
        raise DomainError(_("Indiquez pourquoi la proposition est retirée."))
    with transaction.atomic():
        offer.refresh_from_db(from_queryset=Offer.objects.select_for_update())
        ensure_withdrawable(offer)
        offer.status = Offer.Status.WITHDRAWN
        offer.save(update_fields=["status"])
        log_activity("offer.withdrawn", offer, actor=by, reason=reason.strip())
    return offer


# --- Replacements ----------------------------------------------------------------------------


@dataclass
class Replacement:
    offer: Offer  # the declined, expired or withdrawn offer
    position: Position
    dossier: Dossier | None  # the best candidate of the waiting list; None when nobody fits
    explanation: str  # for staff: why this person, or why nobody
    candidate_explanation: str = ""  # the engine's explanation, addressed to the person
    status: str = ""  # the engine's status on the replacement instance


def _vacated(offer: Offer) -> None:
    if not OFFER.is_in(offer.status, "vacated"):
        raise DomainError(_("Seule une proposition déclinée, expirée ou retirée appelle un remplacement."))
    if offer.replaced_by_id is not None:
        raise DomainError(_("Cette proposition a déjà été remplacée."))


def _replacement_instance(run: SelectionRun, offer: Offer, world: _World) -> tuple[teams.Instance, set[str]]:
    """The team engine's instance around the vacancy: the offer's challenge with the positions
    its live offers hold (pinned: accepted and pending offers stay) and its vacant positions; the
    candidates are those pinned and the waiting list (people told « liste d'attente » who hold no
    offer of the run). The other challenges cannot change (their positions are held or their
    vacancies have their own replacement), so leaving them out changes nothing for this one. The
    jury's lists stay whole, so ranks and points are those of the approved run."""
    challenge_pk = offer.position.challenge_id
    offers = list(Offer.objects.filter(run=run).select_related("position"))
    with_offer = {o.dossier_id for o in offers}
    waiting = Outcome.objects.filter(run=run, decision=Outcome.Decision.WAITING_LIST).values_list(
        "dossier_id", flat=True
    )
    pool = {_did(pk) for pk in waiting if pk not in with_offer and pk in world.dossiers}
    pinned = {
        (_did(o.dossier_id), _pid(o.position_id))
        for o in offers
        if OFFER.is_in(o.status, "live") and o.position.challenge_id == challenge_pk
    }
    held = {pid for _cid_, pid in pinned}
    vacant = {
        _pid(o.position_id)
        for o in offers
        if OFFER.is_in(o.status, "vacated") and o.replaced_by_id is None and o.position.challenge_id == challenge_pk
    } - held
    source = world.instance
    original = next((c for c in source.challenges if c.id == _cid(challenge_pk)), None)
    if original is None:
        raise DomainError(_("Ce défi ne recrute plus : il n'a plus de postes."))
    positions = [p for p in source.positions if p.id in held | vacant]
    profiles = {p.profile for p in positions}
    challenge = teams.Challenge(
        id=original.id,
        size_min=original.size_min,
        size_max=min(original.size_max, len(positions)),
        positions=tuple(p.id for p in positions),
        required_profiles=tuple(x for x in original.required_profiles if x in profiles),
    )
    people = pool | {cid for cid, _pid_ in pinned}
    groups = {(p.challenge, p.profile) for p in positions}
    instance = teams.Instance(
        candidates=[c for c in source.candidates if c.id in people],
        challenges=[challenge],
        positions=positions,
        jury={g: ranked for g, ranked in source.jury.items() if g in groups},
        weights=source.weights,
        pinned=pinned,
        labels=source.labels,
        max_wishes=source.max_wishes,
        time_limit=source.time_limit,
    )
    return instance, pool


def _rank_phrase(instance: teams.Instance, group: teams.Group, cid: str) -> dict:
    ranked = instance.jury.get(group, {})
    rank = ranked[cid]
    size = max(len(ranked), *ranked.values())
    wished = [
        k
        for k, pid in enumerate(next(c for c in instance.candidates if c.id == cid).wishes, start=1)
        if any(p.id == pid and (p.challenge, p.profile) == group for p in instance.positions)
    ]
    return {
        "rank": f"{rank:g}",
        "size": f"{size:g}",
        "challenge": instance.labels.get(group[0], group[0]),
        "profile": instance.labels.get(group[1], group[1]),
        "wish": wished[0] if wished else None,
    }


def propose_replacement(offer: Offer, *, by) -> Replacement:
    """The best replacement from the waiting list for a declined, expired or withdrawn offer:
    the team engine runs again on the offer's challenge, every accepted (and pending) offer
    pinned, with the approved run's weights. Nothing is created: staff confirm with
    `confirm_replacement`."""
    offer = Offer.objects.select_related("run__call", "position__profile", "position__challenge", "dossier").get(
        pk=offer.pk
    )
    _vacated(offer)
    run = offer.run
    if not SELECTION_RUN.is_in(run.state, "final"):
        raise DomainError(_("Seule une proposition approuvée donne lieu à des remplacements."))
    world = _world(run.call, weights=run.weights, removed=run.removed)
    instance, pool = _replacement_instance(run, offer, world)
    position = offer.position
    group = (_cid(position.challenge_id), position.profile.code)
    names = {"challenge": instance.labels.get(group[0]), "profile": instance.labels.get(group[1])}
    candidates = [cid for cid in pool if cid in instance.jury.get(group, {})]
    chosen, status, candidate_explanation = None, "", ""
    if not candidates:
        explanation = (
            _(
                "Personne sur la liste d'attente n'est classé par le jury du défi %(challenge)s pour le profil %(profile)s."
            )
            % names
        )
    else:
        proposal = teams.solve(instance)
        status = proposal.status
        newcomers = [
            cid
            for cid, pid in proposal.assignment.items()
            if cid in pool and next(p for p in instance.positions if p.id == pid).profile == group[1]
        ]
        if proposal.status not in SOLVED:
            explanation = proposal.explanation
        elif not newcomers:
            explanation = (
                _(
                    "Aucune personne de la liste d'attente classée pour ce poste ne peut compléter l'équipe du défi "
                    "%(challenge)s en respectant ses règles de composition."
                )
                % names
            )
        else:
            chosen = next((c for c in newcomers if proposal.assignment[c] == _pid(position.pk)), newcomers[0])
            facts = _rank_phrase(instance, group, chosen)
            dossier = world.dossiers[_pk(chosen)]
            wish = (
                _("son vœu n° %(k)s") % {"k": facts["wish"]}
                if facts["wish"]
                else _("un défi que le jury lui a proposé")
            )
            explanation = _(
                "%(name)s (dossier %(number)s) : classé ou classée au rang %(rank)s sur %(size)s par le jury du défi "
                "%(challenge)s pour le profil %(profile)s ; c'est %(wish)s."
            ) % {**facts, "name": world.names[dossier.pk], "number": dossier.number, "wish": wish}
            others = len(candidates) - 1
            if others:
                explanation += " " + ngettext(
                    "Une autre personne de la liste d'attente était classée pour ce poste.",
                    "%(count)s autres personnes de la liste d'attente étaient classées pour ce poste.",
                    others,
                ) % {"count": others}
            explanation += " " + _(
                "Les propositions acceptées ou en attente restent en place ; le choix suit les poids de la "
                "proposition approuvée (vœux, classement du jury, binômes)."
            )
            candidate_explanation = teams.explain(instance, proposal, chosen)
    dossier = world.dossiers[_pk(chosen)] if chosen else None
    log_activity(
        "offer.replacement_proposed",
        offer,
        actor=by,
        dossier=dossier.number if dossier else None,
        explanation=explanation,
    )
    return Replacement(offer, position, dossier, explanation, candidate_explanation, status)


def confirm_replacement(offer: Offer, dossier: Dossier, *, deadline, by, position=None, now=None) -> Offer:
    """Staff confirm a replacement: a new offer to a waiting-list candidate (the old offer's
    `replaced_by`), who becomes a laureate and is notified."""
    now = now or timezone.now()
    offer = Offer.objects.select_related("run__call", "position__profile").get(pk=offer.pk)
    run = offer.run
    if not SELECTION_RUN.is_in(run.state, "final"):
        raise DomainError(_("Seule une proposition approuvée donne lieu à des remplacements."))
    _vacated(offer)
    position = position or offer.position
    if position.challenge_id != offer.position.challenge_id:
        raise DomainError(_("Le remplacement se fait sur un poste du même défi."))
    if deadline <= now:
        raise DomainError(_("La date limite de réponse doit être à venir."))
    world = _world(run.call, weights=run.weights, removed=run.removed)
    group = (_cid(position.challenge_id), position.profile.code)
    if _did(dossier.pk) not in world.instance.jury.get(group, {}):
        raise DomainError(_("Le jury n'a pas classé cette personne pour ce poste."))
    facts = _rank_phrase(world.instance, group, _did(dossier.pk))
    with translation.override("fr"):
        explanation = (
            _(
                "Une place s'est libérée dans l'équipe du défi %(challenge)s : le jury vous avait classé ou classée au "
                "rang %(rank)s sur %(size)s pour le profil %(profile)s, et vous étiez sur la liste d'attente."
            )
            % facts
        )
    with transaction.atomic():
        offer.refresh_from_db(from_queryset=Offer.objects.select_for_update())
        _vacated(offer)
        if Offer.objects.filter(run=run, position=position, status__in=OFFER.group("live")).exists():
            raise DomainError(_("Ce poste est déjà proposé à une autre personne."))
        outcome = Outcome.objects.filter(run=run, dossier=dossier, decision=Outcome.Decision.WAITING_LIST).first()
        if outcome is None or Offer.objects.filter(run=run, dossier=dossier).exists():
            raise DomainError(_("Cette personne n'est pas sur la liste d'attente de cette promotion."))
        new = Offer.objects.create(
            run=run, dossier=dossier, position=position, deadline=deadline, explanation=explanation, created_by=by
        )
        offer.replaced_by = new
        offer.save(update_fields=["replaced_by"])
        outcome.decision, outcome.notified_at = Outcome.Decision.LAUREATE, now
        outcome.save(update_fields=["decision", "notified_at"])
        log_activity(
            "offer.replacement_confirmed",
            new,
            actor=by,
            replaces=offer.pk,
            dossier=dossier.number,
            position=position.pk,
        )
        new = Offer.objects.select_related("run__call", "position__challenge__administration", "position__profile").get(
            pk=new.pk
        )
        new.dossier = dossier
        _notify_offer(new, world.names.get(dossier.pk, dossier.number), explanation)
    return new
