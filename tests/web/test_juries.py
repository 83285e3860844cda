"""The jurors' pages (/jury/): the charter before any dossier, two-factor authentication,
only the person's panel and never a conflicted dossier, private notes, the collective
grid by the time-keeper, the general grid after the last audition, the calendar."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from icalendar import Calendar

from eig.accounts.models import Role
from eig.applications.models import Wish
from eig.calls.models import Answer, Question
from eig.juries.models import CollectiveScore, JurorConflict, JurorNote, Verdict
from eig.reviews.models import Remark
from eig.selection.queries import jury_lists
from tests.factories import ChallengeFactory, PositionFactory, UserFactory
from tests.factories.files import StoredFileFactory
from tests.factories.juries import add_audition, add_juror, jury_world
from tests.factories.reviews import submitted_dossier, with_totp

pytestmark = pytest.mark.django_db

MINUTE = datetime.timedelta(minutes=1)


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.FILE_SCANNER = "eig.files.scanners.NoopScanner"


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def audition_url(audition) -> str:
    return reverse("juries:audition", kwargs={"audition": audition.pk})


def grid_url(panel) -> str:
    return reverse("juries:general_grid", kwargs={"panel": panel.pk})


def collective_post(grid, level=3, comment="Un défi mûr.") -> dict:
    return {"comment": comment} | {f"score-{c.pk}": str(level) for c in grid.criteria.all()}


def verdicts_post(auditions, ranks, *, justification="Solide.", **extra) -> dict:
    data = dict(extra)
    for audition, rank in zip(auditions, ranks, strict=True):
        data |= {
            f"favourable-{audition.pk}": "yes",
            f"rank-{audition.pk}": str(rank),
            f"justification-{audition.pk}": justification,
        }
    return data


def after_the_last(world, panel=None):
    panel = panel or world.panels[0]
    return time_machine.travel(max(a.ends_at for a in world.auditions_of(panel)) + MINUTE, tick=False)


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


# --- The charter ----------------------------------------------------------------------------


def test_the_charter_link_sends_an_anonymous_visitor_to_sign_in():
    world = jury_world(signed=False)
    url = reverse("juries:charter", kwargs={"token": world.jurors[0].token})
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={url}"


def test_an_unknown_charter_token_answers_404():
    jury_world(signed=False)
    client = client_of(UserFactory())
    assert client.get(reverse("juries:charter", kwargs={"token": "inconnu"})).status_code == 404


def test_the_charter_page_shows_the_jury_the_text_and_the_half_days_to_tick():
    world = jury_world(signed=False)
    response = client_of(UserFactory()).get(reverse("juries:charter", kwargs={"token": world.jurors[0].token}))
    content = response.content.decode()
    assert response.status_code == 200
    assert world.jury.title in content and "je déclare tout lien avec une personne auditionnée" in content
    assert content.count('name="half_days"') == 2 and "09:00 – 12:30" in content and "14:00 – 17:30" in content
    assert "J&#x27;ai lu et j&#x27;accepte la charte" in content


def test_accepting_the_charter_seats_the_person_with_their_availabilities():
    world = jury_world(signed=False)
    juror, afternoon = world.jurors[0], world.half_days[1]
    user = UserFactory()

    response = client_of(user).post(
        reverse("juries:charter", kwargs={"token": juror.token}), {"accept": "on", "half_days": [afternoon.pk]}
    )

    assert response.status_code == 302 and response["Location"] == reverse("juries:schedule")
    juror.refresh_from_db()
    user.refresh_from_db()
    assert juror.user == user and juror.charter_accepted_at is not None
    assert list(juror.available.all()) == [afternoon]
    assert user.has_role(Role.JURY_MEMBER)


def test_the_charter_is_not_accepted_without_ticking_the_box():
    world = jury_world(signed=False)
    juror = world.jurors[0]
    response = client_of(UserFactory()).post(reverse("juries:charter", kwargs={"token": juror.token}), {})
    assert response.status_code == 400
    assert "Cochez la case pour accepter la charte." in response.content.decode()
    juror.refresh_from_db()
    assert juror.user is None and juror.charter_accepted_at is None


def test_an_invitation_accepted_by_someone_else_is_refused_in_french():
    world = jury_world()
    response = client_of(UserFactory()).post(
        reverse("juries:charter", kwargs={"token": world.jurors[0].token}), {"accept": "on"}
    )
    assert response.status_code == 409
    assert "Cette invitation a déjà été acceptée par une autre personne." in response.content.decode()


def test_no_dossier_is_visible_before_the_charter_is_signed():
    world = jury_world(signed=False)
    juror, audition = world.jurors[0], world.auditions[0]
    user = with_totp(UserFactory())
    client = client_of(user)
    # Seated on the panel by staff, the person has not signed yet: nothing exists for them.
    assert client.get(audition_url(audition)).status_code == 404
    assert client.get(reverse("juries:schedule")).status_code == 404

    client.post(reverse("juries:charter", kwargs={"token": juror.token}), {"accept": "on"})

    assert client.get(audition_url(audition)).status_code == 200
    assert client.get(reverse("juries:schedule")).status_code == 200


# --- Who reaches the pages ----------------------------------------------------------------------


def test_a_juror_without_two_factor_authentication_is_sent_to_set_it_up():
    world = jury_world(totp=False)
    juror = world.jurors[0]
    client = client_of(juror.user)
    for url in [
        reverse("juries:schedule"),
        audition_url(world.auditions[0]),
        grid_url(world.panels[0]),
        reverse("juries:availability", kwargs={"juror": juror.pk}),
        reverse("juries:calendar"),
    ]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == reverse("mfa_activate_totp")


def test_a_person_without_a_signed_seat_gets_404():
    jury_world()
    user = with_totp(UserFactory(roles=[Role.JURY_MEMBER]))
    client = client_of(user)
    assert client.get(reverse("juries:schedule")).status_code == 404
    assert client.get(reverse("juries:calendar")).status_code == 404


def test_a_juror_sees_only_their_panels_auditions():
    world = jury_world(panels=2, jurors=4, auditions=4)
    mine, theirs = world.panels
    juror = world.members(mine)[0]
    client = client_of(juror.user)
    for audition in world.auditions_of(mine):
        assert client.get(audition_url(audition)).status_code == 200
    for audition in world.auditions_of(theirs):
        assert client.get(audition_url(audition)).status_code == 404
        assert client.post(reverse("juries:note", kwargs={"audition": audition.pk}), {"text": "…"}).status_code == 404
        assert (
            client.post(
                reverse("juries:collective", kwargs={"audition": audition.pk}), collective_post(world.grid)
            ).status_code
            == 404
        )
    assert client.get(grid_url(theirs)).status_code == 404
    assert not JurorNote.objects.exists() and not CollectiveScore.objects.exists()


def test_a_conflicted_audition_answers_404_and_is_not_linked_from_the_schedule():
    world = jury_world()
    juror, conflicted = world.jurors[1], world.auditions[0]
    JurorConflict.objects.create(juror=juror, dossier=conflicted.dossier, reason="Ancienne collègue")
    client = client_of(juror.user)

    assert client.get(audition_url(conflicted)).status_code == 404
    assert client.post(reverse("juries:note", kwargs={"audition": conflicted.pk}), {"text": "…"}).status_code == 404
    content = client.get(reverse("juries:schedule")).content.decode()
    assert audition_url(conflicted) not in content and audition_url(world.auditions[1]) in content
    assert "Conflit d'intérêts : vous ne siégez pas pour cette audition" in content


def test_only_the_persons_own_seat_has_an_availability_page():
    world = jury_world()
    me, other = world.jurors[:2]
    client = client_of(me.user)
    assert client.get(reverse("juries:availability", kwargs={"juror": other.pk})).status_code == 404
    assert (
        client.post(
            reverse("juries:availability", kwargs={"juror": other.pk}), {"half_days": [world.half_days[1].pk]}
        ).status_code
        == 404
    )

    response = client.post(
        reverse("juries:availability", kwargs={"juror": me.pk}),
        {"half_days": [h.pk for h in world.half_days]},
    )

    assert response.status_code == 302 and response["Location"] == reverse("juries:schedule")
    assert set(me.available.all()) == set(world.half_days)
    assert list(other.available.all()) == [world.half_days[0]]


def test_the_header_shows_the_jury_link_to_a_seated_juror_only():
    world = jury_world()
    link = f'href="{reverse("juries:schedule")}"'
    assert link in client_of(world.jurors[0].user).get(reverse("public:home")).content.decode()
    other = UserFactory(roles=[Role.JURY_MEMBER])
    assert link not in client_of(other).get(reverse("public:home")).content.decode()


# --- The schedule ---------------------------------------------------------------------------------


def test_the_schedule_lists_the_panel_its_members_and_its_auditions_in_paris_time():
    world = jury_world()
    juror, panel = world.jurors[1], world.panels[0]

    response = client_of(juror.user).get(reverse("juries:schedule"))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Jury 1" in content and "Salle A" in content and "1 rue de la Paix, Paris" in content
    assert all(j.name in content for j in world.jurors) and "Maître du temps" in content
    # Challenge format: 40 minutes, then a 10-minute break.
    assert "09:00 – 09:40" in content and "09:50 – 10:30" in content and "10:40 – 11:20" in content
    assert [a.auditionee for a in world.auditions] == [
        row.audition.auditionee for row in response.context["seats"][0].panels[0].rows
    ]
    assert reverse("juries:calendar") in content
    assert f"http://testserver{reverse('juries:feed', kwargs={'token': juror.calendar_token})}" in content
    assert reverse("juries:availability", kwargs={"juror": juror.pk}) in content
    assert grid_url(panel) in content


def test_the_schedule_keeps_a_flat_query_count_from_1_to_10_auditions():
    world = jury_world(auditions=1)
    panel, client = world.panels[0], client_of(world.jurors[0].user)

    def count_queries():
        with CaptureQueriesContext(connection) as context:
            assert client.get(reverse("juries:schedule")).status_code == 200
        return len(context.captured_queries)

    # The first page reads the site's DSFR settings, kept under the content version.
    client.get(reverse("juries:schedule"))
    with_one = count_queries()
    start = world.auditions[0].ends_at
    for i in range(9):
        add_audition(world.jury, panel, submitted_dossier(world.call), start + i * 50 * MINUTE)
    assert count_queries() == with_one


# --- One audition ------------------------------------------------------------------------------------


def test_the_audition_page_shows_the_dossier_its_files_the_remarks_and_the_segments():
    world = jury_world("candidates", auditions=1)
    audition, juror = world.auditions[0], world.jurors[1]
    cv = StoredFileFactory(owner=audition.dossier.owner, name="cv-personne.pdf")
    Answer.objects.create(
        dossier=audition.dossier,
        question=Question.objects.get(step__call=world.call, key="cv"),
        value=str(cv.public_id),
        stored_file=cv,
    )
    Remark.objects.create(dossier=audition.dossier, text="Très bon entretien de présélection.")
    client = client_of(juror.user)

    response = client.get(audition_url(audition))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Développeuse depuis sept ans." in content and "Très bon entretien de présélection." in content
    assert cv.get_absolute_url() in content and "cv-personne.pdf" in content
    assert client.get(cv.get_absolute_url()).status_code == 200  # eig/juries/hooks.py
    assert [s.label for s in response.context["segments"]] == ["Lecture du dossier", "Entretien", "Délibération"]
    assert "09:00 – 09:05" in content and "09:05 – 09:30" in content and "09:30 – 09:40" in content  # Paris time


def test_a_jurors_notes_are_their_own():
    world = jury_world()
    audition = world.auditions[0]
    me, other = world.jurors[1], world.jurors[2]

    response = client_of(me.user).post(
        reverse("juries:note", kwargs={"audition": audition.pk}), {"text": "Questions sur le budget."}
    )

    assert response.status_code == 302 and response["Location"] == audition_url(audition) + "#notes"
    assert JurorNote.objects.get().juror == me
    assert "Questions sur le budget." in client_of(me.user).get(audition_url(audition)).content.decode()
    assert "Questions sur le budget." not in client_of(other.user).get(audition_url(audition)).content.decode()


def test_only_the_timekeeper_fills_the_collective_grid():
    world = jury_world()
    audition, panel = world.auditions[0], world.panels[0]
    timekeeper, member = world.jurors[0], world.jurors[1]
    assert panel.timekeeper == timekeeper
    url = reverse("juries:collective", kwargs={"audition": audition.pk})

    page = client_of(member.user).get(audition_url(audition)).content.decode()
    assert f'action="{url}"' not in page and "Le maître du temps remplit cette grille" in page
    refused = client_of(member.user).post(url, collective_post(world.grid))
    assert refused.status_code == 409
    assert "Seul le maître du temps de ce groupe remplit la grille collective." in refused.content.decode()
    assert not CollectiveScore.objects.exists()

    assert f'action="{url}"' in client_of(timekeeper.user).get(audition_url(audition)).content.decode()
    saved = client_of(timekeeper.user).post(url, collective_post(world.grid, level=3))

    assert saved.status_code == 302
    score = CollectiveScore.objects.get(audition=audition)
    assert score.total == 15.0 and score.filled_by == timekeeper and score.comment == "Un défi mûr."
    shown = client_of(member.user).get(audition_url(audition)).content.decode()
    assert "Un défi mûr." in shown and "3 — satisfaisant" in shown


def test_any_member_fills_the_collective_grid_when_the_panel_has_no_timekeeper():
    world = jury_world(timekeeper=False)
    audition = world.auditions[0]
    url = reverse("juries:collective", kwargs={"audition": audition.pk})
    assert client_of(world.jurors[3].user).post(url, collective_post(world.grid)).status_code == 302
    assert CollectiveScore.objects.get().filled_by == world.jurors[3]


# --- The general grid -------------------------------------------------------------------------------


def test_the_general_grid_is_refused_before_the_panels_last_audition():
    world = jury_world()
    panel, timekeeper = world.panels[0], world.jurors[0]
    client = client_of(timekeeper.user)
    last = world.auditions[-1]

    with time_machine.travel(last.ends_at - MINUTE, tick=False):
        page = client.get(grid_url(panel))
        refused = client.post(grid_url(panel), verdicts_post(world.auditions, [1, 2, 3]))

    assert page.status_code == 200 and "<form" not in page.content.decode().split('id="content"')[1]
    assert "La grille générale se remplit après la dernière audition du groupe." in page.content.decode()
    assert refused.status_code == 409 and not Verdict.objects.exists()


def test_the_general_grid_is_saved_after_the_last_audition():
    world = jury_world()
    panel, timekeeper = world.panels[0], world.jurors[0]
    first, second, third = world.auditions
    data = verdicts_post([first, second, third], [2, 1, 3]) | {
        f"favourable-{third.pk}": "no",
        f"favourite-{second.pk}": "on",
    }

    with after_the_last(world):
        response = client_of(timekeeper.user).post(grid_url(panel), data)

    assert response.status_code == 302 and response["Location"] == grid_url(panel)
    verdicts = {v.audition_id: v for v in Verdict.objects.all()}
    assert [(verdicts[a.pk].rank, verdicts[a.pk].favourable, verdicts[a.pk].favourite) for a in world.auditions] == [
        (2, True, False),
        (1, True, True),
        (3, False, False),
    ]
    assert {v.scope for v in verdicts.values()} == {""} and verdicts[first.pk].justification == "Solide."
    with after_the_last(world):
        shown = client_of(world.jurors[1].user).get(grid_url(panel))
    assert shown.status_code == 200 and "Défavorable" in shown.content.decode()  # read-only for the others


def test_two_dossiers_with_the_same_rank_are_refused_and_the_posted_values_kept():
    world = jury_world()
    panel = world.panels[0]

    with after_the_last(world):
        response = client_of(world.jurors[0].user).post(
            grid_url(panel), verdicts_post(world.auditions, [1, 1, 2], justification="Très convaincant.")
        )

    content = response.content.decode()
    assert response.status_code == 409
    assert "Deux dossiers ont le même rang : chaque rang ne sert qu&#x27;une fois." in content
    assert content.count("Très convaincant.") == 3 and not Verdict.objects.exists()


def test_a_candidate_jury_ranks_per_challenge_and_profile_and_may_propose_another_challenge():
    world = jury_world("candidates", auditions=2)
    panel, (first, second) = world.panels[0], world.auditions
    other = ChallengeFactory(promotion=world.call.promotion, title="Défi des données ouvertes")
    position = first.dossier.wishes.get(rank=1).position

    with after_the_last(world):
        page = client_of(world.jurors[0].user).get(grid_url(panel))
        response = client_of(world.jurors[0].user).post(
            grid_url(panel), verdicts_post([first, second], [1, 2], **{f"proposed-{second.pk}": str(other.pk)})
        )

    assert "Autre défi proposé (facultatif)" in page.content.decode() and other.title in page.content.decode()
    assert f"{position.challenge.title} — {position.profile.label}" in page.content.decode()
    assert response.status_code == 302
    verdict = Verdict.objects.get(audition=second)
    assert verdict.proposed_challenge == other and verdict.scope == f"{position.challenge_id}:{position.profile_id}"
    assert (verdict.challenge, verdict.profile) == (position.challenge, position.profile)


def test_a_candidate_is_ranked_on_each_of_their_wishes_that_the_panel_hears():
    """The selection weighs every wish, so the panel ranks a candidate on the list of each wish
    whose challenge it hears (another candidate's first wish), not only on their first."""
    world = jury_world("candidates", auditions=2)
    panel, (first, second) = world.panels[0], world.auditions
    alpha_position = first.dossier.wishes.get(rank=1).position
    profile = alpha_position.profile
    beta = ChallengeFactory(promotion=world.call.promotion, title="Bêta")
    gamma = ChallengeFactory(promotion=world.call.promotion, title="Gamma")
    beta_position = PositionFactory(challenge=beta, profile=profile)
    second.dossier.wishes.filter(rank=1).update(position=beta_position)
    Wish.objects.create(dossier=first.dossier, position=beta_position, rank=2)
    Wish.objects.create(dossier=first.dossier, position=PositionFactory(challenge=gamma, profile=profile), rank=3)
    later = f"{first.pk}-{beta.pk}-{profile.pk}"  # the first candidate's row on « Bêta »'s list
    juror = client_of(world.jurors[0].user)

    with after_the_last(world):
        page = juror.get(grid_url(panel)).content.decode()
        data = verdicts_post([first, second], [1, 1]) | {
            f"favourable-{later}": "yes",
            f"rank-{later}": "2",
            f"justification-{later}": "Solide aussi pour Bêta.",
        }
        response = juror.post(grid_url(panel), data)
        again = juror.get(grid_url(panel)).content.decode()

    # « Gamma » is nobody's first wish here: the panel does not hear it, so it has no list.
    assert f"Bêta — {profile.label}" in page and "Gamma —" not in page
    # One proposal of another challenge per candidate: on their first wish's row only.
    assert f'name="favourable-{later}"' in page and f'name="proposed-{later}"' not in page
    assert f'name="proposed-{first.pk}"' in page
    assert response.status_code == 302
    ranks = dict(Verdict.objects.filter(audition=first).values_list("scope", "rank"))
    assert ranks == {f"{alpha_position.challenge_id}:{profile.pk}": 1, f"{beta.pk}:{profile.pk}": 2}
    assert "Solide aussi pour Bêta." in again
    # The selection reads the panel's « Bêta » list with both candidates, in the panel's order.
    assert jury_lists(world.jury)[(beta.pk, profile.pk)] == {second.dossier.pk: 1, first.dossier.pk: 2}


# --- Calendars ---------------------------------------------------------------------------------------


def test_the_juror_downloads_their_auditions_as_an_ics_file():
    world = jury_world(panels=2, jurors=4, auditions=4)
    juror = world.members(world.panels[0])[0]

    response = client_of(juror.user).get(reverse("juries:calendar"))

    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    assert response["Content-Disposition"] == 'attachment; filename="jury.ics"'
    events = Calendar.from_ical(response.content).walk("VEVENT")
    mine = world.auditions_of(world.panels[0])
    assert len(events) == len(mine) == 2
    assert sorted(e.decoded("dtstart") for e in events) == sorted(a.starts_at for a in mine)


def test_the_calendar_feed_works_by_its_token_without_signing_in():
    world = jury_world()
    juror = world.jurors[0]

    response = Client().get(reverse("juries:feed", kwargs={"token": juror.calendar_token}))

    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    assert len(Calendar.from_ical(response.content).walk("VEVENT")) == 3
    assert Client().get(reverse("juries:feed", kwargs={"token": "inconnu"})).status_code == 404


def test_a_juror_seated_in_two_juries_gets_both_in_one_calendar():
    first = jury_world(auditions=2)
    second = jury_world("candidates", auditions=1)
    user = first.jurors[0].user
    add_juror(second.jury, user, panel=second.panels[0])

    events = Calendar.from_ical(client_of(user).get(reverse("juries:calendar")).content).walk("VEVENT")

    assert len(events) == 3
