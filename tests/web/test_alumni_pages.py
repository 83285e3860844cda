"""The alumni's pages (/anciens/) and the programme team's (/equipe/anciens/): the directory for
signed-in alumni and staff only, with the consent and contact preference of each; one's profile
and public profile; one's invitations, answered with a confirmation; staff invite and withdraw."""

import html

import pytest
from django.test import Client
from django.urls import reverse

from eig.alumni import services
from eig.alumni.models import Alumnus, Invitation
from eig.juries.models import Juror
from eig.programme.models import Mentor
from eig.reviews.models import Reviewer
from tests.factories import StaffFactory, UserFactory
from tests.factories.alumni import a_jury, alumnus, more_alumni, open_grid
from tests.factories.programme import programme_world

pytestmark = pytest.mark.django_db

DIRECTORY = reverse("alumni:directory")
PROFILE = reverse("alumni:profile")
INVITATIONS = reverse("alumni:invitations")
STAFF_LIST = reverse("staff:alumni")


@pytest.fixture
def world():
    return programme_world()


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def text(response) -> str:
    return html.unescape(response.content.decode())


def answer_url(invitation) -> str:
    return reverse("alumni:invitation_answer", kwargs={"invitation": invitation.pk})


# --- Who reaches the directory ------------------------------------------------------------------


def test_the_directory_is_for_alumni_and_staff_only(world):
    alumnus(world, "ada")
    assert client_of(world.user("ada")).get(DIRECTORY).status_code == 200
    assert client_of(world.staff).get(DIRECTORY).status_code == 200
    for someone in [world.user("cleo"), world.user("olga"), UserFactory()]:
        assert client_of(someone).get(DIRECTORY).status_code == 404
    anonymous = Client().get(DIRECTORY)
    assert anonymous.status_code == 302 and reverse("account_login") in anonymous["Location"]


def test_staff_without_a_second_factor_are_sent_to_set_one_up(world):
    response = client_of(StaffFactory(totp=False)).get(DIRECTORY)
    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")


def test_the_profile_and_invitations_pages_are_an_alumnus_s_own(world):
    alumnus(world, "ada")
    for url in [PROFILE, INVITATIONS]:
        assert client_of(world.user("ada")).get(url).status_code == 200
        assert client_of(world.staff).get(url).status_code == 404
        assert client_of(world.user("cleo")).get(url).status_code == 404


# --- The directory ------------------------------------------------------------------------------


def test_the_directory_shows_only_listed_alumni_and_an_email_only_to_those_who_chose_it(world):
    alumnus(world, "ada", listed=True, skills="Données", current_role="Cheffe de produit", contact_preference="email")
    alumnus(world, "cleo", listed=False, contact_preference="email")
    [by_programme] = more_alumni(world, 1, contact_preference="programme", skills="Design")
    [no_contact] = more_alumni(world, 1, contact_preference="none")

    page = text(client_of(world.user("ada")).get(DIRECTORY))

    assert "Ada Lovelace" in page and "Cheffe de produit" in page and "Données" in page
    assert "mailto:ada@programme.example" in page
    assert "Cléo Durand" not in page
    assert by_programme.name in page and by_programme.user.email not in page
    assert "Par l'intermédiaire de l'équipe du programme" in page
    assert no_contact.user.email not in page and "Ne souhaite pas être contacté·e" in page


def test_the_directory_filters_by_team_and_skills(world):
    alumnus(world, "ada", listed=True, skills="Données")
    alumnus(world, "cleo", listed=True, skills="Design")
    client = client_of(world.user("ada"))

    by_team = text(client.get(DIRECTORY, {"challenge": world.beta.pk}))
    by_skill = text(client.get(DIRECTORY, {"skills": "données"}))

    assert "Cléo Durand" in by_team and "Ada Lovelace" not in by_team
    assert "Ada Lovelace" in by_skill and "Cléo Durand" not in by_skill


def test_the_directory_is_paginated_and_the_pages_keep_the_filters(world):
    alumnus(world, "ada", listed=True)
    more_alumni(world, 25, skills="Python")

    page = text(client_of(world.user("ada")).get(DIRECTORY, {"skills": "python"}))

    assert "25 anciens dans l'annuaire" in page
    assert "?skills=python&page=2" in page


def test_the_directory_keeps_a_flat_query_count(world, django_assert_num_queries):
    client = client_of(alumnus(world, "ada", listed=True).user)
    more_alumni(world, 1)
    client.get(DIRECTORY)  # the first page reads the site's DSFR settings, kept under the content version
    with django_assert_num_queries(8):
        assert client.get(DIRECTORY).status_code == 200
    more_alumni(world, 6, challenge=world.beta)
    with django_assert_num_queries(8):
        assert client.get(DIRECTORY).status_code == 200


# --- One's profile -------------------------------------------------------------------------------


def _directory_post(**values):
    return {
        "annuaire-part": "directory",
        "annuaire-skills": values.get("skills", ""),
        "annuaire-current_role": values.get("current_role", ""),
        "annuaire-contact_preference": values.get("contact", "email"),
        **({"annuaire-listed": "on"} if values.get("listed") else {}),
    }


def test_the_profile_page_says_who_sees_what(world):
    alumnus(world, "ada")
    page = text(client_of(world.user("ada")).get(PROFILE))
    assert "Qui voit quoi" in page
    assert "n'est lu que par les anciens connectés et par l'équipe du programme" in page
    assert "lu par tout le monde sur le site" in page


def test_an_alumnus_consents_to_the_directory_from_their_profile_and_withdraws_it(world):
    ada = alumnus(world, "ada")
    client = client_of(ada.user)

    response = client.post(PROFILE, _directory_post(listed=True, skills="Données", current_role="Cheffe de produit"))

    assert response.status_code == 302
    ada.refresh_from_db()
    assert ada.listed and ada.listed_at and ada.skills == "Données"
    assert "Ada Lovelace" in text(client.get(DIRECTORY))

    client.post(PROFILE, _directory_post(listed=False))
    ada.refresh_from_db()
    assert not ada.listed
    assert "Ada Lovelace" not in text(client.get(DIRECTORY))


def test_an_alumnus_creates_their_public_profile_and_an_http_link_is_refused_in_french(world):
    ada = alumnus(world, "ada")
    client = client_of(ada.user)
    post = {"public-part": "public", "public-bio": "Développeuse", "public-is_public": "on"}

    refused = client.post(PROFILE, {**post, "public-links": "http://ada.example"})

    assert refused.status_code == 400
    assert "« http://ada.example » : L'adresse doit être sécurisée" in text(refused)
    ada.refresh_from_db()
    assert ada.person is None

    client.post(PROFILE, {**post, "public-links": "https://ada.example\nhttps://code.example/ada"})

    ada.refresh_from_db()
    assert ada.person.bio == "Développeuse" and ada.person.is_public
    assert ada.person.links == ["https://ada.example", "https://code.example/ada"]
    assert ada.person.get_absolute_url() in text(client.get(PROFILE))


# --- One's invitations ------------------------------------------------------------------------------


def test_accepting_a_review_invitation_seats_the_alumnus_and_links_to_the_evaluation_space(world):
    ada = alumnus(world, "ada")
    invitation = services.invite(ada, kind="review", grid=open_grid(), by=world.staff)
    client = client_of(ada.user)
    page = text(client.get(INVITATIONS))
    assert "Confirmer ma réponse" in page and "Votre réponse est définitive" in page

    response = client.post(answer_url(invitation), {"decision": "accept"})

    assert response.status_code == 302
    assert Reviewer.objects.get(user=ada.user).accepted_at is not None
    assert reverse("evaluation:queue") in text(client.get(INVITATIONS))


def test_a_jury_invitation_is_accepted_only_with_the_charter_then_links_to_the_jury_space(world):
    ada = alumnus(world, "ada")
    jury = a_jury()
    invitation = services.invite(ada, kind="jury", jury=jury, by=world.staff)
    client = client_of(ada.user)
    assert jury.charter in text(client.get(INVITATIONS))

    refused = client.post(answer_url(invitation), {"decision": "accept"})

    assert refused.status_code == 400 and "Cochez la case pour accepter la charte du jury." in text(refused)
    assert not Juror.objects.exists()

    client.post(answer_url(invitation), {"decision": "accept", "charter": "on"})

    juror = Juror.objects.get(jury=jury)
    assert juror.user == ada.user and juror.type == Juror.Type.ALUMNI
    page = text(client.get(INVITATIONS))
    assert reverse("juries:schedule") in page and "indiquez-y vos disponibilités" in page


def test_accepting_a_mentor_invitation_links_to_the_team_page(world):
    ada = alumnus(world, "ada")
    invitation = services.invite(ada, kind="mentor", challenge=world.beta, mentor_kind="operational", by=world.staff)
    client = client_of(ada.user)

    client.post(answer_url(invitation), {"decision": "accept"})

    assert Mentor.objects.filter(challenge=world.beta, user=ada.user).exists()
    assert reverse("programme:team", kwargs={"challenge": world.beta.pk}) in text(client.get(INVITATIONS))


def test_declining_is_said_back_and_creates_no_seat(world):
    ada = alumnus(world, "ada")
    invitation = services.invite(ada, kind="review", grid=open_grid(), by=world.staff)

    response = client_of(ada.user).post(answer_url(invitation), {"decision": "decline"}, follow=True)

    assert "Vous avez décliné l'invitation" in text(response)
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.DECLINED and not Reviewer.objects.exists()


def test_someone_else_s_invitation_answers_404_and_a_get_405(world):
    ada = alumnus(world, "ada")
    alumnus(world, "cleo")
    invitation = services.invite(ada, kind="review", grid=open_grid(), by=world.staff)

    assert client_of(world.user("cleo")).post(answer_url(invitation), {"decision": "accept"}).status_code == 404
    assert client_of(ada.user).get(answer_url(invitation)).status_code == 405
    assert not Reviewer.objects.exists()


# --- « Mon programme » ---------------------------------------------------------------------------------


def test_mon_programme_links_an_alumnus_to_the_directory(world):
    alumnus(world, "ada")
    assert DIRECTORY in text(client_of(world.user("ada")).get(reverse("programme:home")))
    assert DIRECTORY not in text(client_of(world.user("cleo")).get(reverse("programme:home")))


# --- Staff ----------------------------------------------------------------------------------------------


def test_staff_list_alumni_with_their_consent_and_invitations(world):
    ada = alumnus(world, "ada", listed=True)
    alumnus(world, "cleo")
    services.invite(ada, kind="jury", jury=a_jury(), by=world.staff)

    page = text(client_of(world.staff).get(STAFF_LIST, {"promotion": world.promotion.pk}))

    assert "Ada Lovelace" in page and "Cléo Durand" in page
    assert "Accepte d'y figurer" in page and "N'y figure pas" in page
    assert "Siéger dans un jury" in page and "En attente de réponse" in page
    assert reverse("staff:alumni_invite", kwargs={"alumnus": ada.pk}) in page


def test_the_staff_list_keeps_a_flat_query_count(world, django_assert_num_queries):
    client = client_of(world.staff)
    jury = a_jury()

    def add(count):
        for alumnus_ in more_alumni(world, count):
            services.invite(alumnus_, kind="jury", jury=jury, by=world.staff)

    add(2)
    client.get(STAFF_LIST)  # the first page reads the site's DSFR settings, kept under the content version
    with django_assert_num_queries(8):
        assert client.get(STAFF_LIST).status_code == 200
    add(6)
    with django_assert_num_queries(8):
        assert client.get(STAFF_LIST).status_code == 200


def test_staff_invite_from_the_form_and_a_missing_seat_is_said_in_french(world):
    ada = alumnus(world, "ada")
    grid = open_grid()
    url = reverse("staff:alumni_invite", kwargs={"alumnus": ada.pk})
    client = client_of(world.staff)
    assert client.get(url).status_code == 200

    refused = client.post(url, {"kind": "review", "message": ""})
    assert refused.status_code == 400 and "Choisissez la grille d'évaluation." in text(refused)

    response = client.post(url, {"kind": "review", "grid": grid.pk, "message": "Merci !"})

    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.grid, invitation.message, invitation.invited_by) == (grid, "Merci !", world.staff)


def test_staff_withdraw_an_invitation_after_a_confirmation(world):
    ada = alumnus(world, "ada")
    invitation = services.invite(ada, kind="review", grid=open_grid(), by=world.staff)
    url = reverse("staff:alumni_invitation_withdraw", kwargs={"invitation": invitation.pk})
    client = client_of(world.staff)

    confirm = client.post(url)
    assert confirm.status_code == 200 and "Retirer cette invitation ?" in text(confirm)
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.PENDING

    client.post(url, {"confirm": "1"})
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.WITHDRAWN


def test_the_staff_overview_links_to_the_alumni(world):
    page = text(
        client_of(world.staff).get(reverse("staff:programme_overview", kwargs={"promotion": world.promotion.slug}))
    )
    assert f"{STAFF_LIST}?promotion={world.promotion.pk}" in page


def test_the_staff_list_says_when_there_are_no_alumni_yet(world):
    assert not Alumnus.objects.exists()
    assert "Aucun ancien pour l'instant" in text(client_of(world.staff).get(STAFF_LIST))
