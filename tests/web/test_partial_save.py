"""A save touches only what was posted (security review F3): a question a request did not carry
keeps its answer, emptying is an explicit empty value (or the question's presence marker without
a value, as a browser posts an unticked box), and an autosave that is not a form or carries none
of the step's questions is refused with 400 and changes nothing. Candidates and administrations
share the form and the service, so both are checked."""

import json
from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from eig.calls.models import Answer, Question, Step
from tests.factories import AdministrationFactory, UserFactory
from tests.factories.agents import confirmed_agent
from tests.factories.calls import COMPLETE_ANSWERS, application_call
from tests.web.test_administration_proposals import COMPLETE as PROPOSAL_ANSWERS
from tests.web.test_administration_proposals import challenge_call

pytestmark = pytest.mark.django_db


class _FormReader(HTMLParser):
    """What a browser submits for the dossier form of a page: hidden and text inputs, ticked
    boxes and radios, textareas; buttons and file inputs left out (as the autosave does)."""

    def __init__(self):
        super().__init__()
        self.pairs, self.inside, self.textarea = [], False, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and "eig-dossier-form" in (attrs.get("class") or ""):
            self.inside = True
        if not self.inside or "name" not in attrs or "disabled" in attrs:
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind not in ("file", "submit"):
                self.pairs.append((attrs["name"], attrs.get("value") or ("on" if kind == "checkbox" else "")))
        elif tag == "textarea":
            self.textarea = [attrs["name"], ""]

    def handle_data(self, data):
        if self.textarea:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self.textarea:
            self.pairs.append((self.textarea[0], self.textarea[1].lstrip("\n")))
            self.textarea = None
        if tag == "form":
            self.inside = False


def browser_form(client, url) -> list[tuple[str, str]]:
    reader = _FormReader()
    reader.feed(client.get(url).content.decode())
    return [(name, value) for name, value in reader.pairs if name != "csrfmiddlewaretoken"]


def post_pairs(client, url, pairs, **extra):
    """A urlencoded POST of (name, value) pairs, repeated names kept, as a browser sends it."""
    return client.post(url, urlencode(pairs), content_type="application/x-www-form-urlencoded", **extra)


def saved(dossier) -> dict:
    return {a.question.key: a.value for a in Answer.objects.filter(dossier=dossier).select_related("question")}


@pytest.fixture
def candidate(client):
    client.force_login(UserFactory(email="ada@example.org"))


@pytest.fixture
def dossier(client, candidate):
    call = application_call()
    client.post(reverse("candidates:apply", args=[call.slug]))
    dossier = call.dossiers.get()
    client.post(step_url(dossier, "motivation"), {**COMPLETE_ANSWERS["motivation"], "action": "save"})
    assert saved(dossier) == COMPLETE_ANSWERS["motivation"]
    return dossier


def step_url(dossier, slug):
    return reverse("candidates:step", args=[dossier.number, slug])


class TestCandidateStep:
    def test_a_json_autosave_is_refused_with_400_and_the_answers_stay(self, client, dossier):
        # The security review's reproduction: a JSON body with the autosave header.
        response = client.post(
            step_url(dossier, "motivation"),
            json.dumps({"motivation": "x"}),
            content_type="application/json",
            headers={"X-Autosave": "1"},
        )
        assert response.status_code == 400
        assert response.json()["saved"] is False and "formulaire" in response.json()["message"]
        assert saved(dossier) == COMPLETE_ANSWERS["motivation"]

    def test_an_autosave_carrying_none_of_the_steps_questions_is_refused(self, client, dossier):
        response = client.post(step_url(dossier, "motivation"), {"prenom": "Grace"}, headers={"X-Autosave": "1"})
        assert response.status_code == 400
        assert "Aucune réponse de cette étape" in response.json()["message"]
        assert saved(dossier) == COMPLETE_ANSWERS["motivation"]

    def test_a_button_post_carrying_none_of_the_steps_questions_changes_nothing(self, client, dossier):
        response = client.post(step_url(dossier, "motivation"), {"action": "next"})
        assert response.status_code == 400
        page = response.content.decode()
        # The page shows the saved answers back, not an empty form that a second click would save.
        assert "Aucune réponse de cette étape" in page and "Construire avec les usagers." in page
        assert saved(dossier) == COMPLETE_ANSWERS["motivation"]

    def test_a_post_with_only_motivation_keeps_contribution(self, client, dossier):
        response = client.post(step_url(dossier, "motivation"), {"motivation": "Une autre raison.", "action": "save"})
        assert response.status_code == 302
        assert saved(dossier) == {"motivation": "Une autre raison.", "contribution": "Construire avec les usagers."}

    def test_an_autosave_with_only_motivation_keeps_contribution(self, client, dossier):
        response = client.post(step_url(dossier, "motivation"), {"motivation": "x"}, headers={"X-Autosave": "1"})
        assert response.status_code == 200 and response.json()["saved"] is True
        assert saved(dossier) == {"motivation": "x", "contribution": "Construire avec les usagers."}

    def test_an_explicit_empty_value_empties_that_answer_only(self, client, dossier):
        client.post(step_url(dossier, "motivation"), {"contribution": "", "action": "save"})
        assert saved(dossier) == {"motivation": "Servir l'intérêt général."}

    def test_the_real_form_empties_a_cleared_text(self, client, dossier):
        pairs = [(n, "" if n == "motivation" else v) for n, v in browser_form(client, step_url(dossier, "motivation"))]
        assert ("motivation__present", "1") in pairs
        post_pairs(client, step_url(dossier, "motivation"), pairs, headers={"X-Autosave": "1"})
        assert saved(dossier) == {"contribution": "Construire avec les usagers."}

    def test_unticking_a_declaration_in_the_real_form_unticks_it(self, client, dossier):
        url = step_url(dossier, "declarations")
        client.post(url, {**dict.fromkeys(COMPLETE_ANSWERS["declarations"], "on"), "action": "save"})
        pairs = browser_form(client, url)
        assert ("pas_jury", "on") in pairs
        # Unticked, the box is absent from the POST; only its marker says it was on the page.
        pairs.remove(("pas_jury", "on"))
        assert ("pas_jury__present", "1") in pairs
        assert post_pairs(client, url, [*pairs, ("action", "save")]).status_code == 302
        answers = saved(dossier)
        assert answers["pas_jury"] is False
        assert answers["personne_physique"] is True and answers["motivation"] == "Servir l'intérêt général."

    def test_emptying_a_multiple_choice_in_the_real_form_empties_it(self, client, dossier):
        step = Step.objects.get(call=dossier.call, slug="motivation")
        Question.objects.create(
            step=step,
            order=99,
            key="langues",
            kind=Question.Kind.MULTIPLE_CHOICE,
            label="Langues parlées",
            required=False,
            choices=[["fr", "Français"], ["en", "Anglais"]],
        )
        url = step_url(dossier, "motivation")
        client.post(url, {**COMPLETE_ANSWERS["motivation"], "langues": ["fr", "en"], "action": "save"})
        assert saved(dossier)["langues"] == ["fr", "en"]
        pairs = [(n, v) for n, v in browser_form(client, url) if n != "langues"]  # every box unticked
        assert ("langues__present", "1") in pairs
        post_pairs(client, url, pairs, headers={"X-Autosave": "1"})
        assert saved(dossier) == COMPLETE_ANSWERS["motivation"]


def test_an_administration_step_touches_only_what_was_posted(client):
    administration = AdministrationFactory(name="Direction du numérique", slug="dinum")
    agent = UserFactory(email="grace@numerique.gouv.fr")
    confirmed_agent(agent, administration, function="Cheffe de projet")
    client.force_login(agent)
    call = challenge_call()
    client.post(reverse("administrations:start", args=[call.slug]), {"administration": administration.pk})
    dossier = call.dossiers.get()
    url = reverse("administrations:step", args=[dossier.number, "equipe"])
    client.post(url, {**PROPOSAL_ANSWERS["equipe"], "action": "save"})
    before = saved(dossier)
    assert len(before["equipe_projet"]) == 2 and "nombre_eig" in before

    refused = client.post(
        url, json.dumps({"nombre_eig": "3"}), content_type="application/json", headers={"X-Autosave": "1"}
    )
    assert refused.status_code == 400 and refused.json()["saved"] is False
    assert client.post(url, {"action": "save"}).status_code == 400
    assert saved(dossier) == before

    # Only one answer posted: the table and the others stay.
    client.post(url, {"nombre_eig": "3", "action": "save"})
    assert saved(dossier) == {**before, "nombre_eig": "3"}

    # The table sent without any row (its marker alone): the table is emptied, the rest stays.
    pairs = [(n, v) for n, v in browser_form(client, url) if not n.startswith("equipe_projet-")]
    assert ("equipe_projet__present", "1") in pairs
    post_pairs(client, url, pairs, headers={"X-Autosave": "1"})
    assert "equipe_projet" not in saved(dossier) and saved(dossier)["nombre_eig"] == "3"
