"""Messages to a group: the audiences find the right people, the preview shows what will leave,
the message leaves once per person whatever the clicks, and the team's words are sent as typed,
never read as template code."""

import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone

from eig.applications.models import Wish
from eig.calls.models import Answer, Dossier, Question
from eig.calls.services import start_dossier
from eig.challenges.models import Position
from eig.core.errors import DomainError
from eig.core.models import ActivityLog
from eig.notifications import broadcasts
from eig.notifications.broadcasts import draft_broadcast, preview, send_broadcast
from eig.notifications.models import Broadcast, OutboxMessage
from eig.programme.models import Fellow
from eig.reviews.defaults import CANDIDATE_PRESCREENING, install_grid
from eig.reviews.models import Decision
from tests.factories import StaffFactory, UserFactory
from tests.factories.calls import application_call
from tests.factories.juries import add_juror, jury_world
from tests.factories.programme import programme_world
from tests.factories.reviews import closed_call, grid_of, seated_reviewer, submitted_dossier

pytestmark = pytest.mark.django_db


def person(first, last):
    return UserFactory(first_name=first, last_name=last, email=f"{first.lower()}@example.org")


def make_complete(dossier):
    """Every required question answered and a wish: a draft the checklist finds complete."""
    for question in Question.objects.filter(step__call=dossier.call, required=True):
        value = True if question.kind == Question.Kind.DECLARATION else "x"
        Answer.objects.create(dossier=dossier, question=question, value=value)
    position = Position.objects.filter(challenge__promotion=dossier.call.promotion).first()
    Wish.objects.create(dossier=dossier, position=position, rank=1)


@pytest.fixture
def staff():
    return StaffFactory()


@pytest.fixture
def drafts():
    """An open call with two drafts (one complete), one submitted dossier and one withdrawn."""
    call = application_call(slug="eig-10", title="Appel EIG 10", dossier_prefix="EIG10")
    ada = start_dossier(call, owner=person("Ada", "Lovelace"))
    grace = start_dossier(call, owner=person("Grace", "Hopper"))
    make_complete(grace)
    done = submitted_dossier(call, owner=person("Hedy", "Lamarr"))
    gone = start_dossier(call, owner=person("Zoe", "Retrait"))
    Dossier.objects.filter(pk=gone.pk).update(status=Dossier.Status.WITHDRAWN)
    return {"call": call, "ada": ada, "grace": grace, "done": done, "gone": gone}


def emails(audience, **parameters):
    return sorted(r.email for r in broadcasts.audience_of(audience).recipients(parameters))


def write(staff, audience="call_drafts", parameters=None, subject="Votre dossier", body="Pensez à déposer."):
    return draft_broadcast(
        audience=audience, parameters=parameters or {"call": "eig-10"}, subject=subject, body=body, by=staff
    )


# --- Audiences -----------------------------------------------------------------------------------


def test_the_drafts_of_an_open_call_are_its_holders_who_have_not_submitted(drafts):
    assert emails("call_drafts", call="eig-10") == ["ada@example.org", "grace@example.org"]


def test_the_incomplete_drafts_leave_out_a_complete_draft(drafts):
    assert emails("call_incomplete_drafts", call="eig-10") == ["ada@example.org"]


def test_the_holders_of_a_call_are_drafts_and_submitted_dossiers_never_withdrawn_ones(drafts):
    assert emails("call_holders", call="eig-10") == ["ada@example.org", "grace@example.org", "hedy@example.org"]
    assert emails("call_submitted", call="eig-10") == ["hedy@example.org"]


def test_a_closed_call_is_not_offered_to_remind_its_drafts(drafts, staff):
    closed = closed_call(slug="eig-9", dossier_prefix="EIG9")
    offered = dict(broadcasts.audience_of("call_drafts").parameters[0].choices())
    assert "eig-10" in offered and closed.slug not in offered
    with pytest.raises(DomainError, match="choisissez une valeur de la liste"):
        write(staff, parameters={"call": "eig-9"})


def test_the_admissible_candidates_are_those_the_prescreening_decided_admissible(staff):
    call = closed_call(slug="eig-8", dossier_prefix="EIG8")
    grid = install_grid(call, CANDIDATE_PRESCREENING)
    now = timezone.now()
    for first, admissible in [("Ada", True), ("Bob", False), ("Cleo", True)]:
        dossier = submitted_dossier(call, owner=person(first, "X"))
        Decision.objects.create(
            grid=grid, dossier=dossier, admissible=admissible, reason="selected", decided_at=now, decided_by=staff
        )
    submitted_dossier(call, owner=person("Dan", "Sans-décision"))
    assert emails("admissible", call="eig-8") == ["ada@example.org", "cleo@example.org"]


def test_a_grids_reviewers_are_those_seated_not_those_dropped():
    call = closed_call(slug="eig-7", dossier_prefix="EIG7")
    grid = grid_of(call)
    kept = seated_reviewer(grid, person("Eva", "Note"))
    dropped = seated_reviewer(grid, person("Fred", "Parti"))
    dropped.dropped_at = timezone.now()
    dropped.save()
    assert emails("grid_reviewers", grid=str(grid.pk)) == [kept.user.email]


def test_a_jury_reaches_every_juror_and_a_panel_only_its_own_even_without_an_account():
    world = jury_world("candidates", jurors=4, panels=2, auditions=2)
    invited = add_juror(world.jury, signed=False, panel=world.panels[0])
    first_panel = sorted([j.email for j in world.members(world.panels[0])] + [invited.email])
    assert invited.user_id is None
    assert emails("panel_members", panel=str(world.panels[0].pk)) == first_panel
    assert emails("jury_members", jury=str(world.jury.pk)) == sorted(j.email for j in [*world.jurors, invited])


def test_a_promotions_fellows_are_those_in_a_team():
    world = programme_world()
    Fellow.objects.filter(pk=world.fellows["cleo"].pk).update(status=Fellow.Status.LEFT)
    assert emails("promotion_fellows", promotion=world.promotion.slug) == sorted(
        world.fellows[key].user.email for key in ("ada", "bob")
    )


# --- Preview -------------------------------------------------------------------------------------


def test_the_preview_counts_the_people_names_the_first_and_renders_the_message_in_both_languages(drafts, staff):
    broadcast = write(staff, subject="Plus que dix jours", body="Votre dossier n'est pas déposé.\nIl reste dix jours.")
    shown = preview(broadcast)
    assert shown.total == 2 and shown.dossiers == 2
    assert [r.email for r in shown.first] == ["ada@example.org", "grace@example.org"]
    french, english = shown.samples
    assert (french.language, french.subject) == ("fr", "Plus que dix jours")
    assert french.body.startswith("Bonjour Ada Lovelace,\n\nVotre dossier n'est pas déposé.\nIl reste dix jours.\n")
    assert f"Dossier concerné : {drafts['ada'].number}" in french.body
    assert english.body.startswith("Hello Ada Lovelace,\n\nVotre dossier n'est pas déposé.")
    assert OutboxMessage.objects.count() == 0 and Broadcast.objects.get().sent_at is None


# --- Sending -------------------------------------------------------------------------------------


def test_sending_queues_one_message_per_person_and_logs_it_on_each_dossier(drafts, staff):
    Dossier.objects.filter(pk=drafts["grace"].pk).update(language="en")
    broadcast = write(staff)
    assert send_broadcast(broadcast, by=staff, expected=2) == 2
    messages = {m.key: m for m in OutboxMessage.objects.filter(template="broadcast")}
    ada, grace = drafts["ada"].owner, drafts["grace"].owner
    assert sorted(messages) == sorted([f"broadcast:{broadcast.pk}:{ada.pk}", f"broadcast:{broadcast.pk}:{grace.pk}"])
    english = messages[f"broadcast:{broadcast.pk}:{grace.pk}"]
    assert (english.recipient, english.language, english.subject) == ("grace@example.org", "en", "Votre dossier")
    assert english.body_text.startswith("Hello Grace Hopper,\n\nPensez à déposer.")
    broadcast.refresh_from_db()
    assert broadcast.sent_at is not None and broadcast.recipients == 2
    for dossier in (drafts["ada"], drafts["grace"]):
        entry = ActivityLog.objects.get(verb="dossier.message_sent", target_id=str(dossier.pk))
        assert (entry.actor, entry.data) == (staff, {"message": broadcast.pk, "subject": "Votre dossier"})


def test_a_second_send_sends_nothing_more(drafts, staff):
    broadcast = write(staff)
    assert send_broadcast(broadcast, by=staff) == 2
    start_dossier(drafts["call"], owner=person("Ines", "Tardive"))  # joins the group after the send
    assert send_broadcast(broadcast, by=staff) == 0
    assert OutboxMessage.objects.filter(template="broadcast").count() == 2
    assert ActivityLog.objects.filter(verb="dossier.message_sent").count() == 2
    assert ActivityLog.objects.filter(verb="broadcast.sent").count() == 1


def test_a_group_that_changed_since_the_preview_sends_nothing(drafts, staff):
    broadcast = write(staff)
    start_dossier(drafts["call"], owner=person("Ines", "Tardive"))
    with pytest.raises(DomainError, match="Le groupe a changé depuis l'aperçu"):
        send_broadcast(broadcast, by=staff, expected=2)
    assert OutboxMessage.objects.count() == 0
    assert send_broadcast(broadcast, by=staff, expected=3) == 3


def test_an_empty_group_sends_nothing(staff):
    application_call(slug="eig-10", dossier_prefix="EIG10")
    broadcast = write(staff)
    with pytest.raises(DomainError, match="Personne ne fait partie de ce groupe"):
        send_broadcast(broadcast, by=staff)
    assert Broadcast.objects.get().sent_at is None


def test_a_sent_message_can_no_longer_be_edited(drafts, staff):
    broadcast = write(staff)
    send_broadcast(broadcast, by=staff)
    with pytest.raises(DomainError, match="déjà envoyé"):
        draft_broadcast(
            audience="call_drafts",
            parameters={"call": "eig-10"},
            subject="Autre",
            body="Autre",
            by=staff,
            broadcast=broadcast,
        )


@pytest.mark.parametrize(
    ("subject", "body", "error"),
    [
        ("", "Texte", "Écrivez l'objet"),
        ("Objet", "   ", "Écrivez le message"),
        ("Objet", "Nul \x00 ici", "caractère de contrôle"),
        ("O" * 201, "Texte", "200 caractères au plus"),
    ],
)
def test_a_message_without_its_words_is_refused(drafts, staff, subject, body, error):
    with pytest.raises(DomainError, match=error):
        write(staff, subject=subject, body=body)


def test_an_unknown_audience_is_refused(staff):
    with pytest.raises(DomainError, match="Choisissez les destinataires"):
        write(staff, audience="everyone")


def test_the_teams_words_are_sent_as_typed_never_read_as_template_code(drafts, staff):
    subject = "{{ secret }} et {% now 'Y' %}"
    body = (
        "Bonjour {{ name }} : {{ secret }}, {{ settings.SECRET_KEY }}.\n"
        "{% load static %}{% url 'staff:message_list' %}{% include 'base.html' %}\n"
        "{% if %} {# commentaire #} {{ body|upper }}"
    )
    broadcast = write(staff, subject=subject, body=body)
    shown = preview(broadcast)
    assert shown.samples[0].subject == subject
    send_broadcast(broadcast, by=staff)
    for message in OutboxMessage.objects.filter(template="broadcast"):
        assert message.subject == subject
        assert body in message.body_text
        assert message.body_html == ""


# --- Exactly once, under a real race ------------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_clicks_at_once_send_each_person_one_message(settings):
    """Real threads with their own connections (skipped on shared-cache in-memory SQLite, see
    test_concurrency.py): the broadcast's row lock lets one of them send."""
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("shared-cache in-memory SQLite refuses concurrent writers instead of queueing them")
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    staff = StaffFactory()
    call = application_call(slug="eig-race", dossier_prefix="RACE")
    for n in range(5):
        start_dossier(call, owner=UserFactory(email=f"course{n}@example.org"))
    broadcast = write(staff, parameters={"call": "eig-race"})
    start = threading.Barrier(4)
    results, errors = [], []

    def click():
        try:
            start.wait()
            results.append(send_broadcast(Broadcast.objects.get(pk=broadcast.pk), by=staff))
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=click) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(results) == [0, 0, 0, 5]
    assert OutboxMessage.objects.filter(key__startswith=f"broadcast:{broadcast.pk}:").count() == 5
    assert ActivityLog.objects.filter(verb="dossier.message_sent").count() == 5


def test_send_is_dated_by_the_server(drafts, staff):
    moment = timezone.now() - datetime.timedelta(minutes=1)
    broadcast = write(staff)
    send_broadcast(broadcast, by=staff, now=moment)
    assert Broadcast.objects.get().sent_at == moment
