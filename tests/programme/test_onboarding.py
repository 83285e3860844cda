"""The onboarding checklists (eig.programme.onboarding): a fellow's own dossier, a team's host
dossier shared by its administration's agents, their progress item by item with each date, and
the reminders before the start date, each sent once per reminder day."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from eig.calls import services as dossier_services
from eig.calls.models import Answer, Dossier
from eig.core.errors import DomainError
from eig.core.models import ActivityLog
from eig.notifications.models import OutboxMessage
from eig.programme import onboarding
from eig.programme.hooks import is_agent_of_the_host_checklist_holding_the_file
from eig.programme.models import Fellow, HostOnboarding
from tests.factories import UserFactory
from tests.factories.agents import confirmed_agent
from tests.factories.files import StoredFileFactory
from tests.factories.programme import programme_world

from .onboarding_world import required_keys, tick

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return programme_world()


def test_a_fellow_checklist_is_their_own_dossier_of_the_promotion_call_linked_on_the_fellow(world):
    bob = world.fellows["bob"]
    dossier = onboarding.open_fellow_checklist(bob)
    bob.refresh_from_db()
    assert bob.onboarding == dossier
    assert (dossier.call, dossier.owner, dossier.shared) == (world.fellow_onboarding_call, bob.user, False)
    assert onboarding.open_fellow_checklist(bob) == dossier  # opened once


def test_progress_is_the_items_answered_over_the_items_of_the_form_each_dated_by_its_answer(world):
    bob = world.fellows["bob"]
    dossier = onboarding.open_fellow_checklist(bob)
    assert tick(dossier, ["contrat_signe", "charte"], by=bob.user) == {}
    checklist = onboarding.checklist_of(dossier)
    assert (checklist.answered, checklist.total, checklist.remaining) == (2, 5, 2)
    dates = dict(Answer.objects.filter(dossier=dossier).values_list("question__key", "updated_at"))
    assert {item.key: item.on for item in checklist.items if item.done} == dates
    assert [item.key for item in checklist.items if not item.done] == [
        "contrat",
        "convention_signee",
        "date_arrivee",
    ]
    assert not checklist.finished


def test_a_declaration_left_unticked_is_not_an_item_done(world):
    bob = world.fellows["bob"]
    dossier = onboarding.open_fellow_checklist(bob)
    step = dossier.call.steps.get()
    dossier_services.save_step(dossier, step, {"charte": False}, by=bob.user)
    assert onboarding.checklist_of(dossier).answered == 0


def test_an_unopened_checklist_lists_the_form_items_none_done(world):
    checklist = onboarding.checklist_of(None, world.fellow_onboarding_call)
    assert (checklist.answered, checklist.total, checklist.started) == (0, 5, False)


def test_finishing_is_the_kit_submit_and_sends_no_receipt(world, django_capture_on_commit_callbacks):
    bob = world.fellows["bob"]
    dossier = onboarding.open_fellow_checklist(bob)
    tick(dossier, required_keys(dossier.call), by=bob.user)
    with django_capture_on_commit_callbacks(execute=True):
        dossier_services.submit_dossier(dossier, by=bob.user)
    dossier.refresh_from_db()
    checklist = onboarding.checklist_of(dossier)
    assert (checklist.finished, checklist.answered, checklist.remaining) == (True, 4, 0)
    assert not OutboxMessage.objects.exists()


def test_a_fellow_who_left_has_no_checklist_to_open(world):
    bob = world.fellows["bob"]
    Fellow.objects.filter(pk=bob.pk).update(status=Fellow.Status.LEFT)
    bob.refresh_from_db()
    with pytest.raises(DomainError, match="quitté le programme"):
        onboarding.open_fellow_checklist(bob)


# --- The host's checklist ---------------------------------------------------------------------------


def test_the_host_checklist_is_one_dossier_per_team_shared_by_every_confirmed_agent(world):
    agnes = world.agents["agnes"]
    colleague = UserFactory()
    confirmed_agent(colleague, world.alpha.administration)
    dossier = onboarding.open_host_checklist(world.alpha, by=agnes)
    assert (dossier.owner, dossier.shared, dossier.call) == (agnes, True, world.host_onboarding_call)
    assert onboarding.open_host_checklist(world.alpha, by=colleague) == dossier
    tick(dossier, ["contrats_signes"], by=agnes)
    tick(dossier, ["acces"], by=colleague)
    assert onboarding.checklist_of(dossier).answered == 2
    assert HostOnboarding.objects.get(challenge=world.alpha).dossier == dossier
    assert Dossier.objects.filter(call=world.host_onboarding_call).count() == 1


def test_an_agent_of_another_administration_cannot_open_a_team_host_checklist(world):
    with pytest.raises(DomainError, match="agents confirmés de l'administration d'accueil"):
        onboarding.open_host_checklist(world.alpha, by=world.agents["bruno"])
    assert not HostOnboarding.objects.exists()


def test_every_agent_of_the_administration_downloads_the_host_checklist_files_and_no_one_else(world):
    agnes = world.agents["agnes"]
    colleague = UserFactory()
    confirmed_agent(colleague, world.alpha.administration)
    dossier = onboarding.open_host_checklist(world.alpha, by=agnes)
    stored = StoredFileFactory(owner=agnes, name="convention.pdf")
    question = dossier.call.steps.get().questions.get(key="convention")
    Answer.objects.create(dossier=dossier, question=question, value=str(stored.public_id), stored_file=stored)
    assert is_agent_of_the_host_checklist_holding_the_file(colleague, stored)
    assert not is_agent_of_the_host_checklist_holding_the_file(world.agents["bruno"], stored)
    assert not is_agent_of_the_host_checklist_holding_the_file(world.user("ada"), stored)


# --- The promotion at a glance --------------------------------------------------------------------


def test_the_promotion_view_lists_each_fellow_in_a_team_and_each_host_team_with_their_checklists(world):
    bob = world.fellows["bob"]
    tick(onboarding.open_fellow_checklist(bob), ["charte"], by=bob.user)
    tick(onboarding.open_host_checklist(world.beta, by=world.agents["bruno"]), ["acces", "poste_travail"], by=None)
    data = onboarding.promotion_onboarding(world.promotion)
    progress = {row.fellow.name: (row.checklist.answered, row.checklist.total) for row in data.fellows}
    assert progress == {"Ada Lovelace": (0, 5), "Bob Morane": (1, 5), "Cléo Durand": (0, 5)}
    hosts = {row.challenge.title: (row.checklist.answered, row.checklist.total, row.agents) for row in data.hosts}
    assert hosts == {"Alpha": (0, 6, 1), "Bêta": (2, 6, 1)}
    assert (data.started, data.not_started) == (2, 1)


# --- Reminders --------------------------------------------------------------------------------------


@pytest.fixture
def arriving():
    """Bob starts in 14 days; reminders 14 and 3 days before."""
    return programme_world(started_days=-14)


def _reminders(key_part):
    return OutboxMessage.objects.filter(key__contains=key_part)


def test_a_reminder_goes_once_per_reminder_day_to_a_fellow_whose_checklist_is_not_finished(arriving):
    bob = arriving.fellows["bob"]
    now = timezone.now()
    assert onboarding.remind(now).fellows == 1
    assert onboarding.remind(now).fellows == 0  # the same day again: nothing
    assert onboarding.remind(now + datetime.timedelta(days=5)).fellows == 0  # between the two days
    assert onboarding.remind(now + datetime.timedelta(days=11)).fellows == 1  # three days before
    assert onboarding.remind(now + datetime.timedelta(days=12)).fellows == 0
    sent = _reminders(f"onboarding-reminder:fellow:{bob.pk}:")
    assert sorted(m.key for m in sent) == [
        onboarding.fellow_reminder_key(bob, 14),
        onboarding.fellow_reminder_key(bob, 3),
    ]
    assert {m.recipient for m in sent} == {bob.user.email}
    assert "Il reste 4 éléments à cocher" in sent.first().body_text
    logged = ActivityLog.objects.filter(verb="onboarding.reminded", target_type="programme.fellow")
    assert list(logged.values_list("target_id", "data__day").order_by("pk")) == [(str(bob.pk), 14), (str(bob.pk), 3)]


def test_no_reminder_to_a_fellow_whose_checklist_is_finished_nor_after_the_start(arriving):
    bob = arriving.fellows["bob"]
    dossier = onboarding.open_fellow_checklist(bob)
    tick(dossier, required_keys(dossier.call), by=bob.user)
    dossier_services.submit_dossier(dossier, by=bob.user)
    assert onboarding.remind().fellows == 0
    Fellow.objects.filter(pk=bob.pk).update(onboarding=None)  # as if never started
    assert onboarding.remind(timezone.now() + datetime.timedelta(days=20)).fellows == 0  # the start has passed


def test_the_host_agents_of_a_team_not_arrived_are_reminded_once_per_reminder_day(arriving):
    agnes = arriving.agents["agnes"]
    colleague = UserFactory()
    confirmed_agent(colleague, arriving.alpha.administration)
    report = onboarding.remind()
    # Alpha waits for Bob; Bêta's Cléo has started: its host is not reminded.
    assert report.hosts == 2
    assert {m.recipient for m in _reminders("onboarding-reminder:host:")} == {agnes.email, colleague.email}
    assert onboarding.remind().hosts == 0
    assert ActivityLog.objects.filter(verb="onboarding.reminded", target_type="challenges.challenge").count() == 1


def test_the_periodic_command_sends_the_reminders_of_the_day(arriving, capsys):
    call_command("remind_onboarding")
    assert capsys.readouterr().out.strip() == "fellows=1 hosts=1"
