"""The selected challenges of a call for challenges go to the approvers before they are published
(issue 18, point 7; eig/proposals/approval.py), as the team proposals do.

The rule: a challenge selected from a call for challenges is public, and its positions offered,
only while the list of its call's selected challenges is approved and unchanged since. The world
is tests/factories/challenge_selection.py's: « Alpha » (DINUM: dev, data science) and « Bêta »
(Ville de Lyon: design), both validated by staff.
"""

import hashlib
import importlib
import json

import pytest
from django.apps import apps
from django.utils import translation

from eig.accounts.models import Role
from eig.applications.queries import offered_positions
from eig.challenges.models import Challenge
from eig.challenges.queries import public_challenges
from eig.core.errors import DomainError
from eig.core.models import ActivityLog
from eig.notifications.models import OutboxMessage
from eig.proposals import approval
from eig.proposals.models import ChallengeApproval, ChallengeSelection, Proposal
from eig.proposals.services import publish_proposal, publish_selection, validate_proposal
from tests.factories import ChallengeFactory, PositionFactory, StaffFactory, UserFactory, profile
from tests.factories.challenge_selection import World, challenge_call, selected_call, validated_challenge

pytestmark = pytest.mark.django_db

State = ChallengeSelection.State


@pytest.fixture
def world() -> World:
    return selected_call()


def public_titles() -> set[str]:
    return set(public_challenges().values_list("title", flat=True))


def offered_titles(world) -> set[str]:
    return {p.challenge.title for p in offered_positions(world.applications)}


def submitted(world) -> ChallengeSelection:
    return approval.submit_selection(world.call, by=world.staff)


def approved(world) -> ChallengeSelection:
    return approval.approve_selection(submitted(world), approver=world.approver, comment="Conforme au jury.")


def recruit(challenge):
    challenge.status = Challenge.Status.RECRUITING
    challenge.save()


# --- Submission ------------------------------------------------------------------------------------


def test_submit_freezes_ids_titles_administrations_and_positions_under_a_digest(world):
    alpha, beta = world.challenges["Alpha"], world.challenges["Bêta"]

    selection = submitted(world)

    assert selection.state == State.SUBMITTED
    assert selection.content == [
        {
            "id": alpha.pk,
            "title": "Alpha",
            "administration": {"id": alpha.administration_id, "name": "Direction interministérielle du numérique"},
            "positions": [{"id": p.pk, "profile": p.profile.code} for p in alpha.positions.order_by("pk")],
        },
        {
            "id": beta.pk,
            "title": "Bêta",
            "administration": {"id": beta.administration_id, "name": "Ville de Lyon"},
            "positions": [{"id": p.pk, "profile": "design"} for p in beta.positions.all()],
        },
    ]
    canonical = json.dumps(selection.content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert selection.digest == hashlib.sha256(canonical.encode()).hexdigest()
    assert set(selection.challenges.all()) == {alpha, beta}
    assert ActivityLog.objects.filter(verb="challenge_selection.submitted", target_id=str(selection.pk)).exists()


def test_each_approver_is_told_of_the_submission(world):
    other = UserFactory(roles=[Role.APPROVER.value])

    selection = submitted(world)

    messages = OutboxMessage.objects.filter(template="challenge_selection_review")
    assert sorted(m.recipient for m in messages) == sorted([world.approver.email, other.email])
    body = messages.first().body_text
    assert "- Alpha (Direction interministérielle du numérique)" in body and selection.digest in body


def test_submit_is_refused_when_there_is_nothing_to_submit_or_no_approver():
    empty = challenge_call()
    staff = StaffFactory()
    with pytest.raises(DomainError, match="Personne n'a le rôle de valideur|Aucun défi retenu"):
        approval.submit_selection(empty, by=staff)
    UserFactory(roles=[Role.APPROVER.value])
    with pytest.raises(DomainError, match="Aucun défi retenu"):
        approval.submit_selection(empty, by=staff)
    assert not ChallengeSelection.objects.exists()


def test_submit_is_refused_without_an_approver(world):
    world.approver.roles = []
    world.approver.save()
    with pytest.raises(DomainError, match="Personne n'a le rôle de valideur"):
        submitted(world)


def test_submit_is_refused_for_a_challenge_without_positions(world):
    world.challenges["Bêta"].positions.all().delete()
    with pytest.raises(DomainError, match="Ces défis n'ont aucun poste.*« Bêta »"):
        submitted(world)


def test_submit_is_refused_while_a_list_awaits_or_stands_approved_unchanged(world):
    selection = submitted(world)
    with pytest.raises(DomainError, match="attend déjà la décision des valideurs"):
        submitted(world)
    approval.approve_selection(selection, approver=world.approver)
    with pytest.raises(DomainError, match="est approuvée et n'a pas changé depuis"):
        submitted(world)
    assert ChallengeSelection.objects.count() == 1


def test_a_call_for_applications_has_no_list_of_challenges(world):
    with pytest.raises(DomainError, match="n'est pas un appel à défis"):
        approval.submit_selection(world.applications, by=world.staff)


# --- Not public before the approval, public after ------------------------------------------------


def test_a_selected_challenge_is_neither_public_nor_offered_before_its_list_is_approved(world):
    for challenge in world.challenges.values():
        recruit(challenge)  # even a status saying so (the admin) does not publish it
    submitted(world)

    assert public_titles() == set()
    assert offered_titles(world) == set()


def test_publication_is_refused_before_the_approval(world):
    submitted(world)
    with pytest.raises(DomainError, match="doivent d'abord être approuvés par les valideurs"):
        publish_proposal(world.proposals["Alpha"], by=world.staff)
    assert Challenge.objects.get(pk=world.challenges["Alpha"].pk).status == Challenge.Status.PROPOSED


def test_once_approved_staff_publish_the_challenges_which_are_then_public_and_offered(world):
    selection = approved(world)

    published = publish_selection(selection, by=world.staff)

    assert {c.title for c in published} == {"Alpha", "Bêta"}
    assert public_titles() == {"Alpha", "Bêta"}
    assert offered_titles(world) == {"Alpha", "Bêta"}
    assert set(Proposal.objects.values_list("state", flat=True)) == {Proposal.State.PUBLISHED}
    with pytest.raises(DomainError, match="déjà publiés"):
        publish_selection(selection, by=world.staff)


def test_challenges_entered_without_a_proposal_are_not_concerned(world):
    legacy = ChallengeFactory(title="Ancien défi", status=Challenge.Status.FINISHED)
    recruiting = ChallengeFactory(
        title="Défi du site", status=Challenge.Status.RECRUITING, promotion=world.call.promotion
    )
    PositionFactory(challenge=recruiting)

    assert public_titles() == {legacy.title, recruiting.title}
    assert offered_titles(world) == {recruiting.title}


# --- The approvers' decision -----------------------------------------------------------------------


def test_the_approval_records_the_digest_the_approver_read(world):
    selection = submitted(world)

    approval.approve_selection(selection, approver=world.approver, comment="Conforme.", seen_digest=selection.digest)

    selection.refresh_from_db()
    assert selection.state == State.APPROVED and selection.approved_at is not None
    decision = ChallengeApproval.objects.get(selection=selection)
    assert (decision.decision, decision.approver, decision.comment, decision.digest) == (
        "approve",
        world.approver,
        "Conforme.",
        selection.digest,
    )
    assert OutboxMessage.objects.filter(template="challenge_selection_decision", recipient=world.staff.email).exists()


def test_the_person_who_submitted_the_list_does_not_approve_it(world):
    double = StaffFactory(roles=[Role.STAFF.value, Role.APPROVER.value])
    selection = approval.submit_selection(world.call, by=double)
    with pytest.raises(DomainError, match="principe des quatre yeux"):
        approval.approve_selection(selection, approver=double)
    with pytest.raises(DomainError, match="rôle de valideur"):
        approval.approve_selection(selection, approver=world.staff)
    assert not ChallengeApproval.objects.exists()


def test_a_decision_on_a_page_read_before_is_refused(world):
    selection = submitted(world)
    with pytest.raises(DomainError, match="a changé depuis que vous l'avez ouverte"):
        approval.approve_selection(selection, approver=world.approver, seen_digest="0" * 64)


def test_a_return_needs_a_comment_and_keeps_the_challenges_private(world):
    selection = submitted(world)
    with pytest.raises(DomainError, match="un renvoi s'accompagne d'un commentaire"):
        approval.return_selection(selection, approver=world.approver, comment=" ")

    approval.return_selection(selection, approver=world.approver, comment="Revoir le titre de Bêta.")

    selection.refresh_from_db()
    assert selection.state == State.RETURNED
    assert public_titles() == set()
    with pytest.raises(DomainError, match="n'est pas soumise aux valideurs"):
        approval.approve_selection(selection, approver=world.approver)
    assert submitted(world).state == State.SUBMITTED  # staff submit it again


# --- A change after the submission -----------------------------------------------------------------


def test_a_retitled_challenge_outdates_the_submitted_list_and_its_approval_is_refused(world):
    selection = submitted(world)
    alpha = world.challenges["Alpha"]
    alpha.title = "Alpha bis"
    alpha.save()

    selection.refresh_from_db()
    assert selection.state == State.OUTDATED and selection.outdated_at is not None
    assert approval.changes_since(selection).changed == ["Alpha bis"]
    with pytest.raises(DomainError, match="a changé depuis sa soumission"):
        approval.approve_selection(selection, approver=world.approver)
    assert ActivityLog.objects.filter(verb="challenge_selection.outdated").count() == 1


def test_a_change_after_the_approval_takes_the_challenges_off_until_a_new_approval(world):
    publish_selection(approved(world), by=world.staff)
    assert public_titles() == {"Alpha", "Bêta"}

    PositionFactory(challenge=world.challenges["Bêta"], profile=profile("dev"))

    assert ChallengeSelection.objects.get().state == State.OUTDATED
    assert public_titles() == set()
    assert offered_titles(world) == set()
    approval.approve_selection(submitted(world), approver=world.approver)
    assert public_titles() == {"Alpha", "Bêta"}
    assert offered_titles(world) == {"Alpha", "Bêta"}


def test_a_newly_validated_proposal_outdates_the_approved_list(world):
    selection = approved(world)
    _challenge, late = validated_challenge(
        world.call, "Gamma", "Ville de Lille", ["dev"], state=Proposal.State.SELECTED
    )
    late.challenge.delete()  # validate_proposal builds its own

    validate_proposal(late, by=world.staff)

    selection.refresh_from_db()
    assert selection.state == State.OUTDATED
    assert approval.changes_since(selection).added == [late.dossier.number]  # its title: no answer given


def test_a_renamed_administration_outdates_the_list(world):
    selection = submitted(world)
    administration = world.challenges["Bêta"].administration
    administration.name = "Métropole de Lyon"
    administration.save()

    selection.refresh_from_db()
    assert selection.state == State.OUTDATED


def test_english_texts_and_the_status_change_nothing_the_approvers_approved(world):
    selection = approved(world)
    alpha = world.challenges["Alpha"]
    alpha.title_en = "Alpha in English"
    alpha.summary = "Un autre résumé"
    alpha.save()
    publish_selection(selection, by=world.staff)

    selection.refresh_from_db()
    assert selection.state == State.APPROVED
    with translation.override("en"):
        assert "Alpha in English" in {c.title for c in public_challenges()}


# --- The challenges published before the rule --------------------------------------------------------


def test_the_migration_records_the_challenges_already_published_as_approved():
    call = challenge_call()
    challenge, proposal = validated_challenge(call, "Publié avant", "Direction des données", ["dev"])
    Proposal.objects.filter(pk=proposal.pk).update(state=Proposal.State.PUBLISHED)
    recruit(challenge)
    _waiting, _proposal = validated_challenge(call, "Validé, pas publié", "Direction des données", ["dev"])
    assert "Publié avant" not in public_titles()

    migration = importlib.import_module("eig.proposals.migrations.0004_challenges_published_before_approval")
    migration.record_published(apps, None)

    selection = ChallengeSelection.objects.get(call=call)
    assert selection.state == State.APPROVED and [item["title"] for item in selection.content] == ["Publié avant"]
    assert selection.digest == selection.compute_digest()
    assert ChallengeApproval.objects.get(selection=selection).approver is None
    assert "Publié avant" in public_titles()


def test_a_challenge_deleted_from_the_list_outdates_it(world):
    selection = approved(world)

    world.challenges["Bêta"].delete()

    selection.refresh_from_db()
    assert selection.state == State.OUTDATED
    assert approval.changes_since(selection).removed == ["Bêta"]


def test_a_change_elsewhere_leaves_the_standing_list_alone(world):
    selection = approved(world)
    other = ChallengeFactory(title="Un défi d'une autre promotion")
    PositionFactory(challenge=other)
    other.title = "Renommé"
    other.save()

    selection.refresh_from_db()
    assert selection.state == State.APPROVED
