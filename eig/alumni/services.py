"""The alumni network's changes: one service per change, each logged (eig/alumni/verbs.py) and
refusing with a French `DomainError`.

- `make_alumni`: at a promotion's closing (eig.results sends `promotion_closed`, heard in
  hooks.py) every fellow who finished the programme becomes an alumnus, keeping their account.
- `save_profile`, `save_public_profile`: the alumnus edits what the directory says of them (and
  whether it lists them: their consent) and their public profile of the community pages.
- `invite`, `withdraw` (staff), `accept`, `decline` (the alumnus): an invitation to review the
  dossiers of a grid, to sit on a jury or to mentor a team. Accepting creates the seat **through
  the existing flow's own services** (eig.reviews, eig.juries, eig.programme.team), which give
  the person the role the seat needs, so an alumnus's seat is the same as anyone's.
"""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from eig.community.models import Membership, Person
from eig.core.activity import log_activity
from eig.core.errors import DomainError
from eig.core.validators import has_control_characters, secure_url
from eig.juries import services as jury_services
from eig.juries.models import Juror
from eig.notifications.services import queue_notification
from eig.programme import team
from eig.programme.models import Fellow, Mentor
from eig.reviews import services as review_services
from eig.reviews.models import Reviewer

from .models import Alumnus, Invitation
from .states import INVITATION

Contact = Alumnus.Contact
Kind = Invitation.Kind
Status = Invitation.Status

SKILLS_MAX = Alumnus._meta.get_field("skills").max_length
ROLE_MAX = Alumnus._meta.get_field("current_role").max_length
BIO_MAX = 2000
LINKS_MAX = 10
LINK_MAX = 500
MESSAGE_MAX = 2000


def _site_url(name: str, **kwargs) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, kwargs=kwargs or None)


def _clean(text: str, limit: int, label: str) -> str:
    text = (text or "").strip()
    if has_control_characters(text):
        raise DomainError(_("« %(field)s » contient un caractère non autorisé.") % {"field": label})
    if len(text) > limit:
        raise DomainError(_("« %(field)s » compte au plus %(max)s caractères.") % {"field": label, "max": limit})
    return text


# --- Becoming an alumnus ------------------------------------------------------------------------


def person_of(fellow: Fellow) -> Person | None:
    """The fellow's community profile, when the selection made one.

    The one reliable link is the accepted offer: publishing the promotion
    (eig.selection.services.publish_promotion) creates a Person per accepted offer and stores it on
    the offer (`Offer.person`), with the team's Membership. A fellow without an offer (a legacy or
    hand-made fellowship) has no such link: matching a Person by name would risk naming someone
    else, so the alumnus is left without one and creates theirs from « Mon profil d'ancien »
    (`save_public_profile`)."""
    offer = fellow.offer
    return offer.person if offer is not None and offer.person_id else None


def make_alumni(promotion, *, by=None) -> list[Alumnus]:
    """Every fellow of the promotion whose programme is finished becomes an alumnus (idempotent:
    a fellow already an alumnus is left as is); each is told by email, with the link to their
    profile page.

    Only « programme terminé »: a fellow who left early (« départ anticipé ») did not finish the
    programme and is not made an alumnus (staff may still invite them as anyone else, through
    each flow's own invitation). A closed account (inactive) is not made one either: the person
    asked to leave. The account is kept as it is: the alumnus signs in with it."""
    fellows = list(
        Fellow.objects.filter(
            promotion=promotion, status=Fellow.Status.FINISHED, alumnus__isnull=True, user__is_active=True
        )
        .select_related("user", "challenge", "promotion", "offer__person")
        .order_by("pk")
    )
    made = []
    for fellow in fellows:
        alumnus, created = Alumnus.objects.get_or_create(
            fellow=fellow,
            defaults={
                "user": fellow.user,
                "promotion": fellow.promotion,
                "challenge": fellow.challenge,
                "name": fellow.name,
                "person": person_of(fellow),
                # Not in the directory until the person says so (save_profile).
                "listed": False,
            },
        )
        if not created:
            continue
        log_activity(
            "alumnus.created",
            alumnus,
            actor=by,
            promotion=str(promotion),
            challenge=fellow.challenge.title,
            fellow=fellow.pk,
            user=fellow.user_id,
        )
        queue_notification(
            "alumni_welcome",
            to=fellow.user.email,
            key=f"alumnus-created:{alumnus.pk}",
            context={
                "name": alumnus.name,
                "promotion": str(promotion),
                "challenge": fellow.challenge.title,
                "url": _site_url("alumni:profile"),
                "directory_url": _site_url("alumni:directory"),
            },
        )
        made.append(alumnus)
    return made


# --- The alumnus's own profile ------------------------------------------------------------------


def _own(alumnus: Alumnus, by) -> None:
    if by is None or by.pk != alumnus.user_id:
        raise DomainError(_("Seule la personne concernée modifie son profil d'ancien."))


def save_profile(
    alumnus: Alumnus, *, skills: str, current_role: str, contact_preference: str, listed: bool, by, now=None
) -> Alumnus:
    """What the directory of alumni says of the person, and whether it lists them (their consent,
    dated in `listed_at`). Withdrawing consent takes them out of the directory at once: the
    directory reads `listed` on every request (nothing cached)."""
    now = now or timezone.now()
    _own(alumnus, by)
    skills = _clean(skills, SKILLS_MAX, _("Compétences"))
    current_role = _clean(current_role, ROLE_MAX, _("Poste actuel"))
    if contact_preference not in Contact.values:
        raise DomainError(_("Choisissez comment les autres anciens peuvent vous contacter."))
    with transaction.atomic():
        alumnus = Alumnus.objects.select_for_update().get(pk=alumnus.pk)
        listed = bool(listed)
        consent_given = listed and not alumnus.listed
        consent_withdrawn = alumnus.listed and not listed
        alumnus.skills, alumnus.current_role = skills, current_role
        alumnus.contact_preference = contact_preference
        alumnus.listed = listed
        if consent_given:
            alumnus.listed_at = now
        elif not listed:
            alumnus.listed_at = None
        alumnus.save(
            update_fields=["skills", "current_role", "contact_preference", "listed", "listed_at", "updated_at"]
        )
        log_activity(
            "alumnus.profile_saved",
            alumnus,
            actor=by,
            listed=listed,
            consent_given=consent_given,
            consent_withdrawn=consent_withdrawn,
            contact=contact_preference,
        )
    return alumnus


def clean_links(links) -> list[str]:
    """The links a person typed: well-formed https addresses only (eig.core.validators
    `secure_url`), each once, at most LINKS_MAX; a refusal names the link it speaks of."""
    cleaned = []
    for raw in links or []:
        url = (raw or "").strip()
        if not url:
            continue
        try:
            url = secure_url(url, max_length=LINK_MAX)
        except DomainError as error:
            raise DomainError(_("« %(url)s » : %(reason)s") % {"url": url[:100], "reason": error}) from None
        if url not in cleaned:
            cleaned.append(url)
    if len(cleaned) > LINKS_MAX:
        raise DomainError(_("Indiquez au plus %(max)s liens.") % {"max": LINKS_MAX})
    return cleaned


def _free_slug(name: str) -> str:
    base = slugify(name)[:100] or "ancien"
    taken = set(Person.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


def _new_person(alumnus: Alumnus) -> Person:
    """The alumnus's community profile when the selection made none: their name, role fellow,
    their promotion and their team's Membership, as publishing a promotion makes them."""
    offer = alumnus.fellow.offer
    return Person.objects.create(
        name=alumnus.name,
        slug=_free_slug(alumnus.name),
        role=Person.Role.FELLOW,
        profile=offer.position.profile if offer is not None else None,
        is_public=False,
    )


def _attach(person: Person, alumni) -> None:
    for row in alumni:
        person.promotions.add(row.promotion_id)
        Membership.objects.get_or_create(person=person, challenge_id=row.challenge_id, role=Membership.Role.FELLOW)
        if row.person_id != person.pk:
            row.person = person
            row.save(update_fields=["person", "updated_at"])


def save_public_profile(alumnus: Alumnus, *, bio: str, links, is_public: bool, by) -> Person:
    """The alumnus's public profile of the community pages (/communaute/): presentation, links
    (https only) and whether it is public. Only their own: `by` is the alumnus. Without a profile
    yet, one is created with their name, role fellow, their promotion and their team's
    Membership (then linked to every alumnus row of the person that has none)."""
    _own(alumnus, by)
    bio = _clean(bio, BIO_MAX, _("Présentation"))
    links = clean_links(links)
    with transaction.atomic():
        alumnus = (
            Alumnus.objects.select_for_update(of=("self",)).select_related("fellow__offer__position").get(pk=alumnus.pk)
        )
        person = alumnus.person
        created = person is None
        if created:
            person = _new_person(alumnus)
            _attach(person, list(Alumnus.objects.filter(user=alumnus.user_id, person=None)))
        person.bio = bio
        person.links = links
        person.is_public = bool(is_public)
        # A Person's save refreshes the cached public pages (eig.core.pagecache).
        person.save(update_fields=["bio", "links", "is_public", "updated_at"])
        log_activity(
            "alumnus.public_profile_saved",
            alumnus,
            actor=by,
            person=person.pk,
            created=created,
            public=person.is_public,
            links=len(links),
        )
    return person


# --- Invitations ----------------------------------------------------------------------------------


def seat_of(invitation: Invitation):
    """What the invitation is a seat of: the grid, the jury or the team."""
    return {Kind.REVIEW: invitation.grid, Kind.JURY: invitation.jury, Kind.MENTOR: invitation.challenge}[
        invitation.kind
    ]


def _holds_seat(user, *, kind, grid, jury, challenge, mentor_kind) -> bool:
    if kind == Kind.REVIEW:
        return Reviewer.objects.filter(grid=grid, user=user, dropped_at__isnull=True).exists()
    if kind == Kind.JURY:
        return Juror.objects.filter(jury=jury, user=user).exists()
    return Mentor.objects.filter(challenge=challenge, user=user, kind=mentor_kind).exists()


def _check_seat(kind, grid, jury, challenge, mentor_kind, now) -> None:
    if kind not in Kind.values:
        raise DomainError(_("Choisissez le type d'invitation : évaluer, siéger dans un jury ou mentorer."))
    if kind == Kind.REVIEW:
        if grid is None:
            raise DomainError(_("Choisissez la grille d'évaluation."))
        if grid.closes_at <= now:
            raise DomainError(_("L'évaluation de cette grille est close : choisissez une grille ouverte."))
    elif kind == Kind.JURY:
        if jury is None:
            raise DomainError(_("Choisissez le jury."))
        if jury.results_published_at is not None:
            raise DomainError(_("Ce jury a publié ses résultats : choisissez un jury à venir."))
    else:
        if challenge is None:
            raise DomainError(_("Choisissez l'équipe à mentorer."))
        if mentor_kind not in Mentor.Kind.values:
            raise DomainError(_("Choisissez le rôle de mentor : opérationnel ou de haut niveau."))


def invite(
    alumnus: Alumnus,
    *,
    kind: str,
    grid=None,
    jury=None,
    challenge=None,
    mentor_kind: str = "",
    message: str = "",
    by,
    now=None,
) -> Invitation:
    """Staff invite an alumnus to review a grid's dossiers, sit on a jury or mentor a team; the
    alumnus is told by email and answers from « Mes invitations ». Refused when the person
    already holds that seat, or already has an invitation waiting for it."""
    now = now or timezone.now()
    if not (by and by.is_staff):
        raise DomainError(_("Seule l'équipe du programme invite les anciens."))
    _check_seat(kind, grid, jury, challenge, mentor_kind, now)
    # Only the seat of its kind (the model's check constraint).
    grid = grid if kind == Kind.REVIEW else None
    jury = jury if kind == Kind.JURY else None
    challenge = challenge if kind == Kind.MENTOR else None
    mentor_kind = mentor_kind if kind == Kind.MENTOR else ""
    message = _clean(message, MESSAGE_MAX, _("Message"))
    with transaction.atomic():
        # Locking the alumnus serialises two invitations racing for the same seat.
        alumnus = Alumnus.objects.select_for_update(of=("self",)).select_related("user").get(pk=alumnus.pk)
        user = alumnus.user
        if not user.is_active:
            raise DomainError(_("Le compte de cette personne est fermé : elle ne peut pas être invitée."))
        seat = {"kind": kind, "grid": grid, "jury": jury, "challenge": challenge, "mentor_kind": mentor_kind}
        if _holds_seat(user, **seat):
            raise DomainError(_("%(name)s occupe déjà cette place.") % {"name": alumnus.name})
        if Invitation.objects.filter(alumnus__user=user, status=Status.PENDING, **seat).exists():
            raise DomainError(
                _("%(name)s a déjà une invitation en attente de réponse pour cette place.") % {"name": alumnus.name}
            )
        invitation = Invitation.objects.create(alumnus=alumnus, message=message, invited_by=by, **seat)
        log_activity(
            "invitation.sent",
            invitation,
            actor=by,
            alumnus=alumnus.pk,
            kind=kind,
            seat=str(seat_of(invitation)),
        )
        queue_notification(
            "alumni_invitation",
            to=user.email,
            key=f"alumni-invitation:{invitation.pk}",
            context={
                "name": alumnus.name,
                "kind": invitation.get_kind_display(),
                "seat": describe_seat(invitation),
                "message": message,
                "url": _site_url("alumni:invitations"),
            },
        )
    return invitation


def describe_seat(invitation: Invitation) -> str:
    """The seat in words: « la grille … », « le jury … », « l'équipe … (mentor opérationnel) »."""
    if invitation.kind == Kind.REVIEW:
        return _("la grille « %(grid)s » de l'appel « %(call)s »") % {
            "grid": invitation.grid.title,
            "call": invitation.grid.call.title,
        }
    if invitation.kind == Kind.JURY:
        return _("le jury « %(jury)s »") % {"jury": invitation.jury.title}
    return _("l'équipe « %(team)s » (%(role)s)") % {
        "team": invitation.challenge.title,
        "role": invitation.get_mentor_kind_display().lower(),
    }


def _locked(invitation: Invitation) -> Invitation:
    return (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("alumnus__user", "grid", "jury", "challenge", "invited_by")
        .get(pk=invitation.pk)
    )


def _answerable(invitation: Invitation, user, target: str) -> None:
    if user is None or invitation.alumnus.user_id != user.pk:
        raise DomainError(_("Seule la personne invitée répond à cette invitation."))
    messages = {
        Status.ACCEPTED: _("Vous avez déjà accepté cette invitation."),
        Status.DECLINED: _("Vous avez déjà décliné cette invitation."),
        Status.WITHDRAWN: _("L'équipe du programme a retiré cette invitation."),
    }
    INVITATION.check_move(invitation.status, target, messages.get(invitation.status))


def accept(invitation: Invitation, *, user, now=None) -> Invitation:
    """The alumnus accepts: the seat of the existing flow is created by that flow's services.

    - review: `invite_reviewer` (by the staff member who invited), then `accept_invitation` with
      the alumnus's account: a Reviewer of the grid, accepted, holding the reviewer role;
    - jury: `invite_juror` (type « Ancien ou ancienne EIG »), then `accept_charter`: on the jury
      flow a seat is the account's once its charter is signed, so accepting a jury invitation *is*
      signing the jury's charter — the invitations page shows the charter and asks for the box
      « J'ai lu et j'accepte la charte » before calling this (as the jury's own charter page
      does); the juror then gives their availabilities in the jury space (/jury/);
    - mentor: `eig.programme.team.add_mentor` (by the staff member who invited), the mentor role
      with it.

    Each of them refuses with its own French message (the whole acceptance then rolls back)."""
    now = now or timezone.now()
    with transaction.atomic():
        invitation = _locked(invitation)
        _answerable(invitation, user, Status.ACCEPTED)
        alumnus, by = invitation.alumnus, invitation.invited_by
        if invitation.kind == Kind.REVIEW:
            # No second email with the grid's invitation link: the alumnus has just accepted.
            reviewer = review_services.invite_reviewer(invitation.grid, user.email, by=by, notify=False)
            invitation.reviewer = review_services.accept_invitation(reviewer, user=user, now=now)
        elif invitation.kind == Kind.JURY:
            juror = jury_services.invite_juror(
                invitation.jury, user.email, name=alumnus.name, type=Juror.Type.ALUMNI, by=by, notify=False
            )
            invitation.juror = jury_services.accept_charter(juror, user=user, now=now)
        else:
            invitation.mentor = team.add_mentor(
                invitation.challenge, email=user.email, kind=invitation.mentor_kind, by=by
            )
        invitation.status = Status.ACCEPTED
        invitation.answered_at = now
        invitation.save(update_fields=["status", "answered_at", "reviewer", "juror", "mentor", "updated_at"])
        log_activity(
            "invitation.accepted",
            invitation,
            actor=user,
            alumnus=alumnus.pk,
            kind=invitation.kind,
            reviewer=invitation.reviewer_id,
            juror=invitation.juror_id,
            mentor=invitation.mentor_id,
        )
    return invitation


def decline(invitation: Invitation, *, user, now=None) -> Invitation:
    """The alumnus declines; nothing else changes (staff may invite them again later)."""
    now = now or timezone.now()
    with transaction.atomic():
        invitation = _locked(invitation)
        _answerable(invitation, user, Status.DECLINED)
        invitation.status = Status.DECLINED
        invitation.answered_at = now
        invitation.save(update_fields=["status", "answered_at", "updated_at"])
        log_activity("invitation.declined", invitation, actor=user, alumnus=invitation.alumnus_id, kind=invitation.kind)
    return invitation


def withdraw(invitation: Invitation, *, by) -> Invitation:
    """Staff withdraw an invitation still waiting for its answer."""
    if not (by and by.is_staff):
        raise DomainError(_("Seule l'équipe du programme retire une invitation."))
    with transaction.atomic():
        invitation = _locked(invitation)
        INVITATION.check_move(
            invitation.status, Status.WITHDRAWN, _("Seule une invitation en attente de réponse peut être retirée.")
        )
        invitation.status = Status.WITHDRAWN
        invitation.save(update_fields=["status", "updated_at"])
        log_activity("invitation.withdrawn", invitation, actor=by, alumnus=invitation.alumnus_id, kind=invitation.kind)
    return invitation
