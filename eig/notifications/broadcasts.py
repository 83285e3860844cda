"""Messages the programme team writes to a group (issue 18, « Écrire à un groupe »).

A group is an *audience*: the apps that know the people register theirs in their
AppConfig.ready() (the drafts of an open call: eig.calls.audiences; the admissible candidates:
eig.reviews.audiences; a jury's or a panel's jurors: eig.juries.audiences…), with the parameters
it takes (which call, which jury) and a function giving its recipients. This module knows none
of those apps: a lower tier offers the registry, the higher ones fill it.

A message is drafted (`draft_broadcast`), previewed (`preview`: how many people, the first ones,
the message as they will read it) and sent once (`send_broadcast`): `sent_at` is set under the
broadcast's row lock, and each person gets one outbox message keyed
« broadcast:<broadcast>:<person> », so a double click or a second tab sends nothing more.

The team's subject and body are *data*: they reach the generic template
(templates/notifications/broadcast/<language>/) as two variables and are printed as they were
typed; a « {{ … }} » or « {% … %} » in them is never read as template code.
"""

import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eig.core.activity import log_activity
from eig.core.errors import DomainError
from eig.core.links import absolute
from eig.core.validators import has_control_characters

from .models import Broadcast
from .services import queue_notification, render

TEMPLATE = "broadcast"
SUBJECT_MAX = 200
BODY_MAX = 20_000
# How many recipients the preview names; the others are counted.
FIRST_RECIPIENTS = 10
LANGUAGES = ("fr", "en")


@dataclass(frozen=True)
class Parameter:
    """One choice an audience needs (a call, a jury): offered as a list, checked against it."""

    name: str
    label: str  # a lazy translation
    # [(value, label)] offered now (an audience of drafts offers only the open calls).
    choices: Callable[[], list[tuple[str, str]]]
    # {value: label} of every value ever offered, for the history of sent messages (default: choices).
    labels: Callable[[], Mapping[str, str]] | None = None

    def label_of(self) -> Mapping[str, str]:
        return self.labels() if self.labels is not None else dict(self.choices())


@dataclass(frozen=True)
class Recipient:
    """A person an audience reaches; `dossier`: the dossier the message is about, if any (it is
    logged there), whose language the message follows."""

    email: str
    name: str = ""
    user_id: int | None = None
    language: str = "fr"
    dossier: object | None = None

    @classmethod
    def of_user(cls, user, *, dossier=None, language=None) -> "Recipient":
        language = language or (getattr(dossier, "language", "") if dossier is not None else "") or "fr"
        return cls(user.email, user.get_full_name(), user.pk, language, dossier)

    @property
    def key(self) -> str:
        """Who the person is, in this broadcast's outbox keys: their account, else their address."""
        if self.user_id is not None:
            return str(self.user_id)
        return "email-" + hashlib.sha256(self.email.strip().lower().encode()).hexdigest()[:24]


@dataclass(frozen=True)
class Audience:
    key: str
    label: str  # a lazy translation
    recipients: Callable[[dict], Iterable[Recipient]]
    parameters: tuple[Parameter, ...] = ()
    help_text: str = ""


_audiences: dict[str, Audience] = {}


def register_audience(
    key: str,
    label,
    *,
    recipients: Callable[[dict], Iterable[Recipient]],
    parameters: Iterable[Parameter] = (),
    help_text="",
) -> Audience:
    """Offer a group to the team's messages. `recipients(parameters)` gets the checked parameters
    ({name: value}) and returns the people, each once per dossier concerned (Recipient)."""
    audience = Audience(key, label, recipients, tuple(parameters), help_text)
    _audiences[key] = audience
    return audience


def unregister_audience(key: str) -> None:
    _audiences.pop(key, None)


def audiences() -> list[Audience]:
    return list(_audiences.values())


def audience_of(key: str) -> Audience:
    try:
        return _audiences[key]
    except KeyError:
        raise DomainError(_("Choisissez les destinataires dans la liste.")) from None


def clean_parameters(audience: Audience, raw: Mapping) -> dict[str, str]:
    """The audience's parameters, each one of the values it offers now; a French DomainError otherwise."""
    cleaned = {}
    for parameter in audience.parameters:
        value = str((raw or {}).get(parameter.name) or "")
        if value not in dict(parameter.choices()):
            raise DomainError(
                _("« %(parameter)s » : choisissez une valeur de la liste (elle n'est peut-être plus proposée).")
                % {"parameter": parameter.label}
            )
        cleaned[parameter.name] = value
    return cleaned


def people(recipients: Iterable[Recipient]) -> list[Recipient]:
    """Each person once (their first dossier's language), in the audience's order."""
    seen, unique = set(), []
    for recipient in recipients:
        if recipient.key not in seen:
            seen.add(recipient.key)
            unique.append(recipient)
    return unique


def recipients_of(broadcast: Broadcast) -> list[Recipient]:
    """Every recipient the broadcast's audience gives now (a person once per dossier concerned)."""
    audience = audience_of(broadcast.audience)
    return list(audience.recipients(clean_parameters(audience, broadcast.parameters)))


def describe(broadcasts: Iterable[Broadcast]) -> dict[int, str]:
    """{broadcast id: « Brouillons … — Appel : EIG 9 »}; one read per parameter kind, whatever the number."""
    labels: dict[tuple[str, str], Mapping[str, str]] = {}
    described = {}
    for broadcast in broadcasts:
        audience = _audiences.get(broadcast.audience)
        if audience is None:
            described[broadcast.pk] = broadcast.audience
            continue
        parts = [str(audience.label)]
        for parameter in audience.parameters:
            key = (audience.key, parameter.name)
            if key not in labels:
                labels[key] = parameter.label_of()
            known = labels[key]
            value = str((broadcast.parameters or {}).get(parameter.name) or "")
            parts.append(f"{parameter.label} : {known.get(value, value)}")
        described[broadcast.pk] = " — ".join(parts)
    return described


# --- Drafting, previewing, sending ---------------------------------------------------------------


def _clean_text(subject: str, body: str) -> tuple[str, str]:
    subject = " ".join((subject or "").split())
    body = (body or "").strip().replace("\r\n", "\n")
    if not subject:
        raise DomainError(_("Écrivez l'objet du message."))
    if not body:
        raise DomainError(_("Écrivez le message."))
    if len(subject) > SUBJECT_MAX:
        raise DomainError(_("L'objet tient en %(n)d caractères au plus.") % {"n": SUBJECT_MAX})
    if len(body) > BODY_MAX:
        raise DomainError(_("Le message tient en %(n)d caractères au plus.") % {"n": BODY_MAX})
    if has_control_characters(subject) or has_control_characters(body):
        raise DomainError(_("Ce texte contient un caractère non autorisé (caractère de contrôle)."))
    return subject, body


def draft_broadcast(
    *, audience: str, parameters: Mapping, subject: str, body: str, by, broadcast: Broadcast | None = None
) -> Broadcast:
    """Save a message not sent yet (a new one, or `broadcast` changed); nothing leaves."""
    chosen = audience_of(audience)
    cleaned = clean_parameters(chosen, parameters)
    subject, body = _clean_text(subject, body)
    with transaction.atomic():
        if broadcast is None:
            broadcast = Broadcast.objects.create(
                audience=chosen.key, parameters=cleaned, subject=subject, body=body, created_by=by
            )
            log_activity("broadcast.drafted", broadcast, actor=by, audience=chosen.key)
            return broadcast
        locked = Broadcast.objects.select_for_update().get(pk=broadcast.pk)
        if locked.sent_at is not None:
            raise DomainError(_("Ce message est déjà envoyé : il ne se modifie plus."))
        locked.audience, locked.parameters, locked.subject, locked.body = chosen.key, cleaned, subject, body
        locked.save(update_fields=["audience", "parameters", "subject", "body", "updated_at"])
        log_activity("broadcast.edited", locked, actor=by, audience=chosen.key)
    return locked


def message_context(broadcast: Broadcast, recipient: Recipient) -> dict:
    """What the generic template reads: the team's words as plain values, never as template code."""
    return {
        "name": recipient.name,
        "subject": broadcast.subject,
        "body": broadcast.body,
        "reference": getattr(recipient.dossier, "number", ""),
        "url": absolute("/"),
    }


@dataclass(frozen=True)
class Rendered:
    language: str
    subject: str
    body: str


@dataclass
class Preview:
    recipients: list[Recipient]  # each person once
    dossiers: int  # the dossiers concerned (each gets « message envoyé » in its log)
    samples: list[Rendered] = field(default_factory=list)  # the first person's message, in each language

    @property
    def total(self) -> int:
        return len(self.recipients)

    @property
    def first(self) -> list[Recipient]:
        return self.recipients[:FIRST_RECIPIENTS]

    @property
    def more(self) -> int:
        return max(0, self.total - FIRST_RECIPIENTS)


def preview(broadcast: Broadcast) -> Preview:
    """Who would receive the message now and how it reads (French and English), sending nothing."""
    everyone = recipients_of(broadcast)
    unique = people(everyone)
    sample = unique[0] if unique else Recipient(email="", name="Camille Dupont")  # an empty group still reads
    samples = []
    for language in LANGUAGES:
        subject, body, _html = render(TEMPLATE, language, message_context(broadcast, sample))
        samples.append(Rendered(language, subject, body))
    return Preview(unique, len({r.dossier.pk for r in everyone if r.dossier is not None}), samples)


def send_broadcast(broadcast: Broadcast, *, by, expected: int | None = None, now=None) -> int:
    """Queue one message per person of the audience, once; returns how many were queued.

    `sent_at` is set under the broadcast's row lock: a second send (a double click, two tabs)
    finds it set and queues nothing (0). `expected`: the count the preview showed; if the group
    changed since (a draft submitted meanwhile), nothing leaves and the team previews again.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = Broadcast.objects.select_for_update().get(pk=broadcast.pk)
        if locked.sent_at is not None:
            return 0
        everyone = recipients_of(locked)
        unique = people(everyone)
        if not unique:
            raise DomainError(_("Personne ne fait partie de ce groupe aujourd'hui : aucun message n'est envoyé."))
        if expected is not None and expected != len(unique):
            raise DomainError(
                _(
                    "Le groupe a changé depuis l'aperçu (%(before)d destinataires, %(now)d maintenant) : "
                    "rien n'est envoyé. Vérifiez le nouvel aperçu, puis confirmez."
                )
                % {"before": expected, "now": len(unique)}
            )
        for person in unique:
            queue_notification(
                TEMPLATE,
                to=person.email,
                language=person.language,
                context=message_context(locked, person),
                key=f"broadcast:{locked.pk}:{person.key}",
            )
        for recipient in everyone:
            if recipient.dossier is not None:
                log_activity(
                    "dossier.message_sent", recipient.dossier, actor=by, message=locked.pk, subject=locked.subject
                )
        Broadcast.objects.filter(pk=locked.pk).update(sent_at=now, recipients=len(unique), updated_at=now)
        log_activity("broadcast.sent", locked, actor=by, audience=locked.audience, recipients=len(unique))
    broadcast.refresh_from_db()
    return len(unique)
