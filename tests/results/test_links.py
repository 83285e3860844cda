"""The deliverables' link check (eig/results/links.py, manage.py check_deliverable_links).

The HTTP layer is a fake session (no request leaves the machine) and host names resolve through a
stub: « forge.example » to a public address, « intranet.example » to a private one.
"""

import datetime
from io import StringIO

import pytest
import requests
from django.core.management import call_command

from eig.core.models import ActivityLog
from eig.results import deliverables, links
from eig.results.links import Probe, check_links, probe
from eig.results.models import Deliverable
from tests.factories.deliverables import declare, published
from tests.factories.programme import programme_world

pytestmark = pytest.mark.django_db

HOSTS = {
    "forge.example": ["8.8.8.8"],
    "autre.example": ["1.1.1.1"],
    "intranet.example": ["10.0.0.5"],
    "local.example": ["127.0.0.1", "8.8.8.8"],  # one private address is enough to refuse
}


def resolver(host):
    return HOSTS.get(host, [])


class Answer:
    def __init__(self, status, location=None):
        self.status_code = status
        self.headers = {"Location": location} if location else {}
        self.closed = False

    def close(self):
        self.closed = True


class FakeSession:
    """Answers by (method, url): an Answer, or an exception to raise; records every call."""

    def __init__(self, answers):
        self.answers = answers
        self.calls = []

    def _answer(self, method, url, **kwargs):
        self.calls.append((method, url, kwargs["timeout"], kwargs["allow_redirects"]))
        answer = self.answers.get((method, url)) or self.answers.get(url)
        if answer is None:
            raise requests.ConnectionError("no route")
        if isinstance(answer, Exception):
            raise answer
        return answer

    def head(self, url, **kwargs):
        return self._answer("HEAD", url, **kwargs)

    def get(self, url, **kwargs):
        return self._answer("GET", url, **kwargs)


def run(url, answers, **kwargs):
    session = FakeSession(answers)
    return probe(url, session=session, resolver=resolver, **kwargs), session


URL = "https://forge.example/alpha/outil"


# --- One address ------------------------------------------------------------------------------------


def test_a_link_answering_head_is_alive_and_only_head_is_asked_within_the_time_bound():
    result, session = run(URL, {("HEAD", URL): Answer(200)}, timeout=4)

    assert result == Probe(True)
    assert session.calls == [("HEAD", URL, 4, False)]


@pytest.mark.parametrize("status", [403, 404, 405, 501])
def test_a_server_refusing_head_is_asked_again_with_get(status):
    result, session = run(URL, {("HEAD", URL): Answer(status), ("GET", URL): Answer(200)})

    assert result == Probe(True)
    assert [call[0] for call in session.calls] == ["HEAD", "GET"]


def test_a_link_answering_an_error_to_get_too_is_dead_with_its_status():
    result, _session = run(URL, {("HEAD", URL): Answer(404), ("GET", URL): Answer(404)})
    assert result == Probe(False, "réponse HTTP 404")


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (requests.ConnectTimeout("slow"), "pas de réponse en 10 secondes"),
        (requests.ReadTimeout("slow"), "pas de réponse en 10 secondes"),
        (requests.exceptions.SSLError("bad certificate"), "certificat de sécurité refusé"),
        (requests.ConnectionError("refused"), "connexion impossible"),
        (requests.exceptions.InvalidURL("bad"), "erreur de la requête (InvalidURL)"),
    ],
)
def test_a_link_that_does_not_answer_is_dead_with_a_french_reason(error, reason):
    result, _session = run(URL, {("HEAD", URL): error})
    assert result == Probe(False, reason)


def test_redirections_are_followed_to_the_page_they_lead_to():
    moved = "https://autre.example/nouvelle-adresse"
    result, session = run(
        URL,
        {
            ("HEAD", URL): Answer(301, location=moved),
            ("HEAD", moved): Answer(302, location="/fin"),
            ("HEAD", "https://autre.example/fin"): Answer(200),
        },
    )

    assert result == Probe(True)
    assert [call[1] for call in session.calls] == [URL, moved, "https://autre.example/fin"]


def test_endless_redirections_make_a_dead_link():
    result, session = run(URL, {("HEAD", URL): Answer(302, location=URL)})
    assert result == Probe(False, "trop de redirections (plus de 5)")
    assert len(session.calls) == links.MAX_REDIRECTS + 1


@pytest.mark.parametrize("host", ["intranet.example", "local.example"])
def test_an_address_of_a_private_network_is_never_asked(host):
    result, session = run(f"https://{host}/admin", {})
    assert result == Probe(False, "adresse non publique, non vérifiée")
    assert session.calls == []


def test_a_redirection_to_a_private_network_is_not_followed():
    result, session = run(URL, {("HEAD", URL): Answer(302, location="https://intranet.example/")})
    assert result == Probe(False, "adresse non publique, non vérifiée")
    assert len(session.calls) == 1


def test_an_unknown_host_is_dead_without_a_request():
    result, session = run("https://inconnu.example/", {})
    assert result == Probe(False, "nom de domaine inconnu")
    assert session.calls == []


# --- The deliverables -----------------------------------------------------------------------------------


@pytest.fixture
def world():
    return programme_world()


def prober_of(dead: dict):
    """A prober answering dead (with its reason) for the addresses of `dead`, alive for the others."""
    asked = []

    def prober(url):
        asked.append(url)
        return Probe(False, dead[url]) if url in dead else Probe(True)

    prober.asked = asked
    return prober


def test_the_check_records_each_link_s_state_and_when_it_died(world):
    alive = published(world, title="Vivant", url="https://forge.example/vivant")
    dead = published(world, title="Mort", url="https://forge.example/mort")
    proposed = declare(world, title="À relire", url="https://forge.example/a-relire")
    returned = declare(world, title="Renvoyé", url="https://forge.example/renvoye")
    deliverables.return_to_team(returned, "À revoir.", by=world.staff)
    prober = prober_of({dead.url: "réponse HTTP 404"})

    report = check_links(now=world.now, prober=prober)

    assert sorted(prober.asked) == sorted([alive.url, dead.url, proposed.url])  # not the returned one
    assert (report.checked, report.alive, [d.pk for d in report.dead]) == (3, 2, [dead.pk])
    alive.refresh_from_db()
    dead.refresh_from_db()
    assert (alive.link_state, alive.link_checked_at, alive.link_error, alive.dead_since) == (
        Deliverable.LinkState.ALIVE,
        world.now,
        "",
        None,
    )
    assert (dead.link_state, dead.link_error, dead.dead_since) == (
        Deliverable.LinkState.DEAD,
        "réponse HTTP 404",
        world.now,
    )


def test_a_link_turning_dead_is_logged_once_and_keeps_the_day_it_died(world):
    dead = published(world, title="Mort", url="https://forge.example/mort")
    later = world.now + datetime.timedelta(days=7)

    check_links(now=world.now, prober=prober_of({dead.url: "connexion impossible"}))
    second = check_links(now=later, prober=prober_of({dead.url: "réponse HTTP 500"}))

    dead.refresh_from_db()
    assert (dead.dead_since, dead.link_checked_at, dead.link_error) == (world.now, later, "réponse HTTP 500")
    assert second.newly_dead == []
    logged = ActivityLog.objects.filter(verb="deliverable.link_dead")
    assert logged.count() == 1 and logged.get().data["error"] == "connexion impossible"


def test_a_dead_link_that_answers_again_is_alive_and_dies_anew_later(world):
    link = published(world, title="Intermittent", url="https://forge.example/intermittent")
    check_links(now=world.now, prober=prober_of({link.url: "connexion impossible"}))
    check_links(now=world.now + datetime.timedelta(days=7), prober=prober_of({}))
    link.refresh_from_db()
    assert (link.link_state, link.dead_since, link.link_error) == (Deliverable.LinkState.ALIVE, None, "")

    third = world.now + datetime.timedelta(days=14)
    check_links(now=third, prober=prober_of({link.url: "connexion impossible"}))
    link.refresh_from_db()
    assert link.dead_since == third
    assert ActivityLog.objects.filter(verb="deliverable.link_dead").count() == 2


def test_the_command_reports_the_dead_links_in_french_without_leaving_the_machine(world, monkeypatch):
    published(world, title="Vivant", url="https://forge.example/vivant")
    published(world, "beta", title="Mort", url="https://forge.example/mort")
    session = FakeSession(
        {
            ("HEAD", "https://forge.example/vivant"): Answer(200),
            ("HEAD", "https://forge.example/mort"): Answer(404),
            ("GET", "https://forge.example/mort"): Answer(404),
        }
    )
    monkeypatch.setattr(links.requests, "Session", lambda: session)
    monkeypatch.setattr(links, "resolve", resolver)
    out = StringIO()

    call_command("check_deliverable_links", "--timeout", "3", stdout=out)

    text = out.getvalue()
    assert "2 liens vérifiés : 1 ne répond plus." in text
    assert "Liens morts :" in text
    assert "Bêta : « Mort » — https://forge.example/mort — réponse HTTP 404" in text
    assert "(nouveau)" in text
    assert "Vivant" not in text
    assert {call[2] for call in session.calls} == {3.0}
