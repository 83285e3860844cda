"""A candidate applies in the browser: from sign-up to receipt, through a lost
session, and against the deadline to the second with the server's clock frozen.

The live server runs in this process: emails are read from django.core.mail.outbox,
the clock is moved with time-machine (which leaves the browser's own clock alone).
"""

import datetime
import re
import time

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.core import mail
from django.urls import reverse

from eig.calls.models import Answer, Dossier, DossierVersion
from tests.factories.calls import application_call
from tests.factories.files import PDF_BYTES

from .audit import check_accessibility, check_no_browser_problems, screenshot
from .steps import choose

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

EMAIL = "ada@example.org"
PASSWORD = "mot-de-passe-solide-42"


@pytest.fixture
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    # The receipt is sent as soon as the submit commits, as the worker would.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def wait_for(predicate, seconds=10.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def answer(dossier, key):
    found = Answer.objects.filter(dossier=dossier, question__key=key).first()
    return found.value if found else None


def sign_up_and_verify(page):
    page.goto(reverse("account_signup"))
    page.get_by_label("Courriel").fill(EMAIL)
    page.locator("#id_password1").fill(PASSWORD)
    page.get_by_label("Mot de passe (confirmation)").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Création de compte").click()
    link = re.search(r"https?://\S+/compte/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    page.goto("/" + link.split("://", 1)[1].split("/", 1)[1])
    with page.expect_navigation():
        page.get_by_role("button", name="Confirmer").click()


def save_and_continue(page):
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("^Enregistrer et (continuer|vérifier)$")).click()


def test_a_candidate_applies_loses_the_session_mid_way_and_finds_every_answer(page, live_server, private_media):
    call = application_call(positions=2, title="Appel à candidatures EIG 9")
    position = call.promotion.challenges.get().positions.order_by("order").first()
    mail.outbox.clear()

    sign_up_and_verify(page)
    assert page.url.endswith(reverse("candidates:space"))
    with page.expect_navigation():
        page.get_by_role("link", name="Candidater").first.click()
    screenshot(page, "fr-apply-start")
    check_accessibility(page, "fr-apply-start")
    with page.expect_navigation():
        page.get_by_role("button", name="Commencer mon dossier").click()
    dossier = Dossier.objects.get(owner__email=EMAIL)

    # Step 1: identity. Choices are radio buttons; the civility offers "prefer not to say".
    assert page.get_by_role("heading", level=1).inner_text().startswith("Identité et coordonnées")
    choose(page, "Je préfère ne pas répondre")
    page.get_by_label("Prénom").fill("Ada")
    page.get_by_label(re.compile(r"^Nom\b")).fill("Lovelace")
    page.get_by_label("Téléphone").fill("01 02 03 04 05")
    page.get_by_label("Ville de résidence").fill("Lyon")
    screenshot(page, "fr-dossier-step-identity")
    check_accessibility(page, "fr-dossier-step-identity")
    save_and_continue(page)

    # Step 2: the ranked wishes.
    page.get_by_label("Vœu n° 1").select_option(str(position.pk))
    check_accessibility(page, "fr-dossier-wishes")
    save_and_continue(page)

    # Step 3: typed, never sent by a button: the page saves it while typing…
    choose(page, "Développeur ou développeuse")
    page.get_by_label("Années d'expérience professionnelle").fill("7")
    page.get_by_label("Votre parcours").fill("Sept ans de développement de services publics.")
    assert wait_for(lambda: answer(dossier, "parcours") == "Sept ans de développement de services publics.")
    page.get_by_text(re.compile("Brouillon enregistré à")).wait_for()
    # …and when the candidate leaves the page without a button.
    page.get_by_label("Votre expérience de création ou de conduite d'un projet").fill("J'ai lancé un service.")
    page.goto(reverse("public:home"))
    assert wait_for(lambda: answer(dossier, "projet") == "J'ai lancé un service.")

    # The session expires on the server.
    Session.objects.all().delete()
    page.goto(reverse("candidates:resume", args=[dossier.number]))
    assert "/compte/login/" in page.url
    page.get_by_label("Courriel").fill(EMAIL)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Connexion").click()
    # Back on the step left, with everything kept.
    page.wait_for_url(re.compile(r"/etapes/parcours/$"))
    assert page.get_by_label("Votre parcours").input_value() == "Sept ans de développement de services publics."
    assert page.get_by_label("Votre expérience de création ou de conduite d'un projet").input_value() == (
        "J'ai lancé un service."
    )
    assert page.get_by_label("Développeur ou développeuse").is_checked()
    save_and_continue(page)

    page.get_by_label("Votre motivation pour rejoindre le programme").fill("Servir l'intérêt général.")
    page.get_by_label("Votre contribution au(x) défi(s) choisi(s)").fill("Construire avec les usagers.")
    save_and_continue(page)
    page.locator("label[for=id_disponible_0]").click()
    page.locator("label[for=id_mobilite_0]").click()
    save_and_continue(page)

    # Files: a ".pdf" that is not one is refused, the draft stays.
    page.get_by_label("CV au format PDF").set_input_files(
        {"name": "cv.pdf", "mimeType": "application/pdf", "buffer": b"not a pdf at all"}
    )
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    page.get_by_text(re.compile("n'est pas un fichier PDF|n’est pas un fichier PDF|format", re.I)).first.wait_for()
    screenshot(page, "fr-dossier-upload-refused")
    page.get_by_label("CV au format PDF").set_input_files(
        {"name": "mon cv.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}
    )
    save_and_continue(page)

    for label in [
        "Je candidate en tant que personne physique, en mon nom propre.",
        "Je ne suis pas fonctionnaire ou assimilé en poste dans l'une des trois fonctions publiques.",
        "Je ne suis ni membre du jury ni expert sollicité par le programme.",
        "Je ne serai pas en scolarité dans les deux premiers cycles universitaires pendant le programme.",
        "J'ai lu la notice d'information sur le traitement de mes données personnelles.",
    ]:
        choose(page, label)
    save_and_continue(page)

    # The checklist is empty; submit.
    assert page.get_by_text("Votre dossier est complet.").is_visible()
    screenshot(page, "fr-dossier-overview")
    check_accessibility(page, "fr-dossier-overview")
    with page.expect_navigation():
        page.get_by_role("button", name="Déposer mon dossier").click()
    version = DossierVersion.objects.get(dossier=dossier)
    assert page.get_by_role("heading", level=1).inner_text() == "Récépissé de dépôt"
    assert page.get_by_text(version.digest).is_visible()
    assert page.get_by_text(dossier.number).first.is_visible()
    screenshot(page, "fr-dossier-receipt")
    check_accessibility(page, "fr-dossier-receipt")
    check_no_browser_problems(page)

    receipts = [m for m in mail.outbox if dossier.number in m.subject + m.body]
    assert len(receipts) == 1 and version.digest in receipts[0].body
    assert [a[2] for a in receipts[0].attachments] == ["application/pdf"]
    assert version.content["answers"]["projet"] == "J'ai lancé un service."


def _signed_in(browser_context, live_server, user):
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    browser_context.clear_cookies()
    browser_context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def _complete_dossier(call, user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from eig.applications.services import set_wishes
    from eig.calls import services
    from eig.calls.models import Question, Step
    from tests.factories.calls import COMPLETE_ANSWERS

    dossier = services.start_dossier(call, owner=user)
    for slug, answers in COMPLETE_ANSWERS.items():
        services.save_step(dossier, Step.objects.get(call=call, slug=slug), answers, by=user)
    set_wishes(dossier, [call.promotion.challenges.get().positions.first().pk], by=user)
    services.attach_file(
        dossier, Question.objects.get(step__call=call, key="cv"), SimpleUploadedFile("cv.pdf", PDF_BYTES), by=user
    )
    return dossier


@pytest.mark.parametrize("offset, accepted", [(-1, True), (+1, False)])
def test_submit_at_closing_minus_one_second_is_accepted_and_plus_one_second_refused(
    page, browser_context, live_server, private_media, offset, accepted
):
    from tests.factories import UserFactory

    closes_at = (datetime.datetime.now(datetime.UTC) + datetime.timedelta(hours=1)).replace(microsecond=0)
    call = application_call(closes_at=closes_at)
    user = UserFactory(email=f"candidate{offset}@example.org")
    dossier = _complete_dossier(call, user)
    _signed_in(browser_context, live_server, user)
    page.goto(reverse("candidates:dossier", args=[dossier.number]))

    with time_machine.travel(closes_at + datetime.timedelta(seconds=offset), tick=False), page.expect_navigation():
        page.get_by_role("button", name="Déposer mon dossier").click()

    if accepted:
        version = DossierVersion.objects.get(dossier=dossier)
        assert version.submitted_at == closes_at - datetime.timedelta(seconds=1)
        assert page.get_by_role("heading", level=1).inner_text() == "Récépissé de dépôt"
    else:
        assert not DossierVersion.objects.filter(dossier=dossier).exists()
        assert page.get_by_text(re.compile("L'appel est clos depuis le")).is_visible()
        screenshot(page, "fr-dossier-late-submit-refused")
        check_accessibility(page, "fr-dossier-late-submit-refused")
