"""Agents are verified before they see anything (issue 13 point 1, security review F2).

Joining an administration never confirms by itself: the person waits for the programme
team and, until then, the administration's proposals and their files answer 404. Only
two proofs confirm at once: an address of an institutional domain staff allow-listed for
the administration (never a webmail domain), or a ProConnect sign-in for the
administration's SIRET.
"""

import datetime

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from eig.calls.models import Call, Question
from eig.calls.services import attach_file
from eig.core.errors import DomainError
from eig.core.mail_domains import is_webmail
from eig.files.models import StoredFile
from eig.proposals import services
from eig.proposals.defaults import install_challenge_form
from eig.proposals.models import Agent, AllowedEmailDomain
from tests.accounts import test_proconnect as pc
from tests.factories import AdministrationFactory, PromotionFactory, StaffFactory, UserFactory
from tests.factories.agents import confirmed_agent
from tests.factories.files import PDF_BYTES

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.FILE_SCANNER = "eig.files.scanners.NoopScanner"


def challenge_call() -> Call:
    now = timezone.now()
    call = Call.objects.create(
        promotion=PromotionFactory(),
        kind=Call.Kind.CHALLENGES,
        title="Appel à défis",
        slug="appel-defis",
        opens_at=now - datetime.timedelta(days=10),
        closes_at=now + datetime.timedelta(days=10),
        dossier_prefix="DEF",
    )
    install_challenge_form(call)
    return call


def proposal_with_pitch(administration, author):
    """A proposal of the administration with its pitch PDF, started by a (confirmed) author."""
    call = challenge_call()
    proposal = services.start_proposal(call, by=author, administration=administration)
    pitch = Question.objects.get(step__call=call, key="pitch")
    stored = attach_file(proposal.dossier, pitch, SimpleUploadedFile("pitch.pdf", PDF_BYTES), by=author)
    StoredFile.objects.filter(pk=stored.pk).update(scan_status=StoredFile.ScanStatus.CLEAN)
    return proposal, stored


def proposal_url(proposal):
    return reverse("administrations:proposal", args=[proposal.dossier.number])


def join_by_form(client, user, administration):
    client.force_login(user)
    return client.post(
        reverse("administrations:join"), {"existing": administration.pk, "function": "Chargée de mission"}, follow=True
    )


@pytest.fixture
def administration():
    return AdministrationFactory(name="Ministère de l'Intérieur", slug="interieur")


# --- Joining never confirms by itself ------------------------------------------------------


def test_a_fresh_account_joining_an_administration_without_agents_waits_and_sees_nothing(client, administration):
    author = UserFactory(email="autrice@interieur.gouv.fr")
    confirmed_agent(author, administration)
    proposal, stored = proposal_with_pitch(administration, author)
    Agent.objects.filter(user=author).delete()  # the administration has no agent left, as 30 of 31 in the demo
    newcomer = UserFactory(email="nouveau@interieur.gouv.fr")

    response = join_by_form(client, newcomer, administration)

    agent = Agent.objects.get(user=newcomer)
    assert (agent.confirmed, agent.refused, agent.confirmed_via) == (False, False, "")
    page = response.content.decode()
    assert "équipe du programme doit la confirmer" in page  # the message after joining
    space = client.get(reverse("administrations:space")).content.decode()
    assert "En attente de confirmation" in space and "doit confirmer" in space
    assert client.get(proposal_url(proposal)).status_code == 404
    assert client.get(stored.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("domain", ["gmail.com", "interieur.gouv.fr"])
def test_sharing_the_domain_of_a_confirmed_agent_confirms_nothing(client, administration, domain):
    author = UserFactory(email=f"cheffe@{domain}")
    confirmed_agent(author, administration)
    proposal, stored = proposal_with_pitch(administration, author)
    intruder = UserFactory(email=f"intrus@{domain}")

    join_by_form(client, intruder, administration)

    assert Agent.objects.get(user=intruder).confirmed is False
    assert client.get(proposal_url(proposal)).status_code == 404
    assert client.get(stored.get_absolute_url()).status_code == 404
    client.force_login(author)  # the same pages do answer a confirmed agent
    assert client.get(proposal_url(proposal)).status_code == 200
    assert client.get(stored.get_absolute_url()).status_code == 200


# --- The allow-list of institutional domains ------------------------------------------------


def test_an_allow_listed_institutional_domain_confirms_at_once(client, administration):
    staff = StaffFactory()
    services.allow_email_domain(administration, "Interieur.Gouv.fr", by=staff)
    author = UserFactory(email="autrice@interieur.gouv.fr")
    confirmed_agent(author, administration)
    proposal, _stored = proposal_with_pitch(administration, author)
    newcomer = UserFactory(email="agent@interieur.gouv.fr")

    response = join_by_form(client, newcomer, administration)

    agent = Agent.objects.get(user=newcomer)
    assert (agent.confirmed, agent.confirmed_via, agent.decided_by) == (True, Agent.Via.DOMAIN, None)
    assert agent.decided_at is not None
    assert "Vous agissez désormais pour Ministère de l&#x27;Intérieur." in response.content.decode()
    assert client.get(proposal_url(proposal)).status_code == 200


def test_the_allow_list_is_per_administration_and_exact(administration):
    services.allow_email_domain(administration, "interieur.gouv.fr", by=StaffFactory())
    elsewhere = AdministrationFactory(name="Ailleurs", slug="ailleurs")
    assert not services.join_administration(UserFactory(email="a@interieur.gouv.fr"), elsewhere).confirmed
    assert not services.join_administration(UserFactory(email="b@dgpn.interieur.gouv.fr"), administration).confirmed
    assert services.join_administration(UserFactory(email="c@interieur.gouv.fr"), administration).confirmed


@pytest.mark.parametrize(
    "domain",
    [
        "gmail.com",
        "outlook.fr",
        "orange.fr",
        "free.fr",
        "yahoo.fr",
        "laposte.net",
        "hotmail.co.uk",
        "icloud.com",
        "protonmail.com",
        "@GMAIL.COM",
    ],
)
def test_a_webmail_domain_cannot_be_allow_listed(administration, domain):
    with pytest.raises(DomainError) as refused:
        services.allow_email_domain(administration, domain, by=StaffFactory())
    assert "messagerie ouverte à tous" in str(refused.value)
    assert not AllowedEmailDomain.objects.exists()


def test_what_is_not_a_domain_is_refused_in_french(administration):
    with pytest.raises(DomainError, match="n'est pas un nom de domaine"):
        services.allow_email_domain(administration, "interieur gouv", by=StaffFactory())


def test_one_list_of_webmail_domains_serves_the_allow_list_and_the_reviews_conflicts():
    from eig.reviews import conflicts

    assert all(is_webmail(d) for d in ["gmail.com", "hotmail.fr", "hotmail.de", "yahoo.co.uk", "wanadoo.fr"])
    assert not any(is_webmail(d) for d in ["interieur.gouv.fr", "ville-lyon.fr", "hotmail-services.gouv.fr"])
    assert conflicts.is_webmail is is_webmail


# --- ProConnect: the SIRET of the administration --------------------------------------------


@pytest.fixture
def proconnect(settings, monkeypatch):
    settings.SOCIALACCOUNT_PROVIDERS = {
        "proconnect": {"APPS": [{"client_id": pc.CLIENT_ID, "secret": "secret", "settings": {"server_url": pc.SERVER}}]}
    }
    server = pc.FakeProConnect()
    monkeypatch.setattr(DefaultSocialAccountAdapter, "get_requests_session", lambda self: server.session())
    return server


def known_person(email):
    """An account whose address is verified: ProConnect signs in to it."""
    user = UserFactory(email=email)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def sign_in_with_proconnect(client, server):
    response = pc.come_back(client, pc.start(client, server))
    assert response.status_code == 302
    return pc.signed_in_user(client)


def test_a_proconnect_sign_in_with_the_administrations_siret_confirms_its_pending_agent(client, proconnect):
    administration = AdministrationFactory(name="DGFiP", slug="dgfip", siret=pc.CLAIMS["siret"])
    user = known_person(pc.CLAIMS["email"].lower())
    assert not services.join_administration(user, administration).confirmed

    assert sign_in_with_proconnect(client, proconnect) == user

    agent = Agent.objects.get(user=user)
    assert (agent.confirmed, agent.confirmed_via) == (True, Agent.Via.PROCONNECT)


def test_joining_after_a_proconnect_sign_in_for_the_same_siret_confirms(client, proconnect):
    administration = AdministrationFactory(name="DGFiP", slug="dgfip", siret=pc.CLAIMS["siret"])
    user = sign_in_with_proconnect(client, proconnect)

    response = client.post(reverse("administrations:join"), {"existing": administration.pk, "function": "Cheffe"})

    assert response.status_code == 302
    agent = Agent.objects.get(user=user)
    assert (agent.confirmed, agent.confirmed_via) == (True, Agent.Via.PROCONNECT)


def test_a_proconnect_sign_in_with_another_siret_confirms_nothing(client, proconnect):
    administration = AdministrationFactory(name="DGFiP", slug="dgfip", siret="13000000000017")
    user = known_person(pc.CLAIMS["email"].lower())
    services.join_administration(user, administration)

    sign_in_with_proconnect(client, proconnect)
    client.post(reverse("administrations:join"), {"existing": administration.pk, "function": "Cheffe"})

    assert Agent.objects.get(user=user).confirmed is False


def test_an_administration_without_siret_is_never_confirmed_by_proconnect(client, proconnect):
    administration = AdministrationFactory(name="DGFiP", slug="dgfip")
    user = sign_in_with_proconnect(client, proconnect)
    client.post(reverse("administrations:join"), {"existing": administration.pk, "function": "Cheffe"})
    assert Agent.objects.get(user=user).confirmed is False


def test_the_siret_of_a_proconnect_sign_in_does_not_outlive_it(client, proconnect):
    administration = AdministrationFactory(name="DGFiP", slug="dgfip", siret=pc.CLAIMS["siret"])
    sign_in_with_proconnect(client, proconnect)
    assert client.session.get("proconnect_siret") == pc.CLAIMS["siret"]
    client.post(reverse("account_logout"))
    other = known_person("autre@exemple.fr")
    client.post(reverse("account_login"), {"login": other.email, "password": "mot-de-passe-solide-42"})
    assert "proconnect_siret" not in client.session
    assert client.session.get("_auth_user_id") == str(other.pk)
    client.post(reverse("administrations:join"), {"existing": administration.pk, "function": "Cheffe"})
    assert Agent.objects.get(user=other).confirmed is False


# --- Staff decisions ---------------------------------------------------------------------------


def test_a_refused_agent_stays_refused_even_with_an_allow_listed_domain(administration):
    staff = StaffFactory()
    user = UserFactory(email="x@interieur.gouv.fr")
    agent = services.join_administration(user, administration)
    services.refuse_agent(agent, by=staff, reason="Inconnue du service.")
    services.allow_email_domain(administration, "interieur.gouv.fr", by=staff)
    agent = services.join_administration(user, administration)
    assert (agent.confirmed, agent.refused) == (False, True)
    with pytest.raises(DomainError, match="déjà été traitée"):
        services.refuse_agent(agent, by=staff)


def test_the_siret_has_fourteen_digits(administration):
    with pytest.raises(DomainError, match="14 chiffres"):
        services.set_administration_siret(administration, "1234", by=StaffFactory())
    services.set_administration_siret(administration, "110 001 013 00017", by=StaffFactory())
    administration.refresh_from_db()
    assert administration.siret == "11000101300017"
