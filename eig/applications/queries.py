"""Shared reads of wishes and of the positions a call offers."""

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Prefetch, Q
from django.utils import timezone

from eig.calls import queries as calls_queries
from eig.calls.models import Call, Dossier
from eig.challenges.models import Challenge, Position, Profile
from eig.challenges.publication import not_held_back

from .models import Wish

# A position can be wished for once its challenge is selected and recruiting, and no hold keeps it
# back (eig.challenges.publication: a challenge selected from a call for challenges waits for the approvers).
OFFERED_STATUSES = [Challenge.Status.SELECTED, Challenge.Status.RECRUITING]


def _offered_q() -> Q:
    return Q(challenge__status__in=OFFERED_STATUSES) & not_held_back("challenge__")


def offered_positions(call: Call):
    return (
        Position.objects.filter(_offered_q(), challenge__promotion_id=call.promotion_id)
        .select_related("challenge__administration", "profile")
        .order_by("challenge__title", "order", "pk")
    )


def wishes_of(dossier):
    return list(dossier.wishes.select_related("position__challenge", "position__profile").order_by("rank"))


def wishes_in_dossier(call: Call) -> bool:
    return call.kind == Call.Kind.APPLICATIONS and call.wishes_mode == Call.WishesMode.WITH_DOSSIER


# --- The programme team's reads of a call's dossiers (eig.web.staff) ---------


def wishes_needed_q() -> Q:
    """`wishes_in_dossier`, in SQL, for a queryset of dossiers."""
    return Q(call__kind=Call.Kind.APPLICATIONS, call__wishes_mode=Call.WishesMode.WITH_DOSSIER)


def with_completeness(queryset):
    """Annotate `has_wish` and `is_complete`: what `missing_for` checks, without a query per dossier.

    Mirrors the checklist of the dossier engine: the required questions
    (calls.queries.with_answer_progress) and, when the call asks for them in
    the dossier, at least one wish (applications.sections).
    """
    queryset = calls_queries.with_answer_progress(queryset).annotate(
        has_wish=Exists(Wish.objects.filter(dossier=OuterRef("pk")))
    )
    complete = calls_queries.questions_answered_q() & (Q(has_wish=True) | ~wishes_needed_q())
    return queryset.annotate(is_complete=ExpressionWrapper(complete, output_field=BooleanField()))


def ranked_wishes():
    return Wish.objects.select_related("position__challenge", "position__profile").order_by("rank")


def staff_dossiers(call: Call):
    """A call's dossiers with their owner, completeness and ranked wishes (prefetched). Read through the
    call's related manager, each dossier gets `call` itself (no join, no copy of the call per row)."""
    return (
        with_completeness(call.dossiers.select_related("owner"))
        .prefetch_related(Prefetch("wishes", queryset=ranked_wishes()))
        .order_by("-created_at", "-pk")
    )


def filter_staff_dossiers(queryset, *, status="", position=None, profile=None, completeness="", text=""):
    if status:
        queryset = queryset.filter(status=status)
    if position is not None:
        queryset = queryset.filter(Exists(Wish.objects.filter(dossier=OuterRef("pk"), position=position)))
    if profile is not None:
        queryset = queryset.filter(Exists(Wish.objects.filter(dossier=OuterRef("pk"), position__profile=profile)))
    if completeness == "complete":
        queryset = queryset.filter(is_complete=True)
    elif completeness == "incomplete":
        queryset = queryset.filter(is_complete=False)
    if text:
        queryset = calls_queries.search_dossiers(queryset, text)
    return queryset


def wishable_positions(call: Call):
    """The positions a call offers, plus any already wished in it (a challenge may have moved on since)."""
    wished = Wish.objects.filter(dossier__call=call).values("position_id")
    return (
        Position.objects.filter((Q(challenge__promotion_id=call.promotion_id) & _offered_q()) | Q(pk__in=wished))
        .select_related("challenge", "profile")
        .order_by("challenge__title", "order", "pk")
    )


def funnel_of_calls(calls) -> dict[int, dict]:
    """{call id: counts} of dossiers started, complete and incomplete drafts, submitted,
    withdrawn, and submitted per profile wished first ({profile: count}). Two queries."""
    draft, submitted = Dossier.Status.DRAFT, Dossier.Status.SUBMITTED
    rows = (
        with_completeness(Dossier.objects.filter(call__in=calls))
        .order_by()
        .values("call_id")
        .annotate(
            started=Count("pk"),
            complete_drafts=Count("pk", filter=Q(status=draft, is_complete=True)),
            incomplete_drafts=Count("pk", filter=Q(status=draft, is_complete=False)),
            submitted=Count("pk", filter=Q(status=submitted)),
            withdrawn=Count("pk", filter=Q(status=Dossier.Status.WITHDRAWN)),
        )
    )
    empty = {"started": 0, "complete_drafts": 0, "incomplete_drafts": 0, "submitted": 0, "withdrawn": 0}
    funnel = {call.pk: {**empty, "first_wish_profiles": {}} for call in calls}
    for row in rows:
        funnel[row.pop("call_id")].update(row)
    first_wishes = (
        Wish.objects.filter(rank=1, dossier__call__in=calls, dossier__status=submitted)
        .order_by()
        .values("dossier__call_id", "position__profile_id")
        .annotate(n=Count("dossier_id"))
    )
    profiles = {p.pk: p for p in Profile.objects.all()}
    for row in first_wishes:
        funnel[row["dossier__call_id"]]["first_wish_profiles"][profiles[row["position__profile_id"]]] = row["n"]
    for counts in funnel.values():
        counts["first_wish_profiles"] = dict(
            sorted(counts["first_wish_profiles"].items(), key=lambda i: (i[0].order, i[0].label))
        )
    return funnel


def wishes_by_dossier(dossiers) -> dict[int, list]:
    """{dossier id: ranked wishes} for a queryset of dossiers, in one query."""
    found: dict[int, list] = {}
    for wish in ranked_wishes().filter(dossier__in=dossiers.order_by().values("pk")).iterator(chunk_size=2000):
        found.setdefault(wish.dossier_id, []).append(wish)
    return found


def open_application_call(promotion, now=None):
    """The promotion's call for applications open right now, if any."""
    now = now or timezone.now()
    return Call.objects.filter(
        promotion=promotion, kind=Call.Kind.APPLICATIONS, opens_at__lte=now, closes_at__gt=now
    ).first()
