"""The programme team's side of a jury: creating it, half-days and rooms, inviting jurors,
the auditions to hold and the settings; forming panels (real engine, feasible and not),
pins and time-keepers; the timetable (real engine), moves accepted or refused with the
reason, convocations with their calendar, printable schedules; the run sheet of a room
(attendance, running late); the merged results and their publication."""

import datetime
import re

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from eig.calls.models import Dossier
from eig.challenges.models import Position
from eig.core.models import ActivityLog
from eig.engines import panels as panel_engine
from eig.engines import timetable as timetable_engine
from eig.juries import services
from eig.juries.models import Audition, CollectiveScore, Juror, Jury, Panel, PanelMember, Verdict
from eig.notifications.models import OutboxMessage
from eig.proposals.models import Proposal
from eig.reviews.defaults import CANDIDATE_PRESCREENING, install_grid
from eig.reviews.models import Decision
from tests.factories import AdministrationFactory, ChallengeFactory, StaffFactory, UserFactory, profile
from tests.factories.juries import PARIS, add_audition, add_juror, at, jury_call, jury_world, tomorrow
from tests.factories.reviews import submitted_dossier

pytestmark = pytest.mark.django_db

DAY = datetime.date(2030, 3, 5)  # a Tuesday
# Pages of the day itself travel in time: to tomorrow, where the staff's session is still valid.


@pytest.fixture
def staff():
    return StaffFactory(email="equipe@eig.example")


@pytest.fixture
def staff_client(staff):
    client = Client()
    client.force_login(staff)
    return client


def url(name, jury_or_call, **kwargs):
    call = getattr(jury_or_call, "call", jury_or_call)
    return reverse(f"staff:{name}", kwargs={"slug": call.slug, **kwargs})


def text_of(response):
    return re.sub(r"\s+", " ", response.content.decode())


def local(moment):
    return timezone.localtime(moment, PARIS).strftime("%d/%m %H:%M")


def bare_jury(kind="challenges", *, rooms=1, day=DAY):
    """A jury with two half-days on `day` and `rooms` rooms, nobody and nothing else."""
    return jury_world(kind, jurors=0, auditions=0, panels=0, rooms=rooms, day=day).jury


def seat_pool(jury, count, *, half_days=None):
    """`count` jurors available on these half-days (all by default), types and genders alternating."""
    half_days = list(half_days if half_days is not None else jury.half_days.all())
    types, genders = list(Juror.Type.values), [Juror.Gender.FEMALE, Juror.Gender.MALE]
    jurors = []
    for i in range(count):
        juror = add_juror(jury, type=types[i % len(types)], gender=genders[i % 2], totp=False)
        juror.available.set(half_days)
        jurors.append(juror)
    return jurors


def hear(jury, count):
    """`count` submitted dossiers of the jury's call, each an audition with no panel yet."""
    return [add_audition(jury, None, submitted_dossier(jury.call, last=f"Numéro {i}")) for i in range(count)]


def scheduled_world(*, auditions=3, day=DAY):
    """One panel in room A on the morning of `day`, its auditions placed by the timetable engine."""
    world = jury_world(auditions=auditions, jurors=5, panels=1, rooms=1, scheduled=False, day=day)
    services.schedule(world.jury, by=None)
    for audition in world.auditions:
        audition.refresh_from_db()
    world.auditions.sort(key=lambda a: a.starts_at)
    return world


# --- Creating and setting up ------------------------------------------------------------------


def test_the_call_list_links_each_call_to_its_jury(staff_client):
    call = jury_call("challenges")
    page = staff_client.get(reverse("staff:call_list")).content.decode()
    assert f'href="{url("jury_overview", call)}"' in page


def test_staff_create_the_jury_of_a_call_for_challenges_with_the_rules_format(staff_client, staff):
    call = jury_call("challenges")
    page = text_of(staff_client.get(url("jury_overview", call)))
    assert "Créer le jury de cet appel" in page

    response = staff_client.post(url("jury_create", call))

    jury = Jury.objects.get(call=call)
    assert response.status_code == 302 and response["Location"] == url("jury_overview", call)
    assert jury.kind == Jury.Kind.CHALLENGES
    assert [(s["minutes"], s["with_auditionee"]) for s in jury.audition_format] == [
        (10, False),
        (5, True),
        (15, True),
        (10, False),
    ]
    assert (jury.items_min, jury.items_max, jury.break_every, jury.break_minutes) == (2, 3, 40, 10)
    assert ActivityLog.objects.filter(verb="jury.created", target_id=str(jury.pk), actor=staff).count() == 1
    assert "Créer le jury de cet appel" not in text_of(staff_client.get(url("jury_overview", call)))


def test_a_half_day_is_added_in_paris_time(staff_client):
    jury = bare_jury(day=DAY)

    response = staff_client.post(url("jury_half_day", jury), {"day": "2030-03-06", "starts": "14:00", "ends": "17:30"})

    assert response.status_code == 302
    added = jury.half_days.get(starts_at__date__gte=datetime.date(2030, 3, 6))
    assert (local(added.starts_at), local(added.ends_at)) == ("06/03 14:00", "06/03 17:30")
    assert added.starts_at == datetime.datetime(2030, 3, 6, 13, 0, tzinfo=datetime.UTC)  # UTC+1 in March


def test_a_half_day_ending_before_it_starts_is_refused_in_french(staff_client):
    jury = bare_jury()
    before = jury.half_days.count()

    response = staff_client.post(url("jury_half_day", jury), {"day": "2030-03-06", "starts": "14:00", "ends": "13:00"})

    assert response.status_code == 409
    assert "La demi-journée doit finir après avoir commencé." in text_of(response)
    assert jury.half_days.count() == before


def test_a_room_is_added_with_its_video_link(staff_client):
    jury = bare_jury()

    staff_client.post(url("jury_room", jury), {"name": "Salle Visio", "location": "https://visio.example/jury"})

    room = jury.rooms.get(name="Salle Visio")
    assert room.location == "https://visio.example/jury"
    assert "https://visio.example/jury" in staff_client.get(url("jury_overview", jury)).content.decode()


def test_inviting_a_juror_records_their_profile_and_queues_the_invitation(staff_client):
    jury = bare_jury("candidates")
    morning, afternoon = jury.half_days.order_by("starts_at")
    challenge = ChallengeFactory(promotion=jury.call.promotion, title="Signaux faibles")

    response = staff_client.post(
        url("jury_invite", jury),
        {
            "email": "Claire.Martin@Insee.fr",
            "name": "Claire Martin",
            "organisation": "Insee",
            "type": Juror.Type.ADMINISTRATION,
            "gender": Juror.Gender.FEMALE,
            "available": [afternoon.pk],
            "mentor_of": [challenge.pk],
        },
    )

    assert response.status_code == 302
    juror = jury.jurors.get()
    assert (juror.email, juror.name, juror.organisation, juror.type, juror.gender) == (
        "claire.martin@insee.fr",
        "Claire Martin",
        "Insee",
        "administration",
        "f",
    )
    assert list(juror.available.all()) == [afternoon]
    assert list(juror.mentor_of.all()) == [challenge]
    message = OutboxMessage.objects.get(template="juror_invitation")
    assert message.recipient == "claire.martin@insee.fr"
    assert juror.token in message.body_text
    page = text_of(staff_client.get(url("jury_overview", jury)))
    assert "Claire Martin" in page and "Signaux faibles" in page and "En attente" in page


def test_a_challenge_jury_invitation_offers_no_mentor_field(staff_client):
    jury = bare_jury("challenges")
    page = staff_client.get(url("jury_overview", jury)).content.decode()
    assert 'name="mentor_of"' not in page
    assert 'name="available"' in page


def test_an_invitation_without_a_type_is_refused_and_sends_nothing(staff_client):
    jury = bare_jury()

    response = staff_client.post(url("jury_invite", jury), {"email": "a@b.fr", "name": "A B", "gender": "f"})

    assert response.status_code == 400
    assert not jury.jurors.exists() and not OutboxMessage.objects.exists()


def _proposal(call, state, *, submitted=True):
    dossier = (
        submitted_dossier(call)
        if submitted
        else Dossier.objects.create(
            call=call, owner=UserFactory(), number=f"{call.dossier_prefix}-D{state}", status=Dossier.Status.DRAFT
        )
    )
    return Proposal.objects.create(dossier=dossier, administration=AdministrationFactory(), state=state)


def test_the_challenge_jury_hears_the_preselected_and_auditioned_proposals(staff_client):
    jury = bare_jury("challenges")
    heard = [_proposal(jury.call, Proposal.State.PRESELECTED), _proposal(jury.call, Proposal.State.AUDITIONED)]
    _proposal(jury.call, Proposal.State.SUBMITTED)
    _proposal(jury.call, Proposal.State.NOT_PRESELECTED)

    response = staff_client.post(url("jury_auditions", jury))

    assert response.status_code == 302
    assert set(jury.auditions.values_list("dossier_id", flat=True)) == {p.dossier_id for p in heard}
    assert ActivityLog.objects.filter(verb="jury.auditions_added").count() == 1
    staff_client.post(url("jury_auditions", jury))
    assert jury.auditions.count() == 2


def test_the_candidate_jury_hears_the_dossiers_found_admissible_at_prescreening(staff_client):
    jury = bare_jury("candidates")
    admissible, refused = submitted_dossier(jury.call), submitted_dossier(jury.call)
    submitted_dossier(jury.call)  # not decided
    grid = install_grid(jury.call, CANDIDATE_PRESCREENING)
    for dossier, verdict in [(admissible, True), (refused, False)]:
        Decision.objects.create(
            grid=grid, dossier=dossier, admissible=verdict, reason="selected", decided_at=timezone.now()
        )

    staff_client.post(url("jury_auditions", jury))

    assert list(jury.auditions.values_list("dossier_id", flat=True)) == [admissible.pk]


def test_without_prescreening_decisions_the_candidate_jury_hears_every_submitted_dossier(staff_client):
    jury = bare_jury("candidates")
    dossiers = [submitted_dossier(jury.call) for _i in range(3)]

    staff_client.post(url("jury_auditions", jury))

    assert set(jury.auditions.values_list("dossier_id", flat=True)) == {d.pk for d in dossiers}


def _settings(**changes):
    data = {
        "panels_wanted": "4",
        "panel_size_min": "4",
        "panel_size_max": "6",
        "items_min": "2",
        "items_max": "4",
        "max_half_days_per_juror": "1",
        "audition_format": "Lecture ; 5 ; non\nEntretien ; 20 ; oui\nDélibération ; 10 ; non",
        "break_every": "60",
        "break_minutes": "15",
        "buffer_minutes": "5",
        "general_grid_minutes": "20",
        "waiting_room": "Attendez dans le hall.",
        "charter": "Je garde le secret.",
    }
    return data | changes


def test_the_settings_are_saved_with_the_audition_format_read_line_by_line(staff_client, staff):
    jury = bare_jury()

    response = staff_client.post(url("jury_settings", jury), _settings())

    assert response.status_code == 302
    jury.refresh_from_db()
    assert jury.audition_format == [
        {"label": "Lecture", "minutes": 5, "with_auditionee": False},
        {"label": "Entretien", "minutes": 20, "with_auditionee": True},
        {"label": "Délibération", "minutes": 10, "with_auditionee": False},
    ]
    assert (jury.panels_wanted, jury.panel_size_min, jury.panel_size_max, jury.break_every, jury.buffer_minutes) == (
        4,
        4,
        6,
        60,
        5,
    )
    assert jury.waiting_room == "Attendez dans le hall."
    assert ActivityLog.objects.get(verb="jury.settings_updated", actor=staff).data["fields"][0] == "panels_wanted"


def test_a_format_line_that_cannot_be_read_names_its_line(staff_client):
    jury = bare_jury()
    before = jury.audition_format

    response = staff_client.post(url("jury_settings", jury), _settings(audition_format="Lecture ; 5 ; non\nQuestions"))

    assert response.status_code == 400
    assert escape("Ligne 2 : écrivez « libellé ; minutes ; oui ou non »") in response.content.decode()
    jury.refresh_from_db()
    assert jury.audition_format == before


def test_sizes_that_contradict_each_other_are_refused_by_the_service(staff_client):
    jury = bare_jury()

    response = staff_client.post(url("jury_settings", jury), _settings(panel_size_min="7", panel_size_max="5"))

    assert response.status_code == 409
    assert escape("ne pas dépasser la taille maximale") in response.content.decode()
    jury.refresh_from_db()
    assert (jury.panel_size_min, jury.panel_size_max) == (5, 8)


# --- Panels ---------------------------------------------------------------------------------------


def small_instance(*, jurors=6, available=None):
    """Two panels of 3 over two half-days in one room, hearing two dossiers each."""
    jury = bare_jury("challenges", rooms=1)
    Jury.objects.filter(pk=jury.pk).update(
        panels_wanted=2, panel_size_min=3, panel_size_max=3, items_min=2, items_max=2
    )
    jury.refresh_from_db()
    seat_pool(jury, jurors, half_days=available)
    hear(jury, 4)
    return jury


def test_forming_panels_splits_the_jurors_and_the_auditions_with_their_balance(staff_client, staff):
    jury = small_instance()

    response = staff_client.post(url("jury_form_panels", jury))

    assert response.status_code == 302
    panels = list(jury.panels.order_by("index"))
    assert [p.index for p in panels] == [1, 2]
    assert [p.members.count() for p in panels] == [3, 3]
    assert [p.auditions.count() for p in panels] == [2, 2]
    assert {p.half_day_id for p in panels} == set(jury.half_days.values_list("pk", flat=True))
    assert all(p.explanation.startswith("3 membres : ") for p in panels)
    page = text_of(staff_client.get(url("jury_panels", jury)))
    assert "Groupe 1" in page and "Groupe 2" in page
    assert escape(panels[0].explanation) in page
    assert ActivityLog.objects.filter(verb="jury.panels_formed", actor=staff).count() == 1


def test_an_infeasible_formation_shows_the_french_explanation_and_changes_nothing(staff_client):
    world = jury_world(jurors=3, auditions=2, panels=1, rooms=1, scheduled=True, day=DAY)
    jury = world.jury
    Jury.objects.filter(pk=jury.pk).update(panels_wanted=1, panel_size_min=5, panel_size_max=8, items_min=1)
    jury.refresh_from_db()
    explanation = panel_engine.solve(services.panel_instance(jury)[0]).explanation
    before = list(Audition.objects.filter(jury=jury).values_list("pk", "panel_id", "starts_at"))
    members = set(PanelMember.objects.filter(panel__jury=jury).values_list("panel_id", "juror_id"))

    response = staff_client.post(url("jury_form_panels", jury))

    assert response.status_code == 409
    page = response.content.decode()
    assert explanation and escape(explanation) in page
    assert "Les groupes n'ont pas pu être formés" in escape_free(page) and "Traceback" not in page
    assert list(jury.panels.values_list("pk", flat=True)) == [world.panels[0].pk]
    assert list(Audition.objects.filter(jury=jury).values_list("pk", "panel_id", "starts_at")) == before
    assert set(PanelMember.objects.filter(panel__jury=jury).values_list("panel_id", "juror_id")) == members


def test_a_pinned_juror_stays_on_their_panel_when_panels_are_formed_again(staff_client):
    jury = small_instance()
    services.form_panels(jury, by=None)
    juror = jury.jurors.order_by("name").first()
    other = jury.panels.exclude(members__juror=juror).get()

    response = staff_client.post(url("jury_pin", jury), {"juror": juror.pk, "panel": other.pk})

    assert response.status_code == 302
    assert PanelMember.objects.get(juror=juror, pinned=True).panel == other
    staff_client.post(url("jury_form_panels", jury))
    member = PanelMember.objects.get(juror=juror)
    assert (member.panel.index, member.pinned) == (other.index, True)

    staff_client.post(url("jury_pin", jury), {"juror": juror.pk, "panel": ""})
    assert not PanelMember.objects.filter(juror=juror, pinned=True).exists()


def test_staff_name_the_time_keeper_among_the_panel_members_only(staff_client):
    world = jury_world(jurors=4, panels=2, rooms=2, timekeeper=False, day=DAY)
    first, second = world.panels
    member, outsider = world.members(first)[0], world.members(second)[0]

    response = staff_client.post(url("jury_timekeeper", world.jury, panel=first.pk), {"juror": member.pk})
    refused = staff_client.post(url("jury_timekeeper", world.jury, panel=first.pk), {"juror": outsider.pk})

    assert response.status_code == 302 and refused.status_code == 400
    first.refresh_from_db()
    assert first.timekeeper == member


def test_the_panels_page_draws_each_panel_s_types_and_counts_its_genders(staff_client):
    world = jury_world(jurors=4, panels=1, day=DAY)

    page = text_of(staff_client.get(url("jury_panels", world.jury)))

    # Types alternate (administration, association, research, entrepreneurship), genders too.
    assert 'aria-label="Administration publique 1, Association 1, Recherche 1, Entrepreneuriat 1"' in page
    assert "2 femmes" in page and "2 hommes" in page
    assert page.count('<rect x="') == 4


def test_a_balanced_panel_is_labelled_balanced(staff_client):
    world = jury_world(jurors=4, panels=1, day=DAY)

    page = text_of(staff_client.get(url("jury_panels", world.jury)))

    assert "Équilibre atteint" in page and "Équilibre non atteint" not in page


def test_a_single_gender_panel_is_not_labelled_balanced_and_names_its_deficit(staff_client):
    """Jurors dealt round-robin to two panels: women on one, men on the other (the demo's bug)."""
    world = jury_world(jurors=8, panels=2, rooms=2, day=DAY)

    page = text_of(staff_client.get(url("jury_panels", world.jury)))

    assert "Équilibre atteint" not in page
    assert page.count("Équilibre non atteint") == 2
    assert "0 homme sur 4" in page and "0 femme sur 4" in page
    # The morning's 8 jurors hold 4 women: the pool would have allowed two mixed panels.
    assert "les disponibilités permettraient mieux (4 femmes disponibles le mardi 5 mars matin sans conflit)" in page


def test_a_deficit_the_availabilities_impose_says_so(staff_client):
    """Two women among six, both available only in the afternoon: the morning panel has none."""
    jury = bare_jury(rooms=1)
    morning, afternoon = jury.half_days.order_by("starts_at")
    world_panels = [
        Panel.objects.create(jury=jury, index=1, half_day=morning, room=jury.rooms.get()),
        Panel.objects.create(jury=jury, index=2, half_day=afternoon, room=jury.rooms.get()),
    ]
    men = [
        add_juror(jury, panel=world_panels[0], gender=Juror.Gender.MALE, type=t, totp=False)
        for t in Juror.Type.values[:3]
    ]
    women = [
        add_juror(jury, panel=world_panels[1], gender=Juror.Gender.FEMALE, type=t, totp=False)
        for t in Juror.Type.values[3:5]
    ]
    for juror in men:
        juror.available.set([morning, afternoon])
    for juror in women:
        juror.available.set([afternoon])
    PanelMember.objects.filter(juror=men[2]).update(panel=world_panels[1])

    page = text_of(staff_client.get(url("jury_panels", jury)))

    assert "Équilibre atteint" in page  # the afternoon: 2 women, 1 man
    assert "Équilibre incomplet : les disponibilités ne permettent pas mieux" in page
    assert (
        "0 femme sur 2 — aucune femme n&#x27;est disponible le mardi 5 mars matin, sur 3 membres du jury disponibles."
        in page
    )


# --- Timetable -------------------------------------------------------------------------------------


def test_computing_the_timetable_places_every_audition_inside_its_panel_s_half_day(staff_client, staff):
    world = jury_world(auditions=3, jurors=5, panels=1, rooms=1, scheduled=False, day=DAY)
    half_day = world.panels[0].half_day

    response = staff_client.post(url("jury_schedule", world.jury))

    assert response.status_code == 302
    auditions = list(world.jury.auditions.order_by("starts_at"))
    assert all(half_day.starts_at <= a.starts_at and a.ends_at <= half_day.ends_at for a in auditions)
    assert [int((a.ends_at - a.starts_at).total_seconds() // 60) for a in auditions] == [40, 40, 40]
    # A break of at least 10 minutes after every 40 minutes of work.
    assert all((b.starts_at - a.ends_at) >= datetime.timedelta(minutes=10) for a, b in itertools_pairs(auditions))
    page = text_of(staff_client.get(url("jury_timetable", world.jury)))
    for audition in auditions:
        assert f"{timezone.localtime(audition.starts_at):%H:%M}–{timezone.localtime(audition.ends_at):%H:%M}" in page
    assert ActivityLog.objects.filter(verb="jury.scheduled", actor=staff).count() == 1


def itertools_pairs(items):
    return zip(items, items[1:], strict=False)


def test_computing_the_timetable_before_the_panels_explains_what_is_missing(staff_client):
    jury = small_instance()

    response = staff_client.post(url("jury_schedule", jury))

    assert response.status_code == 409
    assert escape("Formez d'abord les groupes de jury") in response.content.decode()


def test_a_move_that_keeps_every_rule_is_accepted(staff_client, staff):
    world = scheduled_world()
    last = world.auditions[-1]
    target = last.starts_at + datetime.timedelta(minutes=10)

    response = staff_client.post(
        url("jury_move", world.jury, audition=last.pk),
        {"starts_at": timezone.localtime(target).strftime("%Y-%m-%dT%H:%M")},
    )

    assert response.status_code == 302
    last.refresh_from_db()
    assert (last.starts_at, last.ends_at) == (target, target + datetime.timedelta(minutes=40))
    assert "déplacée au" in text_of(staff_client.get(response["Location"]))
    assert ActivityLog.objects.filter(verb="audition.moved", actor=staff).count() == 1


def test_a_move_into_a_conflict_is_refused_with_the_reason(staff_client):
    world = scheduled_world()
    first, last = world.auditions[0], world.auditions[-1]
    instance, origin = services.timetable_instance(world.jury)
    current = services.current_timetable(world.jury, instance, origin)
    reasons = timetable_engine.check_move(instance, current, str(last.pk), services._minutes(origin, first.starts_at))
    before = [(a.pk, a.starts_at) for a in world.auditions]

    response = staff_client.post(
        url("jury_move", world.jury, audition=last.pk),
        {"starts_at": timezone.localtime(first.starts_at).strftime("%Y-%m-%dT%H:%M")},
    )

    assert response.status_code == 409
    assert reasons
    page = response.content.decode()
    # The engine's « Refusé : » prefix is dropped: the page says who and what was refused.
    shown = [r.removeprefix("Refusé : ") for r in reasons]
    shown = " ".join([shown[0], *(r[:1].upper() + r[1:] for r in shown[1:])])
    assert escape(f"Déplacement refusé pour {last.auditionee} : {shown}") in page
    assert [(a.pk, a.starts_at) for a in world.jury.auditions.order_by("starts_at")] == before


def test_the_timetable_shows_one_person_s_auditions(staff_client):
    world = jury_world(jurors=4, auditions=4, panels=2, rooms=2, day=DAY)
    juror = world.members(world.panels[1])[0]

    page = text_of(staff_client.get(url("jury_timetable", world.jury) + f"?jure={juror.pk}"))

    mine = page.split(f"Horaires de {juror.name}")[1]
    for audition in world.auditions_of(world.panels[1]):
        assert audition.auditionee in mine
    for audition in world.auditions_of(world.panels[0]):
        assert audition.auditionee not in mine


def test_convocations_are_confirmed_then_queued_with_their_calendar(staff_client, staff):
    world = jury_world(jurors=2, auditions=2, panels=1, rooms=1, day=DAY)
    page = text_of(staff_client.get(url("jury_convocations", world.jury)))
    assert "2 personnes auditionnées recevront leur convocation" in page
    assert "2 membres du jury recevront leur convocation" in page
    assert not OutboxMessage.objects.filter(template__endswith="convocation").exists()

    # A POST without the preview's confirmation shows the preview again and sends nothing.
    unconfirmed = staff_client.post(url("jury_convocations", world.jury))
    assert unconfirmed.status_code == 200
    assert not OutboxMessage.objects.filter(template__endswith="convocation").exists()

    response = staff_client.post(url("jury_convocations", world.jury), {"confirm": "1"})

    assert response.status_code == 302
    auditionees = OutboxMessage.objects.filter(template="audition_convocation").order_by("recipient")
    assert [m.recipient for m in auditionees] == sorted(d.owner.email for d in world.dossiers)
    assert auditionees[0].attachments[0]["renderer"] == "audition_ics"
    assert auditionees[0].attachments[0]["mimetype"] == "text/calendar"
    jurors = OutboxMessage.objects.filter(template="juror_convocation")
    assert sorted(m.recipient for m in jurors) == sorted(j.email for j in world.jurors)
    juror = world.jurors[0]
    assert jurors.get(recipient=juror.email).attachments == [
        {"filename": "jury.ics", "mimetype": "text/calendar", "renderer": "juror_ics", "args": {"juror": juror.pk}}
    ]
    assert ActivityLog.objects.filter(verb="jury.convocations_sent", actor=staff).count() == 1


def test_convocations_are_not_offered_before_any_audition_has_a_time(staff_client):
    world = jury_world(jurors=2, auditions=2, panels=1, scheduled=False, day=DAY)

    page = staff_client.get(url("jury_convocations", world.jury)).content.decode()
    response = staff_client.post(url("jury_convocations", world.jury), {"confirm": "1"})

    assert escape("calculez d'abord les horaires") in page and "Confirmer l&#x27;envoi" not in page
    assert response.status_code == 409
    assert not OutboxMessage.objects.filter(template__endswith="convocation").exists()


@pytest.mark.parametrize("by", ["jour", "salle", "groupe"])
def test_the_printable_schedules_are_pdfs(staff_client, by):
    world = jury_world(jurors=3, auditions=3, panels=2, rooms=2, day=DAY)

    response = staff_client.get(url("jury_pdf", world.jury) + f"?par={by}")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="horaires-par-{by}.pdf"'
    assert response.content.startswith(b"%PDF")


def test_the_printable_schedule_by_room_lists_each_room_s_auditions(staff_client):
    from eig.web.staff.jury_pdf import schedule_html

    world = jury_world(jurors=3, auditions=2, panels=2, rooms=2, day=DAY)

    html = schedule_html(world.jury, "salle")

    assert "<h2>Salle A</h2>" in html and "<h2>Salle B</h2>" in html
    for audition in world.auditions:
        assert audition.auditionee in html


# --- The day itself ----------------------------------------------------------------------------------


def test_the_run_sheet_shows_the_current_and_next_auditions_and_who_waits(staff_client):
    world = scheduled_world(day=tomorrow())
    first, second, third = world.auditions
    Audition.objects.filter(pk=second.pk).update(attendance=Audition.Attendance.PRESENT)

    with time_machine.travel(first.starts_at + datetime.timedelta(minutes=5), tick=False):
        page = text_of(staff_client.get(url("jury_run_sheet", world.jury, room=world.rooms[0].pk)))

    current = page.split("En cours")[1].split("Ensuite")[0]
    upcoming = page.split("Ensuite")[1].split("Salle d'attente")[0]
    waiting = page.split("Salle d'attente")[1].split("Auditions du jour")[0]
    assert first.auditionee in current
    assert second.auditionee in upcoming
    assert second.auditionee in waiting and third.auditionee not in waiting.split("Pas encore arrivés")[0]


def test_attendance_is_marked_from_the_run_sheet(staff_client, staff):
    world = scheduled_world()
    audition = world.auditions[1]

    response = staff_client.post(url("jury_attendance", world.jury, audition=audition.pk), {"attendance": "absent"})

    assert response["Location"] == url("jury_run_sheet", world.jury, room=world.rooms[0].pk)
    audition.refresh_from_db()
    assert audition.attendance == Audition.Attendance.ABSENT
    assert ActivityLog.objects.filter(verb="audition.attendance", actor=staff).count() == 1


def test_running_late_shifts_the_room_s_later_auditions_and_tells_their_people(staff_client, staff):
    world = scheduled_world(day=tomorrow())
    first, second, third = world.auditions
    OutboxMessage.objects.all().delete()

    with time_machine.travel(first.starts_at + datetime.timedelta(minutes=20), tick=False):
        response = staff_client.post(url("jury_late", world.jury, room=world.rooms[0].pk), {"minutes": "15"})
        page = text_of(staff_client.get(response["Location"]))

    shift = datetime.timedelta(minutes=15)
    moved = {a.pk: a.starts_at for a in world.jury.auditions.all()}
    assert moved == {first.pk: first.starts_at, second.pk: second.starts_at + shift, third.pk: third.starts_at + shift}
    assert "2 auditions décalées de 15 minutes" in page
    members = sorted(j.email for j in world.members(world.panels[0]))
    for audition in (second, third):
        told = OutboxMessage.objects.filter(template="audition_moved", context__auditionee=audition.auditionee)
        assert sorted(m.recipient for m in told) == sorted([*audition.auditionee_emails, *members])
    assert ActivityLog.objects.filter(verb="jury.running_late", actor=staff).count() == 1


def test_a_delay_that_breaks_a_rule_is_applied_with_a_warning(staff_client):
    world = scheduled_world(day=tomorrow())
    first = world.auditions[0]

    with time_machine.travel(first.starts_at + datetime.timedelta(minutes=20), tick=False):
        response = staff_client.post(url("jury_late", world.jury, room=world.rooms[0].pk), {"minutes": "120"})
        page = text_of(staff_client.get(response["Location"]))

    assert "2 auditions décalées de 120 minutes" in page
    assert "Attention, ce décalage enfreint une règle" in page


# --- Results -------------------------------------------------------------------------------------------


def verdict(panel, audition, rank, *, favourable=True, favourite=False, total=None, scope="", **fields):
    if total is not None:
        CollectiveScore.objects.update_or_create(audition=audition, defaults={"total": total})
    return Verdict.objects.create(
        panel=panel, audition=audition, rank=rank, favourable=favourable, favourite=favourite, scope=scope, **fields
    )


def test_the_merged_ranking_shows_ties_between_panels_as_ex_aequo(staff_client):
    world = jury_world(jurors=4, auditions=4, panels=2, rooms=2, day=DAY)
    one, two = world.panels
    a, c = world.auditions_of(one)
    b, d = world.auditions_of(two)
    verdict(one, a, 1, total=30, justification="Un défi très clair.")
    verdict(two, b, 1, total=30, favourite=False)
    verdict(one, c, 2, total=25)
    verdict(two, d, 2, favourable=False, total=10)

    page = text_of(staff_client.get(url("jury_results", world.jury)))

    assert page.count("1 (ex æquo)") == 2
    assert "Un défi très clair." in page
    rows = page.split("<tbody>")[1]
    assert rows.index(c.auditionee) < rows.index(d.auditionee)
    assert "Défavorable" in rows.split(d.auditionee)[1]


def test_a_candidate_jury_ranks_per_challenge_and_profile_with_the_proposed_challenge(staff_client):
    world = jury_world("candidates", jurors=2, auditions=2, panels=1, day=DAY)
    position = Position.objects.filter(challenge__promotion=world.call.promotion).order_by("order").first()
    other = ChallengeFactory(promotion=world.call.promotion, title="Défi voisin")
    scope = f"{position.challenge_id}:{position.profile_id}"
    a, b = world.auditions
    verdict(world.panels[0], a, 1, scope=scope, challenge=position.challenge, profile=position.profile)
    verdict(world.panels[0], b, 2, scope=scope, proposed_challenge=other)

    page = text_of(staff_client.get(url("jury_results", world.jury)))

    assert f"Défi « {position.challenge.title} » — profil {profile(position.profile.code).label}" in escape_free(page)
    assert "Défi voisin" in page


def escape_free(page):
    return page.replace("&#x27;", "'").replace("&quot;", '"')


def test_results_are_published_after_a_confirmation(staff_client, staff):
    world = jury_world(jurors=2, auditions=1, panels=1, day=DAY)
    verdict(world.panels[0], world.auditions[0], 1)
    confirm = text_of(staff_client.get(url("jury_publish", world.jury)))
    assert "Confirmer la publication" in confirm
    world.jury.refresh_from_db()
    assert world.jury.results_published_at is None

    response = staff_client.post(url("jury_publish", world.jury))

    assert response["Location"] == url("jury_results", world.jury)
    world.jury.refresh_from_db()
    assert world.jury.is_published
    assert ActivityLog.objects.filter(verb="jury.results_published", actor=staff).count() == 1
    assert "Résultats publiés le" in text_of(staff_client.get(url("jury_results", world.jury)))


def test_results_without_any_general_grid_cannot_be_published(staff_client):
    world = jury_world(jurors=2, auditions=1, panels=1, day=DAY)

    response = staff_client.post(url("jury_publish", world.jury))

    assert response.status_code == 409
    assert escape("Aucun groupe n'a encore rempli sa grille générale.") in response.content.decode()
    world.jury.refresh_from_db()
    assert world.jury.results_published_at is None


# --- Who may see --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["jury_overview", "jury_panels", "jury_timetable", "jury_results", "jury_convocations", "jury_publish"]
)
def test_jury_pages_answer_404_to_jurors_and_everyone_outside_the_team(name):
    world = jury_world(jurors=1, auditions=1, panels=1, day=DAY)
    juror_client = Client()
    juror_client.force_login(world.jurors[0].user)
    assert juror_client.get(url(name, world.jury)).status_code == 404
    assert Client().get(url(name, world.jury)).status_code == 404


def test_another_call_s_room_or_audition_answers_404(staff_client):
    mine, theirs = jury_world(jurors=1, auditions=1, panels=1, day=DAY), jury_world(jurors=1, auditions=1, panels=1)

    assert staff_client.get(url("jury_run_sheet", mine.jury, room=theirs.rooms[0].pk)).status_code == 404
    moved = staff_client.post(
        url("jury_move", mine.jury, audition=theirs.auditions[0].pk), {"starts_at": "2030-03-05T10:00"}
    )
    assert moved.status_code == 404


def test_jury_pages_of_a_call_without_a_jury_answer_404(staff_client):
    call = jury_call("challenges")
    assert staff_client.get(url("jury_panels", call)).status_code == 404
    assert staff_client.get(url("jury_overview", call)).status_code == 200


# --- Query counts ----------------------------------------------------------------------------------------


def queries_for(client, path):
    with CaptureQueriesContext(connection) as context:
        assert client.get(path).status_code == 200
    return len(context.captured_queries)


def grow(world, count):
    """`count` more jurors (available, on the panel) and auditions (scheduled after the others)."""
    jury, panel = world.jury, world.panels[0]
    last = jury.auditions.order_by("-starts_at").first()
    start = last.ends_at + datetime.timedelta(minutes=10)
    for i in range(count):
        juror = add_juror(jury, panel=panel, totp=False, type=Juror.Type.RESEARCH, gender=Juror.Gender.MALE)
        juror.available.set(jury.half_days.all())
        audition = add_audition(jury, panel, submitted_dossier(jury.call, last=f"Suivant {i}"), start)
        start = audition.ends_at + datetime.timedelta(minutes=10)


@pytest.mark.parametrize("name", ["jury_overview", "jury_timetable", "jury_panels", "jury_results"])
def test_jury_pages_keep_a_flat_query_count_from_1_to_10_jurors_and_auditions(staff_client, name):
    world = jury_world(jurors=1, auditions=1, panels=1, rooms=1, day=DAY)
    verdict(world.panels[0], world.auditions[0], 1, total=12)
    path = url(name, world.jury)
    with_one = queries_for(staff_client, path)
    grow(world, 9)
    for rank, audition in enumerate(world.jury.auditions.exclude(pk=world.auditions[0].pk), start=2):
        verdict(world.panels[0], audition, rank, total=10)
    assert queries_for(staff_client, path) == with_one


def test_the_person_view_of_the_timetable_keeps_a_flat_query_count(staff_client):
    world = jury_world(jurors=1, auditions=1, panels=1, rooms=1, day=DAY)
    path = url("jury_timetable", world.jury) + f"?jure={world.jurors[0].pk}"
    with_one = queries_for(staff_client, path)
    grow(world, 9)
    assert queries_for(staff_client, path) == with_one


def test_the_run_sheet_keeps_a_flat_query_count(staff_client):
    world = jury_world(jurors=1, auditions=1, panels=1, rooms=1, day=tomorrow())
    path = url("jury_run_sheet", world.jury, room=world.rooms[0].pk)
    with time_machine.travel(at(tomorrow(), 9, 5), tick=False):
        with_one = queries_for(staff_client, path)
        grow(world, 9)
        assert queries_for(staff_client, path) == with_one
