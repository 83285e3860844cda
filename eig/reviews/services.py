"""State changes of the evaluation: one service each, logged.

Invitations, conflicts, assignment runs (engine), the "next unreviewed dossier"
mode, reviews (autosave and submit), programme remarks and admissibility
decisions (notified through the outbox).
"""

import unicodedata

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from eig.accounts.models import Role
from eig.applications.models import Wish
from eig.calls.models import Answer, Dossier
from eig.core.activity import log_activity
from eig.core.errors import DomainError
from eig.engines import assignment as engine
from eig.notifications.services import queue_notification

from . import conflicts as automatic
from . import defaults as default_grids
from .models import Assignment, AssignmentRun, Conflict, Decision, Grid, PairRule, Remark, Review, Reviewer

# --- Reads the services share -------------------------------------------------------


def reviewable_dossiers(grid: Grid):
    """The dossiers a grid scores: the call's submitted dossiers; for a jury grid, only
    those found admissible at pre-screening when the call had one."""
    dossiers = Dossier.objects.filter(call_id=grid.call_id, status=Dossier.Status.SUBMITTED)
    if grid.phase == Grid.Phase.JURY:
        prescreening = Grid.objects.filter(call_id=grid.call_id, phase=Grid.Phase.PRESCREENING).first()
        if prescreening is not None and prescreening.decisions.exists():
            dossiers = dossiers.filter(review_decisions__grid=prescreening, review_decisions__admissible=True)
    return dossiers.order_by("number")


def active_reviewers(grid: Grid):
    return grid.reviewers.filter(user__isnull=False, accepted_at__isnull=False, dropped_at__isnull=True).select_related(
        "user"
    )


def topics_of(dossiers) -> dict[int, frozenset[str]]:
    """What each dossier is about, matched against the reviewers' expertise tags: the
    profiles of the positions it wishes, and the candidate's stated profession."""
    topics = {d.pk: set() for d in dossiers}
    for dossier_id, code in Wish.objects.filter(dossier_id__in=topics).values_list(
        "dossier_id", "position__profile__code"
    ):
        topics[dossier_id].add(code)
    for dossier_id, value in Answer.objects.filter(dossier_id__in=topics, question__key="profession").values_list(
        "dossier_id", "value"
    ):
        if value:
            topics[dossier_id].add(str(value))
    return {pk: frozenset(values) for pk, values in topics.items()}


def _pair(assignment_or_rule) -> engine.Pair:
    return (str(assignment_or_rule.dossier_id), str(assignment_or_rule.reviewer_id))


def _check_open(grid: Grid, now):
    if now < grid.opens_at:
        raise DomainError(
            _("L'évaluation ouvrira le %(date)s.")
            % {"date": formats.date_format(timezone.localtime(grid.opens_at), "DATETIME_FORMAT")}
        )
    if now >= grid.closes_at:
        raise DomainError(
            _("L'évaluation est close depuis le %(date)s.")
            % {"date": formats.date_format(timezone.localtime(grid.closes_at), "DATETIME_FORMAT")}
        )


# --- Grids ---------------------------------------------------------------------------


def create_grid(call, phase: str, *, opens_at, closes_at, reveals_at=None, k: int = 3, blind: bool = False, by) -> Grid:
    """Install the default grid of the rules for this call and phase (defaults.DEFAULTS), with its dates."""
    spec = default_grids.default_grid(call, phase)
    if spec is None:
        raise DomainError(_("Il n'y a pas de grille prévue pour cette phase de cet appel."))
    if Grid.objects.filter(call=call, phase=phase).exists():
        raise DomainError(_("Cette phase a déjà sa grille d'évaluation."))
    if closes_at <= opens_at:
        raise DomainError(_("La clôture de l'évaluation doit suivre son ouverture."))
    if reveals_at is not None and reveals_at < opens_at:
        raise DomainError(_("Les notes ne peuvent pas être dévoilées avant l'ouverture de l'évaluation."))
    if k < 1:
        raise DomainError(_("Chaque dossier doit recevoir au moins une évaluation."))
    with transaction.atomic():
        grid = default_grids.install_grid(
            call, spec, opens_at=opens_at, closes_at=closes_at, reveals_at=reveals_at, k=k, blind=blind
        )
        log_activity("grid.created", grid, actor=by, call=call.pk, phase=phase, k=k, blind=blind)
    return grid


# --- Reviewers -----------------------------------------------------------------------


def invite_reviewer(grid: Grid, email: str, *, tags=(), capacity: int = 20, by, notify: bool = True) -> Reviewer:
    """Invite a person by email; inviting the same address twice updates the invitation.

    `notify=False` sends no invitation link: the person already said yes elsewhere (an alumnus
    accepting the programme team's invitation, eig.alumni), and their seat is accepted at once."""
    email = email.strip().lower()
    if capacity < 1:
        raise DomainError(_("Un évaluateur doit pouvoir recevoir au moins un dossier."))
    with transaction.atomic():
        reviewer, created = Reviewer.objects.update_or_create(
            grid=grid,
            email=email,
            defaults={"tags": sorted(set(tags)), "capacity": capacity, "invited_by": by},
        )
        if reviewer.dropped_at is not None:
            reviewer.dropped_at = None
            reviewer.save(update_fields=["dropped_at"])
        log_activity("reviewer.invited" if created else "reviewer.updated", reviewer, actor=by, grid=grid.pk)
        if not notify:
            return reviewer
        queue_notification(
            "reviewer_invitation",
            to=email,
            context={
                "grid": grid.title,
                "call": grid.call.title,
                "closes_at": formats.date_format(timezone.localtime(grid.closes_at), "DATETIME_FORMAT"),
                "url": settings.SITE_URL.rstrip("/")
                + reverse("evaluation:invitation", kwargs={"token": reviewer.token}),
            },
            key=f"reviewer-invitation:{reviewer.pk}",
        )
    return reviewer


def accept_invitation(reviewer: Reviewer, *, user, now=None) -> Reviewer:
    """The invited person takes their seat with the account they are signed in with."""
    now = now or timezone.now()
    with transaction.atomic():
        reviewer = Reviewer.objects.select_for_update().get(pk=reviewer.pk)
        if reviewer.user_id and reviewer.user_id != user.pk:
            raise DomainError(_("Cette invitation a déjà été acceptée par une autre personne."))
        if reviewer.dropped_at is not None:
            raise DomainError(_("Cette invitation a été retirée."))
        if Reviewer.objects.filter(grid=reviewer.grid, user=user).exclude(pk=reviewer.pk).exists():
            raise DomainError(_("Vous évaluez déjà cette grille."))
        if reviewer.accepted_at is None:
            reviewer.user = user
            reviewer.accepted_at = now
            reviewer.save(update_fields=["user", "accepted_at"])
            if not user.has_role(Role.REVIEWER):
                user.roles = [*(user.roles or []), Role.REVIEWER]
                user.save(update_fields=["roles"])
            log_activity("reviewer.accepted", reviewer, actor=user, grid=reviewer.grid_id)
            detect_conflicts(reviewer.grid, reviewers=[reviewer])
    return reviewer


def detect_conflicts(grid: Grid, *, reviewers=None, dossiers=None) -> int:
    """Store the automatic conflicts of the grid (idempotent); returns how many are new."""
    reviewers = list(reviewers if reviewers is not None else active_reviewers(grid))
    dossiers = list(dossiers if dossiers is not None else reviewable_dossiers(grid))
    found = automatic.detect(reviewers, dossiers)
    known = set(Conflict.objects.filter(reviewer__in=reviewers).values_list("reviewer_id", "dossier_id"))
    new = [
        Conflict(reviewer_id=r, dossier_id=d, source=Conflict.Source.AUTOMATIC, reason=reason)
        for (r, d), reason in found.items()
        if (r, d) not in known
    ]
    Conflict.objects.bulk_create(new, ignore_conflicts=True)
    # A conflict found after assignment removes the pair (and fills its place).
    clashing = list(Assignment.objects.filter(reviewer__in=reviewers, reviewer__conflicts__dossier_id=F("dossier_id")))
    for assignment in clashing:
        _remove_conflicted(assignment, by=None)
    if clashing:
        fill_gaps(grid, by=None)
    return len(new)


def declare_conflict(
    reviewer: Reviewer, dossier: Dossier, *, reason: str, by, source=Conflict.Source.DECLARED
) -> Conflict:
    """A conflict declared by the reviewer (or reported by staff): the pair is removed and replaced."""
    reason = reason.strip() or _("Conflit d'intérêts déclaré")
    with transaction.atomic():
        conflict, created = Conflict.objects.get_or_create(
            reviewer=reviewer, dossier=dossier, defaults={"source": source, "reason": reason[:300]}
        )
        if created:
            log_activity("reviewer.conflict_declared", conflict, actor=by, dossier=dossier.number, source=source)
        assignment = Assignment.objects.filter(reviewer=reviewer, dossier=dossier).first()
        if assignment is not None:
            _remove_conflicted(assignment, by=by)
            if reviewer.grid.mode == Grid.Mode.ASSIGNED:
                fill_gaps(reviewer.grid, by=by)
    return conflict


def _remove_conflicted(assignment: Assignment, *, by):
    """A conflicted pair's review cannot count; its content stays in the activity log."""
    review = Review.objects.filter(assignment=assignment).first()
    log_activity(
        "review.voided_by_conflict",
        assignment.dossier,
        actor=by,
        reviewer=assignment.reviewer_id,
        scores=review.scores if review else None,
        comment=review.comment if review else "",
    )
    assignment.delete()


def drop_reviewer(reviewer: Reviewer, *, by, now=None) -> int:
    """A reviewer drops out: their unfinished dossiers go to others, nothing else moves.

    Reviews they already submitted are kept and still count. Returns how many
    dossiers were given back to the engine.
    """
    now = now or timezone.now()
    with transaction.atomic():
        reviewer = Reviewer.objects.select_for_update().get(pk=reviewer.pk)
        if reviewer.dropped_at is not None:
            return 0
        reviewer.dropped_at = now
        reviewer.save(update_fields=["dropped_at"])
        unfinished = reviewer.assignments.filter(Q(review__isnull=True) | Q(review__submitted_at__isnull=True))
        count = unfinished.count()
        unfinished.delete()
        log_activity("reviewer.dropped", reviewer, actor=by, given_back=count)
        if reviewer.grid.mode == Grid.Mode.ASSIGNED:
            fill_gaps(reviewer.grid, by=by)
    return count


# --- Assignment --------------------------------------------------------------------


def build_instance(grid: Grid, *, keep_all: bool):
    """The engine's instance for the grid.

    keep_all: every current pair is pinned (filling gaps after a conflict or a
    dropout moves nobody else); otherwise only pairs whose review has started
    and staff's pins are kept, and the rest is optimised again.
    """
    dossiers = list(reviewable_dossiers(grid))
    reviewers = list(grid.reviewers.filter(user__isnull=False, accepted_at__isnull=False).select_related("user"))
    current = list(Assignment.objects.filter(reviewer__grid=grid).select_related("review"))
    loads = {}
    for a in current:
        loads[a.reviewer_id] = loads.get(a.reviewer_id, 0) + 1
    topics = topics_of(dossiers)
    engine_reviewers = []
    for r in reviewers:
        # A dropped reviewer stays only to carry the reviews they finished.
        capacity = loads.get(r.pk, 0) if r.dropped_at else r.capacity
        engine_reviewers.append(
            engine.Reviewer(id=str(r.pk), capacity=capacity, expertise=frozenset(r.tags), label=str(r))
        )
    conflicts = {
        (str(d), str(r))
        for r, d in Conflict.objects.filter(reviewer__grid=grid).values_list("reviewer_id", "dossier_id")
    }
    rules = list(PairRule.objects.filter(reviewer__grid=grid))
    forbidden = {_pair(rule) for rule in rules if rule.kind == PairRule.Kind.FORBID}
    # A dropped reviewer takes no new dossier: staff's pins on them lapse (their finished reviews stay).
    dropped = {r.pk for r in reviewers if r.dropped_at}
    pinned = {_pair(rule) for rule in rules if rule.kind == PairRule.Kind.PIN and rule.reviewer_id not in dropped}
    dossier_ids = {str(d.pk) for d in dossiers}
    for a in current:
        started = hasattr(a, "review")
        if keep_all or started:
            pinned.add(_pair(a))
    pinned = {p for p in pinned if p[0] in dossier_ids and p not in conflicts}
    instance = engine.Instance(
        dossiers=[engine.Dossier(id=str(d.pk), topics=topics[d.pk], label=d.number) for d in dossiers],
        reviewers=engine_reviewers,
        k=grid.reviews_per_dossier,
        conflicts=conflicts,
        forbidden=forbidden - pinned,
        pinned=pinned,
    )
    return instance, dossiers, current


def _apply(grid: Grid, instance, result, dossiers, current, *, by) -> AssignmentRun:
    if result.refusals:  # pins no assignment can honour: the run says which, and nothing moves
        run = AssignmentRun.objects.create(
            grid=grid,
            by=by,
            status=AssignmentRun.REFUSED,
            pairs=len(current),  # the assignments in place, untouched
            wall_seconds=result.wall_seconds,
            unmet=result.refusals,  # reviewer's name or dossier number -> the engine's French reason
        )
        log_activity("reviews.assigned", grid, actor=by, status=run.status, pairs=len(current), added=0, removed=0)
        return run
    problems = engine.validate(instance, result)
    if problems:  # never expected: the engine's own validator disagrees with it
        raise DomainError(_("La répartition calculée ne respecte pas les règles : %(p)s") % {"p": "; ".join(problems)})
    wanted = set(result.pairs)
    existing = {_pair(a): a for a in current}
    pins = {_pair(r) for r in PairRule.objects.filter(reviewer__grid=grid, kind=PairRule.Kind.PIN)}
    stale = [a.pk for pair, a in existing.items() if pair not in wanted]
    Assignment.objects.filter(pk__in=stale).delete()
    # A pair staff pinned after the engine had chosen it: it now stays because of the pin.
    kept_pins = wanted & pins
    repinned = [a for pair, a in existing.items() if pair in kept_pins and a.source == Assignment.Source.ENGINE]
    for a in repinned:
        a.source, a.reason = Assignment.Source.PIN, engine.explain(instance, result, _pair(a))[:500]
    Assignment.objects.bulk_update(repinned, ["source", "reason"])
    Assignment.objects.bulk_create(
        Assignment(
            reviewer_id=int(r),
            dossier_id=int(d),
            source=Assignment.Source.PIN if (d, r) in pins else Assignment.Source.ENGINE,
            reason=engine.explain(instance, result, (d, r))[:500],
        )
        for d, r in sorted(wanted - set(existing))
    )
    numbers = {str(d.pk): d.number for d in dossiers}
    run = AssignmentRun.objects.create(
        grid=grid,
        by=by,
        status=result.status,
        pairs=len(result.pairs),
        objective=result.objective,
        bound=result.bound,
        wall_seconds=result.wall_seconds,
        unmet={numbers.get(d, d): reason for d, reason in result.unmet.items()},
    )
    log_activity(
        "reviews.assigned",
        grid,
        actor=by,
        status=result.status,
        pairs=len(result.pairs),
        added=len(wanted - set(existing)),
        removed=len(stale),
    )
    return run


def run_assignment(grid: Grid, *, by) -> AssignmentRun:
    """Compute (or recompute) the grid's assignment; reviews already started never move."""
    if grid.mode != Grid.Mode.ASSIGNED:
        raise DomainError(_("Cette grille sert le dossier suivant à la demande : elle n'a pas de répartition."))
    with transaction.atomic():
        Grid.objects.select_for_update().filter(pk=grid.pk).first()
        detect_conflicts(grid)
        instance, dossiers, current = build_instance(grid, keep_all=False)
        return _apply(grid, instance, engine.assign(instance), dossiers, current, by=by)


def fill_gaps(grid: Grid, *, by) -> AssignmentRun | None:
    """Give every dossier its missing reviewers without moving any current pair."""
    if grid.mode != Grid.Mode.ASSIGNED or not grid.runs.exists():
        return None
    instance, dossiers, current = build_instance(grid, keep_all=True)
    return _apply(grid, instance, engine.assign(instance), dossiers, current, by=by)


def set_pair_rule(reviewer: Reviewer, dossier: Dossier, kind: str | None, *, by) -> PairRule | None:
    """Pin or forbid a pair for the next runs; kind None removes the rule. Takes effect at the next run."""
    with transaction.atomic():
        if kind is None:
            PairRule.objects.filter(reviewer=reviewer, dossier=dossier).delete()
            log_activity("reviews.pair_rule_removed", reviewer, actor=by, dossier=dossier.number)
            return None
        if kind == PairRule.Kind.PIN and Conflict.objects.filter(reviewer=reviewer, dossier=dossier).exists():
            raise DomainError(_("Impossible d'imposer ce dossier : l'évaluateur est en conflit d'intérêts avec lui."))
        rule, _created = PairRule.objects.update_or_create(
            reviewer=reviewer, dossier=dossier, defaults={"kind": kind, "created_by": by}
        )
        log_activity("reviews.pair_rule_set", reviewer, actor=by, dossier=dossier.number, kind=kind)
        return rule


def next_dossier(grid: Grid, reviewer: Reviewer, *, now=None) -> Assignment:
    """The "next unreviewed dossier" mode (the 2021 dashboard): the least reviewed
    dossier this reviewer has never been given and has no conflict with.

    The reviewer's unfinished one comes back first, so a double click serves one
    dossier, not two. Served under the grid's lock: two reviewers asking at once
    do not push a dossier past k.
    """
    now = now or timezone.now()
    _check_open(grid, now)
    with transaction.atomic():
        Grid.objects.select_for_update().filter(pk=grid.pk).first()
        unfinished = (
            reviewer.assignments.filter(Q(review__isnull=True) | Q(review__submitted_at__isnull=True))
            .select_related("dossier")
            .first()
        )
        if unfinished is not None:
            return unfinished
        if reviewer.assignments.count() >= reviewer.capacity:
            raise DomainError(_("Vous avez atteint le nombre de dossiers prévu pour vous. Merci !"))
        detect_conflicts(grid, reviewers=[reviewer])
        candidates = (
            reviewable_dossiers(grid)
            .exclude(review_assignments__reviewer=reviewer)
            .exclude(review_conflicts__reviewer=reviewer)
            .annotate(served=Count("review_assignments", filter=Q(review_assignments__reviewer__grid=grid)))
            .filter(served__lt=grid.reviews_per_dossier)
            .order_by("served", "?")
        )
        dossier = candidates.first()
        if dossier is None:
            raise DomainError(_("Il n'y a plus de dossier à évaluer pour vous dans cette grille."))
        assignment = Assignment.objects.create(
            reviewer=reviewer,
            dossier=dossier,
            source=Assignment.Source.NEXT,
            reason=_("Dossier parmi les moins évalués, que vous n'avez jamais vu et sans conflit d'intérêts.")
            + " "
            + _("Évaluations déjà attribuées : %(n)s sur %(k)s.")
            % {"n": dossier.served, "k": grid.reviews_per_dossier},
        )
        log_activity("reviews.next_served", assignment.dossier, actor=reviewer.user, reviewer=reviewer.pk)
    return assignment


# --- Reviews -------------------------------------------------------------------------


def _clean_scores(grid: Grid, criteria, scores: dict) -> dict:
    ids = {str(c.pk) for c in criteria}
    cleaned = {}
    for key, value in (scores or {}).items():
        key = str(key)
        if key not in ids:
            raise DomainError(_("Ce critère n'appartient pas à la grille."))
        if value in (None, ""):
            continue
        try:
            level = int(value)
        except (TypeError, ValueError):
            raise DomainError(_("Une note doit être un nombre entier.")) from None
        if not grid.scale_min <= level <= grid.scale_max:
            raise DomainError(
                _("Une note doit être comprise entre %(min)s et %(max)s.")
                % {"min": grid.scale_min, "max": grid.scale_max}
            )
        cleaned[key] = level
    return cleaned


def total_of(criteria, scores: dict) -> float | None:
    """The weighted sum of the levels, once every criterion is scored."""
    if any(str(c.pk) not in scores for c in criteria):
        return None
    return float(sum(c.weight * scores[str(c.pk)] for c in criteria))


def missing_in_review(grid: Grid, criteria, review: Review) -> list[str]:
    missing = [c.label for c in criteria if str(c.pk) not in review.scores]
    if grid.has_verdict and not review.verdict:
        missing.append(_("Avis général"))
    return missing


class IncompleteReview(DomainError):
    """Validation refused for a missing criterion; the scores given were saved as a draft."""


def save_review(
    assignment: Assignment, *, scores=None, comments=None, verdict="", comment="", by, now=None, submit=False
) -> Review:
    """Autosave a review (partial is fine); `submit` validates it once complete.

    A submit with criteria missing saves what was given as a draft, then raises
    IncompleteReview naming what is missing. Writes nothing when nothing changed. A submitted review can still be
    corrected until the grid closes; only submitted reviews count in the rankings.
    """
    now = now or timezone.now()
    grid = assignment.reviewer.grid
    _check_open(grid, now)
    if Conflict.objects.filter(reviewer_id=assignment.reviewer_id, dossier_id=assignment.dossier_id).exists():
        raise DomainError(_("Vous avez un conflit d'intérêts avec ce dossier."))
    criteria = list(grid.criteria.all())
    cleaned = _clean_scores(grid, criteria, scores)
    ids = {str(c.pk) for c in criteria}
    comments = {str(k): str(v).strip()[:2000] for k, v in (comments or {}).items() if str(k) in ids and str(v).strip()}
    if verdict and verdict not in Review.Verdict.values:
        raise DomainError(_("Cet avis n'existe pas."))
    if verdict and not grid.has_verdict:
        verdict = ""
    with transaction.atomic():
        review, created = Review.objects.select_for_update().get_or_create(assignment=assignment)
        changed = (review.scores, review.comments, review.verdict, review.comment) != (
            cleaned,
            comments,
            verdict,
            comment.strip(),
        )
        if changed:
            if review.submitted_at is not None and total_of(criteria, cleaned) is None:
                raise DomainError(_("Une évaluation validée doit garder une note pour chaque critère."))
            review.scores, review.comments, review.verdict, review.comment = cleaned, comments, verdict, comment.strip()
            review.total = total_of(criteria, cleaned)
        missing = missing_in_review(grid, criteria, review) if submit else []
        submitting = submit and not missing and review.submitted_at is None
        if submitting:
            review.submitted_at = now
        if changed or created or submitting:
            review.save()
            verb = "review.submitted" if submitting else ("review.corrected" if review.submitted_at else "review.saved")
            log_activity(verb, review, actor=by, total=review.total)
    if missing:
        # What was scored is kept as a draft; the validation waits for the rest.
        raise IncompleteReview(_("Il manque encore : %(items)s.") % {"items": ", ".join(missing)})
    return review


# --- Programme remarks and decisions --------------------------------------------------


def add_remark(dossier: Dossier, text: str, *, by) -> Remark:
    text = text.strip()
    if not text:
        raise DomainError(_("La remarque est vide."))
    remark = Remark.objects.create(dossier=dossier, author=by, text=text[:5000])
    log_activity("dossier.remark_added", dossier, actor=by)
    return remark


def decision_message_context(grid: Grid, dossier: Dossier, *, admissible: bool, reason: str, note: str) -> dict:
    """What the `admissibility_decision` message says; the staff preview renders the same."""
    return {
        "call": grid.call.title,
        "phase": grid.get_phase_display(),
        "number": dossier.number,
        "admissible": admissible,
        "reason": str(Decision.Reason(reason).label),
        "note": note.strip()[:500],
    }


# What staff type to send admissibility decisions while the call is still open (field test,
# item 2): a phrase, not a checkbox, so that it is never ticked out of habit. The same French words
# in every language: it is a code word, compared as typed (case, accents and spaces aside).
EARLY_SEND_PHRASE = "ENVOYER AVANT LA CLÔTURE"


class CallStillOpen(DomainError):
    """Decisions refused because the call has not closed and the phrase was not typed."""


def _folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text or "")
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).casefold().split())


def _check_call_closed(grid: Grid, *, early_confirmation: str, now) -> bool:
    """Whether the decisions leave before the call's deadline (then only with the typed phrase).

    Results never leave early: while the call is open, candidates may still change their dossier
    and reviews are not over, so an admissibility (or rejection) notice would be premature."""
    closes_at = grid.call.closes_at
    if now >= closes_at:
        return False
    if not (early_confirmation or "").strip():
        raise CallStillOpen(
            _(
                "L'appel est encore ouvert jusqu'au %(closes)s : les candidats peuvent encore modifier leur dossier. "
                "Les décisions d'admissibilité ne partent qu'après la clôture. Pour les envoyer quand même, tapez "
                "« %(phrase)s »."
            )
            % {
                "closes": formats.date_format(timezone.localtime(closes_at), "DATETIME_FORMAT"),
                "phrase": EARLY_SEND_PHRASE,
            }
        )
    if _folded(early_confirmation) != _folded(EARLY_SEND_PHRASE):
        raise CallStillOpen(
            _(
                "La phrase tapée ne correspond pas : tapez « %(phrase)s » pour envoyer les décisions avant la "
                "clôture de l'appel."
            )
            % {"phrase": EARLY_SEND_PHRASE}
        )
    return True


def decide(
    grid: Grid,
    dossiers,
    *,
    admissible: bool,
    reason: str,
    note: str = "",
    early_confirmation: str = "",
    by,
    now=None,
) -> list[Decision]:
    """Admissible or not, for each dossier; each decision is logged and notified once.

    Deciding the same again changes nothing and sends nothing; a changed decision
    is notified anew. Before the call's deadline, nothing is decided unless staff typed
    EARLY_SEND_PHRASE (`early_confirmation`); such an early send is logged as such.
    """
    now = now or timezone.now()
    if reason not in Decision.Reason.values:
        raise DomainError(_("Choisissez un motif."))
    if admissible and reason != Decision.Reason.SELECTED:
        raise DomainError(_("Un dossier admissible a pour motif « Retenu pour la suite »."))
    if not admissible and reason == Decision.Reason.SELECTED:
        raise DomainError(_("Choisissez le motif pour lequel le dossier n'est pas retenu."))
    dossiers = list(dossiers)
    foreign = [d.number for d in dossiers if d.call_id != grid.call_id or d.status != Dossier.Status.SUBMITTED]
    if foreign:
        raise DomainError(
            _("Ces dossiers ne sont pas des dossiers déposés de l'appel : %(n)s.") % {"n": ", ".join(foreign)}
        )
    early = _check_call_closed(grid, early_confirmation=early_confirmation, now=now)
    decisions, sent = [], []
    with transaction.atomic():
        for dossier in dossiers:
            decision = Decision.objects.select_for_update().filter(grid=grid, dossier=dossier).first()
            if decision and (decision.admissible, decision.reason, decision.note) == (admissible, reason, note.strip()):
                decisions.append(decision)
                continue
            if decision is None:
                decision = Decision(grid=grid, dossier=dossier)
            decision.admissible, decision.reason, decision.note = admissible, reason, note.strip()[:500]
            decision.decided_by, decision.decided_at = by, now
            decision.save()
            log_activity(
                "dossier.admissibility_decided", dossier, actor=by, grid=grid.pk, admissible=admissible, reason=reason
            )
            queue_notification(
                "admissibility_decision",
                to=dossier.owner.email,
                context=decision_message_context(
                    grid, dossier, admissible=admissible, reason=reason, note=decision.note
                ),
                key=f"admissibility:{grid.pk}:{dossier.pk}:{int(admissible)}:{reason}:{now.timestamp():.0f}",
            )
            decisions.append(decision)
            sent.append(dossier.number)
        if early and sent:
            log_activity(
                "call.decisions_sent_before_closing",
                grid.call,
                actor=by,
                grid=grid.pk,
                closes_at=grid.call.closes_at.isoformat(),
                admissible=admissible,
                dossiers=sent,
            )
    return decisions
