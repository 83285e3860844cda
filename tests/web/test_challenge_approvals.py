"""The validation of a call's selected challenges on the pages (issue 18, point 7): the approvers
read the submitted list on their pages (/validation/, beside the team proposals, second factor
required) and approve it after a confirmation or return it with a comment; the programme team
submits the list and publishes the approved challenges from the call's page
(/equipe/appels/<call>/defis-retenus/). Until approved, the challenges are on no public page.

The world is tests/factories/challenge_selection.py's: « Alpha » (DINUM: dev, data science) and
« Bêta » (Ville de Lyon: design), validated by staff.
"""

import html
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from eig.accounts.models import Role
from eig.challenges.models import Challenge
from eig.challenges.queries import promotions_with_challenge_counts
from eig.proposals import approval
from eig.proposals.models import ChallengeApproval, ChallengeSelection
from eig.reporting import open_data
from eig.reporting.api_statistics import promotion_counts
from tests.factories import StaffFactory, UserFactory
from tests.factories.challenge_selection import World, selected_call, validated_challenge
from tests.factories.reviews import with_totp

pytestmark = pytest.mark.django_db

State = ChallengeSelection.State


@pytest.fixture
def world() -> World:
    return selected_call()


@pytest.fixture
def selection(world) -> ChallengeSelection:
    return approval.submit_selection(world.call, by=world.staff)


@pytest.fixture
def approver_client(world) -> Client:
    return client_of(with_totp(world.approver))


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def text_of(response) -> str:
    return re.sub(r"\s+", " ", html.unescape(response.content.decode()))


def detail_url(selection) -> str:
    return reverse("approvals:challenges_detail", kwargs={"selection": selection.pk})


def decide_url(selection) -> str:
    return reverse("approvals:challenges_decide", kwargs={"selection": selection.pk})


def staff_url(world, name="challenge_selection") -> str:
    return reverse(f"staff:{name}", kwargs={"slug": world.call.slug})


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


# --- The approvers' pages ----------------------------------------------------------------------------


def test_everyone_without_the_approver_role_gets_404_staff_included(world, selection):
    for who, client in {
        "anonymous": Client(),
        "staff": client_of(world.staff),
        "candidate": client_of(UserFactory()),
    }.items():
        assert client.get(detail_url(selection)).status_code == 404, who
        assert client.post(decide_url(selection), {"decision": "approve"}).status_code == 404, who
    assert ChallengeSelection.objects.get().state == State.SUBMITTED


def test_an_approver_without_two_factor_authentication_is_sent_to_set_it_up(world, selection):
    response = client_of(world.approver).get(detail_url(selection))
    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")


def test_the_list_shows_the_submitted_challenges_beside_the_team_proposals(world, selection, approver_client):
    text = text_of(approver_client.get(reverse("approvals:list")))

    awaiting = text.split(">En attente de votre décision</h2>", 1)[1].split(">Décisions rendues</h2>", 1)[0]
    assert f'href="{detail_url(selection)}">Défis retenus — {world.call.title}</a>' in awaiting
    assert "Défis retenus (2)" in awaiting and world.staff.get_full_name() in awaiting

    approval.return_selection(selection, approver=world.approver, comment="Revoir le titre de Bêta.")
    decided = text_of(approver_client.get(reverse("approvals:list"))).split(">Décisions rendues</h2>", 1)[1]
    assert "Renvoyée" in decided and "Revoir le titre de Bêta." in decided


def grow(world, count):
    """`count` returned lists of the call, each decided once (rows built directly: the page reads them)."""
    for i in range(count):
        returned = ChallengeSelection.objects.create(
            call=world.call, state=State.RETURNED, content=[], digest="0" * 64, submitted_at=world.call.closes_at
        )
        ChallengeApproval.objects.create(
            selection=returned,
            approver=world.approver,
            decision="return",
            comment=f"Revoir {i}",
            digest="0" * 64,
            at=world.call.closes_at,
        )


def test_the_list_keeps_a_literal_query_count_at_two_sizes(world, selection, approver_client):
    url = reverse("approvals:list")
    grow(world, 1)
    # Session, user, two-factor check; runs awaiting, decided (+ approvals); lists awaiting, decided (+ approvals);
    # the site's DSFR settings under the content version (the version row, then the settings: growing moves it).
    assert queries_for(approver_client, url) == 10
    grow(world, 30)
    assert queries_for(approver_client, url) == 10


def test_the_detail_shows_each_challenge_as_submitted_with_the_digest(world, selection, approver_client):
    text = text_of(approver_client.get(detail_url(selection)))

    assert f"<h1>Défis retenus : {world.call.title}</h1>" in text
    assert f"<code>{selection.digest}</code>" in text
    assert "Contenu intact : la liste des défis retenus n'a pas changé depuis sa soumission." in text
    rows = text.split(">Défis retenus</h2>", 1)[1].split("</table>", 1)[0]
    alpha, beta = rows.split("<bdi>Alpha</bdi>", 1)[1].split("</tr>", 1)[0], rows.split("<bdi>Bêta</bdi>", 1)[1]
    assert "<td>Direction interministérielle du numérique</td> <td>Développement, Data science</td>" in alpha
    assert "<td>Ville de Lyon</td> <td>Design</td>" in beta and "Le résumé de Bêta" in beta
    assert '<button class="fr-btn" type="submit" name="decision" value="approve">Approuver</button>' in text
    assert f'<input type="hidden" name="digest" value="{selection.digest}">' in text


def test_the_detail_reads_in_a_fixed_number_of_queries(world, selection, approver_client):
    # Session, user, two-factor check; the list; the call's list now (challenges + positions);
    # approvals; profiles; summaries; the site's DSFR settings under the content version (the version row,
    # then the settings: new challenges move it).
    assert queries_for(approver_client, detail_url(selection)) == 11
    for n in range(8):
        validated_challenge(world.call, f"Défi {n}", f"Administration {n}", ["dev", "design"])
    larger = approval.submit_selection(world.call, by=world.staff)  # ten challenges
    assert queries_for(approver_client, detail_url(larger)) == 11


def test_a_list_changed_since_its_submission_says_what_changed_and_offers_no_decision(
    world, selection, approver_client
):
    beta = world.challenges["Bêta"]
    beta.title = "Bêta 2"
    beta.save()

    text = text_of(approver_client.get(detail_url(selection)))

    assert "Modifiée depuis sa soumission" in text
    assert "La liste des défis retenus a changé depuis sa soumission" in text
    assert "Défis modifiés depuis : « Bêta 2 »" in text
    assert "Approuver</button>" not in text


def test_approve_asks_for_a_confirmation_then_approves_the_version_read(world, selection, approver_client):
    first = approver_client.post(decide_url(selection), {"decision": "approve", "digest": selection.digest})

    assert first.status_code == 200
    text = text_of(first)
    assert "Cette approbation est définitive" in text
    assert "La liste des 2 défi(s) retenu(s)" in text and selection.digest in text
    assert "Revenir à la liste des défis" in text
    assert ChallengeSelection.objects.get().state == State.SUBMITTED

    done = approver_client.post(
        decide_url(selection),
        {"decision": "approve", "digest": selection.digest, "comment": "Conforme.", "confirm": "1"},
    )

    assert done.status_code == 302 and done["Location"] == detail_url(selection)
    selection.refresh_from_db()
    assert selection.state == State.APPROVED
    decision = ChallengeApproval.objects.get(selection=selection)
    assert (decision.approver, decision.comment, decision.digest) == (world.approver, "Conforme.", selection.digest)
    assert "Liste approuvée : l'équipe du programme peut publier ces défis" in text_of(
        approver_client.get(detail_url(selection))
    )


def test_a_return_needs_a_comment(world, selection, approver_client):
    refused = approver_client.post(decide_url(selection), {"decision": "return", "digest": selection.digest})
    assert refused.status_code == 400
    assert "Dites ce qui doit changer" in text_of(refused)

    response = approver_client.post(
        decide_url(selection), {"decision": "return", "digest": selection.digest, "comment": "Revoir Bêta."}
    )
    assert response.status_code == 302
    assert ChallengeSelection.objects.get().state == State.RETURNED


def test_the_person_who_submitted_the_list_cannot_approve_it(world):
    double = with_totp(StaffFactory(roles=[Role.STAFF.value, Role.APPROVER.value]))
    selection = approval.submit_selection(world.call, by=double)

    response = client_of(double).post(decide_url(selection), {"decision": "approve", "digest": selection.digest})

    assert response.status_code == 400
    assert "principe des quatre yeux" in text_of(response)
    assert not ChallengeApproval.objects.exists()


def test_a_decision_on_a_stale_page_is_refused(world, selection, approver_client):
    response = approver_client.post(decide_url(selection), {"decision": "approve", "digest": "0" * 64, "confirm": "1"})
    assert response.status_code == 400
    assert "relisez la version actuelle" in text_of(response)


# --- The programme team's page ----------------------------------------------------------------------


def test_staff_submit_the_list_then_publish_the_approved_challenges(world, client):
    staff = client_of(world.staff)
    text = text_of(staff.get(staff_url(world)))
    assert "Soumettre les 2 défis retenus aux valideurs" in text
    assert "Aucune liste ne tient lieu de validation" in text

    response = staff.post(staff_url(world, "challenge_selection_submit"))

    assert response.status_code == 302
    selection = ChallengeSelection.objects.get()
    text = text_of(staff.get(staff_url(world)))
    assert "Liste des défis retenus soumise aux valideurs" in text and selection.digest in text
    assert "Soumettre les 2" not in text
    again = staff.post(staff_url(world, "challenge_selection_submit"))
    assert again.status_code == 400 and "attend déjà la décision des valideurs" in text_of(again)
    alpha = world.challenges["Alpha"]
    assert client.get(alpha.get_absolute_url()).status_code == 404

    approval.approve_selection(selection, approver=world.approver)
    assert "Publier les 2 défis approuvés" in text_of(staff.get(staff_url(world)))
    published = staff.post(staff_url(world, "challenge_selection_publish"))

    assert published.status_code == 302
    assert set(Challenge.objects.values_list("status", flat=True)) == {Challenge.Status.RECRUITING}
    assert "2 défis publiés" in text_of(staff.get(staff_url(world)))
    assert client.get(alpha.get_absolute_url()).status_code == 200


def test_publication_without_an_approved_list_is_refused(world, selection):
    response = client_of(world.staff).post(staff_url(world, "challenge_selection_publish"))
    assert response.status_code == 400
    assert "Seule une liste de défis approuvée par les valideurs peut être publiée." in text_of(response)


def test_the_staff_page_keeps_a_literal_query_count_at_two_sizes(world, selection):
    staff = client_of(world.staff)
    # Session, user, two-factor check; call; challenges + positions; lists + approvals; the standing
    # list's changes (challenges + positions); the site's DSFR settings under the content version (the
    # version row, then the settings: new challenges move it).
    assert queries_for(staff, staff_url(world)) == 12
    for n in range(8):
        validated_challenge(world.call, f"Défi {n}", f"Administration {n}", ["dev", "design"])
    approval.submit_selection(world.call, by=world.staff)  # the first list is outdated: ten challenges now
    assert queries_for(staff, staff_url(world)) == 12


# --- Every public read follows the approval ---------------------------------------------------------


def public_reads(world) -> dict[str, bool]:
    """Whether « Alpha » shows in each public read: the list page, the API (challenges and
    positions), the open data (challenges, positions, promotions' counts), the promotions' counts."""
    alpha = world.challenges["Alpha"]
    anonymous = Client()
    promotion = world.call.promotion
    return {
        "list page": "Alpha" in anonymous.get(reverse("public:challenge_list")).text,
        "challenge page": anonymous.get(alpha.get_absolute_url()).status_code == 200,
        "api challenges": any(c["id"] == alpha.pk for c in anonymous.get("/api/v1/challenges").json()["results"]),
        "api positions": any(
            p["challenge"]["id"] == alpha.pk for p in anonymous.get("/api/v1/positions").json()["results"]
        ),
        "open data challenges": any(row["id"] == alpha.pk for row in open_data.challenge_rows()),
        "open data counts": {r["slug"]: r["challenge_count"] for r in open_data.promotion_rows()}[promotion.slug] == 2,
        "promotion counts": promotions_with_challenge_counts().get(pk=promotion.pk).public_challenge_count == 2,
        "statistics": {c.promotion.pk: c.challenges for c in promotion_counts()}.get(promotion.pk) == 2,
    }


def test_every_public_read_hides_a_challenge_awaiting_approval_and_shows_it_once_approved(world, selection):
    for challenge in world.challenges.values():
        challenge.status = Challenge.Status.RECRUITING  # as if set in the admin: still held back
        challenge.save()
    selection.refresh_from_db()
    assert selection.state == State.SUBMITTED  # the status is not in the digest: the list is unchanged

    assert public_reads(world) == dict.fromkeys(public_reads(world), False)

    approval.approve_selection(selection, approver=world.approver)

    assert public_reads(world) == dict.fromkeys(public_reads(world), True)
