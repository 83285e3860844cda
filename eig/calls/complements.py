"""Requests for complement: the programme team asks one dossier's holder for a document or a
written answer before a date (issue 18, « Writing to people »).

The holder is told by email (once: outbox key « complement:<request> ») and finds the request in
their space; they answer once, before the date, a second answer or a late one being refused in
French. The answer joins the dossier: the team and the reviewers read it beside the answers, and
a file given goes through the platform's upload checks (eig.files: sniffed, capped, scanned) and
is downloaded by the dossier's readers as its other files are (reading.dossiers_holding). The
request and the answer are both logged on the dossier.

The server's clock decides the date, as for the call's closing: services take `now` so tests can
freeze it; views never pass it.
"""

from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from eig.core.activity import log_activity
from eig.core.errors import DomainError
from eig.core.links import absolute
from eig.core.validators import has_control_characters
from eig.files.services import store_upload
from eig.files.validation import KNOWN_TYPES
from eig.notifications.services import queue_notification

from .models import Call, ComplementRequest, Dossier

MESSAGE_MAX = 5000
ANSWER_MAX = 10_000
# What a document may be: the formats the platform recognises from their content.
DOCUMENT_TYPES = frozenset(KNOWN_TYPES)

Kind = ComplementRequest.Kind


def due_text(moment, language: str | None = None) -> str:
    """« 12 mars 2026 à 14:30 » (Paris time), in `language` (the active one by default)."""
    with translation.override(language or translation.get_language() or "fr"):
        local = timezone.localtime(moment)  # TIME_ZONE is Europe/Paris
        return _("%(date)s à %(time)s") % {"date": formats.date_format(local, "j F Y"), "time": local.strftime("%H:%M")}


def answer_url(request: ComplementRequest, language: str = "fr") -> str:
    """Where the holder answers: their dossier's request page in « Mon espace », in their language."""
    with translation.override(language):
        path = reverse("candidates:complement", kwargs={"number": request.dossier.number, "complement": request.pk})
    return absolute(path)


def _clean_text(text: str, *, limit: int, empty: str) -> str:
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        raise DomainError(empty)
    if len(text) > limit:
        raise DomainError(_("Ce texte tient en %(n)d caractères au plus.") % {"n": limit})
    if has_control_characters(text):  # PostgreSQL refuses NUL: said to the person, not a 500
        raise DomainError(_("Ce texte contient un caractère non autorisé (caractère de contrôle)."))
    return text


# --- Asking ------------------------------------------------------------------------------------


def request_complement(dossier: Dossier, kind: str, message: str, due_at, *, by, now=None) -> ComplementRequest:
    """Ask the holder of a submitted candidacy for a document or an answer before `due_at`; the
    holder is emailed once (in the dossier's language) and the request is logged on the dossier."""
    now = now or timezone.now()
    if kind not in Kind.values:
        raise DomainError(_("Choisissez ce qui est demandé : un document ou une réponse écrite."))
    message = _clean_text(message, limit=MESSAGE_MAX, empty=_("Écrivez ce que vous demandez."))
    if due_at is None or due_at <= now:
        raise DomainError(_("La date limite de réponse doit être à venir."))
    with transaction.atomic():
        dossier = Dossier.objects.select_for_update(of=("self",)).select_related("call", "owner").get(pk=dossier.pk)
        if dossier.shared or dossier.call.kind != Call.Kind.APPLICATIONS:
            # A proposal of an administration has its own questions (eig.proposals, « Poser une question »).
            raise DomainError(_("Une demande de complément porte sur le dossier d'une candidature."))
        if dossier.status != Dossier.Status.SUBMITTED:
            raise DomainError(_("Une demande de complément porte sur un dossier déposé (ce dossier ne l'est pas)."))
        request = ComplementRequest.objects.create(
            dossier=dossier, kind=kind, message=message, due_at=due_at, asked_by=by
        )
        log_activity(
            "dossier.complement_requested", dossier, actor=by, request=request.pk, kind=kind, due_at=due_at.isoformat()
        )
        queue_notification(
            "complement_request",
            to=dossier.owner.email,
            language=dossier.language,
            context={
                "first_name": dossier.owner.first_name,
                "call_title": dossier.call.title,
                "reference": dossier.number,
                "kind": kind,
                "message": message,
                "due_on": due_text(due_at, dossier.language),
                "url": answer_url(request, dossier.language),
            },
            key=f"complement:{request.pk}",
        )
    return request


# --- Answering ---------------------------------------------------------------------------------


def refusal(request: ComplementRequest, user, now=None) -> str:
    """Why `user` may not answer `request` now, in French; "" when they may (the pages ask it to
    show the form or the reason, the service asks it again under the row lock)."""
    now = now or timezone.now()
    dossier = request.dossier
    if user is None or dossier.owner_id != getattr(user, "pk", None):
        return _("Seule la personne titulaire du dossier répond à cette demande.")
    if request.answered_at is not None:
        return _("Vous avez déjà répondu à cette demande : une réponse envoyée ne se modifie pas.")
    if dossier.status == Dossier.Status.WITHDRAWN:
        return _("Ce dossier a été retiré : la demande n'attend plus de réponse.")
    if now >= request.due_at:
        return _(
            "La date limite de réponse (%(when)s, heure de Paris) est passée : la réponse n'est plus acceptée. "
            "Écrivez à l'équipe du programme si vous pensez à une erreur."
        ) % {"when": due_text(request.due_at)}
    return ""


def answer_complement(request: ComplementRequest, *, text=None, file=None, by, now=None) -> ComplementRequest:
    """The holder answers, once and before the date: a document request needs a file (a note may
    come with it), an answer request a text (a file may come with it). The file is checked by
    eig.files (its content sniffed, its size capped, then scanned) before anything is saved."""
    now = now or timezone.now()  # read once, when the request arrives: waiting for the lock cannot make it late
    request = ComplementRequest.objects.select_related("dossier").get(pk=request.pk)
    reason = refusal(request, by, now)
    holder = request.dossier.owner_id == getattr(by, "pk", None)
    if reason and holder and request.answered_at is None and now >= request.due_at:
        # A late answer is logged as a late submit is (checked before the transaction: the record is kept).
        log_activity(
            "dossier.complement_late_refused", request.dossier, actor=by, request=request.pk, at=now.isoformat()
        )
    if reason:
        raise DomainError(reason)
    text = (text or "").replace("\r\n", "\n").strip()
    if request.kind == Kind.DOCUMENT and not file:
        raise DomainError(_("Joignez le document demandé."))
    if request.kind == Kind.ANSWER and not text:
        raise DomainError(_("Écrivez votre réponse."))
    if text:
        text = _clean_text(text, limit=ANSWER_MAX, empty=_("Écrivez votre réponse."))
    with transaction.atomic():
        locked = ComplementRequest.objects.select_for_update(of=("self",)).select_related("dossier").get(pk=request.pk)
        reason = refusal(locked, by, now)  # a second tab may have answered meanwhile
        if reason:
            raise DomainError(reason)
        # Stored under the lock: a refused upload (UploadRefused, a DomainError) leaves nothing behind.
        stored = store_upload(file, owner=locked.dossier.owner, allowed_types=set(DOCUMENT_TYPES)) if file else None
        ComplementRequest.objects.filter(pk=locked.pk).update(
            answered_at=now, answer_text=text, answer_file=stored, updated_at=now
        )
        log_activity(
            "dossier.complement_answered",
            locked.dossier,
            actor=by,
            request=locked.pk,
            file=str(stored.public_id) if stored else "",
        )
    request.refresh_from_db()
    return request
