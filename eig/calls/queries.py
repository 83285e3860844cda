"""Shared reads of calls and dossiers for the programme team's pages.

Completeness is computed in SQL (two correlated subqueries per dossier) so a
page of 50 dossiers, a filter on completeness and the funnel counts of every
call each cost one query, whatever the number of dossiers.
"""

from django.db.models import Count, Exists, F, Func, IntegerField, OuterRef, Q, Subquery, TextField, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from eig.core.models import ActivityLog

from .models import Answer, Call, ComplementRequest, Dossier, Question

# The answers the text search reads besides the owner's account (keys of eig.calls.defaults).
SEARCHED_ANSWER_KEYS = ["prenom", "nom"]


class JSONText(Func):
    """A JSON scalar as plain text: a string answer without its quotes or escapes.

    Django stores JSON on SQLite with ASCII escapes ("Zo\\u00e9"): a search on
    the raw column would miss every accented letter.
    """

    output_field = TextField()
    arity = 1

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="JSON_EXTRACT(%(expressions)s, '$')", **extra)

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="(%(expressions)s #>> '{}')", **extra)

    def as_sql(self, compiler, connection, template=None, **extra):
        template = template or "CAST(%(expressions)s AS TEXT)"
        return super().as_sql(compiler, connection, template=template, **extra)


def calls_for_staff():
    return Call.objects.select_related("promotion").order_by("-opens_at")


# What a call's page « Calendrier » lists: how it was made and each change of its dates (eig.calls.setup).
CALENDAR_VERBS = ("call.created", "call.duplicated", "call.dates_changed")


def calendar_history(call: Call):
    """The call's creation and date changes, newest first, with who acted."""
    return (
        ActivityLog.objects.filter(target_type=Call._meta.label_lower, target_id=str(call.pk), verb__in=CALENDAR_VERBS)
        .select_related("actor")
        .order_by("-at", "-id")
    )


def answered_required_filter() -> Q:
    """What `answers.is_answered` says, in SQL: a declaration counts only when ticked.

    The engine never stores an empty answer ("" and [] become NULL), so any
    non-NULL value of another kind is an answer.
    """
    declaration = Question.Kind.DECLARATION
    return Q(question__required=True) & (
        Q(question__kind=declaration, value=True) | (~Q(question__kind=declaration) & Q(value__isnull=False))
    )


def with_answer_progress(queryset):
    """Annotate `required_total` (the call's required questions) and `required_answered`."""
    required_total = (
        Question.objects.filter(step__call=OuterRef("call_id"), required=True)
        .order_by()
        .values("step__call")
        .annotate(n=Count("pk"))
        .values("n")
    )
    required_answered = (
        Answer.objects.filter(answered_required_filter(), dossier=OuterRef("pk"))
        .order_by()
        .values("dossier")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return queryset.annotate(
        required_total=Coalesce(Subquery(required_total, output_field=IntegerField()), Value(0)),
        required_answered=Coalesce(Subquery(required_answered, output_field=IntegerField()), Value(0)),
    )


def questions_answered_q() -> Q:
    """Every required question answered (use on a queryset `with_answer_progress`)."""
    return Q(required_answered__gte=F("required_total"))


def search_dossiers(queryset, text: str):
    """Every word must be found in the number, the owner's email or name, or the first/last name answers."""
    for word in text.split():
        in_answers = Exists(
            Answer.objects.filter(dossier=OuterRef("pk"), question__key__in=SEARCHED_ANSWER_KEYS)
            .annotate(text=JSONText("value"))
            .filter(text__icontains=word)
        )
        queryset = queryset.filter(
            Q(number__icontains=word)
            | Q(owner__email__icontains=word)
            | Q(owner__first_name__icontains=word)
            | Q(owner__last_name__icontains=word)
            | in_answers
        )
    return queryset


def versions_of(dossier: Dossier):
    return list(dossier.versions.order_by("number"))


def activity_of(dossier: Dossier):
    """The activity log of a dossier, oldest first, with who acted."""
    return (
        ActivityLog.objects.filter(target_type=Dossier._meta.label_lower, target_id=str(dossier.pk))
        .select_related("actor")
        .order_by("at", "id")
    )


# --- Requests for complement (complements.py) --------------------------------------------------


def complements_of(dossier: Dossier) -> list[ComplementRequest]:
    """A dossier's requests for complement, newest first, with their answer's file and who asked."""
    return list(
        ComplementRequest.objects.filter(dossier=dossier)
        .select_related("answer_file", "asked_by")
        .order_by("-created_at", "-id")
    )


def open_complements_for(user, now=None) -> list[ComplementRequest]:
    """The requests a person may still answer on their own dossiers (« Mon espace »), soonest due first."""
    return list(
        ComplementRequest.objects.filter(
            dossier__owner=user,
            dossier__shared=False,
            dossier__status=Dossier.Status.SUBMITTED,
            answered_at__isnull=True,
            due_at__gt=now or timezone.now(),
        )
        .select_related("dossier__call")
        .order_by("due_at", "id")
    )
