"""The ten months in a person's data (eig/programme/personal_data.py): the export holds the
fellowships, retrospectives (in the words the pages read), mentoring notes, signals raised,
registrations and mentorships; an account with a fellowship is closed, never deleted; a year
after the programme's end, the purge deletes the retrospectives and empties the mentoring notes'
and signals' free text (a dry run only counts)."""

import datetime
import io
import json
import zipfile

import pytest
from django.core.management import call_command
from django.utils import timezone

from eig.accounts.personal_data import delete_account, deletion_plan, export_personal_data, purge_expired
from eig.calls import services as dossier_services
from eig.calls.models import Dossier
from eig.core.models import ActivityLog
from eig.programme import personal_data
from eig.programme.models import (
    CalendarFeed,
    Event,
    Fellow,
    Mentor,
    MentorNote,
    Registration,
    Retrospective,
    Setup,
    Signal,
)
from tests.factories.programme import programme_world

pytestmark = pytest.mark.django_db

HELP = "Un accès aux données de production"


@pytest.fixture
def world():
    return programme_world()


def write_retrospective(world, key="ada", week=datetime.date(2027, 2, 15), *, mood="4", help_text=HELP):
    """A submitted weekly retrospective of the fellow, through the kit."""
    fellow = world.fellows[key]
    call = world.retrospective_call
    dossier = dossier_services.start_dossier(call, owner=fellow.user, period=week.strftime("%G-W%V"))
    retrospective = Retrospective.objects.create(fellow=fellow, week=week, dossier=dossier)
    answers = {
        "humeur": mood,
        "priorite": "Livrer le prototype",
        "reussites": "La démonstration au service",
        "aide": help_text,
    }
    assert dossier_services.save_step(dossier, call.steps.get(), answers, by=fellow.user) == {}
    dossier_services.submit_dossier(dossier, by=fellow.user)
    Retrospective.objects.filter(pk=retrospective.pk).update(
        mood=int(mood), asks_help=bool(help_text), submitted_at=timezone.now()
    )
    return retrospective


def note_by(world, key="olga", challenge=None):
    return MentorNote.objects.create(
        challenge=challenge or world.alpha,
        author=world.user(key),
        kind=MentorNote.Kind.NOTE,
        held_on=datetime.date(2027, 2, 16),
        attendees="Ada, Bob, Olga",
        decisions="Prioriser l'export",
        difficulties="Bob attend son ordinateur",
    )


def signal_for(world, fellow_key="ada", detail=HELP):
    fellow = world.fellows[fellow_key]
    return Signal.objects.create(
        promotion=world.promotion,
        challenge=fellow.challenge,
        fellow=fellow,
        kind=Signal.Kind.HELP_ASKED,
        key=f"help:test:{fellow.pk}",
        summary=f"{fellow.name} demande de l'aide",
        detail=detail,
        raised_at=timezone.now(),
        raised_by=fellow.user,
        note="Appel passé le lendemain",
    )


def event_registration(world, key="ada"):
    start = timezone.now() - datetime.timedelta(days=3)
    event = Event.objects.create(
        promotion=world.promotion,
        kind=Event.Kind.BOOTCAMP,
        title="Semaine d'intégration",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=8),
        audiences=[Event.Audience.FELLOWS],
    )
    return Registration.objects.create(event=event, user=world.user(key), attendance=Registration.Attendance.PRESENT)


def exported(user) -> dict:
    with zipfile.ZipFile(io.BytesIO(export_personal_data(user))) as archive:
        return json.loads(archive.read("donnees.json"))["programme"]


def past_purge_day(world):
    """The programme ended more than a year ago."""
    Setup.objects.filter(promotion=world.promotion).update(end_date=timezone.localdate() - datetime.timedelta(days=366))


# --- Export ---------------------------------------------------------------------------------------


def test_the_export_holds_the_fellow_retrospectives_in_the_words_the_pages_read(world):
    write_retrospective(world)
    data = exported(world.user("ada"))
    [retrospective] = data["retrospectives"]
    assert (retrospective["week"], retrospective["mood"], retrospective["asks_help"]) == ("2027-02-15", 4, True)
    answers = {a["question"]: a["answer"] for a in retrospective["answers"]}
    assert answers["Mon état d'esprit cette semaine"] == "4 — Bien"
    assert answers["La priorité de la semaine"] == "Livrer le prototype"
    assert (
        answers["L'aide dont j'ai besoin (laissez vide si aucune : une réponse alerte l'équipe du programme)"] == HELP
    )
    [fellowship] = data["fellowships"]
    assert (fellowship["challenge"], fellowship["status"]) == ("Alpha", "En poste")


def test_the_export_holds_the_notes_written_signals_raised_registrations_and_mentorships(world):
    note_by(world, "olga")
    signal_for(world, "ada")
    event_registration(world, "ada")
    CalendarFeed.objects.create(user=world.user("ada"))
    olga = exported(world.user("olga"))
    assert [n["difficulties"] for n in olga["mentoring_notes"]] == ["Bob attend son ordinateur"]
    assert [(m["challenge"], m["role"]) for m in olga["mentorships"]] == [("Alpha", "Mentor opérationnel")]
    ada = exported(world.user("ada"))
    assert [s["detail"] for s in ada["signals_raised"]] == [HELP]
    assert [(r["event"], r["attendance"]) for r in ada["event_registrations"]] == [
        ("Semaine d'intégration", "Présent·e")
    ]
    assert set(ada["calendar_feed"]) == {"created_at"}  # never its token
    assert ada["mentoring_notes"] == [] and ada["mentorships"] == []


# --- Deleting or closing an account ---------------------------------------------------------------


def test_an_account_with_a_fellowship_is_closed_not_deleted_its_registrations_and_feed_go(world):
    ada = world.user("ada")
    event_registration(world, "ada")
    CalendarFeed.objects.create(user=ada)
    plan = deletion_plan(ada)
    assert not plan.immediate
    [(kept, until)] = plan.kept
    assert kept.fellow == world.fellows["ada"]
    assert until.date() == personal_data.purge_day(Setup.objects.get(promotion=world.promotion))
    delete_account(ada, by=ada)
    ada.refresh_from_db()
    assert not ada.is_active
    assert Fellow.objects.get(user=ada).name == "Ada Lovelace"  # kept until the purge day
    assert not Registration.objects.filter(user=ada).exists()
    assert not CalendarFeed.objects.filter(user=ada).exists()


def test_a_mentor_closing_their_account_leaves_the_teams_but_their_notes_stay(world):
    olga = world.user("olga")
    note = note_by(world, "olga")
    delete_account(olga, by=olga)
    assert not Mentor.objects.filter(user_id=olga.pk).exists()
    note.refresh_from_db()
    assert note.difficulties == "Bob attend son ordinateur"


# --- The purge ------------------------------------------------------------------------------------


def test_before_a_year_after_the_programme_end_nothing_is_purged(world):
    write_retrospective(world)
    Setup.objects.filter(promotion=world.promotion).update(end_date=timezone.localdate() - datetime.timedelta(days=300))
    assert purge_expired(apply=True).others == []
    assert Retrospective.objects.count() == 1


def test_the_dry_run_counts_what_the_purge_would_do_and_changes_nothing(world):
    write_retrospective(world, "ada")
    write_retrospective(world, "cleo", help_text="")
    note_by(world)
    signal_for(world)
    past_purge_day(world)
    [item] = purge_expired().others
    assert (item.promotion, item.applied) == (world.promotion, False)
    assert (item.retrospectives_deleted, item.notes_emptied, item.signals_emptied) == (2, 1, 1)
    assert Retrospective.objects.count() == 2
    assert MentorNote.objects.get().difficulties
    assert not ActivityLog.objects.filter(verb="programme.purged").exists()


def test_the_purge_deletes_the_retrospectives_and_empties_the_notes_and_signals_free_text(world):
    retrospective = write_retrospective(world, "ada")
    dossier_id = retrospective.dossier_id
    note = note_by(world)
    signal = signal_for(world)
    past_purge_day(world)
    [item] = purge_expired(apply=True).others
    assert (item.applied, item.retrospectives_deleted, item.notes_emptied, item.signals_emptied) == (True, 1, 1, 1)
    assert not Retrospective.objects.exists()
    assert not Dossier.objects.filter(pk=dossier_id).exists()
    note.refresh_from_db()
    assert (note.attendees, note.decisions, note.difficulties, note.held_on) == (
        "",
        "",
        "",
        datetime.date(2027, 2, 16),
    )
    signal.refresh_from_db()
    assert (signal.detail, signal.note, signal.kind) == ("", "", Signal.Kind.HELP_ASKED)
    assert ActivityLog.objects.get(verb="programme.purged").data["retrospectives_deleted"] == 1
    assert purge_expired(apply=True).others == []  # nothing left to purge


def test_a_closed_fellow_account_is_anonymised_with_its_fellowship_after_the_purge_day(world):
    ada = world.user("ada")
    write_retrospective(world, "ada")
    delete_account(ada, by=ada)
    assert purge_expired(apply=True).accounts_anonymised == 0  # the programme has not ended
    past_purge_day(world)
    report = purge_expired(apply=True)
    assert report.accounts_anonymised == 1
    fellow = Fellow.objects.get(pk=world.fellows["ada"].pk)
    assert fellow.name == f"Entrepreneur·e {fellow.pk}"
    ada.refresh_from_db()
    assert ada.email.endswith("@anonyme.invalid")


def test_the_purge_command_prints_the_promotion_line(world, capsys):
    write_retrospective(world)
    past_purge_day(world)
    call_command("purge_personal_data")
    out = capsys.readouterr().out
    assert "1 bilan(s) hebdomadaire(s) à supprimer" in out
