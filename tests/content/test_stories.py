"""Stories (issue 16, point 7): fellows and alumni propose a news post, staff edit and publish it.

The world is programme_world()'s (Alpha: fellows Ada and Bob, mentor Olga, agent Agnès; Bêta:
fellow Cléo); tests/factories/stories.py makes the stories and their images.
"""

import datetime
import io
import xml.etree.ElementTree as ET

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from eig.content import stories
from eig.content.models import NewsPost, Story
from eig.core.errors import DomainError
from eig.core.models import ActivityLog
from eig.files.models import StoredFile
from eig.files.permissions import can_download
from eig.files.storage import private_storage
from eig.files.validation import UploadRefused
from eig.notifications.models import OutboxMessage
from tests.factories import TagFactory, UserFactory
from tests.factories.files import PDF_BYTES
from tests.factories.programme import programme_world
from tests.factories.stories import (
    ENGLISH,
    image_bytes,
    jpeg_upload,
    make_alumnus,
    make_gone,
    png_upload,
    story,
    texts,
)

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime.datetime(2026, 5, 12, 10, 30))


@pytest.fixture(autouse=True)
def _storages(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def world():
    return programme_world()


@pytest.fixture
def staff(world):
    return world.staff


def refusal(call) -> DomainError:
    with pytest.raises(DomainError) as caught:
        call()
    return caught.value


# --- Who proposes ----------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["ada", "bob", "cleo"])
def test_a_fellow_in_the_programme_may_propose_whether_started_or_not(world, key):
    assert stories.may_propose(world.user(key))


def test_a_fellow_whose_programme_finished_and_an_alumnus_may_propose(world):
    ada = world.fellows["ada"]
    ada.status = ada.Status.FINISHED
    ada.save()
    make_alumnus(world.fellows["cleo"])

    assert stories.may_propose(world.user("ada"))
    assert stories.may_propose(world.user("cleo"))


def test_a_fellow_who_left_the_programme_may_not_propose(world):
    make_gone(world.fellows["bob"])

    assert not stories.may_propose(world.user("bob"))
    error = refusal(lambda: stories.propose(world.user("bob"), **texts()))
    assert "en programme ou anciens" in str(error)
    assert not Story.objects.exists()


@pytest.mark.parametrize("key", ["olga", "agnes"])
def test_mentors_and_host_agents_may_not_propose(world, key):
    assert not stories.may_propose(world.user(key))


def test_staff_a_bare_fellow_role_and_anonymous_may_not_propose(world, staff):
    assert not stories.may_propose(staff)
    assert not stories.may_propose(UserFactory(roles=["fellow"]))  # the role without a fellowship
    assert not stories.may_propose(None)


# --- Languages ------------------------------------------------------------------------------------


def test_a_story_may_be_written_in_french_only(world):
    proposed = stories.propose(world.user("ada"), **texts())

    assert proposed.status == Story.Status.PROPOSED and proposed.author == world.user("ada")
    assert proposed.title_fr == "Dix mois au ministère" and proposed.title_en == ""
    assert stories.languages_of(proposed) == ["fr"]
    log = ActivityLog.objects.get(verb="story.proposed")
    assert log.actor == world.user("ada") and log.target_id == str(proposed.pk)


def test_a_story_may_be_written_in_english_only(world):
    proposed = stories.propose(world.user("ada"), **texts(french=False, english=True))

    assert stories.languages_of(proposed) == ["en"] and proposed.title_fr == ""
    assert stories.heading(proposed) == "Ten months at the ministry"


def test_a_story_may_be_written_in_both_languages(world):
    proposed = stories.propose(world.user("ada"), **texts(english=True))

    assert stories.languages_of(proposed) == ["fr", "en"]


def test_a_story_without_any_complete_language_is_refused(world):
    error = refusal(lambda: stories.propose(world.user("ada"), author_name="Ada", title_fr="   "))

    assert "un titre et un texte au moins" in str(error)


def test_a_half_written_language_is_refused_even_beside_a_complete_one(world):
    no_text = refusal(lambda: stories.propose(world.user("ada"), **texts(title_en="Ten months")))
    no_title = refusal(lambda: stories.propose(world.user("ada"), **texts(body_en="We opened the data.")))

    assert no_text.field == "body_en" and "version en anglais n'a pas de texte" in str(no_text)
    assert no_title.field == "title_en" and "n'a pas de titre" in str(no_title)
    assert not Story.objects.exists()


def test_a_story_needs_a_signature(world):
    error = refusal(lambda: stories.propose(world.user("ada"), **texts(author_name=" ")))

    assert error.field == "author_name"


# --- The image ----------------------------------------------------------------------------------


def test_the_image_is_stored_privately_with_its_alternative_text(world):
    proposed = story(world.user("ada"), image=True, clean=False)

    assert proposed.image.owner == world.user("ada") and proposed.image.mimetype == "image/png"
    assert proposed.image.scan_status == StoredFile.ScanStatus.PENDING
    assert proposed.image_alt_fr == "L'équipe devant le tableau"


def test_an_image_needs_its_alternative_text_in_each_language_written(world):
    no_alt = refusal(lambda: stories.propose(world.user("ada"), **texts(), image_upload=png_upload()))
    no_english_alt = refusal(
        lambda: stories.propose(
            world.user("ada"), **texts(english=True), image_upload=png_upload(), image_alt_fr="L'équipe"
        )
    )

    assert no_alt.field == "image_alt_fr" and "texte alternatif" in str(no_alt)
    assert no_english_alt.field == "image_alt_en"
    assert not StoredFile.objects.exists()


def test_the_image_is_sniffed_not_trusted_from_its_name(world):
    upload = SimpleUploadedFile("photo.png", b"<script>alert(1)</script>" * 10, content_type="image/png")
    pdf = SimpleUploadedFile("photo.png", PDF_BYTES, content_type="image/png")

    with pytest.raises(UploadRefused):
        stories.propose(world.user("ada"), **texts(), image_upload=upload, image_alt_fr="Photo")
    with pytest.raises(UploadRefused) as caught:
        stories.propose(world.user("ada"), **texts(), image_upload=pdf, image_alt_fr="Photo")
    assert "PNG" in str(caught.value)
    assert not Story.objects.exists() and not StoredFile.objects.exists()


def test_the_image_is_capped_at_five_megabytes(world):
    big = SimpleUploadedFile("photo.png", image_bytes() + b"\0" * stories.IMAGE_MAX_BYTES)

    with pytest.raises(UploadRefused) as caught:
        stories.propose(world.user("ada"), **texts(), image_upload=big, image_alt_fr="Photo")
    assert "la taille maximale est de 5 Mo" in str(caught.value)


def test_a_file_that_only_starts_like_an_image_is_refused(world):
    broken = SimpleUploadedFile("photo.png", image_bytes()[:40])

    error = refusal(lambda: stories.propose(world.user("ada"), **texts(), image_upload=broken, image_alt_fr="Photo"))
    assert error.field == "image" and "ne peut pas être lue" in str(error)


def test_the_author_downloads_the_image_until_publication_and_no_other_fellow_does(world, staff):
    proposed = story(world.user("ada"), image=True)
    # Staff replace the image: the file is now theirs, the author still reads it.
    proposed = stories.edit(proposed, by=staff, **texts(), image_alt_fr="Autre", image_upload=png_upload("autre.png"))
    image = proposed.image
    assert image.owner == staff

    assert can_download(world.user("ada"), image)
    assert not can_download(world.user("cleo"), image)
    assert not can_download(world.user("olga"), image)

    StoredFile.objects.filter(pk=image.pk).update(scan_status=StoredFile.ScanStatus.CLEAN)
    stories.publish(proposed, by=staff, now=NOW)
    assert not can_download(world.user("ada"), image)  # the public copy is the news post's


# --- Editing --------------------------------------------------------------------------------------


def test_the_author_edits_the_story_while_it_is_proposed(world):
    proposed = story(world.user("ada"))

    edited = stories.edit(proposed, by=world.user("ada"), **texts(english=True, title_fr="Nouveau titre"))

    assert edited.title_fr == "Nouveau titre" and edited.title_en == ENGLISH["title_en"]
    assert ActivityLog.objects.filter(verb="story.edited", actor=world.user("ada")).count() == 1


def test_nobody_but_the_author_and_staff_edits_a_story(world):
    proposed = story(world.user("ada"))

    error = refusal(lambda: stories.edit(proposed, by=world.user("bob"), **texts(title_fr="Pris")))

    assert "plus modifiable" in str(error)
    proposed.refresh_from_db()
    assert proposed.title_fr == "Dix mois au ministère"


def test_the_author_no_longer_edits_a_declined_story_but_staff_still_do(world, staff):
    proposed = story(world.user("ada"))
    stories.decline(proposed, "Trop proche d'un article récent.", by=staff)

    refusal(lambda: stories.edit(proposed, by=world.user("ada"), **texts(title_fr="Encore")))
    edited = stories.edit(proposed, by=staff, **texts(title_fr="Retouché"), staff_note="Repris par l'équipe")

    assert edited.title_fr == "Retouché" and edited.staff_note == "Repris par l'équipe"


def test_only_staff_write_the_note_to_the_author(world):
    proposed = story(world.user("ada"))

    edited = stories.edit(proposed, by=world.user("ada"), **texts(), staff_note="Publié demain !")

    assert edited.staff_note == ""


def test_a_published_story_is_no_longer_edited_even_by_staff(world, staff):
    proposed = story(world.user("ada"))
    stories.publish(proposed, by=staff, now=NOW)

    error = refusal(lambda: stories.edit(proposed, by=staff, **texts(title_fr="Après coup")))
    assert "déjà publié" in str(error)


def test_an_edit_replaces_or_removes_the_image_and_keeps_its_alternative_text_required(world):
    ada = world.user("ada")
    proposed = story(ada, image=True)
    first = proposed.image

    refused = refusal(lambda: stories.edit(proposed, by=ada, **texts()))  # the image kept, no alt
    replaced = stories.edit(proposed, by=ada, **texts(), image_alt_fr="Autre", image_upload=jpeg_upload())
    removed = stories.edit(replaced, by=ada, **texts(), remove_image=True)

    assert refused.field == "image_alt_fr"
    assert replaced.image != first and replaced.image.mimetype == "image/jpeg"
    assert removed.image is None


# --- Publishing -----------------------------------------------------------------------------------


def test_publishing_creates_the_news_post_in_both_languages_with_its_image(world, staff):
    tag = TagFactory(name="Récits", slug="recits")
    proposed = story(world.user("ada"), image=True, english=True)

    post = stories.publish(proposed, by=staff, now=NOW, tags=[tag])

    post.refresh_from_db()
    assert (post.title_fr, post.title_en) == ("Dix mois au ministère", "Ten months at the ministry")
    assert (post.description_fr, post.description_en) == ("Ce que nous avons appris.", "What we learnt.")
    assert post.body_en == "We **opened** the data." and "## Et ensuite" in post.body_fr
    assert post.author == "Ada Lovelace, promotion EIG"
    assert post.published_on == datetime.date(2026, 5, 12) and not post.is_draft
    assert post.slug == "dix-mois-au-ministere"
    assert list(post.tags.all()) == [tag]
    assert post.image.name == "news/dix-mois-au-ministere.png"
    assert (post.image_alt_fr, post.image_alt_en) == ("L'équipe devant le tableau", "The team at the whiteboard")
    with post.image.open("rb") as public, Image.open(public) as image:
        assert image.format == "PNG" and image.size == (12, 8)
    proposed.refresh_from_db()
    assert proposed.status == Story.Status.PUBLISHED and proposed.news_post == post
    assert proposed.published_by == staff and proposed.published_at == NOW
    log = ActivityLog.objects.get(verb="story.published")
    assert log.actor == staff and log.data["news_post"] == post.pk


def test_the_public_copy_of_a_photo_drops_what_the_camera_recorded(world, staff):
    exif = Image.Exif()
    exif[0x010F] = "Appareil photo"  # Make
    exif[0x8825] = {2: (48.0, 51.0, 24.0)}  # GPS latitude
    proposed = story(world.user("ada"), image=True, image_upload=jpeg_upload(exif=exif.tobytes()))
    with Image.open(io.BytesIO(private_bytes(proposed.image))) as original:
        assert original.getexif()[0x010F] == "Appareil photo"  # the private file is kept as sent

    post = stories.publish(proposed, by=staff, now=NOW)

    with post.image.open("rb") as public, Image.open(public) as image:
        assert image.format == "JPEG" and not image.getexif()


def private_bytes(stored) -> bytes:
    with private_storage().open(stored.path, "rb") as source:
        return source.read()


def test_a_story_published_appears_in_the_rss_feed_with_its_image(world, staff):
    post = stories.publish(story(world.user("ada"), image=True), by=staff, now=NOW)

    response = Client().get(reverse("public:news_rss"))

    assert response.status_code == 200
    item = ET.fromstring(response.content).find("channel/item")
    assert item.findtext("title") == "Dix mois au ministère"
    assert item.findtext("link").endswith(post.get_absolute_url())
    enclosure = item.find("enclosure")
    assert enclosure.get("url") == f"http://testserver{post.image.url}"
    assert enclosure.get("type") == "image/png" and int(enclosure.get("length")) == post.image.size


def test_the_atom_feed_links_the_image_as_an_enclosure(world, staff):
    post = stories.publish(story(world.user("ada"), image=True), by=staff, now=NOW)

    feed = ET.fromstring(Client().get(reverse("public:news_atom")).content)

    atom = "{http://www.w3.org/2005/Atom}"
    enclosure = feed.find(f"{atom}entry/{atom}link[@rel='enclosure']")
    assert enclosure.get("href") == f"http://testserver{post.image.url}" and enclosure.get("type") == "image/png"


def test_a_news_post_without_image_has_no_enclosure(world, staff):
    stories.publish(story(world.user("ada")), by=staff, now=NOW)

    item = ET.fromstring(Client().get(reverse("public:news_rss")).content).find("channel/item")

    assert item.find("enclosure") is None


def test_only_staff_publish(world):
    proposed = story(world.user("ada"))

    error = refusal(lambda: stories.publish(proposed, by=world.user("ada"), now=NOW))

    assert "Seule l'équipe du programme" in str(error) and not NewsPost.objects.exists()


def test_a_story_in_english_only_is_published_once_staff_add_its_french_version(world, staff):
    proposed = story(world.user("ada"), french=False, english=True)

    error = refusal(lambda: stories.publish(proposed, by=staff, now=NOW))
    assert "en français avant de publier" in str(error) and not NewsPost.objects.exists()

    stories.edit(proposed, by=staff, **texts(english=True))
    post = stories.publish(proposed, by=staff, now=NOW)
    assert post.title_en == "Ten months at the ministry" and post.title_fr == "Dix mois au ministère"


def test_an_image_the_scan_has_not_cleared_is_not_published(world, staff):
    proposed = story(world.user("ada"), image=True, clean=False)

    error = refusal(lambda: stories.publish(proposed, by=staff, now=NOW))

    assert "en cours d'analyse antivirus" in str(error)
    assert not NewsPost.objects.exists() and Story.objects.get().status == Story.Status.PROPOSED


def test_a_story_is_published_once(world, staff):
    proposed = story(world.user("ada"))
    stories.publish(proposed, by=staff, now=NOW)

    assert "déjà publié" in str(refusal(lambda: stories.publish(proposed, by=staff, now=NOW)))
    assert NewsPost.objects.count() == 1


def test_the_address_is_numbered_when_taken_and_a_chosen_one_must_be_free_and_well_formed(world, staff):
    first = stories.publish(story(world.user("ada")), by=staff, now=NOW)
    second = stories.publish(story(world.user("cleo")), by=staff, now=NOW)
    third = story(world.user("bob"))

    taken = refusal(lambda: stories.publish(third, by=staff, now=NOW, slug="dix-mois-au-ministere"))
    malformed = refusal(lambda: stories.publish(third, by=staff, now=NOW, slug="récit ada"))
    chosen = stories.publish(third, by=staff, now=NOW, slug="le-recit-de-bob")

    assert (first.slug, second.slug) == ("dix-mois-au-ministere", "dix-mois-au-ministere-2")
    assert taken.field == "slug" and "déjà celle d'une autre actualité" in str(taken)
    assert malformed.field == "slug"
    assert chosen.slug == "le-recit-de-bob"


def test_a_declined_story_may_still_be_published(world, staff):
    proposed = story(world.user("ada"))
    stories.decline(proposed, "Pas maintenant.", by=staff)

    post = stories.publish(proposed, by=staff, now=NOW)

    assert Story.objects.get().status == Story.Status.PUBLISHED and post.pk


# --- Declining ----------------------------------------------------------------------------------


def test_staff_decline_a_story_with_a_note_for_its_author(world, staff):
    proposed = story(world.user("ada"))

    stories.decline(proposed, "  Un récit proche est paru le mois dernier.  ", by=staff)

    proposed.refresh_from_db()
    assert proposed.status == Story.Status.DECLINED
    assert proposed.staff_note == "Un récit proche est paru le mois dernier."
    assert ActivityLog.objects.filter(verb="story.declined", actor=staff).exists()
    assert not NewsPost.objects.exists()


def test_declining_needs_a_note_staff_and_a_proposed_story(world, staff):
    proposed = story(world.user("ada"))

    assert refusal(lambda: stories.decline(proposed, " ", by=staff)).field == "note"
    refusal(lambda: stories.decline(proposed, "Non.", by=world.user("ada")))
    stories.publish(proposed, by=staff, now=NOW)
    assert "Seul un récit proposé" in str(refusal(lambda: stories.decline(proposed, "Non.", by=staff)))


# --- Markdown -------------------------------------------------------------------------------------


def test_the_body_of_a_published_story_cannot_inject_html_or_script(world, staff):
    body = (
        "Bonjour <script>alert('x')</script>\n\n"
        '<img src="x" onerror="alert(1)">\n\n'
        "[clic](javascript:alert(1))\n\n"
        '<a href="https://exemple.gouv.fr" onclick="alert(2)">lien</a>\n\n'
        '<iframe src="https://evil.example"></iframe> **gras**'
    )
    post = stories.publish(story(world.user("ada"), body_fr=body), by=staff, now=NOW)

    page = Client().get(post.get_absolute_url()).content.decode()
    article = page[page.index("<article") : page.index("</article>")]

    assert "<script" not in article and "alert(" not in article
    assert "onerror" not in article and "onclick" not in article and "javascript:" not in article
    assert "<iframe" not in article
    assert "<strong>gras</strong>" in article
    assert 'href="https://exemple.gouv.fr"' in article


def test_the_news_page_shows_the_image_with_its_alternative_text(world, staff):
    post = stories.publish(story(world.user("ada"), image=True, english=True), by=staff, now=NOW)

    french = Client().get(post.get_absolute_url()).content.decode()
    english = Client().get("/en" + post.get_absolute_url()).content.decode()
    listing = Client().get(reverse("public:news_list")).content.decode()

    assert f'src="{post.image.url}" alt="L&#x27;équipe devant le tableau"' in french
    assert 'alt="The team at the whiteboard"' in english
    assert f'src="{post.image.url}"' in listing


# --- The author hears what became of their story -----------------------------------------------------


def test_the_author_is_told_once_by_email_that_their_story_is_published_with_its_address(world, staff):
    proposed = story(world.user("ada"))

    post = stories.publish(proposed, by=staff, now=NOW)

    message = OutboxMessage.objects.get(template="story_published")
    assert (message.recipient, message.language) == (world.user("ada").email, "fr")
    assert post.get_absolute_url() in message.body_text and "est publié" in message.subject


def test_the_author_of_a_declined_story_reads_why_in_the_language_they_wrote_it_in(world, staff):
    proposed = story(world.user("ada"), french=False, english=True)

    stories.decline(proposed, "Trop proche d'un article récent.", by=staff)

    message = OutboxMessage.objects.get(template="story_declined")
    assert (message.recipient, message.language) == (world.user("ada").email, "en")
    assert "Trop proche d'un article récent." in message.body_text and "not selected" in message.subject
