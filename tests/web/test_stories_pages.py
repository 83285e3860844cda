"""The pages of the stories (issue 16, point 7): « Mes récits » of fellows and alumni
(/programme/recits/) and the programme team's review (/equipe/recits/).

The world is programme_world()'s: Ada and Bob (Alpha), Cléo (Bêta) are fellows; Olga a mentor,
Agnès a host agent; staff Sam. tests/factories/stories.py makes the stories.
"""

import html
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from eig.content import stories
from eig.content.models import NewsPost, Story
from eig.files.models import StoredFile
from tests.factories import TagFactory, UserFactory
from tests.factories.programme import programme_world
from tests.factories.stories import make_alumnus, make_gone, png_upload, story, texts

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _storages(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def world():
    return programme_world()


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def text_of(response) -> str:
    return re.sub(r"\s+", " ", html.unescape(response.content.decode()))


def form_data(**overrides) -> dict:
    data = dict.fromkeys(("title_en", "description_en", "body_en", "image_alt_fr", "image_alt_en"), "")
    return data | texts() | {"action": "save"} | overrides


def edit_url(proposed) -> str:
    return reverse("programme:story_edit", kwargs={"story": proposed.pk})


def staff_url(proposed) -> str:
    return reverse("staff:story", kwargs={"story": proposed.pk})


# --- Who reaches the pages ------------------------------------------------------------------------


def test_an_anonymous_visitor_is_sent_to_sign_in():
    response = Client().get(reverse("programme:stories"))

    assert response.status_code == 302 and "/compte/" in response["Location"]


@pytest.mark.parametrize("key", ["olga", "agnes"])
def test_mentors_and_host_agents_get_404(world, key):
    client = client_of(world.user(key))

    assert client.get(reverse("programme:stories")).status_code == 404
    assert client.get(reverse("programme:story_new")).status_code == 404


def test_staff_and_a_fellow_who_left_get_404_on_the_proposer_pages(world):
    make_gone(world.fellows["bob"])

    assert client_of(world.staff).get(reverse("programme:story_new")).status_code == 404
    assert client_of(world.user("bob")).get(reverse("programme:stories")).status_code == 404


def test_another_person_s_story_answers_404(world):
    proposed = story(world.user("ada"))

    assert client_of(world.user("cleo")).get(edit_url(proposed)).status_code == 404


def test_the_staff_pages_answer_404_to_a_fellow(world):
    proposed = story(world.user("ada"))
    client = client_of(world.user("ada"))

    assert client.get(reverse("staff:stories")).status_code == 404
    assert client.get(staff_url(proposed)).status_code == 404


# --- « Mon programme » and the alumni -------------------------------------------------------------


def test_mon_programme_links_fellows_to_their_stories_but_not_mentors(world):
    link = f'href="{reverse("programme:story_new")}"'

    assert link in client_of(world.user("ada")).get(reverse("programme:home")).content.decode()
    assert link not in client_of(world.user("olga")).get(reverse("programme:home")).content.decode()


def test_an_alumnus_without_the_fellow_role_reaches_mon_programme_and_proposes(world):
    alumnus = make_alumnus(world.fellows["cleo"])
    alumnus.user.roles = []
    alumnus.user.save()
    client = client_of(alumnus.user)

    home = client.get(reverse("programme:home"))
    response = client.post(reverse("programme:story_new"), form_data())

    assert home.status_code == 200 and "Proposer un récit" in text_of(home)
    assert response.status_code == 302 and Story.objects.get().author == alumnus.user


# --- Proposing --------------------------------------------------------------------------------------


def test_the_form_has_both_languages_the_markdown_help_and_the_image(world):
    page = text_of(client_of(world.user("ada")).get(reverse("programme:story_new")))

    assert "Version française" in page and "Version anglaise" in page
    assert "Écrire en Markdown" in page
    assert '<label class="fr-label" for="story-image_alt_fr">' in page
    assert 'name="image"' in page and "5 Mo au plus" in page
    assert 'value="Ada Lovelace"' in page  # the signature starts as the fellowship's name


def test_a_fellow_proposes_a_story_with_an_image(world):
    client = client_of(world.user("ada"))

    response = client.post(
        reverse("programme:story_new"), form_data(image=png_upload(), image_alt_fr="L'équipe au travail")
    )

    assert response.status_code == 302 and response["Location"] == reverse("programme:stories")
    proposed = Story.objects.get()
    assert proposed.title_fr == "Dix mois au ministère" and proposed.image.mimetype == "image/png"
    page = text_of(client.get(reverse("programme:stories")))
    assert "Dix mois au ministère" in page and "En relecture" in page
    assert f'href="{edit_url(proposed)}"' in page


def test_a_refusal_is_shown_by_its_field_and_keeps_what_was_typed(world):
    response = client_of(world.user("ada")).post(
        reverse("programme:story_new"), form_data(title_en="Only a title", image=png_upload())
    )

    page = text_of(response)
    assert response.status_code == 400
    assert "La version en anglais n'a pas de texte" in page
    assert 'value="Only a title"' in page
    assert not Story.objects.exists()


def test_an_upload_that_is_not_an_image_is_refused_on_the_image_field(world):
    fake = SimpleUploadedFile("photo.png", b"not an image at all" * 20, content_type="image/png")
    response = client_of(world.user("ada")).post(
        reverse("programme:story_new"), form_data(image=fake, image_alt_fr="Photo")
    )

    assert response.status_code == 400
    assert 'id="story-image-desc-error"' in response.content.decode()


def test_the_preview_renders_the_markdown_sanitised_without_saving(world):
    body = "Du **gras**.\n\n## Intertitre\n\n<script>alert('x')</script><img src=x onerror=alert(1)>"

    response = client_of(world.user("ada")).post(
        reverse("programme:story_new"), form_data(body_fr=body, action="preview")
    )

    content = response.content.decode()
    start = content.index('id="preview-title"')
    preview = content[start : content.index("</section>", start)]
    assert response.status_code == 200 and "<strong>gras</strong>" in preview
    assert "<script" not in preview and "onerror" not in preview
    assert "<h4>Intertitre</h4>" in preview  # under « Aperçu » (h2) and the title (h3)
    assert not Story.objects.exists()


# --- Editing and following --------------------------------------------------------------------------


def test_the_author_edits_the_story_while_it_is_proposed(world):
    proposed = story(world.user("ada"))
    client = client_of(world.user("ada"))

    assert 'value="Dix mois au ministère"' in client.get(edit_url(proposed)).content.decode()
    response = client.post(edit_url(proposed), form_data(title_fr="Un autre titre"))

    assert response.status_code == 302
    proposed.refresh_from_db()
    assert proposed.title_fr == "Un autre titre"


def test_a_handled_story_is_no_longer_edited_and_the_page_says_why(world):
    proposed = story(world.user("ada"))
    stories.decline(proposed, "Un récit proche vient de paraître.", by=world.staff)
    client = client_of(world.user("ada"))

    response = client.get(edit_url(proposed), follow=True)

    page = text_of(response)
    assert response.redirect_chain[-1][0] == reverse("programme:stories")
    assert "n'est plus modifiable" in page
    assert "Non retenu" in page and "Un récit proche vient de paraître." in page


def test_my_stories_link_to_the_published_news_post(world):
    proposed = story(world.user("ada"))
    post = stories.publish(proposed, by=world.staff, now=timezone.now())

    page = text_of(client_of(world.user("ada")).get(reverse("programme:stories")))

    assert "Publié" in page and f'href="{post.get_absolute_url()}"' in page


# --- The programme team's pages ---------------------------------------------------------------------


def test_the_staff_home_links_to_the_stories(world):
    page = client_of(world.staff).get(reverse("staff:call_list")).content.decode()

    assert f'href="{reverse("staff:stories")}"' in page


def test_the_staff_list_shows_the_stories_to_review_first(world):
    handled = story(world.user("ada"), title_fr="Déjà publié")
    stories.publish(handled, by=world.staff, now=timezone.now())
    story(world.user("cleo"), title_fr="En attente")

    page = text_of(client_of(world.staff).get(reverse("staff:stories")))

    assert page.index("En attente") < page.index("Déjà publié")
    assert "À relire (1)" in page


@pytest.mark.parametrize("size", [2, 6])
def test_the_staff_list_reads_in_a_flat_number_of_queries(world, size, django_assert_num_queries):
    authors = [world.user("ada"), world.user("bob"), world.user("cleo")]
    for index in range(size):
        proposed = story(authors[index % 3], title_fr=f"Récit {index}")
        if index % 2:
            stories.publish(proposed, by=world.staff, now=timezone.now())
    client = client_of(world.staff)

    with django_assert_num_queries(6):
        assert client.get(reverse("staff:stories")).status_code == 200


def test_staff_see_the_image_and_edit_the_story_in_both_languages(world):
    proposed = story(world.user("ada"), image=True)
    client = client_of(world.staff)

    page = client.get(staff_url(proposed)).content.decode()
    response = client.post(
        staff_url(proposed),
        form_data(
            title_en="Ten months",
            body_en="In **English**.",
            image_alt_fr="L'équipe",
            image_alt_en="The team",
            staff_note="Nous avons ajouté la version anglaise.",
        ),
    )

    assert f'src="{proposed.image.get_absolute_url()}"' in page
    assert response.status_code == 302
    proposed.refresh_from_db()
    assert proposed.title_en == "Ten months" and proposed.staff_note == "Nous avons ajouté la version anglaise."
    assert client_of(world.staff).get(proposed.image.get_absolute_url()).status_code == 200


def test_publishing_asks_for_a_confirmation_first(world):
    proposed = story(world.user("ada"))
    tag = TagFactory(name="Récits", slug="recits")
    client = client_of(world.staff)

    confirm = client.post(staff_url(proposed), {"action": "publish", "slug": "", "tags": [tag.pk]})

    page = text_of(confirm)
    assert confirm.status_code == 200 and "Publier ce récit dans les actualités ?" in page
    assert "/actualites/dix-mois-au-ministere/" in page
    assert not NewsPost.objects.exists()

    done = client.post(staff_url(proposed), {"action": "publish", "slug": "", "tags": [tag.pk], "confirm": "1"})

    post = NewsPost.objects.get()
    assert done.status_code == 302 and post.slug == "dix-mois-au-ministere" and list(post.tags.all()) == [tag]
    assert Story.objects.get().status == Story.Status.PUBLISHED
    assert "Dix mois au ministère" in text_of(Client().get(reverse("public:news_list")))


def test_a_taken_address_is_refused_before_the_confirmation(world):
    stories.publish(story(world.user("ada")), by=world.staff, now=timezone.now())
    second = story(world.user("cleo"))

    response = client_of(world.staff).post(staff_url(second), {"action": "publish", "slug": "dix-mois-au-ministere"})

    assert response.status_code == 400
    assert "déjà celle d'une autre actualité" in text_of(response)


def test_an_image_still_being_scanned_blocks_the_publication_with_a_message(world):
    proposed = story(world.user("ada"), image=True, clean=False)

    response = client_of(world.staff).post(staff_url(proposed), {"action": "publish", "slug": "", "confirm": "1"})

    assert response.status_code == 400 and "en cours d'analyse antivirus" in text_of(response)
    assert not NewsPost.objects.exists()
    assert StoredFile.objects.get().scan_status == StoredFile.ScanStatus.PENDING


def test_staff_decline_with_a_note_and_a_note_is_required(world):
    proposed = story(world.user("ada"))
    client = client_of(world.staff)

    empty = client.post(staff_url(proposed), {"action": "decline", "note": ""})
    done = client.post(staff_url(proposed), {"action": "decline", "note": "Trop proche d'un récit récent."})

    assert empty.status_code == 400
    assert done.status_code == 302
    proposed.refresh_from_db()
    assert proposed.status == Story.Status.DECLINED and proposed.staff_note == "Trop proche d'un récit récent."


def test_a_story_with_an_unknown_number_answers_404_to_staff(world):
    assert client_of(world.staff).get(reverse("staff:story", kwargs={"story": 999})).status_code == 404


def test_a_user_with_no_part_gets_404_everywhere(world):
    proposed = story(world.user("ada"))
    client = client_of(UserFactory())

    for url in [reverse("programme:stories"), reverse("programme:story_new"), edit_url(proposed), staff_url(proposed)]:
        assert client.get(url).status_code == 404, url
