"""The programme team's selection pages: running the team engine (optimal and stable) from the
page, the teams and explanations of a run, the what-ifs (lock a pair, exclude a candidate,
remove a challenge, change a weight, the other method), each a new run compared with the first;
submission to the approvers; then the offers, withdrawals, replacements and the publication.
Every refusal is a French message with nothing created; everyone but the team gets 404.

The promotion is tests/factories/selection.py's (its docstring draws it): the optimum places
Eve on « Gamma », which the jury proposed to her; the stable matching leaves her without a place.
"""

import dataclasses
import datetime
import html
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from eig.accounts.models import Role
from eig.calls.models import Call
from eig.engines import teams
from eig.notifications.models import OutboxMessage
from eig.selection import services
from eig.selection.models import Offer, Outcome, SelectionRun
from eig.web.staff.selection_forms import WEIGHT_FIELDS, RunForm
from eig.web.staff.selection_queries import roster
from tests.factories import StaffFactory, UserFactory
from tests.factories.reviews import submitted_dossier
from tests.factories.selection import Promotion, approved_run, offer_deadline, selection_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def promo() -> Promotion:
    return selection_world()


@pytest.fixture
def staff_client(promo):
    client = Client()
    client.force_login(promo.staff)
    return client


def url(name, promo, **kwargs):
    return reverse(f"staff:selection_{name}", kwargs={"slug": promo.call.slug, **kwargs})


def text_of(response):
    """The page's text, entities decoded, spaces collapsed."""
    return re.sub(r"\s+", " ", html.unescape(response.content.decode()))


def run_form(**overrides):
    data = {"mode": "optimal", "label": "", "wish": "10", "jury": "5", "teammate": "3", "unfilled": "50"}
    return data | overrides


def moment(days):
    return timezone.localtime(timezone.now() + datetime.timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


def placements(promo, run) -> dict[str, str | None]:
    return {who: promo.position_of(run, who) for who in promo.dossiers}


def new_run(promo, before):
    """The one run created since `before` (a set of pks)."""
    (run,) = SelectionRun.objects.filter(call=promo.call).exclude(pk__in=before)
    return run


def pks(promo):
    return set(SelectionRun.objects.filter(call=promo.call).values_list("pk", flat=True))


def sent(promo, run):
    services.send_offers(run, deadline=offer_deadline(), by=promo.staff)


# --- Where the pages are -----------------------------------------------------------------------


def test_the_call_list_links_a_call_for_applications_to_its_selection_and_the_jury_results_too(promo, staff_client):
    overview = url("overview", promo)
    assert f'href="{overview}"' in staff_client.get(reverse("staff:call_list")).content.decode()
    results = staff_client.get(reverse("staff:jury_results", kwargs={"slug": promo.call.slug}))
    assert f'href="{overview}"' in results.content.decode()


def test_a_call_for_challenges_has_no_selection_page(promo, staff_client):
    Call.objects.filter(pk=promo.call.pk).update(kind=Call.Kind.CHALLENGES)
    assert staff_client.get(url("overview", promo)).status_code == 404


@pytest.mark.parametrize("role", ["anonymous", "candidate", Role.APPROVER.value, Role.REVIEWER.value])
def test_everyone_outside_the_team_gets_404_and_runs_nothing(promo, role):
    run = services.run_selection(promo.call, mode="optimal", by=promo.staff)
    client = Client()
    if role == "candidate":
        client.force_login(promo.dossiers["ada"].owner)
    elif role != "anonymous":
        client.force_login(UserFactory(roles=[role]))
    for page in (url("overview", promo), url("detail", promo, run=run.pk), url("compare", promo), url("offers", promo)):
        assert client.get(page).status_code == 404, page
    assert client.post(url("run", promo), run_form()).status_code == 404
    assert client.post(url("freeze", promo, run=run.pk)).status_code == 404
    assert SelectionRun.objects.filter(call=promo.call).count() == 1
    assert SelectionRun.objects.get().state == SelectionRun.State.DRAFT


# --- 1. The overview and the run form ----------------------------------------------------------


def test_the_run_form_has_one_field_per_engine_weight_prefilled_with_its_default(promo, staff_client):
    assert set(WEIGHT_FIELDS) == {f.name for f in dataclasses.fields(teams.Weights)}
    form = RunForm(roster=roster(promo.call))
    defaults = teams.Weights()
    assert {name: form[name].initial for name in WEIGHT_FIELDS} == {
        name: getattr(defaults, name) for name in WEIGHT_FIELDS
    }
    page = text_of(staff_client.get(url("overview", promo)))
    for label, help_text in WEIGHT_FIELDS.values():
        assert str(label) in page and str(help_text) in page
    assert "Composition optimale des équipes" in page and "Affectation stable (acceptation différée)" in page
    assert "Lancer le calcul" in page
    # The candidates the jury heard, by name and dossier number; the challenges, to remove.
    assert f"Eve Curie ({promo.dossiers['eve'].number})" in page
    assert 'value="{}"'.format(promo.challenges["C"].pk) in page and "Gamma" in page


def test_staff_run_the_optimal_engine_and_read_the_teams_the_solver_figures_and_each_explanation(promo, staff_client):
    response = staff_client.post(url("run", promo), run_form(label="Poids par défaut"))

    run = SelectionRun.objects.get(call=promo.call)
    assert response.status_code == 302 and response["Location"] == url("detail", promo, run=run.pk)
    assert (run.mode, run.label, run.status, run.created_by) == ("optimal", "Poids par défaut", "optimal", promo.staff)
    assert placements(promo, run)["eve"] == "C_ds"
    page = text_of(staff_client.get(response["Location"]))
    assert "Calcul terminé : 7 personnes placées (optimum prouvé" in page
    assert "Le vérificateur indépendant a contrôlé chaque règle : aucune n'est enfreinte." in page
    assert run.explanation in page
    assert "Borne prouvée (points)" in page and "Écart à l'optimum" in page and "0 %" in page
    # The teams, with the wish each place answers; the unplaced with the explanation they would read.
    assert "Eve Curie" in page and "proposé par le jury ou épinglé" in page
    # Cléo wished « Bêta »'s first dev position and holds its second: the same wish (n° 1).
    assert re.search(r"Cléo Durand <span[^>]*>\S+</span></td> <td>n° 1</td>", page)
    for who in ("hugo", "ines", "jo"):
        assert run.explanations[str(promo.dossiers[who].pk)] in page
    assert run.explanations[str(promo.dossiers["bob"].pk)] in page
    assert "3 personnes sans place" in page


def test_staff_run_the_stable_matching_and_its_broken_team_rules_show_first(promo, staff_client):
    response = staff_client.post(url("run", promo), run_form(mode="stable"))

    run = SelectionRun.objects.get(call=promo.call)
    assert (run.mode, run.status, run.gap) == ("stable", "stable", None)
    page = text_of(staff_client.get(response["Location"]))
    assert "Règles de composition des équipes non respectées" in page
    assert "L'équipe du défi « Gamma » compte 1 personne, alors qu'il en faut 2." in page
    assert run.explanations[str(promo.dossiers["eve"].pk)] in page


def test_the_overview_lists_the_runs_and_compares_the_latest_of_each_method(promo, staff_client):
    optimal = services.run_selection(promo.call, mode="optimal", by=promo.staff, label="Optimale")
    stable = services.run_selection(promo.call, mode="stable", by=promo.staff, label="Stable")

    page = staff_client.get(url("overview", promo)).content.decode()

    assert "Optimale" in page and "Stable" in page and "Brouillon" in page
    compare_url = escape(url("compare", promo) + f"?a={optimal.pk}&b={stable.pk}")
    assert f'href="{compare_url}"' in page and "Comparer les deux méthodes" in page


def test_the_comparison_shows_side_by_side_figures_and_the_candidates_whose_place_differs(promo, staff_client):
    optimal = services.run_selection(promo.call, mode="optimal", by=promo.staff)
    stable = services.run_selection(promo.call, mode="stable", by=promo.staff)

    response = staff_client.get(url("compare", promo), {"a": optimal.pk, "b": stable.pk})

    page = text_of(response)
    assert response.status_code == 200
    assert "1 personne change de place" in page
    row = re.search(r"<tr> <th scope=\"row\">Eve Curie.*?</tr>", page).group(0)
    assert "Gamma — Data science" in row and "sans place" in row
    assert optimal.explanations[str(promo.dossiers["eve"].pk)] in row
    assert stable.explanations[str(promo.dossiers["eve"].pk)] in row
    assert "Défis sans équipe" in page and "Binômes demandés réunis" in page
    # Without parameters: the same two runs, the latest of each method.
    assert "1 personne change de place" in text_of(staff_client.get(url("compare", promo)))


def test_comparing_a_run_of_another_call_is_refused_in_french(promo, staff_client):
    run = services.run_selection(promo.call, mode="optimal", by=promo.staff)
    services.run_selection(promo.call, mode="stable", by=promo.staff)

    response = staff_client.get(url("compare", promo), {"a": run.pk, "b": 999999})

    assert response.status_code == 400
    assert "Choisissez une proposition de cet appel." in response.content.decode()


def test_a_double_click_on_the_run_form_shows_the_first_run_instead_of_a_copy(promo, staff_client):
    page = staff_client.get(url("overview", promo)).content.decode()
    key = re.search(r'name="request_key" value="([0-9a-f]{32})"', page).group(1)
    first = staff_client.post(url("run", promo), run_form(label="Essai", request_key=key))
    second = staff_client.post(url("run", promo), run_form(label="Essai", request_key=key), follow=True)

    assert SelectionRun.objects.filter(call=promo.call).count() == 1
    assert second.redirect_chain[-1][0] == first["Location"]
    assert "Ce calcul a déjà été lancé par ce même envoi du formulaire" in text_of(second)
    # The same parameters sent again from a new form (a new key) are a new run: staff asked twice.
    staff_client.post(url("run", promo), run_form(label="Essai", request_key="0" * 32))
    assert SelectionRun.objects.filter(call=promo.call).count() == 2


def test_a_double_click_on_a_what_if_shows_the_first_comparison_instead_of_a_copy(promo, staff_client, base):
    data = {"dossier": promo.dossiers["hugo"].pk, "position": promo.positions["C_design"].pk, "request_key": "k1"}
    first = staff_client.post(url("pin", promo, run=base.pk), data)
    second = staff_client.post(url("pin", promo, run=base.pk), data)
    assert first["Location"] == second["Location"]
    assert SelectionRun.objects.filter(call=promo.call).count() == 2  # the base and one what-if


def test_a_negative_weight_is_refused_in_french_and_runs_nothing(promo, staff_client):
    response = staff_client.post(url("run", promo), run_form(jury="-1"))

    assert response.status_code == 400
    assert "Un poids est un nombre positif ou nul." in response.content.decode()
    assert not SelectionRun.objects.exists()


def test_pinning_a_candidate_the_jury_did_not_hear_is_refused_in_french_and_runs_nothing(promo, staff_client):
    stranger = submitted_dossier(promo.call, first="Zoé", last="Absente")

    response = staff_client.post(
        url("run", promo), run_form(pin_1_dossier=stranger.pk, pin_1_position=promo.positions["A_dev"].pk)
    )

    assert response.status_code == 400
    assert "Cette personne n'a pas été auditionnée par le jury de cet appel." in text_of(response)
    assert not SelectionRun.objects.exists()


def test_the_run_form_takes_pins_exclusions_and_removed_challenges(promo, staff_client):
    hugo, ada = promo.dossiers["hugo"], promo.dossiers["ada"]
    data = run_form(
        pin_1_dossier=hugo.pk,
        pin_1_position=promo.positions["C_design"].pk,
        exclusions=[ada.pk],
        removed=[promo.challenges["B"].pk],
    )

    staff_client.post(url("run", promo), data)

    run = SelectionRun.objects.get(call=promo.call)
    assert (run.pins, run.exclusions, run.removed) == (
        [[hugo.pk, promo.positions["C_design"].pk]],
        [ada.pk],
        [promo.challenges["B"].pk],
    )
    assert placements(promo, run)["hugo"] == "C_design" and placements(promo, run)["ada"] is None


def test_a_pin_missing_its_position_is_refused(promo, staff_client):
    response = staff_client.post(url("run", promo), run_form(pin_1_dossier=promo.dossiers["ada"].pk))

    assert response.status_code == 400
    assert "Un épinglage désigne une personne et un poste : choisissez les deux." in text_of(response)
    assert not SelectionRun.objects.exists()


# --- 2. What-ifs from a run's page --------------------------------------------------------------


@pytest.fixture
def base(promo):
    return services.run_selection(promo.call, mode="optimal", by=promo.staff, label="Base")


def test_locking_a_pair_runs_again_with_the_pin_and_shows_the_comparison(promo, staff_client, base):
    before = pks(promo)
    hugo, seat = promo.dossiers["hugo"], promo.positions["C_design"]
    page = text_of(staff_client.get(url("detail", promo, run=base.pk)))
    assert "Verrouiller l'affectation" in page

    response = staff_client.post(url("pin", promo, run=base.pk), {"dossier": hugo.pk, "position": seat.pk})

    new = new_run(promo, before)
    assert response["Location"] == url("compare", promo) + f"?a={base.pk}&b={new.pk}"
    assert new.pins == [[hugo.pk, seat.pk]] and new.mode == base.mode and new.weights == base.weights
    assert placements(promo, new)["hugo"] == "C_design" and placements(promo, new)["gus"] != "C_design"
    assert "Hugo Pratt verrouillé sur Gamma — Design" in new.label
    comparison = text_of(staff_client.get(response["Location"]))
    assert "Hugo Pratt" in comparison and "Gus Eiffel" in comparison


def test_excluding_a_candidate_runs_again_without_them(promo, staff_client, base):
    before = pks(promo)
    ada = promo.dossiers["ada"]

    response = staff_client.post(url("exclude", promo, run=base.pk), {"dossier": ada.pk})

    new = new_run(promo, before)
    assert response["Location"] == url("compare", promo) + f"?a={base.pk}&b={new.pk}"
    assert new.exclusions == [ada.pk] and placements(promo, new)["ada"] is None
    assert "Ada Lovelace" in text_of(staff_client.get(response["Location"]))


def test_removing_a_challenge_runs_again_with_that_challenge_empty(promo, staff_client, base):
    before = pks(promo)
    gamma = promo.challenges["C"]

    response = staff_client.post(url("remove", promo, run=base.pk), {"challenge": gamma.pk})

    new = new_run(promo, before)
    assert response["Location"] == url("compare", promo) + f"?a={base.pk}&b={new.pk}"
    assert new.removed == [gamma.pk]
    assert not {who for who, seat in placements(promo, new).items() if seat and seat.startswith("C_")}


def test_changing_a_weight_runs_again_with_the_new_weights(promo, staff_client, base):
    before = pks(promo)

    response = staff_client.post(
        url("weights", promo, run=base.pk), {"wish": "10", "jury": "5", "teammate": "0", "unfilled": "50"}
    )

    new = new_run(promo, before)
    assert response.status_code == 302
    assert new.weights == {"wish": 10.0, "jury": 5.0, "teammate": 0.0, "unfilled": 50.0}
    assert new.summary["teammates_requested"] == 1


def test_running_again_with_the_other_method_keeps_the_parameters(promo, staff_client, base):
    before = pks(promo)

    response = staff_client.post(url("rerun", promo, run=base.pk))

    new = new_run(promo, before)
    assert (new.mode, new.weights, new.pins) == ("stable", base.weights, base.pins)
    assert "1 personne change de place" in text_of(staff_client.get(response["Location"]))


def test_what_ifs_with_bad_input_are_refused_in_french_and_run_nothing(promo, staff_client, base):
    before = pks(promo)
    stranger = submitted_dossier(promo.call, first="Zoé", last="Absente")
    cases = [
        ("pin", {"dossier": stranger.pk, "position": promo.positions["A_dev"].pk}, "n'a pas été auditionnée"),
        ("pin", {"dossier": promo.dossiers["ada"].pk, "position": 999999}, "n'est pas un poste de cette promotion"),
        ("exclude", {"dossier": "abc"}, "n'a pas été auditionnée"),
        ("remove", {"challenge": 999999}, "Seul un défi de cette promotion peut être retiré."),
        ("weights", {"wish": "-3", "jury": "5", "teammate": "3", "unfilled": "50"}, "positif ou nul"),
        ("weights", {"wish": "10", "jury": "5", "teammate": "3", "unfilled": "50"}, "sont ceux de cette proposition"),
    ]
    for action, data, message in cases:
        response = staff_client.post(url(action, promo, run=base.pk), data)
        assert response.status_code == 400, action
        assert message in text_of(response), action
    assert pks(promo) == before


def test_a_run_of_another_call_answers_404(promo, staff_client, base):
    other = selection_world()
    foreign = services.run_selection(other.call, mode="optimal", by=other.staff)
    assert staff_client.get(url("detail", promo, run=foreign.pk)).status_code == 404
    assert staff_client.post(url("rerun", promo, run=foreign.pk)).status_code == 404


# --- Submission, deletion, approval ----------------------------------------------------------------


def test_staff_submit_a_run_to_the_approvers_after_a_confirmation_and_see_its_digest(promo, staff_client, base):
    page = text_of(staff_client.get(url("detail", promo, run=base.pk)))
    assert "Soumettre aux valideurs" in page
    confirmation = text_of(staff_client.get(url("freeze", promo, run=base.pk)))
    assert "Confirmer la soumission" in confirmation
    base.refresh_from_db()
    assert base.state == SelectionRun.State.DRAFT

    response = staff_client.post(url("freeze", promo, run=base.pk), follow=True)

    base.refresh_from_db()
    assert base.state == SelectionRun.State.FROZEN and len(base.digest) == 64
    assert base.digest in text_of(response)
    assert OutboxMessage.objects.filter(template="selection_review", recipient=promo.approver.email).count() == 1
    # A second click: the service's message, nothing else changes.
    again = staff_client.post(url("freeze", promo, run=base.pk))
    assert again.status_code == 400
    assert "Cette proposition est déjà soumise aux valideurs." in text_of(again)
    assert OutboxMessage.objects.filter(template="selection_review").count() == 1


def test_a_run_that_breaks_a_team_rule_cannot_be_submitted(promo, staff_client):
    stable = services.run_selection(promo.call, mode="stable", by=promo.staff)

    response = staff_client.post(url("freeze", promo, run=stable.pk))

    stable.refresh_from_db()
    assert response.status_code == 400 and stable.state == SelectionRun.State.DRAFT
    assert "ne respecte pas toutes les règles de composition" in text_of(response)


def test_staff_delete_a_draft_after_a_confirmation_but_not_a_submitted_run(promo, staff_client, base):
    draft = services.run_selection(promo.call, mode="stable", by=promo.staff)
    assert "Confirmer la suppression" in text_of(staff_client.get(url("delete", promo, run=draft.pk)))

    response = staff_client.post(url("delete", promo, run=draft.pk))

    assert response["Location"] == url("overview", promo)
    assert not SelectionRun.objects.filter(pk=draft.pk).exists()
    services.freeze(base, by=promo.staff)
    refused = staff_client.post(url("delete", promo, run=base.pk))
    assert refused.status_code == 400 and "Seul un brouillon peut être supprimé" in text_of(refused)
    assert SelectionRun.objects.filter(pk=base.pk).exists()


def test_the_run_page_shows_the_approvals_history(promo, staff_client):
    run = approved_run(promo)

    page = text_of(staff_client.get(url("detail", promo, run=run.pk)))

    assert "Approuvée" in page and "Conforme aux délibérations." in page
    assert promo.approver.get_full_name() in page and run.digest in page
    overview = text_of(staff_client.get(url("overview", promo)))
    assert "Proposition approuvée" in overview


# --- 4. Offers, waiting list, replacements, publication --------------------------------------------


def test_the_offers_page_waits_for_an_approved_run(promo, staff_client, base):
    page = text_of(staff_client.get(url("offers", promo)))
    assert "Aucune proposition de promotion n'est encore approuvée" in page
    assert staff_client.post(url("send_offers", promo), {"deadline": moment(7)}).status_code == 404


def test_staff_send_the_offers_with_a_deadline_and_read_the_counts(promo, staff_client):
    run = approved_run(promo)
    page = text_of(staff_client.get(url("offers", promo)))
    assert "Réponse attendue avant le" in page and "Envoyer les propositions" in page

    response = staff_client.post(url("send_offers", promo), {"deadline": moment(10), "confirm": "1"}, follow=True)

    assert Offer.objects.filter(run=run).count() == 7
    page = text_of(response)
    assert (
        "Décisions envoyées : 7 proposition(s) de poste, 2 personne(s) sur liste d'attente, 1 personne(s) non retenue(s)"
        in page
    )
    assert "Hugo Pratt" in page and "Inès Leroy" in page  # the waiting list
    # Sent twice: nothing new.
    again = staff_client.post(url("send_offers", promo), {"deadline": moment(10), "confirm": "1"}, follow=True)
    assert "rien de nouveau n'a été envoyé" in text_of(again)
    assert OutboxMessage.objects.filter(template="selection_offer").count() == 7


def test_a_deadline_in_the_past_is_refused_in_french_and_sends_nothing(promo, staff_client):
    approved_run(promo)

    response = staff_client.post(url("send_offers", promo), {"deadline": moment(-1)})

    assert response.status_code == 400
    assert "La date limite de réponse doit être à venir." in text_of(response)
    assert not Offer.objects.exists() and not Outcome.objects.exists()


def test_staff_withdraw_an_offer_with_a_reason_only(promo, staff_client):
    run = approved_run(promo)
    sent(promo, run)
    offer = promo.offer(run, "gus")

    refused = staff_client.post(url("withdraw", promo, offer=offer.pk), {"reason": "  "})
    offer.refresh_from_db()
    assert refused.status_code == 400 and offer.status == Offer.Status.PENDING
    assert "Indiquez pourquoi la proposition est retirée." in text_of(refused)

    response = staff_client.post(
        url("withdraw", promo, offer=offer.pk), {"reason": "N'est plus disponible.", "confirm": "1"}
    )

    offer.refresh_from_db()
    assert response.status_code == 302 and offer.status == Offer.Status.WITHDRAWN
    for data in ({"reason": "Deux fois."}, {"reason": "Deux fois.", "confirm": "1"}):
        again = staff_client.post(url("withdraw", promo, offer=offer.pk), data)
        assert again.status_code == 400 and "Cette proposition n'est plus en cours." in text_of(again)
    page = text_of(staff_client.get(url("offers", promo)))
    assert "Retirée" in page and "Proposer un remplaçant" in page


def test_staff_propose_then_confirm_a_replacement_who_is_notified(promo, staff_client):
    run = approved_run(promo)
    sent(promo, run)
    gus, hugo = promo.offer(run, "gus"), promo.dossiers["hugo"]
    services.withdraw_offer(gus, by=promo.staff, reason="N'est plus disponible.")

    proposal = staff_client.post(url("replacement", promo, offer=gus.pk))

    page = text_of(proposal)
    assert proposal.status_code == 200
    assert "Hugo Pratt (dossier" in page and "Confirmer le remplacement" in page
    assert f'<option value="{hugo.pk}" selected>' in proposal.content.decode()
    assert not Offer.objects.filter(run=run, dossier=hugo).exists()

    response = staff_client.post(
        url("confirm_replacement", promo, offer=gus.pk), {"dossier": hugo.pk, "deadline": moment(5)}, follow=True
    )

    new = Offer.objects.get(run=run, dossier=hugo)
    gus.refresh_from_db()
    assert (gus.replaced_by, new.position, new.status) == (new, promo.positions["C_design"], Offer.Status.PENDING)
    assert Outcome.objects.get(run=run, dossier=hugo).decision == Outcome.Decision.LAUREATE
    message = OutboxMessage.objects.get(template="selection_offer", recipient=hugo.owner.email)
    assert "« Gamma »" in message.subject
    assert "Remplacement confirmé : Hugo Pratt reçoit la proposition de Gamma — Design" in text_of(response)
    # Confirmed twice: the service's message, no second offer.
    again = staff_client.post(
        url("confirm_replacement", promo, offer=gus.pk),
        {"dossier": promo.dossiers["ines"].pk, "deadline": moment(5)},
    )
    assert again.status_code == 400 and "Cette proposition a déjà été remplacée." in text_of(again)
    assert Offer.objects.filter(run=run).count() == 8


def test_a_replacement_with_a_past_deadline_or_for_a_live_offer_is_refused(promo, staff_client):
    run = approved_run(promo)
    sent(promo, run)
    gus, ada = promo.offer(run, "gus"), promo.offer(run, "ada")
    services.withdraw_offer(gus, by=promo.staff, reason="N'est plus disponible.")

    late = staff_client.post(
        url("confirm_replacement", promo, offer=gus.pk), {"dossier": promo.dossiers["hugo"].pk, "deadline": moment(-1)}
    )
    live = staff_client.post(url("replacement", promo, offer=ada.pk))

    assert late.status_code == 400 and "La date limite de réponse doit être à venir." in text_of(late)
    assert live.status_code == 400
    assert "Seule une proposition déclinée, expirée ou retirée appelle un remplacement." in text_of(live)
    assert Offer.objects.filter(run=run).count() == 7


def test_nobody_on_the_waiting_list_fits_says_so(promo, staff_client):
    run = approved_run(promo)
    sent(promo, run)
    ada = promo.offer(run, "ada")
    services.withdraw_offer(ada, by=promo.staff, reason="N'est plus disponible.")

    page = text_of(staff_client.post(url("replacement", promo, offer=ada.pk)))

    assert "Personne sur la liste d'attente n'est classé par le jury du défi « Alpha »" in page


def test_staff_publish_the_promotion_after_a_confirmation_then_link_its_public_page(promo, staff_client):
    run = approved_run(promo)
    sent(promo, run)
    for who in ("ada", "dan"):
        services.respond(promo.offer(run, who), accept=True, by=promo.dossiers[who].owner, public_profile=True)
    offers = text_of(staff_client.get(url("offers", promo)))
    assert "Publier la promotion" in offers
    assert "Confirmer la publication" in text_of(staff_client.get(url("publish", promo)))

    response = staff_client.post(url("publish", promo), follow=True)

    run.refresh_from_db()
    assert run.published_at is not None
    promotion_url = promo.call.promotion.get_absolute_url()
    assert f'href="{promotion_url}"' in response.content.decode()
    assert "Promotion publiée" in text_of(response)
    again = staff_client.post(url("publish", promo))
    assert again.status_code == 400 and "Cette promotion est déjà publiée." in text_of(again)


def test_publishing_without_any_accepted_offer_is_refused(promo, staff_client):
    run = approved_run(promo)
    sent(promo, run)

    response = staff_client.post(url("publish", promo))

    run.refresh_from_db()
    assert response.status_code == 400 and run.published_at is None
    assert "Aucun lauréat n'a encore accepté sa proposition" in text_of(response)


# --- Flat query counts ---------------------------------------------------------------------------------


def queries_for(client, address):
    with CaptureQueriesContext(connection) as context:
        assert client.get(address).status_code == 200
    return len(context.captured_queries)


def add_runs(promo, count):
    for n in range(count):
        SelectionRun.objects.create(
            call=promo.call,
            mode="optimal" if n % 2 else "stable",
            status="optimal",
            label=f"Copie {n}",
            created_by=StaffFactory(),
            frozen_by=StaffFactory(),
        )


def test_the_runs_list_keeps_a_flat_query_count(promo, staff_client):
    add_runs(promo, 3)
    # The first page reads the site's DSFR settings, kept under the content version.
    staff_client.get(url("overview", promo))
    with_three = queries_for(staff_client, url("overview", promo))
    add_runs(promo, 3)
    assert queries_for(staff_client, url("overview", promo)) == with_three


def add_offers(promo, run, count):
    """Declined offers and waiting-list outcomes of new people (ORM rows: the page reads them)."""
    now = timezone.now()
    for n in range(count):
        dossier = submitted_dossier(promo.call, first="Personne", last=f"Numéro {n}")
        offer = Offer.objects.create(
            run=run, dossier=dossier, position=promo.positions["B_ds"], deadline=now, status=Offer.Status.DECLINED
        )
        replacement = Offer.objects.create(
            run=run,
            dossier=submitted_dossier(promo.call, first="Relève", last=f"Numéro {n}"),
            position=promo.positions["B_ds"],
            deadline=now,
            status=Offer.Status.EXPIRED,
        )
        Offer.objects.filter(pk=offer.pk).update(replaced_by=replacement)
        waiting = submitted_dossier(promo.call, first="Attente", last=f"Numéro {n}")
        Outcome.objects.create(run=run, dossier=waiting, decision=Outcome.Decision.WAITING_LIST, notified_at=now)


def test_the_offers_list_keeps_a_flat_query_count(promo, staff_client):
    run = approved_run(promo)
    sent(promo, run)
    add_offers(promo, run, 2)
    # The first page reads the site's DSFR settings, kept under the content version.
    staff_client.get(url("offers", promo))
    with_some = queries_for(staff_client, url("offers", promo))
    add_offers(promo, run, 4)
    page = text_of(staff_client.get(url("offers", promo)))
    assert "Attente Numéro 3" in page and "Relève Numéro 3" in page
    assert queries_for(staff_client, url("offers", promo)) == with_some


def test_the_pages_carry_no_inline_script_or_style(promo, staff_client):
    run = approved_run(promo)
    sent(promo, run)
    services.run_selection(promo.call, mode="stable", by=promo.staff)
    for page in (
        url("overview", promo),
        url("detail", promo, run=run.pk),
        url("compare", promo),
        url("offers", promo),
        url("publish", promo),
        url("freeze", promo, run=run.pk),
    ):
        content = staff_client.get(page).content.decode()
        assert "style=" not in content and "<script>" not in content, page
