"""The funnel's rows from the database: one call, one promotion or every promotion, in a fixed
number of queries whatever their size (values() reads; the evidence of the later stages as sets
of dossier ids, each read once, which costs less than a subquery per dossier at 50,000 dossiers).

How each stage is read (docs/reporting.md): every dossier of a call for applications is an
application; it reached

- **started**: always (the dossier exists, whatever its status now: draft, submitted, withdrawn);
- **submitted**: it has a submitted version (`Dossier.version` > 0: each submit adds one, and they
  stay when the dossier is withdrawn);
- **admissible**: a pre-screening decision (eig.reviews `Decision` of a « présélection » grid)
  says admissible;
- **auditioned**: an audition of the call's candidate jury (eig.juries) was held — marked present,
  or given the panel's collective grid or a verdict (an audition only planned, or marked absent,
  is not one);
- **selected**: it was offered a position (eig.selection `Offer`, whatever the answer) or told it is
  a laureate (`Outcome`), or its holder is a fellow of the promotion (eig.programme `Fellow`, for
  promotions recorded before the platform's offers);
- **in post**: that fellow started (`started_on`), even if they left early since;
- **finished**: that fellow finished the programme.

A stage implies the ones before it: the furthest stage with evidence is kept (an audition without
a recorded pre-screening decision counts as admissible).

The fellow of a dossier is the one its accepted offer made, else the fellow of the same person in
the call's promotion recorded without an offer.

The gender and the region are the dossier's current answers (`civilite`, `region`): those of its
last submitted version, unless edited since.
"""

import json
from itertools import islice

from django.db.models import Exists, OuterRef, Q, TextField
from django.db.models.functions import Cast

from eig.applications.models import Wish
from eig.calls.models import Answer, Call, Dossier
from eig.challenges.models import Administration, Challenge, Profile
from eig.juries.models import Audition, CollectiveScore, Jury, Verdict
from eig.programme.models import Fellow
from eig.promotions.models import Promotion
from eig.proposals.models import Proposal
from eig.proposals.queries import PRESELECTED_STATES, PROPOSED_STATES, SELECTED_STATES
from eig.reviews.models import Decision, Grid
from eig.selection.models import Offer, Outcome

from .funnel import (
    BREAKDOWN_KEYS,
    RANKS,
    STAGE_KEYS,
    Application,
    ChallengeFunnel,
    Columns,
    Funnel,
    ProposedChallenge,
    compute,
    compute_challenges,
)

GENDER_KEY, REGION_KEY = "civilite", "region"  # question keys of eig.calls.defaults.APPLICATION_FORM
ANSWER_OF = {"gender": GENDER_KEY, "region": REGION_KEY}  # the answer each breakdown reads

STAGE = {key: i for i, key in enumerate(STAGE_KEYS)}
# Rows fetched at a time: fewer than the garbage collector's first threshold (700 to 2,000 new
# objects), so that a chunk of row tuples is gone before a collection would walk them (at 5,000 a
# request of 50,000 dossiers spent 30 ms in collections).
CHUNK = 500


def _in_scope(prefix: str = "", *, promotion=None, call=None, calls=None) -> Q:
    """The dossiers in scope as a condition on `prefix`, the path to a row with a call ("" from a
    dossier, "dossier__" from a row pointing to one, "question__step__" from an answer): a join,
    not `dossier__in=<the dossiers>`, for which SQLite probes an index once per dossier (and, for
    the answers, per question asked: three times slower at 50,000 dossiers)."""
    where = Q(**{f"{prefix}call__kind": Call.Kind.APPLICATIONS})
    if calls is not None:
        where &= Q(**{f"{prefix}call__in": calls})
    if promotion is not None:
        where &= Q(**{f"{prefix}call__promotion": promotion})
    if call is not None:
        where &= Q(**{f"{prefix}call": call})
    return where


def applications(*, promotion=None, call=None, calls=None):
    """The dossiers of the calls for applications in scope (a promotion, a call, or all; only those
    of `calls`, a queryset of calls, when given)."""
    return Dossier.objects.filter(_in_scope(promotion=promotion, call=call, calls=calls))


def _ids(queryset) -> set[int]:
    return set(queryset.order_by().values_list("dossier_id", flat=True))


def _evidence(in_scope: Q) -> dict[int, int]:
    """{dossier id: the furthest stage (an index of STAGE_KEYS) the other apps give evidence of,
    from admissible to selected}, for the rows whose dossier is `in_scope`; four queries, one per
    table read (a set of ids each)."""
    admissible = _ids(Decision.objects.filter(in_scope, grid__phase=Grid.Phase.PRESCREENING, admissible=True))
    heard = _ids(
        Audition.objects.filter(in_scope, jury__kind=Jury.Kind.CANDIDATES).filter(
            Q(attendance=Audition.Attendance.PRESENT)
            | Exists(Verdict.objects.filter(audition=OuterRef("pk")))
            | Exists(CollectiveScore.objects.filter(audition=OuterRef("pk")))
        )
    )
    selected = _ids(Offer.objects.filter(in_scope)) | _ids(
        Outcome.objects.filter(in_scope, decision=Outcome.Decision.LAUREATE)
    )
    found = dict.fromkeys(admissible, STAGE["admissible"])
    found.update(dict.fromkeys(heard, STAGE["auditioned"]))
    found.update(dict.fromkeys(selected, STAGE["selected"]))
    return found


def _fellows(scope) -> tuple[dict[int, int], dict[tuple[int, int], int]]:
    """The fellows of the scope's promotions and the stage each reached (selected, in post, finished):
    by the dossier of their offer, and by (person, promotion) for those recorded without an offer."""
    promotions = scope.values("call__promotion_id")
    by_dossier, by_person = {}, {}
    for dossier, user, promotion, status, started_on in (
        Fellow.objects.filter(promotion__in=promotions)
        .order_by()
        .values_list("offer__dossier_id", "user_id", "promotion_id", "status", "started_on")
    ):
        stage = (
            STAGE["finished"]
            if status == Fellow.Status.FINISHED
            else STAGE["in_post"]
            if started_on is not None
            else STAGE["selected"]
        )
        if dossier is not None:
            by_dossier[dossier] = stage
        else:
            by_person[(user, promotion)] = stage
    return by_dossier, by_person


def application_columns(
    *,
    promotion=None,
    call=None,
    calls=None,
    answers: tuple[str, ...] = (GENDER_KEY, REGION_KEY),
    wishes: bool = True,
) -> Columns:
    """The dossiers in scope as `Columns` (one list per field, in the order of their ids), in eight
    queries: the dossiers, the answers read (`answers`: the question keys, none to skip the query),
    the wishes (`wishes=False` to skip them), then the evidence of the later stages (decisions,
    auditions, offers, outcomes, fellows), each a set read once rather than a subquery per dossier.
    Columns, not a row object per dossier: at 50,000 dossiers the objects cost more than the queries."""
    scope = {"promotion": promotion, "call": call, "calls": calls}
    dossiers = applications(**scope)
    through = _in_scope("dossier__", **scope)
    # Plain columns only: a converted one (a date, an annotation) costs more than the rest of the row.
    found = (
        dossiers.order_by("pk")
        .values_list("pk", "version", "call__slug", "call__promotion__slug", "owner_id", "call__promotion_id")
        .iterator(chunk_size=CHUNK)
    )
    pks, versions, call_slugs, promotion_slugs, owners, promotion_ids = by_field = [[] for _field in range(6)]
    while chunk := list(islice(found, CHUNK)):
        for column, values in zip(by_field, zip(*chunk, strict=True), strict=True):
            column.extend(values)
    # Each row read next goes to its dossier's place in the columns; one of a dossier created since
    # the read above is left out.
    at = dict(zip(pks, range(len(pks)), strict=True))
    given = {key: [""] * len(pks) for key in answers}
    # An answer is to a question of its dossier's call (eig.calls.services): the questions give the
    # scope without a join to the dossiers. The values as their JSON text, each distinct one decoded
    # once (a few dozen civilities and regions, not 100,000 values).
    decoded = _Decoded()
    for dossier, key, value in (
        Answer.objects.filter(_in_scope("question__step__", **scope), question__key__in=answers)
        .annotate(text=Cast("value", TextField()))
        .order_by()
        .values_list("dossier_id", "question__key", "text")
        .iterator(chunk_size=CHUNK)
        if answers
        else ()
    ):
        index = at.get(dossier)
        if index is not None:
            given[key][index] = decoded[value]
    wished = {rank: [""] * len(pks) for rank in RANKS}  # the profile wished at each rank
    for dossier, rank, profile in (
        Wish.objects.filter(through)
        .order_by()
        .values_list("dossier_id", "rank", "position__profile__code")
        .iterator(chunk_size=CHUNK)
        if wishes
        else ()
    ):
        index = at.get(dossier)
        if index is not None:
            wished[rank][index] = profile
    furthest = _evidence(through)
    by_dossier, by_person = _fellows(dossiers.order_by().values("pk"))
    for dossier, stage in by_dossier.items():
        furthest[dossier] = max(stage, furthest.get(dossier, 0))
    # The furthest stage with evidence: each implies the ones before it.
    stages = [
        max(furthest.get(pk, 0), STAGE["submitted"] if version else STAGE["started"])
        for pk, version in zip(pks, versions, strict=True)
    ]
    if by_person:
        stages = [
            max(stage, by_person.get(person, 0))
            for stage, person in zip(stages, zip(owners, promotion_ids, strict=True), strict=True)
        ]
    unanswered = [""] * len(pks)
    return Columns(
        stages=stages,
        promotions=promotion_slugs,
        calls=call_slugs,
        genders=given.get(GENDER_KEY, unanswered),
        regions=given.get(REGION_KEY, unanswered),
        wishes=tuple(wished[rank] for rank in RANKS),
    )


class _Decoded(dict):
    """{an answer's JSON text: its text}, filled as met: a string as is, null as "", anything else
    as its JSON text."""

    def __missing__(self, raw: str | None) -> str:
        value = None if raw is None else json.loads(raw)
        text = value if isinstance(value, str) else "" if value is None else json.dumps(value, ensure_ascii=False)
        self[raw] = text
        return text


def application_rows(
    *,
    promotion=None,
    call=None,
    calls=None,
    answers: tuple[str, ...] = (GENDER_KEY, REGION_KEY),
    wishes: bool = True,
) -> list[Application]:
    """One `Application` per dossier in scope, in eight queries (`application_columns`, as rows)."""
    return application_columns(promotion=promotion, call=call, calls=calls, answers=answers, wishes=wishes).rows()


def profile_groups() -> list[tuple[str, str]]:
    """Every profile, in its order: (code, label)."""
    return [(p.code, p.label) for p in Profile.objects.order_by("order", "label")]


def promotion_groups(promotion=None) -> list[tuple[str, str]]:
    """The promotions, oldest first (only `promotion` when given): (slug, name)."""
    promotions = Promotion.objects.select_related("programme").order_by("year", "programme__code", "number")
    if promotion is not None:
        promotions = promotions.filter(pk=promotion.pk)
    return [(p.slug, str(p)) for p in promotions]


def _reads(breakdowns) -> tuple[tuple[str, ...], bool]:
    """What the breakdowns need read: (the answers' question keys, whether the wishes)."""
    answers = tuple(key for breakdown, key in ANSWER_OF.items() if breakdown in breakdowns)
    return answers, bool({"profile", "wish_rank"} & set(breakdowns))


def funnel(*, promotion=None, call=None, breakdowns=BREAKDOWN_KEYS) -> Funnel:
    """The funnel of one call, one promotion, or every promotion (neither given), with these
    breakdowns; only what they need is read: six queries for the whole alone, ten for them all."""
    answers, by_profile = _reads(breakdowns)
    columns = application_columns(promotion=promotion, call=call, answers=answers, wishes=by_profile)
    if call is not None:
        promotion = call.promotion
    return compute(
        columns,
        profiles=profile_groups() if by_profile else (),
        promotions=promotion_groups(promotion) if "promotion" in breakdowns else (),
        breakdowns=breakdowns,
    )


def funnels_by_promotion(*, calls=None, breakdowns=()) -> dict[str, Funnel]:
    """{promotion slug: its funnel} for every promotion with applications in scope (those of `calls`,
    a queryset of calls, when given; the whole alone by default): each the very funnel
    `funnel(promotion=…)` gives on the same applications, masked within the promotion, all read
    at once — the queries of one funnel whatever the number of promotions (six for the whole
    alone, seven with the civilities). No breakdown by promotion (each is one)."""
    if "promotion" in breakdowns:
        raise ValueError("a promotion's funnel has no breakdown by promotion")
    answers, by_profile = _reads(breakdowns)
    by_promotion: dict[str, list[Application]] = {}
    for row in application_rows(calls=calls, answers=answers, wishes=by_profile):
        by_promotion.setdefault(row.promotion, []).append(row)
    profiles = profile_groups() if by_profile else ()
    return {slug: compute(rows, profiles=profiles, breakdowns=breakdowns) for slug, rows in by_promotion.items()}


# --- Challenges -------------------------------------------------------------------------------------


def _ministry(row: dict, prefix: str) -> tuple[str, str]:
    """(slug, name) of the ministry an administration belongs to: itself when it is one."""
    if row[f"{prefix}kind"] == Administration.Kind.MINISTRY:
        return row[f"{prefix}slug"], row[f"{prefix}name"]
    return row[f"{prefix}parent_ministry__slug"] or "", row[f"{prefix}parent_ministry__name"] or ""


def _administration_fields(prefix: str) -> list[str]:
    return [f"{prefix}{field}" for field in ("kind", "slug", "name", "parent_ministry__slug", "parent_ministry__name")]


def challenge_rows(*, promotion=None) -> tuple[list[ProposedChallenge], list[tuple[str, str]]]:
    """The challenges of the scope and their ministries ([(slug, name)] by name); two queries.

    A proposal (eig.proposals) counts from its submission: proposed, then pre-selected, then
    selected by the jury (the same states as the call's own funnel, eig.proposals.queries).
    A challenge with no proposal (recorded before the platform, or by staff) was proposed and
    selected through the call of its time: selected when public, proposed otherwise.
    """
    proposals = Proposal.objects.filter(state__in=PROPOSED_STATES)
    challenges = Challenge.objects.filter(proposal__isnull=True)
    if promotion is not None:
        proposals = proposals.filter(dossier__call__promotion=promotion)
        challenges = challenges.filter(promotion=promotion)
    rows, ministries = [], {}
    for row in proposals.order_by("pk").values(
        "state", "dossier__call__promotion__slug", *_administration_fields("administration__")
    ):
        slug, name = _ministry(row, "administration__")
        if slug:
            ministries[slug] = name
        stage = (
            "selected"
            if row["state"] in SELECTED_STATES
            else "preselected"
            if row["state"] in PRESELECTED_STATES
            else "proposed"
        )
        rows.append(ProposedChallenge(stage, slug, row["dossier__call__promotion__slug"]))
    for row in challenges.order_by("pk").values(
        "status", "promotion__slug", *_administration_fields("administration__")
    ):
        slug, name = _ministry(row, "administration__")
        if slug:
            ministries[slug] = name
        stage = "selected" if row["status"] in Challenge.PUBLIC_STATUSES else "proposed"
        rows.append(ProposedChallenge(stage, slug, row["promotion__slug"]))
    return rows, sorted(ministries.items(), key=lambda item: (item[1].casefold(), item[0]))


def challenge_funnel(*, promotion=None) -> ChallengeFunnel:
    rows, ministries = challenge_rows(promotion=promotion)
    return compute_challenges(rows, ministries=ministries)
