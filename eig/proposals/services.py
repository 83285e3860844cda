"""State changes of challenge proposals: one service each, logged and notified.

The selection runs submitted → pre-selected (or not) → auditioned → selected (or
not) by the jury → validated by the programme → published, when the challenge
built from the dossier goes public and its positions are offered to candidates.
Between validation and publication, the call's list of selected challenges goes to
the approvers (approval.py): publication waits for their approval.
"""

import itertools
import re

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
from eig.core import mail_domains
from eig.core.activity import log_activity
from eig.core.errors import DomainError
from eig.core.validators import has_control_characters
from eig.notifications.services import queue_notification

from . import approval
from .models import Agent, AllowedEmailDomain, ChallengeSelection, Proposal, StaffQuestion
from .states import CHALLENGE_SELECTION, PROPOSAL, frozen_reason

State = Proposal.State

# Decisions staff may take, to → from, in the states' order (eig.proposals.states: the « decisions »
# group; validation and publication have their own services).
DECISIONS = {to: PROPOSAL.sources(to) for to in State.values if PROPOSAL.is_in(to, "decisions")}


# --- Agents ---------------------------------------------------------------------
#
# Nobody acts for an administration on their word alone (security review F2): joining
# records a pending agency that the programme team confirms or refuses. Two cases confirm
# at once, each a proof the programme trusts: an address of an institutional domain staff
# put on the administration's allow-list, or a ProConnect sign-in for the administration's SIRET.

Via = Agent.Via

# A domain name: labels of letters, digits and hyphens, at least two, a final label of letters.
DOMAIN_RE = re.compile(r"^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$")
SIRET_RE = re.compile(r"^\d{14}$")


def email_domain(email: str) -> str:
    return mail_domains.email_domain(email)


def clean_siret(value) -> str:
    """A SIRET of 14 digits (spaces dropped), or "" for anything else."""
    value = "".join(str(value or "").split())
    return value if SIRET_RE.match(value) else ""


def confirmation_for(user, administration: Administration, *, proconnect_siret: str = "") -> str:
    """How the agency confirms at once (Via), or "" when staff must decide."""
    siret = clean_siret(proconnect_siret)
    if siret and administration.siret and siret == administration.siret:
        return Via.PROCONNECT
    domain = email_domain(user.email)
    if (
        domain
        and not mail_domains.is_webmail(domain)
        and AllowedEmailDomain.objects.filter(administration=administration, domain=domain).exists()
    ):
        return Via.DOMAIN
    return ""


def join_administration(
    user, administration: Administration, *, function: str = "", proconnect_siret: str = "", now=None
) -> Agent:
    """Record that the person acts for the administration; staff confirm it.

    The agency counts only once confirmed. It confirms at once only when the person's
    address is of a domain on the administration's allow-list, or when they signed in
    through ProConnect for the administration's SIRET (`proconnect_siret`, the verified
    claim of the current sign-in); otherwise it waits for the programme team.
    """
    now = now or timezone.now()
    with transaction.atomic():
        agent, created = Agent.objects.get_or_create(
            user=user, administration=administration, defaults={"function": function}
        )
        if created:
            if Role.ADMINISTRATION_AGENT not in (user.roles or []):
                user.roles = [*(user.roles or []), Role.ADMINISTRATION_AGENT.value]
                user.save(update_fields=["roles"])
            log_activity("agent.joined", administration, actor=user, agent=agent.pk, function=agent.function)
        via = confirmation_for(user, administration, proconnect_siret=proconnect_siret)
        if via and agent.is_pending:
            _confirm(agent, via=via, by=None, now=now)
    return agent


def _confirm(agent: Agent, *, via: str, by, now, notify: bool = False) -> None:
    Agent.objects.filter(pk=agent.pk).update(
        confirmed=True, refused=False, confirmed_via=via, decided_by=by, decided_at=now, refusal_reason=""
    )
    agent.confirmed, agent.refused, agent.confirmed_via, agent.decided_by, agent.decided_at = True, False, via, by, now
    agent.refusal_reason = ""
    log_activity(
        "agent.confirmed", agent.administration, actor=by or agent.user, agent=agent.pk, user=agent.user_id, via=via
    )
    if notify:
        _notify_agent(agent, "agent_confirmed")


def _notify_agent(agent: Agent, template: str, **context) -> None:
    queue_notification(
        template,
        to=agent.user.email,
        context={
            "first_name": agent.user.first_name,
            "administration": agent.administration.name,
            "url": settings.SITE_URL.rstrip("/") + reverse("administrations:space"),
            **context,
        },
        key=f"{template}:{agent.pk}:{agent.decided_at.isoformat() if agent.decided_at else ''}",
    )


def confirm_agent(agent: Agent, *, by, now=None) -> Agent:
    """Staff confirm a pending agency (or one refused before): the agent reads the proposals from now on."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = Agent.objects.select_for_update().select_related("user", "administration").get(pk=agent.pk)
        if locked.confirmed:
            raise DomainError(_("Cette personne est déjà confirmée comme agent de cette administration."))
        _confirm(locked, via=Via.STAFF, by=by, now=now, notify=True)
    return locked


def refuse_agent(agent: Agent, *, by, reason: str = "", now=None) -> Agent:
    """Staff refuse a pending agency; the person is told, with the reason if one is given."""
    now = now or timezone.now()
    reason = (reason or "").strip()
    if has_control_characters(reason):  # PostgreSQL refuses NUL: said to the person, not a 500
        raise DomainError(_("Ce texte contient un caractère non autorisé (caractère de contrôle)."))
    with transaction.atomic():
        locked = Agent.objects.select_for_update().select_related("user", "administration").get(pk=agent.pk)
        if not locked.is_pending:
            raise DomainError(_("Cette demande a déjà été traitée."))
        Agent.objects.filter(pk=locked.pk).update(refused=True, refusal_reason=reason, decided_by=by, decided_at=now)
        locked.refused, locked.refusal_reason, locked.decided_by, locked.decided_at = True, reason, by, now
        log_activity(
            "agent.refused", locked.administration, actor=by, agent=locked.pk, user=locked.user_id, reason=reason
        )
        _notify_agent(locked, "agent_refused", reason=reason)
    return locked


def confirm_by_proconnect(user, siret: str, *, now=None) -> list[Agent]:
    """At a ProConnect sign-in: the person's pending agencies of the administration with that SIRET confirm."""
    siret = clean_siret(siret)
    if not siret:
        return []
    now = now or timezone.now()
    confirmed = []
    with transaction.atomic():
        pending = (
            Agent.objects.select_for_update()
            .filter(user=user, confirmed=False, refused=False, administration__siret=siret)
            .select_related("user", "administration")
        )
        for agent in pending:
            # Told by email too: the sign-in page says nothing of the administration.
            _confirm(agent, via=Via.PROCONNECT, by=None, now=now, notify=True)
            confirmed.append(agent)
    return confirmed


def normalise_domain(value: str) -> str:
    return (value or "").strip().lower().lstrip("@").rstrip(".")


def allow_email_domain(administration: Administration, domain: str, *, by, now=None) -> AllowedEmailDomain:
    """Put an institutional domain on the administration's allow-list; webmail domains never."""
    domain = normalise_domain(domain)
    if not DOMAIN_RE.match(domain):
        raise DomainError(
            _("« %(domain)s » n'est pas un nom de domaine (exemple : interieur.gouv.fr).") % {"domain": domain}
        )
    if mail_domains.is_webmail(domain):
        raise DomainError(
            _(
                "« %(domain)s » est une messagerie ouverte à tous : ses adresses ne prouvent pas "
                "l'appartenance à une administration, elle ne peut pas être autorisée."
            )
            % {"domain": domain}
        )
    now = now or timezone.now()
    with transaction.atomic():
        allowed, created = AllowedEmailDomain.objects.get_or_create(
            administration=administration, domain=domain, defaults={"added_by": by, "added_at": now}
        )
        if not created:
            raise DomainError(_("Le domaine « %(domain)s » est déjà autorisé.") % {"domain": domain})
        log_activity("agent.domain_allowed", administration, actor=by, domain=domain)
    return allowed


def remove_email_domain(allowed: AllowedEmailDomain, *, by) -> None:
    """Take a domain off the allow-list; agents already confirmed stay confirmed."""
    with transaction.atomic():
        deleted, _count = AllowedEmailDomain.objects.filter(pk=allowed.pk).delete()
        if not deleted:
            raise DomainError(_("Ce domaine n'est plus sur la liste."))
        log_activity("agent.domain_removed", allowed.administration, actor=by, domain=allowed.domain)


def set_administration_siret(administration: Administration, siret: str, *, by) -> Administration:
    """Record the administration's SIRET (or clear it with ""), which ProConnect sign-ins are compared with."""
    value = "".join((siret or "").split())
    if value and not SIRET_RE.match(value):
        raise DomainError(_("Le SIRET compte exactement 14 chiffres."))
    with transaction.atomic():
        previous = Administration.objects.filter(pk=administration.pk).values_list("siret", flat=True).get()
        Administration.objects.filter(pk=administration.pk).update(siret=value, updated_at=timezone.now())
        log_activity("administration.siret_set", administration, actor=by, siret=value, previous=previous)
    administration.siret = value
    return administration


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
    """Submit (or resubmit) the dossier; the first submit makes the proposal « déposée ».

    Refused once the selection has started (the state table's « editable » group): the dossier
    the programme decides on no longer changes. The dossier engine asks the same rule again,
    under its row lock (hooks.selection_has_started), against a decision taken meanwhile.
    """
    reason = frozen_reason(proposal.state)
    if reason:
        raise DomainError(reason)
    version = dossier_services.submit_dossier(proposal.dossier, by=by, now=now)
    with transaction.atomic():
        sources = PROPOSAL.sources(State.SUBMITTED)
        if Proposal.objects.filter(pk=proposal.pk, state__in=sources).update(state=State.SUBMITTED):
            log_activity("proposal.submitted", proposal, actor=by, version=version.number)
    proposal.refresh_from_db()
    return version


# --- Decisions --------------------------------------------------------------------


def decide(proposal: Proposal, to_state: str, *, by, comment: str = "") -> Proposal:
    """Move a proposal one step of the selection; refused unless the rules allow that step."""
    if not PROPOSAL.is_in(to_state, "decisions"):
        raise DomainError(_("Cette décision n'existe pas."))
    with transaction.atomic():
        current = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if not PROPOSAL.can_move(current.state, to_state):
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
    if has_control_characters(text):  # PostgreSQL refuses NUL: said to the person, not a 500
        raise DomainError(_("Ce texte contient un caractère non autorisé (caractère de contrôle)."))
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
        if not PROPOSAL.can_move(current.state, State.VALIDATED):
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
        # A new challenge on the call's list: a list already submitted or approved no longer says it all.
        approval.refresh_selections([current.dossier.call_id])
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
    """The challenge goes public and its positions are offered to the call for applications, once
    the approvers have approved the call's list of selected challenges (approval.py)."""
    with transaction.atomic():
        current = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if not PROPOSAL.can_move(current.state, State.PUBLISHED) or current.challenge_id is None:
            raise DomainError(_("Seule une proposition validée peut être publiée."))
        challenge = Challenge.objects.get(pk=current.challenge_id)
        if not challenge.positions.exists():
            raise DomainError(_("Le défi n'a aucun poste : ajoutez-en avant de le publier."))
        if not approval.is_approved_challenge(challenge.pk):
            raise DomainError(
                _(
                    "Les défis retenus de cet appel doivent d'abord être approuvés par les valideurs : soumettez "
                    "la liste des défis retenus, puis publiez-les une fois la liste approuvée."
                )
            )
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


def publish_selection(selection: ChallengeSelection, *, by) -> list[Challenge]:
    """Publish every challenge of an approved list still waiting for its publication (a validated
    proposal), each through `publish_proposal`; returns them."""
    if not CHALLENGE_SELECTION.is_in(selection.state, "final"):
        raise DomainError(_("Seule une liste de défis approuvée par les valideurs peut être publiée."))
    waiting = Proposal.objects.filter(
        dossier__call_id=selection.call_id, state=State.VALIDATED, challenge__in=selection.challenges.all()
    ).order_by("pk")
    with transaction.atomic():
        published = [publish_proposal(proposal, by=by) for proposal in waiting]
    if not published:
        raise DomainError(_("Tous les défis de cette liste sont déjà publiés."))
    return published
