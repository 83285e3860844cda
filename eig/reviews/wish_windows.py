"""The two-stage mode from the staff pages (issue 18, point 6): in a call whose wishes are asked after the
pre-selection (Call.WishesMode.AFTER_PRESELECTION, the 2021 calls), the programme team opens the wish
window of every candidate found admissible at the pre-screening, each told once by email; the candidate's
dossier then shows its « Vœux » step (eig.applications.sections) until the window closes.

Here and not in eig.applications: who is admissible is the evaluation's decision (Decision), and an app
reads only the apps below it. Opening again opens nothing twice and mails nobody twice: a dossier that has
its window keeps it, and each message's key is its dossier.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eig.applications.queries import offered_positions
from eig.applications.services import open_wish_window
from eig.calls.models import Call, Dossier
from eig.core.activity import log_activity
from eig.core.errors import DomainError
from eig.core.links import absolute_url
from eig.notifications.services import queue_notification
from eig.notifications.texts import register_notification, sample_moment, sample_url

from .models import Grid


def is_two_stage(call: Call) -> bool:
    return call.kind == Call.Kind.APPLICATIONS and call.wishes_mode == Call.WishesMode.AFTER_PRESELECTION


def prescreening_grid(call: Call) -> Grid | None:
    return Grid.objects.filter(call=call, phase=Grid.Phase.PRESCREENING).first()


def admissible_dossiers(call: Call):
    """The call's submitted dossiers found admissible at the pre-screening, with their holder and
    their wish window (None before it opens), by number: two queries, whatever their number."""
    return (
        Dossier.objects.filter(
            call=call,
            status=Dossier.Status.SUBMITTED,
            review_decisions__grid__call=call,
            review_decisions__grid__phase=Grid.Phase.PRESCREENING,
            review_decisions__admissible=True,
        )
        .select_related("owner", "wish_window")
        .order_by("number")
    )


def window_of(dossier: Dossier):
    """The dossier's wish window, or None (read from `admissible_dossiers`' select_related)."""
    # A missing reverse one-to-one raises RelatedObjectDoesNotExist, an AttributeError.
    return getattr(dossier, "wish_window", None)


@dataclass(frozen=True)
class WindowsOpened:
    opened: list  # the dossiers whose window opened now, each holder told
    already: int  # admissible dossiers whose window was open before: left as they are


def _closes_text(closes_at, language: str) -> str:
    local = timezone.localtime(closes_at)  # TIME_ZONE is Europe/Paris
    with translation.override(language):
        return _("%(date)s à %(time)s (heure de Paris)") % {
            "date": formats.date_format(local, "j F Y"),
            "time": local.strftime("%H:%M"),
        }


def wish_window_context(dossier: Dossier, closes_at) -> dict:
    """What the `wish_window_opened` message says, in the dossier's language."""
    language = dossier.language or "fr"
    with translation.override(language):
        title = dossier.call.title
        url = absolute_url("candidates:wishes", number=dossier.number)
    return {
        "first_name": dossier.owner.first_name,
        "call_title": title,
        "number": dossier.number,
        "closes_on": _closes_text(closes_at, language),
        "max_wishes": dossier.call.max_wishes,
        "url": url,
    }


def open_wishes_for_admissible(call: Call, *, closes_at, by, now=None) -> WindowsOpened:
    """Open the wish window until `closes_at` for each admissible candidate who has none yet, and tell
    each of them once. Refused outside the two-stage mode, for a past date, before any admissible
    decision, or while the call offers no position to wish for."""
    now = now or timezone.now()
    if not is_two_stage(call):
        raise DomainError(_("Dans cet appel, les vœux font partie du dossier : il n'y a pas de recueil à ouvrir."))
    if closes_at <= now:
        raise DomainError(_("La fin du recueil des vœux doit être dans le futur."))
    if prescreening_grid(call) is None:
        raise DomainError(_("Cet appel n'a pas de grille de présélection : les vœux suivent ses décisions."))
    if not offered_positions(call).exists():
        raise DomainError(
            _("Aucun poste n'est encore proposé aux candidats : retenez d'abord les défis qui recrutent.")
        )
    with transaction.atomic():
        # One opening at a time per call: a double click waits for the first and then finds the windows.
        Call.objects.select_for_update().filter(pk=call.pk).first()
        dossiers = list(admissible_dossiers(call))
        if not dossiers:
            raise DomainError(_("Aucun dossier n'est admissible à la présélection pour le moment."))
        pending = [dossier for dossier in dossiers if window_of(dossier) is None]
        for dossier in pending:
            open_wish_window(dossier, closes_at=closes_at, by=by, now=now)
            queue_notification(
                "wish_window_opened",
                to=dossier.owner.email,
                language=dossier.language,
                context=wish_window_context(dossier, closes_at),
                key=f"wish-window:{dossier.pk}",
            )
        if pending:
            log_activity(
                "call.wish_windows_opened",
                call,
                actor=by,
                closes_at=closes_at.isoformat(),
                dossiers=[dossier.number for dossier in pending],
                already=len(dossiers) - len(pending),
            )
    return WindowsOpened(opened=pending, already=len(dossiers) - len(pending))


# --- The message, for the email texts the team edits (eig.notifications.texts) -----------------------


def _sample() -> dict:
    return {
        "first_name": "Camille",
        "call_title": _("Appel à candidatures EIG 10"),
        "number": "EIG10-000042",
        "closes_on": _closes_text(sample_moment(26, 23, 59), translation.get_language() or "fr"),
        "max_wishes": 3,
        "url": sample_url("candidates:wishes", number="EIG10-000042"),
    }


register_notification(
    "wish_window_opened",
    label=gettext_lazy("Recueil des vœux ouvert (candidats admissibles, mode en deux temps)"),
    variables={
        "first_name": gettext_lazy("prénom de la personne candidate"),
        "call_title": gettext_lazy("titre de l'appel"),
        "number": gettext_lazy("numéro du dossier"),
        "closes_on": gettext_lazy("date et heure de fin du recueil des vœux (heure de Paris)"),
        "max_wishes": gettext_lazy("nombre maximal de vœux (1 à 3)"),
        "url": gettext_lazy("lien vers l'étape « Vœux » du dossier"),
    },
    sample=_sample,
)
