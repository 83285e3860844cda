"""State changes of challenge proposals: one service each, logged and notified.

The selection runs submitted → pre-selected (or not) → auditioned → selected (or
not) by the jury → validated by the programme → published, when the challenge
built from the dossier goes public and its positions are offered to candidates.
"""

import itertools

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from eig.accounts.models import Role
from eig.calls import services as dossier_services
from eig.calls.models import Call
from eig.challenges.models import Administration, Challenge, Position, Profile
from eig.community.models import Membership, Person
from eig.core.activity import log_activity
from eig.core.errors import DomainError
from eig.notifications.services import queue_notification

from .models import Agent, Proposal, StaffQuestion

State = Proposal.State

# Decisions staff may take, from → to (validation and publication have their own services).
DECISIONS = {
    State.PRESELECTED: {State.SUBMITTED},
    State.NOT_PRESELECTED: {State.SUBMITTED},
    State.AUDITIONED: {State.PRESELECTED},
    State.SELECTED: {State.AUDITIONED},
    State.NOT_SELECTED: {State.AUDITIONED, State.PRESELECTED},
}


# --- Agents ---------------------------------------------------------------------


def email_domain(email: str) -> str:
    return email.rsplit("@", 1)[-1].lower()


def join_administration(user, administration: Administration, *, function: str = "") -> Agent:
    """Make the person an agent of the administration.

    Anyone may declare it; the agency counts only once confirmed. It is confirmed
    at once for the administration's first agent, or when the person's address
    shares its domain with a confirmed agent's (colleagues); otherwise staff confirm it.
    """
    with transaction.atomic():
        agent, created = Agent.objects.get_or_create(
            user=user, administration=administration, defaults={"function": function}
        )
        if created:
            confirmed = Agent.objects.filter(administration=administration, confirmed=True)
            colleagues = {email_domain(a.user.email) for a in confirmed.select_related("user")}
            if not confirmed.exists() or email_domain(user.email) in colleagues:
                Agent.objects.filter(pk=agent.pk).update(confirmed=True)
                agent.confirmed = True
            if Role.ADMINISTRATION_AGENT not in (user.roles or []):
                user.roles = [*(user.roles or []), Role.ADMINISTRATION_AGENT.value]
                user.save(update_fields=["roles"])
            log_activity("agent.joined", administration, actor=user, confirmed=agent.confirmed)
    return agent


def confirm_agent(agent: Agent, *, by) -> Agent:
    with transaction.atomic():
        Agent.objects.filter(pk=agent.pk).update(confirmed=True)
        log_activity("agent.confirmed", agent.administration, actor=by, agent=agent.user_id)
    agent.confirmed = True
    return agent


def administrations_of(user):
    """The administrations a person acts for (confirmed agencies only)."""
    return Administration.objects.filter(agents__user=user, agents__confirmed=True)


def is_agent_of(user, administration_id) -> bool:
    return Agent.objects.filter(user=user, administration_id=administration_id, confirmed=True).exists()


# --- Notifications --------------------------------------------------------------


def _notify_administration(proposal: Proposal, template: str, key: str, **context):
    recipients = Agent.objects.filter(administration=proposal.administration, confirmed=True).select_related("user")
    url = settings.SITE_URL.rstrip("/") + reverse(
        "administrations:proposal", kwargs={"number": proposal.dossier.number}
    )
    base = {
        "reference": proposal.dossier.number,
        "title": proposal_title(proposal),
        "administration": proposal.administration.name,
        "call_title": proposal.dossier.call.title,
        "url": url,
    }
    for agent in recipients:
        queue_notification(
            template,
            to=agent.user.email,
            context={**base, **context, "first_name": agent.user.first_name},
            key=f"{key}:{agent.user_id}",
        )


def proposal_title(proposal: Proposal) -> str:
    answer = proposal.dossier.answers.filter(question__key="nom_projet").first()
    return (answer.value if answer else "") or proposal.dossier.number


# --- The dossier ------------------------------------------------------------------


def start_proposal(call: Call, *, by, administration: Administration, now=None) -> Proposal:
    if call.kind != Call.Kind.CHALLENGES:
        raise DomainError(_("Cet appel n'est pas un appel à défis."))
    if not is_agent_of(by, administration.pk):
        raise DomainError(_("Vous n'agissez pas (encore) pour cette administration."))
    # A double click on « Commencer »: the agent's still-empty draft is returned, not a second one.
    empty = (
        Proposal.objects.filter(dossier__call=call, dossier__owner=by, administration=administration, state=State.DRAFT)
        .filter(dossier__answers__isnull=True)
        .first()
    )
    if empty is not None:
        return empty
    with transaction.atomic():
        dossier = dossier_services.start_dossier(call, owner=by, now=now, shared=True)
        proposal = Proposal.objects.create(dossier=dossier, administration=administration)
        log_activity("proposal.started", proposal, actor=by, administration=administration.pk)
    return proposal


def submit_proposal(proposal: Proposal, *, by, now=None):
    """Submit (or resubmit) the dossier; the first submit makes the proposal « déposée »."""
    version = dossier_services.submit_dossier(proposal.dossier, by=by, now=now)
    with transaction.atomic():
        if Proposal.objects.filter(pk=proposal.pk, state=State.DRAFT).update(state=State.SUBMITTED):
            log_activity("proposal.submitted", proposal, actor=by, version=version.number)
    proposal.refresh_from_db()
    return version


# --- Decisions --------------------------------------------------------------------


def decide(proposal: Proposal, to_state: str, *, by, comment: str = "") -> Proposal:
    """Move a proposal one step of the selection; refused unless the rules allow that step."""
    allowed = DECISIONS.get(to_state)
    if allowed is None:
        raise DomainError(_("Cette décision n'existe pas."))
    with transaction.atomic():
        current = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if current.state not in allowed:
            raise DomainError(
                _("La proposition est « %(state)s » : elle ne peut pas passer à « %(to)s ».")
                % {"state": current.get_state_display(), "to": State(to_state).label}
            )
        Proposal.objects.filter(pk=proposal.pk).update(state=to_state, updated_at=timezone.now())
        log_activity(f"proposal.{to_state}", proposal, actor=by, comment=comment)
        _notify_administration(
            proposal,
            "proposal_decision",
            key=f"proposal:{proposal.pk}:{to_state}",
            state=str(State(to_state).label),
            comment=comment,
        )
    proposal.refresh_from_db()
    return proposal


def ask_question(proposal: Proposal, text: str, *, by) -> StaffQuestion:
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Écrivez la question à poser."))
    with transaction.atomic():
        question = StaffQuestion.objects.create(proposal=proposal, text=text, asked_by=by, asked_at=timezone.now())
        log_activity("proposal.question_asked", proposal, actor=by, question=question.pk)
        _notify_administration(proposal, "proposal_question", key=f"proposal-question:{question.pk}", question=text)
    return question


def answer_question(question: StaffQuestion, text: str, *, by) -> StaffQuestion:
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Écrivez votre réponse."))
    with transaction.atomic():
        locked = StaffQuestion.objects.select_for_update().get(pk=question.pk)
        if locked.answered_at is not None:
            raise DomainError(_("Cette question a déjà reçu une réponse."))
        StaffQuestion.objects.filter(pk=question.pk).update(answer=text, answered_by=by, answered_at=timezone.now())
        log_activity("proposal.question_answered", question.proposal, actor=by, question=question.pk)
    question.refresh_from_db()
    return question


# --- From dossier to challenge ----------------------------------------------------------


def _unique_slug(promotion, title: str) -> str:
    base = slugify(title)[:100] or "defi"
    for n in itertools.count(1):
        slug = base if n == 1 else f"{base}-{n}"
        if not Challenge.objects.filter(promotion=promotion, slug=slug).exists():
            return slug
    raise AssertionError  # unreachable


def challenge_body(answers: dict) -> str:
    """The challenge page's Markdown, assembled from the dossier's sections."""
    sections = [
        (_("Le problème"), answers.get("contexte")),
        (_("Le défi"), answers.get("solution")),
        (_("Les bénéfices attendus"), answers.get("benefices")),
        (_("L'équipe et le terrain"), answers.get("acteurs")),
    ]
    return "\n\n".join(f"## {title}\n\n{text}" for title, text in sections if text)


def _mentor(name: str, role: str, challenge: Challenge, order: int):
    name = (name or "").strip()
    if not name:
        return
    slug = slugify(name)[:100] or "mentor"
    person, _created = Person.objects.get_or_create(
        slug=_free_person_slug(slug, name), defaults={"name": name, "role": Person.Role.MENTOR, "is_public": False}
    )
    person.promotions.add(challenge.promotion)
    Membership.objects.get_or_create(person=person, challenge=challenge, role=role, defaults={"order": order})


def _free_person_slug(slug: str, name: str) -> str:
    for n in itertools.count(1):
        candidate = slug if n == 1 else f"{slug}-{n}"
        existing = Person.objects.filter(slug=candidate).first()
        if existing is None or existing.name == name:
            return candidate
    raise AssertionError  # unreachable


def validate_proposal(proposal: Proposal, *, by) -> Challenge:
    """A selected proposal becomes a draft challenge with one position per slot, for staff to edit."""
    with transaction.atomic():
        current = Proposal.objects.select_for_update().select_related("dossier__call__promotion").get(pk=proposal.pk)
        if current.state != State.SELECTED:
            raise DomainError(_("Seule une proposition retenue par le jury peut être validée."))
        answers = dossier_services.answers_of(current.dossier)
        promotion = current.dossier.call.promotion
        title = answers.get("nom_projet") or current.dossier.number
        challenge = Challenge.objects.create(
            title=title[:200],
            slug=_unique_slug(promotion, title),
            summary=(answers.get("resume") or "").replace("\n", " ")[:300],
            body=challenge_body(answers),
            promotion=promotion,
            administration=current.administration,
            town=current.administration.town,
            status=Challenge.Status.PROPOSED,
        )
        count = int(answers.get("nombre_eig") or 2)
        profiles = []
        for n in range(1, count + 1):
            code = answers.get(f"profil_{n}")
            profile = Profile.objects.filter(code=code).first() if code else None
            if profile is None:
                continue
            Position.objects.create(
                challenge=challenge, profile=profile, mission=answers.get(f"mission_{n}") or "", order=n
            )
            profiles.append(profile)
        challenge.profiles.set(profiles)
        _mentor(answers.get("mentor1_nom"), Membership.Role.OPERATIONAL_MENTOR, challenge, 1)
        _mentor(answers.get("mentor2_nom"), Membership.Role.OPERATIONAL_MENTOR, challenge, 2)
        _mentor(answers.get("mentor_haut_niveau_nom"), Membership.Role.HIGH_LEVEL_MENTOR, challenge, 3)
        Proposal.objects.filter(pk=proposal.pk).update(
            state=State.VALIDATED, challenge=challenge, updated_at=timezone.now()
        )
        log_activity("proposal.validated", proposal, actor=by, challenge=challenge.pk)
        _notify_administration(
            proposal,
            "proposal_decision",
            key=f"proposal:{proposal.pk}:validated",
            state=str(State.VALIDATED.label),
            comment="",
        )
    proposal.refresh_from_db()
    return challenge


def publish_proposal(proposal: Proposal, *, by) -> Challenge:
    """The challenge goes public and its positions are offered to the call for applications."""
    with transaction.atomic():
        current = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if current.state != State.VALIDATED or current.challenge_id is None:
            raise DomainError(_("Seule une proposition validée peut être publiée."))
        challenge = Challenge.objects.get(pk=current.challenge_id)
        if not challenge.positions.exists():
            raise DomainError(_("Le défi n'a aucun poste : ajoutez-en avant de le publier."))
        challenge.status = Challenge.Status.RECRUITING
        challenge.save(update_fields=["status", "updated_at"])
        Proposal.objects.filter(pk=proposal.pk).update(state=State.PUBLISHED, updated_at=timezone.now())
        log_activity("proposal.published", proposal, actor=by, challenge=challenge.pk)
        _notify_administration(
            proposal,
            "proposal_decision",
            key=f"proposal:{proposal.pk}:published",
            state=str(State.PUBLISHED.label),
            comment=challenge.get_absolute_url(),
        )
    proposal.refresh_from_db()
    return challenge
