"""The team space: its mentors, objectives and their measures, its documents and links.

One service per change, each logged (eig/programme/verbs.py) and refusing with a French
`DomainError`. Who may call which is the pages' check (eig/programme/access.py: `Membership`):
staff add and remove mentors; fellows, mentors and staff keep the objectives and their measures
(`Membership.may_edit_objectives`); every member adds a document or a link, and removes what
they added (staff remove anything).
"""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eig.accounts.models import Role
from eig.challenges.models import Challenge
from eig.core.activity import log_activity
from eig.core.errors import DomainError
from eig.core.validators import secure_url
from eig.files.services import store_upload
from eig.files.validation import IMAGES, PDF

from .models import Measure, Mentor, Objective, Resource

# A team's documents: what the platform sniffs reliably (eig/files/validation.py).
DOCUMENT_TYPES = PDF | IMAGES


def _add_role(user, role: str) -> None:
    if role not in (user.roles or []):
        user.roles = [*(user.roles or []), role]
        user.save(update_fields=["roles"])


# --- Mentors (staff) -------------------------------------------------------------------------


def add_mentor(challenge: Challenge, *, email: str, kind: str, function: str = "", by) -> Mentor:
    """Staff make an existing account a mentor of the team (operational or high-level)."""
    email = (email or "").strip().lower()
    if kind not in Mentor.Kind.values:
        raise DomainError(_("Choisissez le rôle du mentor : opérationnel ou de haut niveau."))
    user = get_user_model().objects.filter(email__iexact=email).first() if email else None
    if user is None:
        raise DomainError(
            _("Aucun compte n'existe avec l'adresse « %(email)s » : la personne doit d'abord créer son compte.")
            % {"email": email}
        )
    with transaction.atomic():
        if Mentor.objects.filter(challenge=challenge, user=user, kind=kind).exists():
            raise DomainError(_("Cette personne est déjà mentor de l'équipe avec ce rôle."))
        mentor = Mentor.objects.create(
            challenge=challenge,
            user=user,
            kind=kind,
            name=user.get_full_name() or user.email,
            function=(function or "").strip()[:200],
        )
        _add_role(user, Role.MENTOR.value)
        log_activity("mentor.added", mentor, actor=by, challenge=challenge.title, kind=kind, user=user.pk)
    return mentor


def remove_mentor(mentor: Mentor, *, by) -> None:
    """Staff remove a mentor from the team (their role stays: they may mentor another team)."""
    with transaction.atomic():
        log_activity(
            "mentor.removed", mentor, actor=by, challenge=mentor.challenge.title, kind=mentor.kind, user=mentor.user_id
        )
        mentor.delete()


# --- Objectives and measures ------------------------------------------------------------------


def save_objective(
    challenge: Challenge,
    *,
    title: str,
    indicator: str,
    target: float,
    baseline: float = 0,
    unit: str = "",
    target_date: datetime.date | None = None,
    objective: Objective | None = None,
    by,
) -> Objective:
    """Create an objective of the team (at most four per challenge) or change one of its own."""
    title, indicator = (title or "").strip(), (indicator or "").strip()
    if not title or not indicator:
        raise DomainError(_("Indiquez l'objectif et l'indicateur qui le mesure."))
    if target is None:
        raise DomainError(_("Indiquez la cible de l'indicateur."))
    with transaction.atomic():
        # Locking the challenge row serialises two creations racing for the fourth place.
        Challenge.objects.select_for_update().filter(pk=challenge.pk).first()
        if objective is None:
            count = Objective.objects.filter(challenge=challenge).count()
            if count >= Objective.MAX_PER_CHALLENGE:
                raise DomainError(
                    _("Un défi compte au plus %(max)s objectifs : supprimez-en un avant d'en ajouter un autre.")
                    % {"max": Objective.MAX_PER_CHALLENGE}
                )
            objective = Objective(challenge=challenge, order=count + 1)
        elif objective.challenge_id != challenge.pk:
            raise DomainError(_("Cet objectif n'est pas celui de cette équipe."))
        objective.title = title[:300]
        objective.indicator = indicator[:300]
        objective.unit = (unit or "").strip()[:40]
        objective.baseline = baseline or 0
        objective.target = target
        objective.target_date = target_date
        created = objective.pk is None
        objective.save()
        log_activity("objective.saved", objective, actor=by, challenge=challenge.title, created=created, goal=target)
    return objective


def delete_objective(objective: Objective, *, by) -> None:
    """Delete an objective and its measures (after the page's confirmation)."""
    with transaction.atomic():
        log_activity(
            "objective.deleted",
            objective,
            actor=by,
            challenge=objective.challenge.title,
            title=objective.title,
            measures=objective.measures.count(),
        )
        objective.delete()


def add_measure(
    objective: Objective, *, value: float, on: datetime.date, course: str, note: str = "", by, today=None
) -> Measure:
    """A reading of the objective's indicator on a past or present day, with the team's view of its course."""
    today = today or timezone.localdate()
    if value is None:
        raise DomainError(_("Indiquez la valeur mesurée."))
    if on is None:
        raise DomainError(_("Indiquez la date de la mesure."))
    if on > today:
        raise DomainError(_("La date de la mesure ne peut pas être dans le futur."))
    if course not in Measure.Course.values:
        raise DomainError(_("Choisissez la trajectoire : en bonne voie, à surveiller ou en retard."))
    with transaction.atomic():
        measure = Measure.objects.create(
            objective=objective, value=value, on=on, course=course, note=(note or "").strip()[:500], by=by
        )
        log_activity(
            "objective.measured",
            objective,
            actor=by,
            measure=measure.pk,
            value=value,
            on=on.isoformat(),
            course=course,
        )
    return measure


# --- Documents and links ----------------------------------------------------------------------


def add_link(challenge: Challenge, *, title: str, url: str, kind: str = Resource.Kind.LINK, by) -> Resource:
    """A link of the team: a code repository, a dataset, any other page (https only)."""
    title = (title or "").strip()
    if not title:
        raise DomainError(_("Donnez un titre au lien."))
    if kind not in {Resource.Kind.REPOSITORY, Resource.Kind.DATASET, Resource.Kind.LINK}:
        raise DomainError(_("Choisissez le type de lien : dépôt de code, jeu de données ou autre lien."))
    url = secure_url(url, max_length=500)
    with transaction.atomic():
        resource = Resource.objects.create(challenge=challenge, kind=kind, title=title[:200], url=url, added_by=by)
        log_activity("resource.added", resource, actor=by, challenge=challenge.title, kind=kind, url=url)
    return resource


def add_document(challenge: Challenge, *, title: str, uploaded_file, by) -> Resource:
    """A document of the team, stored privately (sniffed, size-capped, scanned); its members download it."""
    title = (title or "").strip() or (uploaded_file.name if uploaded_file else "")
    if uploaded_file is None:
        raise DomainError(_("Choisissez le fichier à déposer."))
    with transaction.atomic():
        stored = store_upload(uploaded_file, owner=by, allowed_types=DOCUMENT_TYPES)
        resource = Resource.objects.create(
            challenge=challenge, kind=Resource.Kind.DOCUMENT, title=title[:200], stored_file=stored, added_by=by
        )
        log_activity(
            "resource.added", resource, actor=by, challenge=challenge.title, kind=resource.kind, file=stored.pk
        )
    return resource


def may_remove(resource: Resource, user) -> bool:
    """Who added it, or the programme team."""
    return bool(user and user.is_authenticated and (user.is_staff or resource.added_by_id == user.pk))


def remove_resource(resource: Resource, *, by) -> None:
    """Remove a document or a link (its adder or staff); a document's file stays in the storage's records."""
    if not may_remove(resource, by):
        raise DomainError(_("Seule la personne qui l'a ajouté ou l'équipe du programme peut retirer cet élément."))
    with transaction.atomic():
        log_activity(
            "resource.removed",
            resource,
            actor=by,
            challenge=resource.challenge.title,
            kind=resource.kind,
            title=resource.title,
        )
        resource.delete()
