"""The email texts owned by the programme team (issue 18, point 4): every notification registered
with its variables and a sample, the variables a text reads, the check that refuses an unknown
variable or a syntax error, saving and restoring, and the queued message that keeps its words."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from eig.calls.models import Call, Question, Step
from eig.calls.receipts import receipt_context
from eig.calls.services import save_step, start_dossier, submit_dossier
from eig.core.errors import DomainError
from eig.core.models import ActivityLog
from eig.notifications import texts
from eig.notifications.models import EmailText, OutboxMessage
from eig.notifications.services import queue_notification, render
from eig.reviews.models import Decision, Grid
from eig.reviews.services import decision_message_context
from tests.factories import PromotionFactory, StaffFactory, UserFactory

PARIS = ZoneInfo("Europe/Paris")


# --- Every notification is registered -----------------------------------------------------------


def test_every_template_directory_is_a_registered_notification():
    assert sorted(set(texts.shipped_templates()) - {n.template for n in texts.registered()}) == []


def test_every_registered_notification_has_its_shipped_files():
    assert sorted({n.template for n in texts.registered()} - set(texts.shipped_templates())) == []


@pytest.mark.parametrize("notification", texts.registered(), ids=lambda n: n.template)
def test_each_sample_gives_exactly_the_registered_variables(notification):
    for language in texts.LANGUAGES:
        with translation.override(language):
            assert set(notification.sample()) == set(notification.variables), language


@pytest.mark.parametrize("notification", texts.registered(), ids=lambda n: n.template)
def test_each_shipped_text_reads_only_registered_variables_and_passes_the_check(notification):
    for language in texts.LANGUAGES:
        original = texts.original_text(notification.template, language)
        assert texts.variables_used(original.subject) | texts.variables_used(original.body) <= set(
            notification.variables
        )
        texts.check_text(notification.template, original.subject, original.body)


@pytest.mark.django_db
@pytest.mark.parametrize("notification", texts.registered(), ids=lambda n: n.template)
def test_each_sample_renders_the_shipped_text_and_an_edited_one(notification):
    staff = StaffFactory()
    every_variable = "\n".join(f"{name} = {{{{ {name} }}}}" for name in notification.variables)
    for language in texts.LANGUAGES:
        with translation.override(language):
            sample = notification.sample()
        subject, body, _html = render(notification.template, language, sample)
        assert subject and body.strip()
        texts.save_text(
            notification.template,
            language,
            f"Essai {{{{ {next(iter(notification.variables))} }}}}",
            every_variable,
            by=staff,
        )
        subject, body, html = render(notification.template, language, sample)
        assert subject.startswith("Essai ") and html == ""
        for name in notification.variables:
            assert f"{name} = " in body


# --- The variables a text reads -----------------------------------------------------------------


def test_variables_used_reads_variables_filters_and_conditions():
    text = (
        "Bonjour {{ first_name|capfirst }}, {{ call.title }} {{ note|default:fallback }}\n"
        '{% if admissible and kind == "challenges" or not reason %}oui{% elif phase in phases %}peut-être{% endif %}'
    )
    assert texts.variables_used(text) == {
        "first_name",
        "call",
        "note",
        "fallback",
        "admissible",
        "kind",
        "reason",
        "phase",
        "phases",
    }


def test_literals_and_builtin_names_are_not_variables():
    assert texts.variables_used('{{ "texte" }} {{ 3 }} {% if x == None or y is True %}{% endif %}') == {"x", "y"}


def test_a_loop_variable_is_the_texts_own_inside_its_loop_only():
    text = "{% for item in items %}{{ forloop.counter }}. {{ item.title }}{% empty %}{{ item }}{% endfor %}"
    assert texts.variables_used(text) == {"items", "item"}  # `item` after {% empty %} is outside the loop
    assert texts.variables_used("{% for key, value in pairs %}{{ key }}={{ value }}{% endfor %}") == {"pairs"}


def test_a_with_name_is_the_texts_own_inside_its_block():
    assert texts.variables_used("{% with who=first_name %}{{ who }}{% endwith %}{{ who }}") == {"first_name", "who"}


# --- The check ----------------------------------------------------------------------------------


def test_an_unknown_template_variable_is_refused():
    with pytest.raises(ValidationError) as refused:
        texts.check_text("dossier_receipt", "Reçu {{ reference }}", "Bonjour {{ first_name }},\n\n{{ nom_inconnu }}")
    errors = refused.value.message_dict
    assert list(errors) == ["body"]
    [message] = errors["body"]
    assert message.startswith("La variable {{ nom_inconnu }} (ligne 3) n'existe pas pour cette notification.")
    assert "Variables disponibles : {{ first_name }}, {{ call_title }}, {{ reference }}" in message


def test_each_unknown_variable_is_named_in_the_subject_and_in_the_body():
    with pytest.raises(ValidationError) as refused:
        texts.check_text("dossier_receipt", "{{ prenom }}", "{{ numero }} {{ date }} {{ reference }}")
    errors = refused.value.message_dict
    assert [m.split(" (")[0] for m in errors["subject"]] == ["La variable {{ prenom }}"]
    assert [m.split(" (")[0] for m in errors["body"]] == ["La variable {{ numero }}", "La variable {{ date }}"]


def test_loop_variables_are_accepted_inside_their_loop():
    texts.check_text(
        "dossier_receipt",
        "Reçu {{ reference }}",
        "{% for letter in reference %}{{ forloop.counter }}: {{ letter }}\n{% endfor %}",
    )


def test_a_syntax_error_is_refused_with_its_line():
    with pytest.raises(ValidationError) as refused:
        texts.check_text("dossier_receipt", "Reçu", "Bonjour,\n\n{% if first_name %}{{ first_name }}\nfin")
    [message] = refused.value.message_dict["body"]
    assert (
        message == "Erreur de syntaxe ligne 3 : la balise {% if first_name %} n'est pas fermée : il manque {% endif %}."
    )


def test_an_unknown_filter_is_refused_as_a_syntax_error():
    with pytest.raises(ValidationError) as refused:
        texts.check_text("dossier_receipt", "Reçu {{ reference|majuscules }}", "Bonjour")
    [message] = refused.value.message_dict["subject"]
    assert message == "Erreur de syntaxe ligne 1 : le filtre « majuscules » n'existe pas."


def test_a_misplaced_end_tag_is_refused_with_its_line():
    with pytest.raises(ValidationError) as refused:
        texts.check_text("dossier_receipt", "Reçu", "Bonjour\n{% if kind %}oui{% endfor %}{% endif %}")
    [message] = refused.value.message_dict["body"]
    assert message == "Erreur de syntaxe ligne 2 : la balise {% endfor %} n'existe pas ou n'est pas à sa place."


def test_a_tag_reaching_outside_the_message_is_refused():
    with pytest.raises(ValidationError) as refused:
        texts.check_text("dossier_receipt", "Reçu", "{% include 'base.html' %}\n{% load static %}")
    messages = refused.value.message_dict["body"]
    assert messages[0].startswith("La balise {% include %} (ligne 1) n'est pas permise dans un texte de courriel.")
    assert messages[1].startswith("La balise {% load %} (ligne 2) n'est pas permise")


def test_an_empty_subject_or_body_is_refused():
    with pytest.raises(ValidationError) as refused:
        texts.check_text("dossier_receipt", "  ", "")
    assert refused.value.message_dict == {"subject": ["L'objet est vide."], "body": ["Le texte est vide."]}


# --- Saving and restoring -----------------------------------------------------------------------


@pytest.mark.django_db
def test_staff_save_a_text_and_it_replaces_the_file_for_that_language_only():
    staff = StaffFactory()
    texts.save_text("reviewer_invitation", "fr", "Évaluer « {{ call }} »", "Bonjour,\r\n\r\n{{ url }}", by=staff)
    context = {"call": "Appel EIG 10", "grid": "Présélection", "closes_at": "20 mars", "url": "https://eig.example/i/"}
    assert render("reviewer_invitation", "fr", context)[:2] == (
        "Évaluer « Appel EIG 10 »",
        "Bonjour,\n\nhttps://eig.example/i/\n",
    )
    assert render("reviewer_invitation", "en", context)[0] == 'Invitation to review the dossiers of "Appel EIG 10"'
    text = EmailText.objects.get()
    assert (text.template, text.language, text.updated_by) == ("reviewer_invitation", "fr", staff)
    entry = ActivityLog.objects.get(verb="email_text.saved")
    assert entry.actor == staff and entry.data == {"template": "reviewer_invitation", "language": "fr", "created": True}


@pytest.mark.django_db
def test_saving_refuses_an_unknown_variable_and_keeps_the_text_in_use():
    staff = StaffFactory()
    with pytest.raises(ValidationError):
        texts.save_text("reviewer_invitation", "fr", "Évaluer", "{{ prenom }}", by=staff)
    assert not EmailText.objects.exists() and not ActivityLog.objects.filter(verb="email_text.saved").exists()


@pytest.mark.django_db
def test_only_the_programme_team_edits_a_text():
    with pytest.raises(DomainError):
        texts.save_text("reviewer_invitation", "fr", "Évaluer", "Bonjour", by=UserFactory())
    with pytest.raises(DomainError):
        texts.restore_original("reviewer_invitation", "fr", by=None)


@pytest.mark.django_db
def test_restoring_the_original_deletes_the_teams_text_and_logs_it():
    staff = StaffFactory()
    texts.save_text("reviewer_invitation", "en", "Review {{ call }}", "Hello", by=staff)
    assert texts.restore_original("reviewer_invitation", "en", by=staff) is True
    assert not EmailText.objects.exists()
    context = {"call": "EIG 10", "grid": "", "closes_at": "", "url": ""}
    assert render("reviewer_invitation", "en", context)[0] == 'Invitation to review the dossiers of "EIG 10"'
    entry = ActivityLog.objects.get(verb="email_text.restored")
    assert entry.actor == staff and entry.data == {"template": "reviewer_invitation", "language": "en"}
    assert texts.restore_original("reviewer_invitation", "en", by=staff) is False  # nothing more to restore
    assert ActivityLog.objects.filter(verb="email_text.restored").count() == 1


# --- Registered variables are the ones the senders give ------------------------------------------


def _receipt_call():
    call = Call.objects.create(
        promotion=PromotionFactory(number=10),
        kind=Call.Kind.APPLICATIONS,
        title="Appel à candidatures EIG 10",
        slug="appel-eig-10",
        opens_at=datetime.datetime(2026, 3, 1, 9, 0, tzinfo=PARIS),
        closes_at=datetime.datetime(2026, 3, 31, 17, 0, tzinfo=PARIS),
        dossier_prefix="EIG10",
        # Wishes are the applications app's section; here, one question is enough.
        wishes_mode=Call.WishesMode.AFTER_PRESELECTION,
    )
    step = Step.objects.create(call=call, order=1, slug="identite", title="Identité")
    Question.objects.create(step=step, order=1, key="nom", kind="short_text", label="Nom")
    return call, step


DURING = datetime.datetime(2026, 3, 12, 10, 0, tzinfo=PARIS)


@pytest.mark.django_db
def test_the_receipt_gives_exactly_the_registered_variables():
    call, step = _receipt_call()
    owner = UserFactory(first_name="Camille")
    dossier = start_dossier(call, owner=owner, now=DURING)
    save_step(dossier, step, {"nom": "Camille Martin"}, by=owner, now=DURING)
    version = submit_dossier(dossier, by=owner, now=DURING)
    assert set(receipt_context(version)) == set(texts.notification("dossier_receipt").variables)


@pytest.mark.django_db
def test_the_admissibility_decision_gives_exactly_the_registered_variables():
    call, step = _receipt_call()
    owner = UserFactory()
    dossier = start_dossier(call, owner=owner, now=DURING)
    grid = Grid(call=call, title="Présélection", phase=Grid.Phase.PRESCREENING)
    context = decision_message_context(grid, dossier, admissible=False, reason=Decision.Reason.RANKING, note="")
    assert set(context) == set(texts.notification("admissibility_decision").variables)


# --- A queued message keeps its words -------------------------------------------------------------


@pytest.mark.django_db
def test_staff_edit_the_receipt_and_the_next_receipt_uses_it_while_a_queued_one_keeps_the_old_text():
    call, step = _receipt_call()
    owner = UserFactory(first_name="Camille", email="camille@example.org")
    dossier = start_dossier(call, owner=owner, now=DURING)
    save_step(dossier, step, {"nom": "Camille Martin"}, by=owner, now=DURING)
    submit_dossier(dossier, by=owner, now=DURING)  # queue_receipt: the shipped text
    first = OutboxMessage.objects.get(key=f"receipt:{dossier.pk}:1")
    assert first.status == OutboxMessage.Status.QUEUED and first.template == "dossier_receipt"
    old_subject, old_body = first.subject, first.body_text
    assert old_subject == "Accusé de réception de votre candidature « Appel à candidatures EIG 10 »"

    texts.save_text(
        "dossier_receipt",
        "fr",
        "Dossier {{ reference }} bien reçu",
        "Bonjour {{ first_name }},\n\nVotre dossier {{ reference }} (version {{ version }}) est bien arrivé.",
        by=StaffFactory(),
    )

    first.refresh_from_db()
    assert (first.subject, first.body_text) == (old_subject, old_body)  # queued: its words are kept
    save_step(dossier, step, {"nom": "Camille Martin-Durand"}, by=owner, now=DURING)
    submit_dossier(dossier, by=owner, now=DURING + datetime.timedelta(hours=1))
    second = OutboxMessage.objects.get(key=f"receipt:{dossier.pk}:2")
    assert second.subject == f"Dossier {dossier.number} bien reçu"
    assert second.body_text == f"Bonjour Camille,\n\nVotre dossier {dossier.number} (version 2) est bien arrivé.\n"


@pytest.mark.django_db
def test_a_message_queued_again_under_its_key_keeps_its_first_text():
    staff = StaffFactory()
    context = {"team": "Signaux", "who": "Lou", "text": "Bloqués", "url": "https://eig.example/s/"}
    first = queue_notification("programme_difficulty", to="equipe@eig.example", context=context, key="k:1")
    texts.save_text("programme_difficulty", "fr", "Alerte {{ team }}", "{{ text }}", by=staff)
    again = queue_notification("programme_difficulty", to="equipe@eig.example", context=context, key="k:1")
    assert again.pk == first.pk and again.subject == "Difficulté signalée pour l'équipe Signaux"
    other = queue_notification("programme_difficulty", to="equipe@eig.example", context=context, key="k:2")
    assert (other.subject, other.body_text) == ("Alerte Signaux", "Bloqués\n")


@pytest.mark.django_db
def test_the_team_text_has_no_html_body():
    staff = StaffFactory()
    texts.save_text("story_published", "en", "Published: {{ title }}", "<b>{{ title }}</b>", by=staff)
    subject, body, html = render("story_published", "en", {"name": "Ada", "title": "R & D", "url": "u"})
    assert (subject, body, html) == ("Published: R & D", "<b>R & D</b>\n", "")
