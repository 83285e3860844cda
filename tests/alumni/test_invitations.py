"""Staff invite alumni to review, sit on a jury or mentor (issue 16, point 6): an accepted invitation
creates the seat of the existing flow through that flow's services — a Reviewer of the grid,
accepted, with the account; a Juror of the jury, type « alumni », charter signed with the account;
a Mentor of the team — and the role the seat needs. Declining and withdrawing change nothing else;
a second invitation to the same seat, or to a seat already held, is refused."""

import pytest
from django.utils import timezone

from eig.accounts.models import Role
from eig.alumni import services
from eig.alumni.models import Invitation
from eig.core.errors import DomainError
from eig.core.models import ActivityLog
from eig.juries.models import Juror
from eig.notifications.models import OutboxMessage
from eig.programme.models import Mentor
from eig.reviews.models import Reviewer
from tests.factories.alumni import a_jury, alumnus, open_grid
from tests.factories.programme import programme_world
from tests.factories.reviews import seated_reviewer

pytestmark = pytest.mark.django_db

Status = Invitation.Status


@pytest.fixture
def world():
    return programme_world()


@pytest.fixture
def ada(world):
    return alumnus(world, "ada")


def test_staff_invite_an_alumnus_who_is_told_by_email(world, ada):
    grid = open_grid()

    invitation = services.invite(ada, kind="review", grid=grid, message="Nous comptons sur vous.", by=world.staff)

    assert (invitation.status, invitation.grid, invitation.invited_by) == (Status.PENDING, grid, world.staff)
    message = OutboxMessage.objects.get(template="alumni_invitation")
    assert message.recipient == "ada@programme.example"
    assert "Nous comptons sur vous." in message.body_text and "/anciens/invitations/" in message.body_text
    assert ActivityLog.objects.filter(verb="invitation.sent", target_id=str(invitation.pk)).exists()


def test_only_staff_invite(world, ada):
    with pytest.raises(DomainError, match="Seule l'équipe du programme"):
        services.invite(ada, kind="review", grid=open_grid(), by=world.user("olga"))


def test_accepting_a_review_invitation_seats_the_alumnus_as_an_accepted_reviewer_of_the_grid(world, ada):
    grid = open_grid()
    invitation = services.invite(ada, kind="review", grid=grid, by=world.staff)
    moment = timezone.now()

    invitation = services.accept(invitation, user=ada.user, now=moment)

    reviewer = Reviewer.objects.get(grid=grid)
    assert (reviewer.user, reviewer.email, reviewer.accepted_at, reviewer.invited_by) == (
        ada.user,
        "ada@programme.example",
        moment,
        world.staff,
    )
    assert reviewer.is_active
    assert (invitation.status, invitation.reviewer, invitation.answered_at) == (Status.ACCEPTED, reviewer, moment)
    ada.user.refresh_from_db()
    assert ada.user.has_role(Role.REVIEWER)
    assert ActivityLog.objects.filter(verb="reviewer.accepted", target_id=str(reviewer.pk)).exists()


def test_accepting_a_jury_invitation_seats_the_alumnus_as_an_alumni_juror_who_signed_the_charter(world, ada):
    jury = a_jury()
    invitation = services.invite(ada, kind="jury", jury=jury, by=world.staff)

    invitation = services.accept(invitation, user=ada.user)

    juror = Juror.objects.get(jury=jury)
    assert (juror.user, juror.type, juror.name, juror.email) == (
        ada.user,
        Juror.Type.ALUMNI,
        "Ada Lovelace",
        "ada@programme.example",
    )
    assert juror.has_signed
    assert invitation.juror == juror and invitation.status == Status.ACCEPTED
    ada.user.refresh_from_db()
    assert ada.user.has_role(Role.JURY_MEMBER)


def test_an_accepted_invitation_sends_no_second_invitation_link_of_the_review_or_jury_flow(world, ada):
    """The alumnus said yes on their invitations page: the grid's or the jury's own invitation
    email (« accept your seat here ») would ask them again."""
    review = services.invite(ada, kind="review", grid=open_grid(), by=world.staff)
    jury = services.invite(ada, kind="jury", jury=a_jury(), by=world.staff)

    services.accept(review, user=ada.user)
    services.accept(jury, user=ada.user)

    sent = set(OutboxMessage.objects.values_list("template", flat=True))
    assert "alumni_invitation" in sent
    assert not sent & {"reviewer_invitation", "juror_invitation"}


def test_accepting_a_mentor_invitation_makes_the_alumnus_a_mentor_of_the_team(world, ada):
    invitation = services.invite(
        ada, kind="mentor", challenge=world.beta, mentor_kind=Mentor.Kind.HIGH_LEVEL, by=world.staff
    )

    invitation = services.accept(invitation, user=ada.user)

    mentor = Mentor.objects.get(challenge=world.beta, user=ada.user)
    assert mentor.kind == Mentor.Kind.HIGH_LEVEL
    assert invitation.mentor == mentor and invitation.status == Status.ACCEPTED
    ada.user.refresh_from_db()
    assert ada.user.has_role(Role.MENTOR)


def test_only_the_invited_alumnus_answers(world, ada):
    invitation = services.invite(ada, kind="review", grid=open_grid(), by=world.staff)
    with pytest.raises(DomainError, match="Seule la personne invitée"):
        services.accept(invitation, user=world.user("cleo"))
    assert not Reviewer.objects.exists()


def test_declining_creates_no_seat_and_cannot_be_accepted_afterwards(world, ada):
    grid = open_grid()
    invitation = services.invite(ada, kind="review", grid=grid, by=world.staff)

    invitation = services.decline(invitation, user=ada.user)

    assert invitation.status == Status.DECLINED and invitation.answered_at is not None
    assert not Reviewer.objects.exists()
    with pytest.raises(DomainError, match="déjà décliné"):
        services.accept(invitation, user=ada.user)


def test_staff_withdraw_a_pending_invitation_which_can_then_no_longer_be_accepted(world, ada):
    invitation = services.invite(ada, kind="jury", jury=a_jury(), by=world.staff)

    invitation = services.withdraw(invitation, by=world.staff)

    assert invitation.status == Status.WITHDRAWN
    with pytest.raises(DomainError, match="retiré cette invitation"):
        services.accept(invitation, user=ada.user)
    assert not Juror.objects.exists()


def test_only_a_pending_invitation_is_withdrawn_and_only_by_staff(world, ada):
    invitation = services.invite(ada, kind="review", grid=open_grid(), by=world.staff)
    with pytest.raises(DomainError, match="Seule l'équipe du programme"):
        services.withdraw(invitation, by=ada.user)
    services.accept(invitation, user=ada.user)
    with pytest.raises(DomainError, match="en attente de réponse"):
        services.withdraw(invitation, by=world.staff)
    assert Reviewer.objects.get().is_active


def test_a_second_invitation_to_the_same_seat_is_refused_while_the_first_waits(world, ada):
    grid = open_grid()
    first = services.invite(ada, kind="review", grid=grid, by=world.staff)

    with pytest.raises(DomainError, match="déjà une invitation en attente"):
        services.invite(ada, kind="review", grid=grid, by=world.staff)
    # Another seat is another invitation; once the first is answered, a new one may be sent.
    services.invite(ada, kind="review", grid=open_grid(), by=world.staff)
    services.decline(first, user=ada.user)
    services.invite(ada, kind="review", grid=grid, by=world.staff)
    assert Invitation.objects.count() == 3


def test_inviting_to_a_seat_the_alumnus_already_holds_is_refused(world, ada):
    grid = open_grid()
    seated_reviewer(grid, ada.user, totp=False)
    with pytest.raises(DomainError, match="occupe déjà cette place"):
        services.invite(ada, kind="review", grid=grid, by=world.staff)

    Mentor.objects.create(challenge=world.beta, user=ada.user, kind=Mentor.Kind.OPERATIONAL, name=ada.name)
    with pytest.raises(DomainError, match="occupe déjà cette place"):
        services.invite(ada, kind="mentor", challenge=world.beta, mentor_kind=Mentor.Kind.OPERATIONAL, by=world.staff)
    # The other mentor role of the same team is another seat.
    services.invite(ada, kind="mentor", challenge=world.beta, mentor_kind=Mentor.Kind.HIGH_LEVEL, by=world.staff)


@pytest.mark.parametrize(
    ("kind", "message"),
    [("review", "Choisissez la grille"), ("jury", "Choisissez le jury"), ("mentor", "Choisissez l'équipe")],
)
def test_an_invitation_names_the_seat_of_its_kind(world, ada, kind, message):
    with pytest.raises(DomainError, match=message):
        services.invite(ada, kind=kind, by=world.staff)


def test_a_closed_grid_or_a_jury_with_published_results_is_refused(world, ada):
    grid = open_grid()
    grid.closes_at = timezone.now() - timezone.timedelta(minutes=1)
    grid.opens_at = grid.closes_at - timezone.timedelta(days=2)
    grid.save(update_fields=["closes_at", "opens_at"])
    with pytest.raises(DomainError, match="grille est close"):
        services.invite(ada, kind="review", grid=grid, by=world.staff)
    jury = a_jury()
    jury.results_published_at = timezone.now()
    jury.save(update_fields=["results_published_at"])
    with pytest.raises(DomainError, match="publié ses résultats"):
        services.invite(ada, kind="jury", jury=jury, by=world.staff)


def test_a_refusal_of_the_flow_rolls_the_acceptance_back(world, ada):
    """The jury flow refuses a second seat of the same account: the invitation stays pending."""
    jury = a_jury()
    invitation = services.invite(ada, kind="jury", jury=jury, by=world.staff)
    Juror.objects.create(
        jury=jury, email="autre@jury.example", name="Ada (autre adresse)", user=ada.user, type=Juror.Type.RESEARCH
    )

    with pytest.raises(DomainError, match="siégez déjà dans ce jury"):
        services.accept(invitation, user=ada.user)

    invitation.refresh_from_db()
    assert invitation.status == Status.PENDING and invitation.juror is None
    assert Juror.objects.filter(jury=jury).count() == 1
