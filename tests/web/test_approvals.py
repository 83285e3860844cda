"""The approvers' pages (/validation/): the runs awaiting a decision and the history, one run in
full (the digest and whether the content still matches it, the teams with each person's
explanation, the waiting list, the refused, the validator's findings), and the decision:
approve, or return with a comment. Only people holding the approver role see any of it.

The promotion is tests/factories/selection.py's (its docstring draws it): Alpha = Ada + Dan,
Bêta = Bob + Cléo + Fay, Gamma = Eve + Gus; Hugo and Inès wait; Jo is refused.
"""

import datetime
import html
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from eig.accounts.models import Role
from eig.notifications.models import OutboxMessage
from eig.selection import services
from eig.selection.models import Approval, SelectionRun
from tests.factories import StaffFactory, UserFactory
from tests.factories.reviews import with_totp
from tests.factories.selection import Promotion, selection_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def promo() -> Promotion:
    return selection_world()


@pytest.fixture
def frozen(promo) -> SelectionRun:
    run = services.run_selection(promo.call, mode="optimal", by=promo.staff, label="Proposition de décembre")
    return services.freeze(run, by=promo.staff)


@pytest.fixture
def approver_client(promo) -> Client:
    return client_of(with_totp(promo.approver))


def test_an_approver_without_two_factor_authentication_is_sent_to_set_it_up(promo):
    response = client_of(promo.approver).get(reverse("approvals:list"))
    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def text_of(response) -> str:
    return re.sub(r"\s+", " ", html.unescape(response.content.decode()))


def detail_url(run) -> str:
    return reverse("approvals:detail", kwargs={"run": run.pk})


def decide_url(run) -> str:
    return reverse("approvals:decide", kwargs={"run": run.pk})


def seen(run, **fields) -> dict:
    """A decision as the detail page posts it: with the digest the page shows (and, for an
    approval, after its confirmation step: confirm=1)."""
    return {"digest": run.digest, **fields}


def section(text: str, heading: str, next_heading: str) -> str:
    """The page's text between two headings."""
    return text.split(f">{heading}</h2>", 1)[1].split(f">{next_heading}</h2>", 1)[0]


# --- Who sees the pages ---------------------------------------------------------------------------


def test_everyone_without_the_approver_role_gets_404_staff_included(promo, frozen):
    others = {
        "anonymous": Client(),
        "staff": client_of(promo.staff),
        "superuser": client_of(StaffFactory(is_superuser=True)),
        "candidate": client_of(promo.dossiers["ada"].owner),
        "jury member": client_of(UserFactory(roles=[Role.JURY_MEMBER.value])),
    }
    for who, client in others.items():
        assert client.get(reverse("approvals:list")).status_code == 404, who
        assert client.get(detail_url(frozen)).status_code == 404, who
        assert client.post(decide_url(frozen), {"decision": "approve"}).status_code == 404, who
    frozen.refresh_from_db()
    assert frozen.state == SelectionRun.State.FROZEN


def test_the_header_leads_approvers_to_their_pages(promo, approver_client):
    link = f'href="{reverse("approvals:list")}"'
    assert link in approver_client.get(reverse("candidates:space")).text
    assert link not in client_of(promo.staff).get(reverse("candidates:space")).text


def test_a_draft_is_staff_work_in_progress_it_answers_404(promo, approver_client):
    draft = services.run_selection(promo.call, mode="optimal", by=promo.staff)

    assert approver_client.get(detail_url(draft)).status_code == 404
    assert approver_client.post(decide_url(draft), {"decision": "approve"}).status_code == 404
    draft.refresh_from_db()
    assert draft.state == SelectionRun.State.DRAFT


# --- The list -------------------------------------------------------------------------------------


def test_the_list_shows_the_runs_awaiting_a_decision_and_the_decided_ones(promo, frozen, approver_client):
    response = approver_client.get(reverse("approvals:list"))

    assert response.status_code == 200
    text = text_of(response)
    awaiting = section(text, "En attente de votre décision", "Décisions rendues")
    assert f'href="{detail_url(frozen)}">Proposition de décembre</a>' in awaiting
    assert promo.staff.get_full_name() in awaiting
    assert "Aucune décision rendue pour l'instant." in text

    services.return_run(frozen, approver=promo.approver, comment="Réunir d'abord le comité.")
    text = text_of(approver_client.get(reverse("approvals:list")))
    assert "Aucune proposition n'attend votre décision." in text
    decided = text.split(">Décisions rendues</h2>", 1)[1]
    assert "Proposition de décembre" in decided
    assert "Renvoyée" in decided
    assert "Réunir d'abord le comité." in decided


def grow_runs(promo, count):
    """`count` frozen runs and `count` returned ones, each decided once (rows built directly:
    the page reads them, the services are tested elsewhere)."""
    now = timezone.now()
    for i in range(count):
        SelectionRun.objects.create(
            call=promo.call, mode="optimal", status="optimal", state="frozen", frozen_by=promo.staff, frozen_at=now
        )
        returned = SelectionRun.objects.create(
            call=promo.call, mode="stable", status="stable", state="returned", frozen_by=promo.staff, frozen_at=now
        )
        Approval.objects.create(
            run=returned, approver=promo.approver, decision="return", comment=f"Revoir {i}", digest="0" * 64, at=now
        )


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_the_list_keeps_a_flat_query_count_from_1_to_50_rows(promo, approver_client):
    url = reverse("approvals:list")
    grow_runs(promo, 1)
    approver_client.get(url)  # the first page reads the site's DSFR settings, kept under the content version
    with_one = queries_for(approver_client, url)
    grow_runs(promo, 49)
    assert queries_for(approver_client, url) == with_one


# --- One run --------------------------------------------------------------------------------------


def test_the_detail_shows_the_call_who_submitted_it_and_the_digest_of_an_intact_run(promo, frozen, approver_client):
    response = approver_client.get(detail_url(frozen))

    assert response.status_code == 200
    text = text_of(response)
    assert "<h1>Proposition de promotion : Proposition de décembre</h1>" in text
    assert promo.call.title in text
    assert "Composition optimale des équipes" in text
    assert "Soumise aux valideurs" in text
    assert f"<code>{frozen.digest}</code>" in text
    assert "Contenu intact : la proposition n'a pas changé depuis sa soumission." in text
    assert frozen.explanation in text
    assert "Aucune règle n'est enfreinte." in text


def test_the_detail_shows_the_teams_with_names_profiles_and_explanations(promo, frozen, approver_client):
    text = text_of(approver_client.get(detail_url(frozen)))

    teams = section(text, "Équipes par défi", "Liste d'attente")
    alpha = teams.split(">Alpha</h3>", 1)[1].split("</table>", 1)[0]
    assert "Ada Lovelace" in alpha and "Dan Brown" in alpha
    for key in ["A_dev", "A_ds"]:
        assert f"<td>{promo.positions[key].profile.label}</td>" in alpha
    assert frozen.explanations[str(promo.dossiers["ada"].pk)] in alpha
    gamma = teams.split(">Gamma</h3>", 1)[1].split("</table>", 1)[0]
    assert "Eve Curie" in gamma and "Gus Eiffel" in gamma
    assert "vous ne l'aviez pas demandé, mais son jury vous l'a proposé" in gamma


def test_the_detail_shows_the_waiting_list_and_the_refused(promo, frozen, approver_client):
    text = text_of(approver_client.get(detail_url(frozen)))

    waiting = section(text, "Liste d'attente", "Non retenus")
    assert "Hugo Pratt" in waiting and "Inès Leroy" in waiting
    assert frozen.explanations[str(promo.dossiers["hugo"].pk)] in waiting
    refused = section(text, "Non retenus", "Décisions")
    assert "Jo Dalton" in refused
    assert "le jury ne vous a pas classé pour ces postes" in refused
    assert "Hugo Pratt" not in refused


def test_the_detail_offers_the_decision_form_on_a_frozen_run_only(promo, frozen, approver_client):
    text = text_of(approver_client.get(detail_url(frozen)))
    assert '<label class="fr-label" for="decision-comment">Commentaire' in text
    assert '<button class="fr-btn" type="submit" name="decision" value="approve">Approuver</button>' in text
    assert 'name="decision" value="return">Renvoyer à l\'équipe</button>' in text

    services.approve(frozen, approver=promo.approver)
    text = text_of(approver_client.get(detail_url(frozen)))
    assert "Approuver</button>" not in text
    assert "Approuvée" in text


def test_a_run_changed_since_its_submission_is_flagged(promo, frozen, approver_client):
    SelectionRun.objects.filter(pk=frozen.pk).update(explanations={"1": "autre chose"})

    text = text_of(approver_client.get(detail_url(frozen)))

    assert "Le contenu ne correspond plus à l'empreinte" in text


# --- The decision ---------------------------------------------------------------------------------


def test_the_approver_approves_the_run_with_a_success_message(promo, frozen, approver_client):
    response = approver_client.post(
        decide_url(frozen), seen(frozen, decision="approve", comment="Conforme.", confirm="1")
    )

    assert response.status_code == 302
    assert response["Location"] == detail_url(frozen)
    frozen.refresh_from_db()
    assert frozen.state == SelectionRun.State.APPROVED
    approval = Approval.objects.get(run=frozen)
    assert (approval.decision, approval.approver, approval.comment, approval.digest) == (
        "approve",
        promo.approver,
        "Conforme.",
        frozen.digest,
    )
    text = text_of(approver_client.get(response["Location"]))
    assert "Proposition approuvée : elle devient la liste définitive de la promotion." in text
    assert "Conforme." in section(text, "Décisions", "Empreinte validée")


def test_a_double_click_shows_the_services_message_and_decides_once(promo, frozen, approver_client):
    approver_client.post(decide_url(frozen), seen(frozen, decision="approve", confirm="1"))

    second = approver_client.post(decide_url(frozen), seen(frozen, decision="approve", confirm="1"))

    assert second.status_code == 400
    assert "Cette proposition a été approuvée : elle ne peut plus être modifiée." in text_of(second)
    assert Approval.objects.filter(run=frozen).count() == 1


def test_a_second_click_on_a_returned_run_says_it_is_no_longer_submitted(promo, frozen, approver_client):
    approver_client.post(decide_url(frozen), seen(frozen, decision="return", comment="Revoir Gamma."))

    second = approver_client.post(decide_url(frozen), seen(frozen, decision="return", comment="Revoir Gamma."))

    assert second.status_code == 400
    assert "Cette proposition n'est pas soumise aux valideurs." in text_of(second)
    assert Approval.objects.filter(run=frozen).count() == 1


def test_the_approver_returns_the_run_with_a_comment(promo, frozen, approver_client):
    response = approver_client.post(
        decide_url(frozen), seen(frozen, decision="return", comment="Revoir l'équipe Gamma.")
    )

    assert response.status_code == 302
    frozen.refresh_from_db()
    assert frozen.state == SelectionRun.State.RETURNED
    assert Approval.objects.get(run=frozen).comment == "Revoir l'équipe Gamma."
    assert OutboxMessage.objects.filter(template="selection_decision", recipient=promo.staff.email).count() == 1
    text = text_of(approver_client.get(response["Location"]))
    assert "Proposition renvoyée à l'équipe du programme avec votre commentaire." in text
    assert "Approuver</button>" not in text


def test_a_return_without_a_comment_is_refused_with_the_services_message(promo, frozen, approver_client):
    response = approver_client.post(decide_url(frozen), seen(frozen, decision="return", comment="  "))

    assert response.status_code == 400
    text = text_of(response)
    assert "Dites ce qui doit changer : un renvoi s'accompagne d'un commentaire." in text
    assert "Aucune décision n'a été enregistrée." in text
    frozen.refresh_from_db()
    assert frozen.state == SelectionRun.State.FROZEN
    assert not Approval.objects.filter(run=frozen).exists()


def test_a_refused_decision_keeps_the_typed_comment(promo, frozen, approver_client):
    SelectionRun.objects.filter(pk=frozen.pk).update(explanations={"1": "autre chose"})

    response = approver_client.post(
        decide_url(frozen), seen(frozen, decision="approve", comment="Vu en comité le 12.", confirm="1")
    )

    assert response.status_code == 400
    text = text_of(response)
    assert "Cette proposition a changé depuis sa soumission : elle doit être soumise à nouveau." in text
    assert "> Vu en comité le 12.</textarea>" in text
    frozen.refresh_from_db()
    assert frozen.state == SelectionRun.State.FROZEN


def test_a_post_without_a_decision_changes_nothing(promo, frozen, approver_client):
    response = approver_client.post(decide_url(frozen), seen(frozen, comment="Hmm."))

    assert response.status_code == 400
    assert "Choisissez : approuver ou renvoyer à l'équipe." in text_of(response)
    frozen.refresh_from_db()
    assert frozen.state == SelectionRun.State.FROZEN


def test_the_decision_pages_read_only_and_post_only(promo, frozen, approver_client):
    assert approver_client.get(decide_url(frozen)).status_code == 405
    for method in ["post", "put", "patch", "delete"]:
        assert getattr(approver_client, method)(reverse("approvals:list")).status_code == 405, method
        assert getattr(approver_client, method)(detail_url(frozen)).status_code == 405, method


def test_an_old_decided_run_stays_readable(promo, frozen, approver_client):
    services.return_run(frozen, approver=promo.approver, comment="Revoir.", now=timezone.now())
    frozen.frozen_at = timezone.now() - datetime.timedelta(days=30)
    SelectionRun.objects.filter(pk=frozen.pk).update(frozen_at=frozen.frozen_at)

    assert approver_client.get(detail_url(frozen)).status_code == 200


def test_the_detail_reads_the_whole_promotion_in_a_fixed_number_of_queries(frozen, approver_client):
    # Session, user, two-factor check, run, dossiers, positions, names, approvals; the site's DSFR
    # settings under the content version (one read of the version row, one of the settings): none per person.
    assert queries_for(approver_client, detail_url(frozen)) <= 10


# --- Four eyes, the version read, the confirmation (issue 13 point 3; security review F5, F9) -----


def test_approve_first_asks_for_a_confirmation_naming_what_it_fixes(promo, frozen, approver_client):
    response = approver_client.post(decide_url(frozen), seen(frozen, decision="approve", comment="Conforme."))

    assert response.status_code == 200
    text = text_of(response)
    assert "Cette approbation est définitive" in text
    assert "deviendra la liste définitive de la promotion : elle ne pourra plus être modifiée" in text
    assert "7 proposition(s) de poste dans 3 équipe(s), 2 personne(s) sur liste d'attente, 1 personne(s)" in text
    assert frozen.digest in text
    assert f'<input type="hidden" name="digest" value="{frozen.digest}">' in text
    assert '<input type="hidden" name="comment" value="Conforme.">' in text
    assert '<button class="fr-btn" type="submit">Confirmer l\'approbation</button>' in text
    frozen.refresh_from_db()
    assert frozen.state == SelectionRun.State.FROZEN
    assert not Approval.objects.filter(run=frozen).exists()


def test_the_detail_page_carries_the_digest_it_shows(promo, frozen, approver_client):
    text = text_of(approver_client.get(detail_url(frozen)))

    assert f'<input type="hidden" name="digest" value="{frozen.digest}">' in text


def test_the_approver_who_submitted_the_run_cannot_approve_it(promo, approver_client):
    # Staff who also hold the approver role (security review F5) submit a run, then try to approve it.
    double = with_totp(StaffFactory(roles=[Role.STAFF.value, Role.APPROVER.value]))
    run = services.freeze(services.run_selection(promo.call, mode="optimal", by=promo.staff), by=double)
    client = client_of(double)

    for data in (seen(run, decision="approve"), seen(run, decision="approve", confirm="1")):
        response = client.post(decide_url(run), data)
        assert response.status_code == 400
        assert (
            "Vous avez préparé ou soumis cette proposition : une autre personne ayant le rôle de valideur doit la "
            "valider (principe des quatre yeux)." in text_of(response)
        )
    run.refresh_from_db()
    assert run.state == SelectionRun.State.FROZEN
    assert not Approval.objects.filter(run=run).exists()


def test_a_decision_on_a_page_read_before_the_run_was_submitted_again_is_refused(promo, frozen, approver_client):
    page_digest = frozen.digest
    services.return_run(frozen, approver=promo.approver, comment="Revoir Gamma.")
    SelectionRun.objects.filter(pk=frozen.pk).update(explanations={**frozen.explanations, "0": "précisé"})
    frozen.refresh_from_db()
    services.freeze(frozen, by=promo.staff)
    assert frozen.digest != page_digest

    for data in (
        {"digest": page_digest, "decision": "approve"},
        {"digest": page_digest, "decision": "approve", "confirm": "1"},
    ):
        response = approver_client.post(decide_url(frozen), data)
        assert response.status_code == 400
        text = text_of(response)
        assert "Cette proposition a changé depuis que vous l'avez ouverte" in text
        # The page shown again carries the current version's digest.
        assert f'<input type="hidden" name="digest" value="{frozen.digest}">' in text
    frozen.refresh_from_db()
    assert frozen.state == SelectionRun.State.FROZEN
    assert Approval.objects.filter(run=frozen).count() == 1  # the return only


def test_a_decision_without_the_pages_digest_is_refused(promo, frozen, approver_client):
    response = approver_client.post(decide_url(frozen), {"decision": "approve", "confirm": "1"})

    assert response.status_code == 400
    assert "Cette page est incomplète : rouvrez la proposition avant de décider." in text_of(response)
    assert not Approval.objects.filter(run=frozen).exists()
