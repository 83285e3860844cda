"""The handover plan (« plan de pérennisation », eig/results/handover.py): it opens at mid-promotion,
the team's fellows fill one shared plan, the host confirms it, a new version needs a new
confirmation, staff record the outcome (which locks the plan)."""

import datetime

import pytest

from eig.calls import services as dossier_services
from eig.calls.models import Call, Dossier, Step
from eig.core.errors import DomainError
from eig.core.models import ActivityLog
from eig.programme import fellows
from eig.programme.models import Setup
from eig.promotions.models import Phase
from eig.results import handover as services
from eig.results.models import Handover
from tests.factories import PromotionFactory, StaffFactory
from tests.factories.handover import (
    ANSWERS,
    after_mid,
    confirmed,
    fill,
    handover_world,
    started,
    submitted,
)
from tests.factories.programme import programme_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return handover_world()


# --- The form -----------------------------------------------------------------------------------------


def test_the_form_is_a_call_of_the_promotion_with_stable_keys_and_no_receipt_email(world):
    call = Call.objects.get(promotion=world.promotion, kind=Call.Kind.HANDOVER)
    keys = list(call.steps.order_by("order").values_list("questions__key", flat=True))
    assert sorted(keys) == sorted(
        ["reprise", "budget", "recrutement", "hebergement_code", "hebergement_donnees", "risques", "commentaire"]
    )
    required = dict(call.steps.values_list("questions__key", "questions__required"))
    assert required["risques"] is False and required["commentaire"] is False and required["reprise"] is True
    assert call.sends_receipt is False
    programme = Phase.objects.get(promotion=world.promotion, kind=Phase.Kind.PROGRAMME)
    assert call.opens_at == programme.starts_at
    assert call.closes_at == programme.ends_at + datetime.timedelta(days=30)


def test_installing_the_form_again_changes_nothing_and_keeps_staff_edits(world):
    call = services.install_handover_form(world.promotion, by=world.staff)
    Step.objects.filter(call=call, slug="reprise").update(title="Qui reprend ?")
    assert services.install_handover_form(world.promotion, by=world.staff) == call
    assert Call.objects.filter(promotion=world.promotion, kind=Call.Kind.HANDOVER).count() == 1
    assert Step.objects.get(call=call, slug="reprise").title == "Qui reprend ?"
    assert ActivityLog.objects.filter(verb="results.forms_installed").count() == 1


def test_the_form_installs_with_the_programme_forms_from_the_staff_button():
    promotion = PromotionFactory()
    Phase.objects.create(
        promotion=promotion,
        kind=Phase.Kind.PROGRAMME,
        starts_at=datetime.datetime(2030, 1, 6, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2030, 11, 2, tzinfo=datetime.UTC),
    )
    assert fellows.forms_missing(promotion)
    assert fellows.ensure_forms(promotion, by=StaffFactory())
    assert promotion.calls.filter(kind=Call.Kind.HANDOVER).count() == 1
    assert not fellows.forms_missing(promotion)


def test_a_promotion_whose_programme_forms_were_installed_before_gets_the_plan_from_the_same_button():
    world = programme_world()  # the programme's three forms only
    assert fellows.forms_missing(world.promotion)
    assert fellows.ensure_forms(world.promotion, by=world.staff)
    assert not ActivityLog.objects.filter(verb="programme.forms_installed").exists()
    assert ActivityLog.objects.filter(verb="results.forms_installed", actor=world.staff).count() == 1


def test_the_form_needs_the_programme_on_the_calendar():
    with pytest.raises(DomainError, match="Dix mois du programme"):
        services.install_handover_form(PromotionFactory())


# --- It opens at mid-promotion --------------------------------------------------------------------------


def test_mid_promotion_is_halfway_between_the_programme_first_and_last_days():
    setup = Setup(start_date=datetime.date(2030, 1, 6), end_date=datetime.date(2030, 11, 1))
    assert services.mid_promotion(setup) == datetime.date(2030, 6, 4)
    assert services.mid_promotion(Setup(start_date=datetime.date(2030, 1, 6))) is None
    assert services.mid_promotion(None) is None


def test_the_plan_opens_at_mid_promotion_and_not_a_day_before(world):
    opens = services.opens_on(world.promotion)
    ada = world.user("ada")
    day_before = datetime.datetime.combine(opens - datetime.timedelta(days=1), datetime.time(12), tzinfo=datetime.UTC)
    with pytest.raises(DomainError) as refused:
        services.start_plan(world.alpha, by=ada, now=day_before)
    assert "s'ouvre à mi-parcours du programme, le" in str(refused.value)
    assert f"{opens.day} " in str(refused.value) and str(opens.year) in str(refused.value)
    assert not Handover.objects.exists()
    on_the_day = datetime.datetime.combine(opens, datetime.time(12), tzinfo=datetime.UTC)
    handover = services.start_plan(world.alpha, by=ada, now=on_the_day)
    assert handover.dossier.call.kind == Call.Kind.HANDOVER


def test_a_young_promotion_says_when_its_plan_opens():
    world = programme_world(started_days=35)
    with pytest.raises(DomainError, match="mi-parcours"):
        services.start_plan(world.alpha, by=world.user("ada"))


# --- One shared plan per team, filled by its fellows ------------------------------------------------------


def test_the_team_shares_one_dossier_whoever_of_its_fellows_starts_it(world):
    now = after_mid(world)
    first = services.start_plan(world.alpha, by=world.user("ada"), now=now)
    second = services.start_plan(world.alpha, by=world.user("bob"), now=now)
    other = services.start_plan(world.beta, by=world.user("cleo"), now=now)
    assert first.dossier == second.dossier
    assert first.dossier.shared is True
    assert other.dossier != first.dossier
    assert Dossier.objects.filter(call__kind=Call.Kind.HANDOVER).count() == 2
    assert Handover.objects.count() == 2


def test_the_second_fellow_fills_and_submits_the_plan_the_first_started(world):
    handover = started(world, by=world.user("ada"))
    fill(handover.dossier, by=world.user("bob"), now=after_mid(world))
    version = services.submit_plan(handover, by=world.user("bob"), now=after_mid(world))
    assert version.number == 1
    assert version.content["answers"]["reprise"] == ANSWERS["reprise"]
    entry = ActivityLog.objects.get(verb="handover.submitted")
    assert entry.actor == world.user("bob") and entry.data["version"] == 1


@pytest.mark.parametrize("who", ["olga", "agnes", "cleo"])
def test_only_the_team_fellows_start_the_plan(world, who):
    with pytest.raises(DomainError, match="entrepreneur·es de l'équipe"):
        services.start_plan(world.alpha, by=world.user(who), now=after_mid(world))
    assert not Handover.objects.exists()


def test_staff_do_not_start_a_team_plan(world):
    with pytest.raises(DomainError, match="entrepreneur·es de l'équipe"):
        services.start_plan(world.alpha, by=world.staff, now=after_mid(world))


@pytest.mark.parametrize("who", ["olga", "agnes"])
def test_only_the_team_fellows_submit_the_plan(world, who):
    handover = started(world)
    fill(handover.dossier, by=world.user("ada"), now=after_mid(world))
    with pytest.raises(DomainError, match="entrepreneur·es de l'équipe"):
        services.submit_plan(handover, by=world.user(who), now=after_mid(world))
    handover.dossier.refresh_from_db()
    assert handover.dossier.version == 0


def test_an_incomplete_plan_is_not_submitted(world):
    handover = started(world)
    fill(handover.dossier, {"reprise": "La direction"}, by=world.user("ada"), now=after_mid(world))
    with pytest.raises(DomainError, match="incomplet"):
        services.submit_plan(handover, by=world.user("ada"), now=after_mid(world))


# --- The host confirms --------------------------------------------------------------------------------------


def test_a_host_agent_confirms_the_submitted_version(world):
    handover = submitted(world)
    confirmed_handover = services.confirm(handover, by=world.agents["agnes"], now=after_mid(world))
    assert confirmed_handover.confirmed_by == world.agents["agnes"]
    assert confirmed_handover.confirmed_version == 1
    assert confirmed_handover.confirmed_at == after_mid(world)
    assert services.is_confirmed(handover_again := services.handover_of(world.alpha))
    assert services.plan_of(handover_again, None, after_mid(world).date()).state == services.State.CONFIRMED
    entry = ActivityLog.objects.get(verb="handover.confirmed")
    assert entry.actor == world.agents["agnes"] and entry.data["version"] == 1


@pytest.mark.parametrize("who", ["ada", "olga", "bruno"])
def test_only_a_host_agent_of_the_team_administration_confirms(world, who):
    handover = submitted(world)
    with pytest.raises(DomainError, match="agents confirmés de l'administration"):
        services.confirm(handover, by=world.user(who), now=after_mid(world))
    assert services.handover_of(world.alpha).confirmed_at is None


def test_staff_do_not_confirm_for_the_host(world):
    with pytest.raises(DomainError, match="agents confirmés"):
        services.confirm(submitted(world), by=world.staff, now=after_mid(world))


def test_a_plan_not_submitted_has_nothing_to_confirm(world):
    handover = started(world)
    with pytest.raises(DomainError, match="rien à confirmer"):
        services.confirm(handover, by=world.agents["agnes"], now=after_mid(world))


def test_confirming_a_version_the_agent_did_not_read_is_refused(world):
    handover = submitted(world)
    with pytest.raises(DomainError, match="nouvelle version"):
        services.confirm(handover, by=world.agents["agnes"], now=after_mid(world), version=2)


def test_confirming_twice_records_one_confirmation(world):
    handover = confirmed(world)
    services.confirm(handover, by=world.agents["agnes"], now=after_mid(world) + datetime.timedelta(hours=1))
    assert ActivityLog.objects.filter(verb="handover.confirmed").count() == 1
    assert services.handover_of(world.alpha).confirmed_at == after_mid(world)


# --- A new version clears the confirmation ------------------------------------------------------------------


def test_a_resubmission_with_changes_clears_the_confirmation_and_the_host_confirms_again(world):
    now = after_mid(world)
    handover = confirmed(world)
    ada = world.user("ada")
    fill(handover.dossier, {"budget": "80 000 € par an"}, by=ada, now=now)
    version = services.submit_plan(handover, by=ada, now=now)
    assert version.number == 2
    handover = services.handover_of(world.alpha)
    assert (handover.confirmed_by, handover.confirmed_at, handover.confirmed_version) == (None, None, None)
    assert services.awaits_confirmation(handover)
    assert ActivityLog.objects.get(verb="handover.submitted", data__version=2).data["confirmation_cleared"] is True
    services.confirm(handover, by=world.agents["agnes"], now=now, version=2)
    assert services.handover_of(world.alpha).confirmed_version == 2


def test_submitting_the_same_plan_again_keeps_the_confirmation(world):
    handover = confirmed(world)
    version = services.submit_plan(handover, by=world.user("ada"), now=after_mid(world))
    assert version.number == 1
    assert services.handover_of(world.alpha).confirmed_version == 1


def test_confirmation_does_not_lock_the_plan(world):
    handover = confirmed(world)
    step = Step.objects.get(call=handover.dossier.call, slug="risques")
    errors = dossier_services.save_step(handover.dossier, step, {"risques": "Aucun"}, by=world.user("ada"))
    assert errors == {}


# --- Staff record the outcome ---------------------------------------------------------------------------------


def test_staff_record_a_continued_outcome_and_it_is_logged(world):
    handover = confirmed(world)
    recorded = services.record_outcome(
        handover,
        outcome=Handover.Outcome.CONTINUED,
        reason_fr="La direction du numérique poursuit le service.",
        reason_en="The digital directorate carries the service on.",
        taken_over_by="ignored",
        by=world.staff,
    )
    recorded = Handover.objects.get(pk=recorded.pk)
    assert recorded.outcome == Handover.Outcome.CONTINUED
    assert recorded.outcome_reason_fr == "La direction du numérique poursuit le service."
    assert recorded.outcome_reason_en == "The digital directorate carries the service on."
    assert recorded.taken_over_by == ""  # only a take-over names a structure
    assert recorded.outcome_by == world.staff and recorded.outcome_at is not None
    assert ActivityLog.objects.get(verb="handover.outcome").data["outcome"] == "continued"


def test_a_stopped_challenge_needs_a_reason(world):
    handover = services.handover_for(world.alpha)
    with pytest.raises(DomainError, match="pourquoi le défi s'arrête"):
        services.record_outcome(handover, outcome=Handover.Outcome.STOPPED, reason_fr="  ", by=world.staff)
    recorded = services.record_outcome(
        handover, outcome=Handover.Outcome.STOPPED, reason_fr="Le besoin a disparu.", by=world.staff
    )
    assert recorded.outcome == "stopped"


def test_a_taken_over_challenge_names_who_took_it_over(world):
    handover = services.handover_for(world.alpha)
    with pytest.raises(DomainError, match="structure qui reprend"):
        services.record_outcome(handover, outcome=Handover.Outcome.TAKEN_OVER, by=world.staff)
    recorded = services.record_outcome(
        handover, outcome=Handover.Outcome.TAKEN_OVER, taken_over_by="Agence nationale", by=world.staff
    )
    assert recorded.taken_over_by == "Agence nationale"


def test_only_staff_record_the_outcome(world):
    handover = services.handover_for(world.alpha)
    for who in (world.agents["agnes"], world.user("ada"), world.user("olga")):
        with pytest.raises(DomainError, match="équipe du programme"):
            services.record_outcome(handover, outcome=Handover.Outcome.CONTINUED, by=who)
    with pytest.raises(DomainError, match="Choisissez"):
        services.record_outcome(handover, outcome="forgotten", by=world.staff)
    assert not Handover.objects.exists()  # a refused outcome leaves no row behind


def test_an_outcome_locks_the_plan_and_no_plan_starts_after_it(world):
    handover = submitted(world)
    services.record_outcome(handover, outcome=Handover.Outcome.CONTINUED, by=world.staff)
    step = Step.objects.get(call=handover.dossier.call, slug="risques")
    with pytest.raises(DomainError, match="devenir du défi est enregistré"):
        dossier_services.save_step(handover.dossier, step, {"risques": "Aucun"}, by=world.user("ada"))
    with pytest.raises(DomainError, match="devenir du défi est enregistré"):
        services.submit_plan(handover, by=world.user("ada"), now=after_mid(world))
    beta = services.handover_for(world.beta)
    services.record_outcome(beta, outcome=Handover.Outcome.STOPPED, reason_fr="Fin du besoin", by=world.staff)
    with pytest.raises(DomainError, match="déjà enregistré"):
        services.start_plan(world.beta, by=world.user("cleo"), now=after_mid(world))


def test_the_plan_states_follow_the_plan(world):
    today = after_mid(world).date()
    opens = services.opens_on(world.promotion)
    assert services.plan_of(None, opens, opens - datetime.timedelta(days=1)).state == services.State.NOT_OPEN
    assert services.plan_of(None, opens, today).state == services.State.TO_START
    assert services.plan_of(started(world), opens, today).state == services.State.DRAFT
    assert services.plan_of(submitted(world), opens, today).state == services.State.SUBMITTED
    assert services.plan_of(confirmed(world, "beta"), opens, today).state == services.State.CONFIRMED
