"""The programme team's email texts (/equipe/courriels/): the list of notifications and the state of
their texts, the edit page with its variables, preview, checked save and return to the original."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from eig.notifications import texts
from eig.notifications.models import EmailText
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db

LIST = reverse("staff:email_texts")


def edit_url(template="dossier_receipt", language="fr"):
    return reverse("staff:email_text_edit", kwargs={"template": template, "language": language})


def restore_url(template="dossier_receipt", language="fr"):
    return reverse("staff:email_text_restore", kwargs={"template": template, "language": language})


@pytest.fixture
def staff():
    return StaffFactory(email="equipe@eig.example")


@pytest.fixture
def staff_client(staff):
    client = Client()
    client.force_login(staff)
    return client


def test_the_staff_home_links_the_email_texts(staff_client):
    assert LIST in staff_client.get(reverse("staff:call_list")).content.decode()


def test_the_list_names_every_notification_and_whether_its_text_is_the_original(staff_client, staff):
    texts.save_text("dossier_receipt", "en", "Receipt {{ reference }}", "Hello {{ first_name }}", by=staff)
    page = staff_client.get(LIST).content.decode()
    for notification in texts.registered():
        assert str(notification.label).replace("'", "&#x27;") in page
        assert edit_url(notification.template, "fr") in page and edit_url(notification.template, "en") in page
    assert page.count(">modifié</p>") == 1
    assert page.count(">texte d'origine</p>") == 2 * len(texts.registered()) - 1
    assert "par equipe@eig.example, le" in page


def _list_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(LIST).status_code == 200
    return len(queries)


def test_the_list_reads_the_same_few_queries_whatever_the_number_of_edited_texts(staff_client, staff):
    texts.save_text("dossier_receipt", "fr", "Reçu {{ reference }}", "Bonjour", by=staff)
    staff_client.get(LIST)  # the first page reads the site's DSFR settings, kept under the content version
    one = _list_queries(staff_client)
    for notification in texts.registered()[:10]:
        for language in texts.LANGUAGES:
            texts.save_text(notification.template, language, "Objet", "Texte", by=StaffFactory())
    assert one == _list_queries(staff_client) == 5


def test_the_edit_page_shows_the_text_in_use_its_variables_and_a_preview(staff_client):
    page = staff_client.get(edit_url()).content.decode()
    assert "Accusé de réception d&#x27;un dossier déposé — texte en français" in page
    assert "Bonjour {{ first_name }}," in page  # the shipped text, in the form
    for name, description in texts.notification("dossier_receipt").variables.items():
        assert f"<code>{{{{ {name} }}}}</code>" in page
        assert str(description).replace("'", "&#x27;") in page
    assert "Aperçu sur des données d'exemple" in page
    assert "Bonjour Camille," in page and "C-EIG10-0042" in page  # the sample's values
    assert "Revenir au texte d'origine" not in page  # nothing to restore yet


def test_the_preview_renders_the_edited_text_on_the_sample_escaped_and_saves_nothing(staff_client):
    response = staff_client.post(
        edit_url(),
        {"subject": "Reçu {{ reference }}", "body": "<b>Bonjour</b> {{ first_name }} !", "action": "preview"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Reçu C-EIG10-0042" in page
    assert "&lt;b&gt;Bonjour&lt;/b&gt; Camille !" in page and "<b>Bonjour</b>" not in page
    assert not EmailText.objects.exists()


def test_the_english_text_is_previewed_in_english(staff_client):
    response = staff_client.post(
        edit_url(language="en"),
        {"subject": "Receipt {{ reference }}", "body": "Hi {{ first_name }}", "action": "preview"},
    )
    page = response.content.decode()
    assert "Accusé de réception d&#x27;un dossier déposé — texte en anglais" in page
    assert '<div class="fr-p-2w fr-background-alt--grey" lang="en">' in page
    assert "Receipt C-EIG10-0042" in page and "Hi Camille" in page


def test_an_unknown_variable_is_refused_on_the_page_and_nothing_is_saved(staff_client):
    response = staff_client.post(edit_url(), {"subject": "Reçu", "body": "Bonjour {{ prenom }}", "action": "save"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "La variable {{ prenom }} (ligne 1) n&#x27;existe pas pour cette notification." in page
    assert not EmailText.objects.exists()


def test_saving_keeps_the_text_and_says_the_queued_messages_keep_theirs(staff_client, staff):
    response = staff_client.post(
        edit_url(),
        {"subject": "Reçu {{ reference }}", "body": "Bonjour {{ first_name }}", "action": "save"},
        follow=True,
    )
    page = response.content.decode()
    assert response.redirect_chain == [(edit_url(), 302)]
    assert "ceux déjà en file gardent le leur" in page
    text = EmailText.objects.get()
    assert (text.template, text.language, text.subject, text.body, text.updated_by) == (
        "dossier_receipt",
        "fr",
        "Reçu {{ reference }}",
        "Bonjour {{ first_name }}\n",
        staff,
    )
    assert "Le texte d'origine, pour mémoire" in page and "Revenir au texte d'origine" in page
    assert "modifié par equipe@eig.example" in page


def test_returning_to_the_original_asks_for_a_confirmation_first(staff_client, staff):
    texts.save_text("dossier_receipt", "fr", "Reçu {{ reference }}", "Bonjour", by=staff)
    page = staff_client.post(restore_url()).content.decode()
    assert "Revenir au texte d&#x27;origine ?" in page
    assert "Les messages déjà en file d&#x27;envoi gardent le texte avec lequel ils ont été préparés." in page
    assert EmailText.objects.exists()
    response = staff_client.post(restore_url(), {"confirm": "1"}, follow=True)
    assert response.redirect_chain == [(edit_url(), 302)]
    assert "Le texte d&#x27;origine est rétabli pour les prochains messages." in response.content.decode()
    assert not EmailText.objects.exists()


@pytest.mark.parametrize("url", [edit_url("not_a_notification"), edit_url(language="de")])
def test_an_unknown_notification_or_language_answers_404(staff_client, url):
    assert staff_client.get(url).status_code == 404


def test_restoring_an_unknown_notification_answers_404(staff_client):
    assert staff_client.post(restore_url("not_a_notification"), {"confirm": "1"}).status_code == 404
