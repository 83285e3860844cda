"""The selection's rules, one service at a time (eig/selection/services.py).

The promotion of these tests is tests/factories/selection.py's (its docstring draws it).
"""

import datetime
import hashlib
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from eig.accounts.personal_data import anonymise_dossier, delete_account
from eig.calls.models import Dossier, DossierVersion
from eig.challenges.models import Challenge
from eig.community.models import Membership, Person
from eig.core.errors import DomainError
from eig.core.models import ActivityLog
from eig.engines import matching, teams
from eig.notifications.models import OutboxMessage
from eig.selection import queries, services
from eig.selection.models import Approval, Offer, Outcome, SelectionRun
from eig.selection.personal_data import export_for
from tests.factories import PositionFactory
from tests.factories.selection import Promotion, selection_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def promo() -> Promotion:
    return selection_world()


def placements(promo, run) -> dict[str, str | None]:
    return {who: promo.position_of(run, who) for who in promo.dossiers}


OPTIMUM = {
    "ada": "A_dev",
    "bob": "B_dev",
    "cleo": "B_dev2",
    "dan": "A_ds",
    "eve": "C_ds",
    "fay": "B_ds",
    "gus": "C_design",
    "hugo": None,
    "ines": None,
    "jo": None,
}


def approved(promo) -> SelectionRun:
    run = services.run_selection(promo.call, mode="optimal", by=promo.staff)
    services.freeze(run, by=promo.staff)
    return services.approve(run, approver=promo.approver, comment="Conforme aux délibérations.")


def deadline(days=7):
    return timezone.now() + datetime.timedelta(days=days)


# --- The engines' instances from the database ------------------------------------------------


def test_the_team_instance_reads_wishes_jury_lists_proposals_and_mutual_teammates(promo):
    instance = services.build_team_instance(promo.call)
    d = {k: f"d{v.pk}" for k, v in promo.dossiers.items()}
    p = {k: f"p{v.pk}" for k, v in promo.positions.items()}
    c = {k: f"c{v.pk}" for k, v in promo.challenges.items()}
    candidates = {x.id: x for x in instance.candidates}
    assert len(candidates) == 10
    assert candidates[d["bob"]].wishes == (p["A_dev"], p["B_dev"])
    assert candidates[d["bob"]].teammates == (d["cleo"],)
    assert candidates[d["cleo"]].teammates == (d["bob"],)
    # Jo's verdict is unfavourable: not on the list. Eve is proposed to « Gamma », after its list.
    assert instance.jury[c["A"], "dev"] == {d["ada"]: 1, d["bob"]: 2}
    assert instance.jury[c["C"], "datascience"] == {d["eve"]: 1}
    challenges = {x.id: x for x in instance.challenges}
    assert (challenges[c["B"]].size_min, challenges[c["B"]].size_max) == (2, 3)
    assert challenges[c["B"]].required_profiles == ("dev", "datascience")
    assert challenges[c["A"]].size_max == 2
    assert instance.labels[c["B"]] == "« Bêta »" and instance.labels[d["cleo"]] == "Cléo Durand"
    assert instance.max_wishes == promo.call.max_wishes


def test_the_matching_instance_groups_interchangeable_positions_and_keeps_wishes_only(promo):
    instance = services.build_matching_instance(promo.call)
    d = {k: f"d{v.pk}" for k, v in promo.dossiers.items()}
    beta_dev = "développeur ou développeuse du défi « Bêta »"
    assert instance.capacities[beta_dev] == 2
    assert instance.positions[beta_dev] == (d["ada"], d["bob"], d["cleo"])
    assert instance.candidates[d["bob"]] == ("développeur ou développeuse du défi « Alpha »", beta_dev)
    # The jury proposed « Gamma » to Eve, but she did not wish it: unacceptable to her.
    assert instance.candidates[d["eve"]] == ("data scientist du défi « Alpha »",)


def test_parameters_naming_what_is_not_in_the_call_are_refused(promo):
    stranger = PositionFactory()
    with pytest.raises(DomainError, match="poste qui n'est pas de cette promotion"):
        services.build_team_instance(promo.call, pins=[(promo.dossiers["ada"].pk, stranger.pk)])
    with pytest.raises(DomainError, match="Poids inconnu"):
        services.build_team_instance(promo.call, weights={"charm": 3})
    with pytest.raises(DomainError, match="positif ou nul"):
        services.build_team_instance(promo.call, weights={"wish": -1})


# --- Runs --------------------------------------------------------------------------------------


def test_the_optimal_run_forms_the_teams_and_the_validator_confirms_every_rule(promo):
    run = services.run_selection(promo.call, mode="optimal", by=promo.staff, label="Poids par défaut")
    assert (run.status, run.gap, run.problems) == ("optimal", 0.0, [])
    assert placements(promo, run) == OPTIMUM
    assert run.summary["teammates_together"] == 1 and run.summary["proposed"] == 1
    assert sorted(run.eligible) == sorted(d.pk for k, d in promo.dossiers.items() if k != "jo")
    assert set(run.explanations) == {str(d.pk) for d in promo.dossiers.values()}
    assert "Optimum prouvé" in run.explanation
    assert ActivityLog.objects.filter(verb="selection.run", target_id=str(run.pk)).exists()


def test_the_same_request_key_returns_the_first_run_instead_of_a_copy(promo, monkeypatch):
    first = services.run_selection(promo.call, mode="optimal", by=promo.staff, request_key="k1")
    again = services.run_selection(promo.call, mode="stable", by=promo.staff, request_key="k1")
    assert (first.repeated, again.repeated, again.pk) == (False, True, first.pk)
    other = services.run_selection(promo.call, mode="optimal", by=promo.staff, request_key="k2")
    assert other.pk != first.pk
    # Two requests at the same time: the second one's lookup misses the first (not yet there),
    # its insert meets the unique constraint, and it answers with the first one's run.
    real, calls = services._run_of_request, []

    def first_lookup_misses(call, key):
        calls.append(key)
        return None if len(calls) == 1 else real(call, key)

    monkeypatch.setattr(services, "_run_of_request", first_lookup_misses)
    late = services.run_selection(promo.call, mode="optimal", by=promo.staff, request_key="k1")
    assert (late.pk, late.repeated, len(calls)) == (first.pk, True, 2)
    assert SelectionRun.objects.filter(call=promo.call).count() == 2


def test_the_stable_run_is_stable_and_breaks_a_team_rule_the_optimal_one_keeps(promo):
    run = services.run_selection(promo.call, mode="stable", by=promo.staff)
    # The service's validator found nothing; the checker agrees on a fresh run of the engine.
    instance = services.build_matching_instance(promo.call)
    result = matching.deferred_acceptance(instance)
    assert matching.validate(instance, result) == [] and matching.blocking_pairs(instance, result) == []
    assert result.assignment[f"d{promo.dossiers['eve'].pk}"] is None
    assert (run.status, run.problems) == ("stable", [])
    assert placements(promo, run) == {**OPTIMUM, "eve": None}
    assert run.warnings == [
        "L'équipe du défi « Gamma » compte 1 personne, alors qu'il en faut 2.",
        "L'équipe du défi « Gamma » n'a pas de profil data scientist.",
    ]
    assert "Aucune paire bloquante" in run.explanation
    assert run.explanations[str(promo.dossiers["eve"].pk)] == (
        "Aucun vœu obtenu : votre 1er vœu, data scientist du défi « Alpha », a retenu 1 candidat mieux classé "
        "par son jury (vous y êtes au 2e rang)."
    )


def test_three_typical_explanations_name_the_rule_that_decided(promo):
    run = services.run_selection(promo.call, mode="optimal", by=promo.staff)
    said = {who: run.explanations[str(d.pk)] for who, d in promo.dossiers.items()}
    # A better wish filled by a candidate the jury ranked higher; the mutual teammate request honoured.
    assert said["bob"] == (
        "Vous rejoignez le défi « Bêta » (votre 2e vœu) comme développeur ou développeuse. Son jury vous a classé "
        "2e sur 3 pour ce profil. Votre 1er vœu, le défi « Alpha » (développeur ou développeuse), a été pourvu par "
        "un candidat classé avant vous par son jury. Vous faites équipe avec Cléo Durand, comme vous l'aviez "
        "demandé tous les deux."
    )
    # The jury's proposal of a challenge the candidate had not wished.
    assert said["eve"].startswith(
        "Vous rejoignez le défi « Gamma » comme data scientist : vous ne l'aviez pas demandé, mais son jury vous "
        "l'a proposé."
    )
    # Ranked on no list.
    assert said["jo"] == "Aucun de vos vœux n'a été retenu : le jury ne vous a pas classé pour ces postes."


def test_what_if_a_pin_an_exclusion_and_a_removed_challenge_change_the_proposal(promo):
    base = services.run_selection(promo.call, mode="optimal", by=promo.staff)
    d, p = promo.dossiers, promo.positions
    pinned = services.run_selection(
        promo.call, mode="optimal", pins=[(d["ines"].pk, p["B_ds"].pk)], by=promo.staff, label="Inès sur Bêta"
    )
    assert pinned.pins == [[d["ines"].pk, p["B_ds"].pk]]
    assert [(r.dossier, r.before, r.after) for r in queries.compare(base, pinned)] == sorted(
        [(d["fay"], p["B_ds"], None), (d["ines"], None, p["B_ds"])], key=lambda row: row[0].number
    )
    excluded = services.run_selection(promo.call, mode="optimal", exclusions=[d["ada"].pk], by=promo.staff)
    assert excluded.explanations[str(d["ada"].pk)] == (
        "L'équipe du programme a écarté votre candidature de cette proposition."
    )
    assert promo.position_of(excluded, "bob") == "A_dev"
    removed = services.run_selection(promo.call, mode="optimal", removed=[promo.challenges["C"].pk], by=promo.staff)
    assert promo.position_of(removed, "gus") is None
    assert "a été retiré de la promotion" in removed.explanations[str(d["gus"].pk)]


def test_compare_shows_what_differs_between_the_two_modes(promo):
    optimal = services.run_selection(promo.call, mode="optimal", by=promo.staff)
    stable = services.run_selection(promo.call, mode="stable", by=promo.staff)
    rows = queries.compare(optimal, stable)
    assert [(r.dossier, r.name, r.before, r.after) for r in rows] == [
        (promo.dossiers["eve"], "Eve Curie", promo.positions["C_ds"], None)
    ]
    assert rows[0].explanation_after.startswith("Aucun vœu obtenu")


# --- Validation ----------------------------------------------------------------------------------


def test_freezing_sets_the_digest_and_notifies_the_approvers(promo):
    run = services.run_selection(promo.call, mode="optimal", by=promo.staff)
    run = services.freeze(run, by=promo.staff)
    assert run.state == SelectionRun.State.FROZEN
    assert run.digest == hashlib.sha256(run.canonical().encode()).hexdigest()
    message = OutboxMessage.objects.get(template="selection_review")
    assert message.recipient == promo.approver.email
    assert run.digest in message.body_text


def test_a_run_keeps_the_engines_version_and_result_digest_and_its_own_digest_covers_them(promo):
    run = services.run_selection(promo.call, mode="optimal", by=promo.staff)
    again = services.run_selection(promo.call, mode="optimal", by=promo.staff)
    assert run.engine_version == f"teams {teams.VERSION}" and len(run.engine_digest) == 64
    assert (again.assignment, again.engine_digest) == (run.assignment, run.engine_digest)
    content = json.loads(run.canonical())
    assert (content["engine_version"], content["engine_digest"]) == (run.engine_version, run.engine_digest)
    # A parameter the run's own fields do not hold (the wishes counted) still changes its digest.
    promo.call.max_wishes = 1
    promo.call.save(update_fields=["max_wishes"])
    fewer = services.run_selection(promo.call, mode="optimal", by=promo.staff)
    assert fewer.engine_digest != run.engine_digest and fewer.compute_digest() != run.compute_digest()
    stable = services.run_selection(promo.call, mode="stable", by=promo.staff)
    assert stable.engine_version == f"matching {matching.VERSION}" and len(stable.engine_digest) == 64


def test_a_run_frozen_before_the_engine_digest_existed_stays_intact(promo):
    run = services.run_selection(promo.call, mode="optimal", by=promo.staff)
    # As stored before issue 19: no engine fields, and a digest over the content without them.
    SelectionRun.objects.filter(pk=run.pk).update(engine_version="", engine_digest="")
    run.refresh_from_db()
    run = services.freeze(run, by=promo.staff)
    run.refresh_from_db()
    assert "engine_version" not in json.loads(run.canonical()) and run.is_intact()
    run.engine_digest = "0" * 64  # the same run claiming an engine result changes what was approved
    assert not run.is_intact()


def test_a_run_that_breaks_a_team_rule_cannot_be_frozen(promo):
    stable = services.run_selection(promo.call, mode="stable", by=promo.staff)
    with pytest.raises(DomainError, match="règles de composition"):
        services.freeze(stable, by=promo.staff)


def test_only_one_run_of_a_call_waits_for_the_approvers(promo):
    first = services.freeze(services.run_selection(promo.call, mode="optimal", by=promo.staff), by=promo.staff)
    second = services.run_selection(promo.call, mode="optimal", by=promo.staff)
    with pytest.raises(DomainError, match="attend déjà"):
        services.freeze(second, by=promo.staff)
    assert first.state == SelectionRun.State.FROZEN


def test_only_an_approver_approves_and_the_approved_run_is_immutable(promo):
    run = services.freeze(services.run_selection(promo.call, mode="optimal", by=promo.staff), by=promo.staff)
    with pytest.raises(DomainError, match="rôle de valideur"):
        services.approve(run, approver=promo.staff)
    run = services.approve(run, approver=promo.approver, comment="Conforme.")
    assert (run.state, run.approved_at is not None) == (SelectionRun.State.APPROVED, True)
    approval = Approval.objects.get(run=run)
    assert (approval.decision, approval.digest, approval.approver) == ("approve", run.digest, promo.approver)
    assert OutboxMessage.objects.filter(template="selection_decision", recipient=promo.staff.email).count() == 1
    for change in (
        lambda: services.freeze(run, by=promo.staff),
        lambda: services.return_run(run, approver=promo.approver, comment="Finalement non."),
        lambda: services.delete_run(run, by=promo.staff),
    ):
        with pytest.raises(DomainError):
            change()
    run.assignment = {}
    with pytest.raises(DomainError, match="ne peut plus être modifiée"):
        run.save()
    run.refresh_from_db()
    assert run.is_intact()


def test_an_approver_returns_a_run_with_a_comment_and_staff_may_submit_it_again(promo):
    run = services.freeze(services.run_selection(promo.call, mode="optimal", by=promo.staff), by=promo.staff)
    with pytest.raises(DomainError, match="commentaire"):
        services.return_run(run, approver=promo.approver, comment="  ")
    run = services.return_run(run, approver=promo.approver, comment="Réunir d'abord le comité.")
    assert run.state == SelectionRun.State.RETURNED
    assert Approval.objects.get(run=run).comment == "Réunir d'abord le comité."
    assert "Réunir d'abord le comité." in OutboxMessage.objects.get(template="selection_decision").body_text
    # Returned: staff run again (a new run may now be frozen) or submit this one again.
    assert services.freeze(run, by=promo.staff).state == SelectionRun.State.FROZEN


# --- Offers --------------------------------------------------------------------------------------


def test_offers_go_to_the_laureates_and_the_others_learn_their_outcome_once(promo):
    run = approved(promo)
    with pytest.raises(DomainError, match="à venir"):
        services.send_offers(run, deadline=timezone.now() - datetime.timedelta(hours=1), by=promo.staff)
    counts = services.send_offers(run, deadline=deadline(), by=promo.staff)
    assert counts == {"laureate": 7, "waiting_list": 2, "refused": 1}
    assert services.send_offers(run, deadline=deadline(), by=promo.staff) == {}
    sent = {
        t: OutboxMessage.objects.filter(template=t).count()
        for t in ["selection_offer", "selection_waiting_list", "selection_refusal"]
    }
    assert sent == {"selection_offer": 7, "selection_waiting_list": 2, "selection_refusal": 1}
    offer = OutboxMessage.objects.get(template="selection_offer", recipient=promo.dossiers["eve"].owner.email)
    assert "« Gamma »" in offer.subject and "son jury vous l'a proposé" in offer.body_text
    # The message links to the offer's page, where Eve answers.
    assert f"/espace/offres/{promo.offer(run, 'eve').pk}/" in offer.body_text
    refusal = OutboxMessage.objects.get(template="selection_refusal")
    assert refusal.recipient == promo.dossiers["jo"].owner.email
    assert list(queries.waiting_list(run).values_list("dossier", flat=True)) == sorted(
        [promo.dossiers["hugo"].pk, promo.dossiers["ines"].pk],
        key=lambda pk: Dossier.objects.get(pk=pk).number,
    )
    assert promo.offer(run, "eve").position == promo.positions["C_ds"]


def test_offers_need_an_approved_run(promo):
    run = services.run_selection(promo.call, mode="optimal", by=promo.staff)
    with pytest.raises(DomainError, match="approuvée"):
        services.send_offers(run, deadline=deadline(), by=promo.staff)


def test_the_laureate_answers_before_the_deadline_and_never_after(promo):
    run = approved(promo)
    services.send_offers(run, deadline=deadline(), by=promo.staff)
    ada, bob = promo.offer(run, "ada"), promo.offer(run, "bob")
    with pytest.raises(DomainError, match="ne vous est pas adressée"):
        services.respond(ada, accept=True, by=promo.dossiers["bob"].owner)
    accepted = services.respond(ada, accept=True, by=promo.dossiers["ada"].owner)
    assert (accepted.status, accepted.responded_at is not None) == (Offer.Status.ACCEPTED, True)
    with pytest.raises(DomainError, match="n'attend plus de réponse"):
        services.respond(ada, accept=False, by=promo.dossiers["ada"].owner)
    late = bob.deadline + datetime.timedelta(seconds=1)
    with pytest.raises(DomainError, match="délai de réponse est dépassé"):
        services.respond(bob, accept=True, by=promo.dossiers["bob"].owner, now=late)
    declined = services.respond(bob, accept=False, by=promo.dossiers["bob"].owner, now=bob.deadline)
    assert declined.status == Offer.Status.DECLINED
    assert ActivityLog.objects.filter(verb="offer.declined", target_id=str(bob.pk)).exists()


def test_pending_offers_expire_after_their_deadline(promo):
    run = approved(promo)
    services.send_offers(run, deadline=deadline(), by=promo.staff)
    services.respond(promo.offer(run, "ada"), accept=True, by=promo.dossiers["ada"].owner)
    assert services.expire_offers(now=timezone.now()) == 0
    assert services.expire_offers(now=deadline(8)) == 6
    assert promo.offer(run, "ada").status == Offer.Status.ACCEPTED
    assert promo.offer(run, "gus").status == Offer.Status.EXPIRED
    assert ActivityLog.objects.filter(verb="offer.expired").count() == 6


def test_the_periodic_command_expires_offers(promo, capsys):
    run = approved(promo)
    services.send_offers(run, deadline=timezone.now() + datetime.timedelta(seconds=1), by=promo.staff)
    Offer.objects.filter(run=run).update(deadline=timezone.now() - datetime.timedelta(minutes=1))
    call_command("expire_offers")
    assert capsys.readouterr().out.strip() == "expired=7"


# --- Replacements ---------------------------------------------------------------------------------


def test_a_decline_proposes_the_best_replacement_from_the_waiting_list_and_staff_confirm_it(promo):
    run = approved(promo)
    services.send_offers(run, deadline=deadline(), by=promo.staff)
    fay = promo.offer(run, "fay")
    with pytest.raises(DomainError, match="déclinée, expirée ou retirée"):
        services.propose_replacement(fay, by=promo.staff)
    services.respond(promo.offer(run, "bob"), accept=True, by=promo.dossiers["bob"].owner)
    services.respond(fay, accept=False, by=promo.dossiers["fay"].owner)

    replacement = services.propose_replacement(fay, by=promo.staff)
    ines = promo.dossiers["ines"]
    assert (replacement.dossier, replacement.position, replacement.status) == (ines, promo.positions["B_ds"], "optimal")
    assert replacement.explanation.startswith(
        f"Inès Leroy (dossier {ines.number}) : classé ou classée au rang 2 sur 2 par le jury du défi « Bêta » pour "
        "le profil data scientist ; c'est son vœu n° 1."
    )
    assert replacement.candidate_explanation.startswith("Vous rejoignez le défi « Bêta » (votre 1er vœu)")
    assert not Offer.objects.filter(dossier=ines).exists()  # proposed only

    new = services.confirm_replacement(fay, ines, deadline=deadline(3), by=promo.staff)
    fay.refresh_from_db()
    assert (fay.replaced_by, new.position, new.status) == (new, promo.positions["B_ds"], Offer.Status.PENDING)
    assert Outcome.objects.get(run=run, dossier=ines).decision == Outcome.Decision.LAUREATE
    message = OutboxMessage.objects.get(template="selection_offer", recipient=ines.owner.email)
    assert "Une place s'est libérée dans l'équipe du défi « Bêta »" in message.body_text
    assert ActivityLog.objects.filter(verb="offer.replacement_confirmed", target_id=str(new.pk)).exists()
    with pytest.raises(DomainError, match="déjà été remplacée"):
        services.confirm_replacement(fay, promo.dossiers["hugo"], deadline=deadline(3), by=promo.staff)


def test_an_expired_offer_is_replaced_from_the_waiting_list_too(promo):
    run = approved(promo)
    services.send_offers(run, deadline=deadline(), by=promo.staff)
    services.respond(promo.offer(run, "eve"), accept=True, by=promo.dossiers["eve"].owner)
    services.expire_offers(now=deadline(8))
    replacement = services.propose_replacement(promo.offer(run, "gus"), by=promo.staff)
    assert replacement.dossier == promo.dossiers["hugo"]


def test_no_replacement_when_nobody_waiting_is_ranked_for_the_position(promo):
    run = approved(promo)
    services.send_offers(run, deadline=deadline(), by=promo.staff)
    dan = services.respond(promo.offer(run, "dan"), accept=False, by=promo.dossiers["dan"].owner)
    replacement = services.propose_replacement(dan, by=promo.staff)
    assert replacement.dossier is None
    assert replacement.explanation == (
        "Personne sur la liste d'attente n'est classé par le jury du défi « Alpha » pour le profil data scientist."
    )
    with pytest.raises(DomainError, match="n'a pas classé cette personne"):
        services.confirm_replacement(dan, promo.dossiers["ines"], deadline=deadline(3), by=promo.staff)


def test_publishing_forms_the_teams_naming_only_those_who_consented(promo):
    draft = services.run_selection(promo.call, mode="optimal", by=promo.staff)
    with pytest.raises(DomainError, match="approuvée"):
        services.publish_promotion(draft, by=promo.staff)
    run = approved(promo)
    services.send_offers(run, deadline=deadline(), by=promo.staff)
    with pytest.raises(DomainError, match="Aucun lauréat n'a encore accepté"):
        services.publish_promotion(run, by=promo.staff)
    services.respond(promo.offer(run, "ada"), accept=True, public_profile=True, by=promo.dossiers["ada"].owner)
    services.respond(promo.offer(run, "dan"), accept=True, by=promo.dossiers["dan"].owner)
    run = services.publish_promotion(run, by=promo.staff)
    run.refresh_from_db()
    assert run.published_at is not None and run.is_intact()
    alpha = promo.challenges["A"]
    alpha.refresh_from_db()
    assert alpha.status == Challenge.Status.IN_PROGRESS
    fellows = {m.person.name: m.person for m in Membership.objects.filter(challenge=alpha, role="fellow")}
    assert set(fellows) == {"Ada Lovelace", "Dan Brown"}
    assert fellows["Ada Lovelace"].is_public and not fellows["Dan Brown"].is_public
    assert fellows["Ada Lovelace"].profile.code == "dev" and alpha.promotion in fellows["Ada Lovelace"].promotions.all()
    with pytest.raises(DomainError, match="déjà publiée"):
        services.publish_promotion(run, by=promo.staff)
    # Accepted after the publication: joins the team at once. Consent can be given later too.
    services.respond(promo.offer(run, "fay"), accept=True, by=promo.dossiers["fay"].owner)
    fay = promo.offer(run, "fay")
    assert fay.person is not None and fay.person.memberships.get().challenge == promo.challenges["B"]
    assert not fay.person.is_public
    with pytest.raises(DomainError, match="Seule la personne concernée"):
        services.set_public_profile(fay, public=True, by=promo.staff)
    services.set_public_profile(fay, public=True, by=promo.dossiers["fay"].owner)
    fay.person.refresh_from_db()
    assert fay.person.is_public
    assert ActivityLog.objects.filter(verb="offer.public_profile", target_id=str(fay.pk)).exists()


def test_a_closed_account_hides_the_fellow_profile_and_anonymisation_removes_it(promo):
    run = approved(promo)
    services.send_offers(run, deadline=deadline(), by=promo.staff)
    ada = promo.dossiers["ada"]
    DossierVersion.objects.create(dossier=ada, number=1, submitted_at=timezone.now(), content={}, digest="0" * 64)
    services.respond(promo.offer(run, "ada"), accept=True, public_profile=True, by=ada.owner)
    services.publish_promotion(run, by=promo.staff)
    person = promo.offer(run, "ada").person
    delete_account(ada.owner, by=ada.owner)
    person.refresh_from_db()
    assert not person.is_public and not promo.offer(run, "ada").public_profile
    anonymise_dossier(ada, now=timezone.now())
    assert not Person.objects.filter(pk=person.pk).exists()


def test_the_personal_data_export_holds_the_outcome_its_explanation_and_the_offer(promo):
    run = approved(promo)
    services.send_offers(run, deadline=deadline(), by=promo.staff)
    [row] = export_for(promo.dossiers["eve"].owner)
    assert row["decision"] == "Lauréat ou lauréate"
    assert row["explanation"] == run.explanations[str(promo.dossiers["eve"].pk)]
    assert [o["challenge"] for o in row["offers"]] == ["Gamma"]
