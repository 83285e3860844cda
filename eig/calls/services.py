"""State changes of dossiers: one service per transition, each logged.

The server's clock decides every deadline (Règlement 2020 art. 5: "seule la
date d'enregistrement sur la plateforme fait foi"). Services take `now` so
tests can freeze the clock; views never pass it.
"""

import hashlib
import json
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from eig.accounts.models import Role
from eig.core.activity import log_activity
from eig.core.errors import DomainError
from eig.files.services import store_upload

from . import navigation
from .answers import clean_answer
from .extensions import lock_message, sections_for
from .models import Answer, Call, Dossier, DossierVersion, Question, Step
from .receipts import queue_receipt
from .states import DOSSIER
from .structure import form_of


def _deadline_text(moment) -> str:
    local = timezone.localtime(moment)  # TIME_ZONE is Europe/Paris
    return _("%(date)s à %(time)s (heure de Paris)") % {
        "date": formats.date_format(local, "j F Y"),
        "time": local.strftime("%H:%M"),
    }


# What a refusal after the closing is logged as, by what was attempted (each verb in verbs.py).
LATE_REFUSALS = {
    "start": "dossier.late_start_refused",
    "edit": "dossier.late_edit_refused",
    "submit": "dossier.late_submit_refused",
}


def refuse_outside_call(call: Call, dossier, *, by, now, action: str):
    if now < call.opens_at:
        raise DomainError(_("L'appel ouvre le %(when)s.") % {"when": _deadline_text(call.opens_at)})
    if now >= call.closes_at:
        # Callers check before opening their transaction, so this record is kept.
        log_activity(LATE_REFUSALS[action], dossier, actor=by, at=now.isoformat())
        raise DomainError(
            _(
                "L'appel est clos depuis le %(when)s : votre dossier ne peut plus être modifié ni déposé. "
                "Vos réponses enregistrées restent consultables."
            )
            % {"when": _deadline_text(call.closes_at)}
        )


def _refuse_closed(dossier: Dossier):
    if not DOSSIER.is_in(dossier.status, "editable"):
        raise DomainError(_("Ce dossier a été retiré : il ne peut plus être modifié."))


def _refuse_locked(dossier: Dossier):
    message = lock_message(dossier)
    if message:
        raise DomainError(message)


def questions_of(call: Call) -> list[Question]:
    """Every question of the call in the form's order, each with its step (read once per process while the
    call's form stays the same: eig.calls.structure)."""
    return form_of(call).questions_list()


def answers_of(dossier: Dossier) -> dict:
    """{question key: value} of the dossier's saved answers."""
    if not Dossier.call.is_cached(dossier):  # no query for the call only to read its form
        return dict(dossier.answers.values_list("question__key", "value"))
    keys = form_of(dossier.call).keys()
    return {keys[question_id]: value for question_id, value in dossier.answers.values_list("question_id", "value")}


def start_dossier(call: Call, *, owner, now=None, shared=False, period="") -> Dossier:
    """The person's dossier for this call, created on first visit while the call is open.

    `shared=True` always starts a new dossier (an administration proposing several
    challenges to one call); a person's own dossier is unique per call and `period`
    (a form filled every week has one dossier per week).
    """
    now = now or timezone.now()
    if not shared:
        existing = Dossier.objects.filter(call=call, owner=owner, shared=False, period=period).first()
        if existing is not None:
            return existing
    refuse_outside_call(call, None, by=owner, now=now, action="start")
    with transaction.atomic():
        if shared:
            dossier, created = (
                Dossier.objects.create(
                    call=call, owner=owner, shared=True, period=period, number=f"tmp-{uuid.uuid4().hex}"
                ),
                True,
            )
        else:
            dossier, created = Dossier.objects.get_or_create(
                call=call, owner=owner, shared=False, period=period, defaults={"number": f"tmp-{uuid.uuid4().hex}"}
            )
        if created:
            dossier.number = f"{call.dossier_prefix}-{dossier.pk:06d}"
            dossier.save(update_fields=["number"])
            log_activity("dossier.started", dossier, actor=owner)
            if call.kind == Call.Kind.APPLICATIONS and Role.CANDIDATE not in (owner.roles or []):
                # Starting an application makes the person a candidate (DOMAIN.md roles).
                owner.roles = [*(owner.roles or []), Role.CANDIDATE.value]
                owner.save(update_fields=["roles"])
    return dossier


def save_step(dossier: Dossier, step: Step, data: dict, *, by, now=None) -> dict:
    """Save the answers of one step; returns {question key: French error} for the invalid ones.

    Only the questions whose key is in `data` change: a key absent from `data` keeps its answer,
    a key with an empty value (None, "", []) empties it. Valid answers are saved even when
    others are not: nothing typed is lost.
    """
    now = now or timezone.now()
    _refuse_closed(dossier)
    refuse_outside_call(dossier.call, dossier, by=by, now=now, action="edit")
    _refuse_locked(dossier)
    errors, values = {}, {}
    questions = [
        q for q in form_of(dossier.call).questions_of_step(step.pk) if q.key in data and q.kind != Question.Kind.FILE
    ]
    for question in questions:  # files arrive through attach_file, never as a typed value
        try:
            values[question.pk] = clean_answer(question, data[question.key])
        except ValidationError as error:
            errors[question.key] = error.messages[0]
    # A few queries whatever the number of questions, and no write for what did not change:
    # autosaves send the whole step every few seconds on a deadline evening.
    existing = dict(
        Answer.objects.filter(dossier=dossier, question__in=list(values)).values_list("question_id", "value")
    )
    changed = {pk: v for pk, v in values.items() if v is not None and existing.get(pk) != v}
    emptied = [pk for pk, v in values.items() if v is None and pk in existing]  # an emptied answer is no answer
    if not (changed or emptied or errors) and dossier.last_step == step.slug:
        return errors
    with transaction.atomic():
        if changed:
            Answer.objects.bulk_create(
                [Answer(dossier=dossier, question_id=pk, value=v) for pk, v in changed.items()],
                update_conflicts=True,
                unique_fields=["dossier", "question"],
                update_fields=["value", "updated_at"],
            )
        if emptied:
            Answer.objects.filter(dossier=dossier, question_id__in=emptied).delete()
        if changed or emptied or dossier.last_step != step.slug:
            Dossier.objects.filter(pk=dossier.pk).update(last_step=step.slug, updated_at=now)
        if changed or emptied or errors:
            log_activity(
                "dossier.step_saved",
                dossier,
                actor=by,
                step=step.slug,
                changed=sorted(q.key for q in questions if q.pk in changed or q.pk in emptied),
                errors=sorted(errors),
            )
    dossier.last_step = step.slug
    return errors


def attach_file(dossier: Dossier, question: Question, uploaded_file, *, by, now=None):
    """Store an upload as the answer to a file question, replacing the previous file.

    The upload is sniffed, capped and scanned by eig.files; a refused file
    raises UploadRefused (a DomainError) and leaves the dossier as it was.
    """
    now = now or timezone.now()
    _refuse_closed(dossier)
    refuse_outside_call(dossier.call, dossier, by=by, now=now, action="edit")
    _refuse_locked(dossier)
    if question.kind != Question.Kind.FILE or question.step.call_id != dossier.call_id:
        raise DomainError(_("Cette question n'attend pas de fichier."))
    stored = store_upload(
        uploaded_file,
        owner=dossier.owner,
        allowed_types=set(question.file_types or ["application/pdf"]),
        max_bytes=question.max_bytes,
    )
    with transaction.atomic():
        Answer.objects.update_or_create(
            dossier=dossier, question=question, defaults={"value": str(stored.public_id), "stored_file": stored}
        )
        Dossier.objects.filter(pk=dossier.pk).update(updated_at=now)
        log_activity("dossier.file_attached", dossier, actor=by, question=question.key, file=str(stored.public_id))
    return stored


def remove_file(dossier: Dossier, question: Question, *, by, now=None) -> None:
    now = now or timezone.now()
    _refuse_closed(dossier)
    refuse_outside_call(dossier.call, dossier, by=by, now=now, action="edit")
    _refuse_locked(dossier)
    with transaction.atomic():
        Answer.objects.filter(dossier=dossier, question=question).delete()
        log_activity("dossier.file_removed", dossier, actor=by, question=question.key)


def missing_for(dossier: Dossier, questions=None, answers=None) -> list[str]:
    """The checklist: what the steps still lack, the questions first, then the sections (eig.calls.navigation)."""
    questions = questions_of(dossier.call) if questions is None else questions
    answers = answers_of(dossier) if answers is None else answers
    return navigation.checklist(dossier, questions, answers)


def snapshot(dossier: Dossier, questions, answers: dict) -> tuple[dict, str]:
    """The content of a submitted version and its SHA-256 digest (canonical JSON).

    Read in the site's language (French) whatever the request's: a section reads translated texts
    (the wishes name their challenges), and the content must not depend on who reads it, or a
    version submitted on /en/ would look changed (« brouillon plus récent ») to the team in French."""
    content = {
        "dossier": dossier.number,
        "call": dossier.call.slug,
        "answers": {q.key: answers.get(q.key) for q in questions},
    }
    with translation.override(settings.LANGUAGE_CODE):
        for section in sections_for(dossier.call):
            content[section.key] = section.content(dossier)
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return content, hashlib.sha256(canonical.encode()).hexdigest()


def submit_dossier(dossier: Dossier, *, by, now=None, language: str | None = None) -> DossierVersion:
    """Submit (or resubmit) the dossier; exactly one version per distinct content.

    A double click or two tabs submitting at once give one version: the second
    finds the same content already submitted and gets that version back.
    `language`: the one the holder submits in (the request's): the dossier keeps it
    (Dossier.language) and its receipt and later emails follow it; None keeps the dossier's.
    """
    now = now or timezone.now()
    # The clock is read once, when the request arrives: waiting for a lock cannot make it late.
    refuse_outside_call(dossier.call, dossier, by=by, now=now, action="submit")
    with transaction.atomic():
        # Lock the dossier's row only (`of`): joining the call must not lock it, or every
        # submit of the call would wait for every other on PostgreSQL.
        dossier = Dossier.objects.select_for_update(of=("self",)).select_related("call").get(pk=dossier.pk)
        DOSSIER.check_move(
            dossier.status, Dossier.Status.SUBMITTED, _("Ce dossier a été retiré : il ne peut plus être déposé.")
        )
        _refuse_locked(dossier)
        questions, answers = questions_of(dossier.call), answers_of(dossier)
        missing = missing_for(dossier, questions, answers)
        if missing:
            raise DomainError(_("Le dossier est incomplet. Il manque : %(items)s.") % {"items": " ; ".join(missing)})
        content, digest = snapshot(dossier, questions, answers)
        latest = dossier.versions.order_by("-number").first()
        if latest is not None and latest.digest == digest and dossier.status == Dossier.Status.SUBMITTED:
            return latest
        # The row lock above serialises submits of one dossier: no other writer can interleave.
        dossier.language = dossier_language(language) or dossier.language
        Dossier.objects.filter(pk=dossier.pk).update(
            status=Dossier.Status.SUBMITTED, submitted_at=now, version=F("version") + 1, language=dossier.language
        )
        version = DossierVersion.objects.create(
            dossier=dossier, number=dossier.version + 1, submitted_at=now, content=content, digest=digest
        )
        log_activity("dossier.submitted", dossier, actor=by, version=version.number, digest=digest)
        if dossier.call.sends_receipt:
            queue_receipt(version)
    return version


def dossier_language(language: str | None) -> str | None:
    """A request's language ("en-gb", "fr") as a dossier keeps it ("en" or "fr"); None for none."""
    if not language:
        return None
    return "en" if language.lower().startswith("en") else "fr"


def withdraw_dossier(dossier: Dossier, *, by, now=None) -> Dossier:
    """Withdraw a draft or submitted dossier; withdrawing it again changes and logs nothing."""
    now = now or timezone.now()
    with transaction.atomic():
        # Guarded by the table's sources: the move happens once, whatever the race.
        updated = Dossier.objects.filter(pk=dossier.pk, status__in=DOSSIER.sources(Dossier.Status.WITHDRAWN)).update(
            status=Dossier.Status.WITHDRAWN, updated_at=now
        )
        if updated:
            log_activity("dossier.withdrawn", dossier, actor=by)
    dossier.refresh_from_db()
    return dossier
