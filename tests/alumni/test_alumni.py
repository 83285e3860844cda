"""The alumni network (issue 16, point 6): a promotion's closing makes alumni of the fellows who
finished (not those who left early), once, keeping their account; the directory lists only those
who consented, and shows an email address only to those who chose to show it; the alumnus edits
their profile and their public profile (https links only); their data goes with their account."""

import io
import json
import zipfile

import pytest
from django.utils import timezone

from eig.accounts.personal_data import delete_account, export_personal_data
from eig.alumni import queries, services
from eig.alumni.models import Alumnus
from eig.community.models import Membership, Person
from eig.core.errors import DomainError
from eig.core.models import ActivityLog
from eig.notifications.models import OutboxMessage
from eig.programme import departures
from tests.factories.alumni import alumnus, close, finish, more_alumni, published_offer
from tests.factories.programme import programme_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return programme_world()


# --- Closing makes alumni -------------------------------------------------------------------------


def test_closing_makes_alumni_of_the_fellows_who_finished_and_not_of_those_who_left_early(world):
    finish(world, "ada")
    departures.record_departure(
        world.fellows["bob"], on=timezone.localdate(), reason="Raisons personnelles", by=world.staff
    )
    # Cléo is still « en poste »: close_promotion finishes the fellows before telling; here she was not.

    close(world)

    alumni = list(Alumnus.objects.all())
    assert [(a.name, a.user, a.promotion, a.challenge) for a in alumni] == [
        ("Ada Lovelace", world.user("ada"), world.promotion, world.alpha)
    ]
    ada = alumni[0]
    assert ada.fellow == world.fellows["ada"]
    assert ada.listed is False and ada.listed_at is None
    # The account is kept as it was: same user, still active, still a fellow by role.
    user = world.user("ada")
    user.refresh_from_db()
    assert user.is_active and "fellow" in user.roles
    assert ActivityLog.objects.filter(verb="alumnus.created", target_id=str(ada.pk)).count() == 1


def test_closing_twice_makes_each_alumnus_once_and_writes_once(world):
    finish(world, "ada", "cleo")
    close(world)
    close(world)

    assert Alumnus.objects.count() == 2
    assert ActivityLog.objects.filter(verb="alumnus.created").count() == 2
    assert OutboxMessage.objects.filter(template="alumni_welcome").count() == 2


def test_the_new_alumnus_is_told_by_email_with_the_link_to_their_profile_page(world):
    finish(world, "ada")
    close(world)

    message = OutboxMessage.objects.get(template="alumni_welcome")
    assert message.recipient == "ada@programme.example"
    assert "/anciens/mon-profil/" in message.body_text
    assert "Alpha" in message.body_text and "anciens" in message.subject


def test_a_closed_account_is_not_made_an_alumnus(world):
    finish(world, "ada")
    user = world.user("ada")
    user.is_active = False
    user.save(update_fields=["is_active"])

    close(world)

    assert not Alumnus.objects.exists()


def test_the_alumnus_takes_the_community_profile_the_selection_made_for_their_offer(world):
    person = published_offer(world, "ada")
    finish(world, "ada")

    close(world)

    assert Alumnus.objects.get().person == person
    assert Person.objects.count() == 1


def test_a_fellow_without_offer_becomes_an_alumnus_without_profile_until_they_create_it(world):
    finish(world, "ada")
    close(world)
    ada = Alumnus.objects.get()
    assert ada.person is None

    person = services.save_public_profile(
        ada, bio="Développeuse, aujourd'hui à la DINUM.", links=["https://ada.example"], is_public=True, by=ada.user
    )

    ada.refresh_from_db()
    assert ada.person == person
    assert (person.name, person.role, person.is_public) == ("Ada Lovelace", Person.Role.FELLOW, True)
    assert list(person.promotions.all()) == [world.promotion]
    assert Membership.objects.filter(person=person, challenge=world.alpha, role=Membership.Role.FELLOW).exists()


# --- The profile and the consent -----------------------------------------------------------------


def test_consent_is_dated_and_withdrawing_it_takes_the_alumnus_out_of_the_directory_at_once(world):
    ada = alumnus(world, "ada")
    moment = timezone.now()

    services.save_profile(
        ada,
        skills="données, Python",
        current_role="Cheffe de produit",
        contact_preference="email",
        listed=True,
        by=ada.user,
        now=moment,
    )
    ada.refresh_from_db()
    assert ada.listed and ada.listed_at == moment
    assert list(queries.directory()) == [ada]

    services.save_profile(ada, skills="données", current_role="", contact_preference="none", listed=False, by=ada.user)
    ada.refresh_from_db()
    assert not ada.listed and ada.listed_at is None
    assert list(queries.directory()) == []


def test_saving_again_keeps_the_date_consent_was_first_given(world):
    ada = alumnus(world, "ada")
    first = timezone.now()
    services.save_profile(
        ada, skills="", current_role="", contact_preference="email", listed=True, by=ada.user, now=first
    )
    services.save_profile(
        ada,
        skills="design",
        current_role="",
        contact_preference="email",
        listed=True,
        by=ada.user,
        now=first + timezone.timedelta(days=3),
    )
    ada.refresh_from_db()
    assert ada.listed_at == first and ada.skills == "design"


def test_only_the_alumnus_edits_their_profile(world):
    ada = alumnus(world, "ada")
    with pytest.raises(DomainError, match="Seule la personne concernée"):
        services.save_profile(ada, skills="", current_role="", contact_preference="email", listed=True, by=world.staff)
    with pytest.raises(DomainError, match="Seule la personne concernée"):
        services.save_public_profile(ada, bio="", links=[], is_public=True, by=world.user("cleo"))


def test_an_unknown_contact_preference_is_refused_in_french(world):
    ada = alumnus(world, "ada")
    with pytest.raises(DomainError, match="Choisissez comment"):
        services.save_profile(ada, skills="", current_role="", contact_preference="fax", listed=True, by=ada.user)


@pytest.mark.parametrize(
    "link", ["http://ada.example", "javascript:alert(1)", "https://", "ada.example", "https://ada example.org"]
)
def test_public_profile_links_are_well_formed_https_only(world, link):
    ada = alumnus(world, "ada")
    with pytest.raises(DomainError, match="https://"):
        services.save_public_profile(ada, bio="", links=[link], is_public=True, by=ada.user)
    assert Person.objects.count() == 0


def test_the_public_profile_of_the_selection_is_edited_not_duplicated(world):
    person = Person.objects.create(name="Ada Lovelace", slug="ada-lovelace", is_public=False)
    ada = alumnus(world, "ada", person=person)

    services.save_public_profile(
        ada, bio="Bio", links=["https://a.example", " ", "https://a.example"], is_public=True, by=ada.user
    )

    person.refresh_from_db()
    assert (person.bio, person.links, person.is_public) == ("Bio", ["https://a.example"], True)
    assert Person.objects.count() == 1


# --- The directory --------------------------------------------------------------------------------


def test_the_directory_lists_only_listed_alumni_of_open_accounts(world):
    listed = alumnus(world, "ada", listed=True)
    alumnus(world, "cleo", listed=False)
    closed = more_alumni(world, 1)[0]
    closed.user.is_active = False
    closed.user.save(update_fields=["is_active"])

    assert list(queries.directory()) == [listed]


def test_the_directory_filters_by_promotion_team_and_skills(world):
    ada = alumnus(world, "ada", listed=True, skills="Données, cartographie")
    cleo = alumnus(world, "cleo", listed=True, skills="design", current_role="Designer à la DINUM")

    assert list(queries.directory(challenge=world.beta.pk)) == [cleo]
    assert list(queries.directory(promotion=world.promotion.pk)) == [ada, cleo]
    assert list(queries.directory(skills="donnees")) == []  # a word as typed, accents included
    assert list(queries.directory(skills="données")) == [ada]
    assert list(queries.directory(skills="dinum")) == [cleo]


# --- Personal data --------------------------------------------------------------------------------


def test_the_export_holds_the_alumni_rows_with_consent_and_public_profile(world):
    ada = alumnus(world, "ada", listed=True, skills="données", contact_preference="email")
    services.save_public_profile(ada, bio="Bio d'Ada", links=["https://ada.example"], is_public=True, by=ada.user)

    archive = zipfile.ZipFile(io.BytesIO(export_personal_data(ada.user)))
    data = json.loads(archive.read("donnees.json"))

    [row] = data["alumni"]
    assert row["skills"] == "données" and row["listed_in_directory"] is True and row["consent_given_at"]
    assert row["public_profile"]["bio"] == "Bio d'Ada" and row["public_profile"]["links"] == ["https://ada.example"]
    assert any(entry["action"] == "alumnus.public_profile_saved" for entry in data["activity"])


def test_closing_the_account_takes_the_person_out_of_the_network_and_hides_their_public_profile(world):
    ada = alumnus(world, "ada", listed=True)
    person = services.save_public_profile(ada, bio="Bio", links=["https://ada.example"], is_public=True, by=ada.user)

    delete_account(ada.user, by=ada.user)

    assert not Alumnus.objects.exists()
    person.refresh_from_db()
    assert (person.bio, person.links, person.is_public) == ("", [], False)
