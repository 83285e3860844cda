"""Deliverables (eig/results/deliverables.py): a team declares, staff publish as an achievement,
return with a note or unpublish; links are https only; each change is logged.

The world is tests/factories/programme.py's: Alpha (fellows Ada and Bob), Bêta (Cléo); staff Sam.
"""

import pytest

from eig.challenges.models import Achievement
from eig.core.errors import DomainError
from eig.core.models import ActivityLog
from eig.results import deliverables
from eig.results.deliverables import ACHIEVEMENT_ORDER_BASE, check_url
from eig.results.models import Deliverable
from tests.factories import AchievementFactory
from tests.factories.deliverables import declare, published
from tests.factories.programme import programme_world

pytestmark = pytest.mark.django_db

Kind, Status = Deliverable.Kind, Deliverable.Status


@pytest.fixture
def world():
    return programme_world()


def save_unchanged(deliverable, *, by):
    """The deliverable's page saved with what it already says."""
    deliverables.edit(
        deliverable,
        kind=deliverable.kind,
        title_fr=deliverable.title_fr,
        description_fr=deliverable.description_fr,
        url=deliverable.url,
        licence=deliverable.licence,
        by=by,
    )


def verbs(deliverable) -> list[str]:
    return list(
        ActivityLog.objects.filter(target_type="results.deliverable", target_id=str(deliverable.pk))
        .order_by("id")
        .values_list("verb", flat=True)
    )


# --- Links on entry ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://forge.example/alpha", "pas par « http:// »"),
        ("javascript:alert(1)", "commençant par « https:// »"),
        ("data:text/html,<script>", "commençant par « https:// »"),
        ("ftp://forge.example/alpha", "commençant par « https:// »"),
        ("//forge.example/alpha", "commençant par « https:// »"),
        ("forge.example/alpha", "commençant par « https:// »"),
        ("https://", "n'est pas valide"),
        ("https://forge .example/alpha", "espace"),
        ("https://moi:secret@forge.example/alpha", "identifiant ni de mot de passe"),
        ("https://" + "a" * 500 + ".example", "trop longue"),
        ("", "Indiquez l'adresse"),
    ],
)
def test_a_link_that_is_not_a_well_formed_https_address_is_refused_in_french(url, message):
    with pytest.raises(DomainError, match=message):
        check_url(url)


def test_a_well_formed_https_address_is_kept_stripped():
    assert check_url("  https://www.data.gouv.fr/fr/datasets/x/  ") == "https://www.data.gouv.fr/fr/datasets/x/"


def test_declaring_with_an_http_link_creates_nothing(world):
    with pytest.raises(DomainError, match="https://"):
        declare(world, url="http://forge.example/alpha/code")
    assert not Deliverable.objects.exists()


# --- The team declares ---------------------------------------------------------------------------------


def test_a_declared_deliverable_waits_for_review_and_is_logged(world):
    deliverable = declare(world, kind=Kind.DATASET, title="Les données", title_en="The data")

    deliverable.refresh_from_db()
    assert deliverable.status == Status.PROPOSED
    assert (deliverable.title_fr, deliverable.title_en, deliverable.licence) == (
        "Les données",
        "The data",
        "Licence Ouverte 2.0",
    )
    assert deliverable.proposed_by == world.user("ada")
    assert deliverable.achievement is None
    assert verbs(deliverable) == ["deliverable.proposed"]


def test_a_repository_without_a_licence_is_refused(world):
    with pytest.raises(DomainError, match="licence du dépôt"):
        declare(world, kind=Kind.REPOSITORY, licence="")


def test_a_dataset_may_have_no_licence(world):
    assert declare(world, kind=Kind.DATASET, licence="").licence == ""


def test_a_product_keeps_its_users_and_other_kinds_never_count_users(world):
    product = declare(world, kind=Kind.PRODUCT, title="Le service", users=12400)
    publication = declare(world, kind=Kind.PUBLICATION, title="L'article", users=50)

    assert product.users == 12400
    assert publication.users is None


def test_a_french_title_is_required(world):
    with pytest.raises(DomainError, match="titre en français"):
        declare(world, title="   ")


def test_the_same_address_twice_in_a_team_is_refused(world):
    declare(world, url="https://forge.example/alpha/outil")
    with pytest.raises(DomainError, match="déjà déclarée pour l'équipe"):
        declare(world, kind=Kind.PRODUCT, title="Autre", url="https://forge.example/alpha/outil")


# --- Staff publish ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "cta_fr", "cta_en"),
    [
        (Kind.REPOSITORY, "Voir le code source", "View the source code"),
        (Kind.DATASET, "Voir le jeu de données", "View the dataset"),
        (Kind.PRODUCT, "Ouvrir le service", "Open the service"),
        (Kind.PUBLICATION, "Lire la publication", "Read the publication"),
        (Kind.DEMO, "Voir la vidéo ou le support", "Watch the video or see the slides"),
    ],
)
def test_publishing_makes_the_achievement_of_the_challenge_in_both_languages(world, kind, cta_fr, cta_en):
    deliverable = declare(
        world, kind=kind, title="Le résultat", title_en="The result", description_en="What it is.", licence="MIT"
    )

    deliverables.publish(deliverable, by=world.staff, now=world.now)

    deliverable.refresh_from_db()
    achievement = deliverable.achievement
    assert deliverable.status == Status.PUBLISHED
    assert (deliverable.published_by, deliverable.published_at) == (world.staff, world.now)
    assert achievement.challenge == world.alpha
    assert (achievement.title_fr, achievement.title_en) == ("Le résultat", "The result")
    assert (achievement.description_fr, achievement.description_en) == (
        "Description de « Le résultat ».",
        "What it is.",
    )
    assert achievement.url == deliverable.url
    assert (achievement.call_to_action_fr, achievement.call_to_action_en) == (cta_fr, cta_en)
    assert verbs(deliverable) == ["deliverable.proposed", "deliverable.published"]


def test_a_deliverable_s_achievement_comes_after_the_former_site_s(world):
    AchievementFactory(challenge=world.alpha, order=0)
    AchievementFactory(challenge=world.alpha, order=1)

    first = published(world, title="Premier")
    second = published(world, title="Second")

    assert first.achievement.order == ACHIEVEMENT_ORDER_BASE
    assert second.achievement.order == ACHIEVEMENT_ORDER_BASE + 1
    assert list(world.alpha.achievements.values_list("title", flat=True))[-2:] == ["Premier", "Second"]


def test_publishing_twice_is_refused(world):
    deliverable = published(world)
    with pytest.raises(DomainError, match="déjà publiée"):
        deliverables.publish(deliverable, by=world.staff)
    assert Achievement.objects.filter(challenge=world.alpha).count() == 1


def test_staff_editing_a_published_deliverable_keeps_it_published_and_its_achievement_in_step(world):
    deliverable = published(world, title="Ancien titre")
    achievement_id = deliverable.achievement_id

    deliverables.edit(
        deliverable,
        title_fr="Nouveau titre",
        title_en="New title",
        description_fr="Nouvelle description.",
        description_en="New description.",
        by=world.staff,
        as_staff=True,
    )

    deliverable.refresh_from_db()
    achievement = Achievement.objects.get(pk=achievement_id)
    assert deliverable.status == Status.PUBLISHED and deliverable.achievement_id == achievement_id
    assert (achievement.title_fr, achievement.title_en, achievement.description_en) == (
        "Nouveau titre",
        "New title",
        "New description.",
    )
    assert deliverable.kind == Kind.REPOSITORY and deliverable.licence == "MIT"  # staff's edit keeps the rest
    log = ActivityLog.objects.filter(verb="deliverable.edited").get()
    assert log.data["by_staff"] is True and log.data["unpublished"] is False


# --- Return, unpublish, withdraw ----------------------------------------------------------------------------


def test_staff_return_a_deliverable_with_a_note_and_the_team_s_correction_sends_it_back_for_review(world):
    deliverable = declare(world)

    deliverables.return_to_team(deliverable, "Le dépôt n'indique pas sa licence.", by=world.staff)
    deliverable.refresh_from_db()
    assert (deliverable.status, deliverable.review_note) == (Status.RETURNED, "Le dépôt n'indique pas sa licence.")

    deliverables.edit(
        deliverable,
        kind=Kind.REPOSITORY,
        title_fr=deliverable.title_fr,
        description_fr=deliverable.description_fr,
        url=deliverable.url,
        licence="EUPL-1.2",
        by=world.user("bob"),
    )
    deliverable.refresh_from_db()
    assert (deliverable.status, deliverable.licence) == (Status.PROPOSED, "EUPL-1.2")
    assert verbs(deliverable) == ["deliverable.proposed", "deliverable.returned", "deliverable.edited"]


def test_returning_without_a_note_is_refused(world):
    deliverable = declare(world)
    with pytest.raises(DomainError, match="Dites à l'équipe"):
        deliverables.return_to_team(deliverable, "  ", by=world.staff)
    deliverable.refresh_from_db()
    assert deliverable.status == Status.PROPOSED


def test_a_published_deliverable_is_unpublished_before_it_is_returned(world):
    deliverable = published(world)
    with pytest.raises(DomainError, match="retirez d'abord"):
        deliverables.return_to_team(deliverable, "À revoir.", by=world.staff)


def test_the_team_editing_a_published_deliverable_takes_it_off_the_public_page_until_review(world):
    deliverable = published(world, title="Le code")
    achievement_id = deliverable.achievement_id

    deliverables.edit(
        deliverable,
        kind=Kind.REPOSITORY,
        title_fr="Le code, version 2",
        url=deliverable.url,
        licence="MIT",
        by=world.user("ada"),
    )

    deliverable.refresh_from_db()
    assert deliverable.status == Status.PROPOSED
    assert deliverable.achievement is None and deliverable.published_at is None
    assert not Achievement.objects.filter(pk=achievement_id).exists()
    log = ActivityLog.objects.filter(verb="deliverable.edited").get()
    assert log.data["unpublished"] is True


def test_unpublishing_deletes_the_achievement_and_puts_the_deliverable_back_for_review(world):
    deliverable = published(world)
    achievement_id = deliverable.achievement_id

    deliverables.unpublish(deliverable, by=world.staff)

    deliverable.refresh_from_db()
    assert deliverable.status == Status.PROPOSED and deliverable.achievement is None
    assert not Achievement.objects.filter(pk=achievement_id).exists()
    assert verbs(deliverable)[-1] == "deliverable.unpublished"
    with pytest.raises(DomainError, match="n'est pas publiée"):
        deliverables.unpublish(deliverable, by=world.staff)


def test_the_team_withdraws_a_deliverable_until_it_is_published(world):
    proposed = declare(world, title="Brouillon")
    returned = declare(world, title="Renvoyé")
    deliverables.return_to_team(returned, "Non.", by=world.staff)
    public = published(world, title="Public")

    deliverables.withdraw(proposed, by=world.user("ada"))
    deliverables.withdraw(returned, by=world.user("ada"))
    with pytest.raises(DomainError, match="publiée sur la page du défi"):
        deliverables.withdraw(public, by=world.user("ada"))

    assert list(Deliverable.objects.values_list("title_fr", flat=True)) == ["Public"]
    assert ActivityLog.objects.filter(verb="deliverable.withdrawn").count() == 2


def test_an_edit_that_changes_nothing_logs_nothing(world):
    deliverable = declare(world)
    save_unchanged(deliverable, by=world.user("ada"))
    assert verbs(deliverable) == ["deliverable.proposed"]


def test_an_edit_may_not_take_another_deliverable_s_address(world):
    declare(world, title="Un", url="https://forge.example/un")
    other = declare(world, title="Deux", url="https://forge.example/deux")
    with pytest.raises(DomainError, match="déjà déclarée"):
        deliverables.edit(
            other, kind=other.kind, title_fr="Deux", url="https://forge.example/un", licence="MIT", by=world.staff
        )


def test_the_team_saving_a_published_deliverable_unchanged_leaves_it_published(world):
    deliverable = published(world)
    save_unchanged(deliverable, by=world.user("ada"))
    deliverable.refresh_from_db()
    assert deliverable.status == Status.PUBLISHED and deliverable.achievement is not None


def test_the_team_sending_a_returned_deliverable_back_unchanged_puts_it_back_for_review(world):
    deliverable = declare(world)
    deliverables.return_to_team(deliverable, "Le dépôt est-il public ?", by=world.staff)
    save_unchanged(deliverable, by=world.user("ada"))
    deliverable.refresh_from_db()
    assert deliverable.status == Status.PROPOSED
