"""The preview every bulk send of the programme team shows before its confirmation.

Field test, item 2: « Envoyer les propositions » sent offers, waiting-list notices and
rejections to every candidate in one click, with no preview. A bulk send (admissibility
decisions, offers and their outcomes, convocations) now first shows what will leave: how many
messages per outcome, the first recipients, and one rendered message per outcome in French and
in English, exactly as the notifications app renders it (eig.notifications.services.render);
only the preview's confirmation (a POST with confirm=1) sends. The page template includes
templates/staff/_send_preview.html with `preview`.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from eig.notifications.services import render
from eig.reviews.services import decision_message_context
from eig.selection.models import Outcome
from eig.selection.services import OUTCOME_TEMPLATES

# How many recipients the preview names; the others are counted.
FIRST_RECIPIENTS = 10

LANGUAGES = (("fr", _("En français")), ("en", _("En anglais")))


@dataclass(frozen=True)
class Rendered:
    language: str
    label: str
    subject: str
    body: str


@dataclass(frozen=True)
class Sample:
    """One outcome's message as its first recipient will read it, in each language."""

    outcome: str
    recipient: str
    messages: list[Rendered]


@dataclass(frozen=True)
class Recipient:
    name: str
    email: str
    outcome: str


@dataclass
class Preview:
    counts: list[tuple[str, int]]
    recipients: list[Recipient]
    samples: list[Sample] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(n for _label, n in self.counts)

    @property
    def first(self) -> list[Recipient]:
        return self.recipients[:FIRST_RECIPIENTS]

    @property
    def more(self) -> int:
        return max(0, len(self.recipients) - FIRST_RECIPIENTS)


def sample(outcome: str, recipient: str, template: str, context: dict | Callable[[], dict]) -> Sample:
    """`template` rendered in each language. `context` may be a callable: it is then called with
    each language active, so that what Python formats (a date, a profile's name) follows it."""
    messages = []
    for language, label in LANGUAGES:
        with translation.override(language):
            values = context() if callable(context) else context
        subject, body, _html = render(template, language, values)
        messages.append(Rendered(language=language, label=str(label), subject=subject, body=body))
    return Sample(outcome=outcome, recipient=recipient, messages=messages)


def preview(counts: Iterable[tuple[str, int]], recipients: Iterable[Recipient], samples=()) -> Preview:
    """The outcomes with at least one message, every recipient (the page names the first ones)."""
    return Preview(
        counts=[(str(label), n) for label, n in counts if n],
        recipients=list(recipients),
        samples=list(samples),
    )


# --- The three bulk sends ------------------------------------------------------------------------


def _first_of_each(items, key):
    firsts = {}
    for item in items:
        firsts.setdefault(key(item), item)
    return firsts


def offers_preview(notices) -> Preview:
    """« Envoyer les propositions »: offers, waiting-list notices and refusals
    (eig.selection.services.pending_notices)."""
    labels = {
        Outcome.Decision.LAUREATE: _("Proposition de poste"),
        Outcome.Decision.WAITING_LIST: _("Liste d'attente"),
        Outcome.Decision.REFUSED: _("Non retenu ou non retenue"),
    }
    counts = dict.fromkeys(OUTCOME_TEMPLATES, 0)
    for notice in notices:
        counts[notice.decision] += 1
    firsts = _first_of_each(notices, lambda n: n.decision)
    return preview(
        [(labels[decision], n) for decision, n in counts.items()],
        [Recipient(n.name, n.dossier.owner.email, str(labels[n.decision])) for n in notices],
        [sample(str(labels[d]), firsts[d].name, firsts[d].template, firsts[d].context) for d in counts if d in firsts],
    )


def convocations_preview(convocations) -> Preview:
    """« Envoyer les convocations »: each auditionee's, each seated juror's
    (eig.juries.services.planned_convocations)."""
    labels = {
        "audition_convocation": _("Convocation à l'audition"),
        "juror_convocation": _("Convocation d'un membre du jury"),
    }
    counts = dict.fromkeys(labels, 0)
    for convocation in convocations:
        counts[convocation.template] += 1
    firsts = _first_of_each(convocations, lambda c: c.template)
    return preview(
        [(labels[template], n) for template, n in counts.items()],
        [Recipient(c.name, c.email, str(labels[c.template])) for c in convocations],
        [sample(str(labels[t]), firsts[t].name, t, firsts[t].context) for t in labels if t in firsts],
    )


def decisions_preview(grid, dossiers, names, *, admissible: bool, reason: str, note: str) -> Preview:
    """The admissibility decisions about to be notified (eig.reviews.services.decide): `dossiers`
    are those whose decision changes, hence who get a message. The decisions page lists every
    recipient in its own table, so the preview names none."""
    label = _("Admissible") if admissible else _("Non admissible")
    samples = []
    if dossiers:
        first = dossiers[0]

        def context():
            return decision_message_context(grid, first, admissible=admissible, reason=reason, note=note)

        samples.append(sample(str(label), names.get(first.pk) or first.number, "admissibility_decision", context))
    return preview([(label, len(dossiers))], [], samples)
