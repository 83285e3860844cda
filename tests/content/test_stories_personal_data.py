"""Stories in a person's data (eig/content/personal_data.py): the export holds the stories the person
proposed (texts, signature, status, dates, the programme team's note, the news post); when their
account goes, the stories still proposed or declined go with their private image, and the published
ones stay in the news as the post they became, signed as their author chose, without their account."""

import datetime
import io
import json
import zipfile

import pytest
from django.utils import timezone

from eig.accounts.personal_data import delete_account, export_personal_data
from eig.content import stories
from eig.content.models import NewsPost, Story
from eig.files.models import StoredFile
from eig.files.storage import private_storage
from eig.results.models import Participation, Survey
from tests.factories.programme import programme_world
from tests.factories.stories import png_upload, story, texts
from tests.factories.surveys import answer, survey_of

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime.datetime(2026, 5, 12, 10, 30))


@pytest.fixture(autouse=True)
def _storages(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def world():
    return programme_world()


def exported(user) -> dict:
    with zipfile.ZipFile(io.BytesIO(export_personal_data(user))) as archive:
        return json.loads(archive.read("donnees.json"))


def test_the_export_holds_the_persons_stories_with_texts_signature_status_and_news_post(world):
    ada = world.user("ada")
    published = story(ada, image=True, english=True)
    post = stories.publish(published, by=world.staff, now=NOW)
    declined = story(ada, title_fr="Un récit de trop")
    stories.decline(declined, "Nous avons déjà publié ce sujet.", world.staff)
    story(world.user("cleo"), title_fr="Le récit de Cléo")

    data = exported(ada)

    entries = {entry["title_fr"]: entry for entry in data["stories"]}
    assert set(entries) == {"Dix mois au ministère", "Un récit de trop"}
    first = entries["Dix mois au ministère"]
    assert (first["title_en"], first["signature"], first["status"]) == (
        "Ten months at the ministry",
        "Ada Lovelace, promotion EIG",
        "Publié",
    )
    assert first["body_fr"].startswith("Nous avons **ouvert** les données.")
    assert first["news_post"] == post.get_absolute_url()
    assert datetime.datetime.fromisoformat(first["published_at"]) == NOW
    assert first["image"] == {"name": "photo.png", "among_your_files": True}
    second = entries["Un récit de trop"]
    assert (second["status"], second["programme_note"]) == ("Non retenu", "Nous avons déjà publié ce sujet.")
    # The image itself is among the person's files.
    assert "photo.png" in [f["name"] for f in data["files"]]


def test_closing_the_account_deletes_unpublished_stories_with_their_images_and_keeps_published_ones(
    world, django_capture_on_commit_callbacks
):
    ada = world.user("ada")
    proposed = story(ada, image=True, title_fr="Encore en relecture")
    declined = story(ada, image=True, title_fr="Non retenu")
    stories.decline(declined, "Hors sujet.", world.staff)
    published = story(ada, image=True)
    post = stories.publish(published, by=world.staff, now=NOW)
    images = StoredFile.objects.filter(pk__in=[proposed.image_id, declined.image_id, published.image_id])
    paths = list(images.values_list("path", flat=True))
    assert all(private_storage().exists(path) for path in paths)

    with django_capture_on_commit_callbacks(execute=True):
        delete_account(ada, by=ada)

    ada.refresh_from_db()
    assert not ada.is_active  # a fellowship: the account is closed
    assert list(Story.objects.all()) == [published]
    published.refresh_from_db()
    assert published.author is None
    assert (published.author_name, published.status) == ("Ada Lovelace, promotion EIG", Story.Status.PUBLISHED)
    # The news post stays, signed as its author chose, with its public copy of the image.
    post.refresh_from_db()
    assert (post.author, post.title_fr) == ("Ada Lovelace, promotion EIG", "Dix mois au ministère")
    assert post.image and NewsPost._meta.get_field("image").storage.exists(post.image.name)
    # Every private image is gone: the unpublished stories' with them, the published one's with Ada's files.
    assert not images.exists()
    assert not any(private_storage().exists(path) for path in paths)


def test_an_unpublished_story_goes_with_the_image_staff_put_in_it(world):
    ada = world.user("ada")
    proposed = story(ada)
    stories.edit(
        proposed,
        by=world.staff,
        **texts(),
        image_upload=png_upload("choisie-par-l-equipe.png"),
        image_alt_fr="L'équipe au travail",
    )
    proposed.refresh_from_db()
    assert proposed.image.owner == world.staff

    delete_account(ada, by=ada)

    assert not Story.objects.filter(pk=proposed.pk).exists()
    assert not StoredFile.objects.filter(original_name="choisie-par-l-equipe.png").exists()


def test_a_staff_member_whose_account_is_closed_no_longer_names_the_stories_they_published(world):
    published = story(world.user("ada"))
    stories.publish(published, by=world.staff, now=NOW)
    # A staff member who answered a named survey keeps its submitted dossier: closed, not deleted.
    survey = survey_of(world, anonymous=False)
    Participation.objects.create(survey=survey, user=world.staff, audience=Survey.Audience.HOSTS)
    answer(survey, world.staff)

    delete_account(world.staff, by=world.staff)

    world.staff.refresh_from_db()
    assert not world.staff.is_active
    published.refresh_from_db()
    assert published.published_by is None
    assert published.status == Story.Status.PUBLISHED and published.news_post is not None
