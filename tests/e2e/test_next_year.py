"""Next year without a developer, in the browser: the acceptance journey of issue 18.

Last year's call (EIG 9) had a form in French and English and a pre-screening grid. The programme
team, signed in with their second factor, duplicates it into EIG 10 from the calls list, adds a
question in French and English in the form builder, moves the « Motivation » step up, and opens the
call from its calendar. Emma, who reads English, browses /en/, reads EIG 10's challenge in English,
starts her dossier on /en/, answers every step in English (the new question among them, in the order
the team gave the steps), submits, and gets her receipt in English. Bruno and Chloé have incomplete
drafts: the team reminds them (previewed: 2 recipients; sent with a double click and again from a
second tab: one message each). The team asks Emma for a written complement; she answers it from her
space, and the team reads the answer on her dossier. Chloé submits: her receipt is queued. The team
then rewrites the French receipt's subject: Bruno's receipt, next, uses it; Chloé's, still in the
queue, keeps (and is delivered with) the old one.

axe-core passes on every main page visited; the console stays clean.
"""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from playwright.sync_api import expect

from eig.applications.services import set_wishes
from eig.calls.models import Answer, Call, ComplementRequest, Dossier, Question, Step
from eig.calls.services import save_step, start_dossier, submit_dossier
from eig.calls.setup import sync_phase
from eig.challenges.models import Challenge
from eig.notifications.models import Broadcast, EmailText, OutboxMessage
from eig.notifications.sending import deliver
from eig.promotions.models import Phase
from eig.reviews.defaults import CANDIDATE_PRESCREENING
from eig.reviews.models import Grid
from tests.factories import (
    AdministrationFactory,
    ChallengeFactory,
    PositionFactory,
    PromotionFactory,
    StaffFactory,
    UserFactory,
    profile,
)
from tests.factories.reviews import grid_of

from .audit import check_accessibility, check_no_browser_problems, screenshot
from .steps import choose, click, follow, visit
from .test_staff_and_privacy import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

OLD_SUBJECT = "Accusé de réception de votre candidature « Appel à candidatures EIG 10 »"
NEW_SUBJECT = "Nous avons bien reçu votre candidature à l'« {{ call_title }} » (dossier {{ reference }})"

# Last year's form, as the team left it: (slug, title fr, title en, [(key, kind, label fr, label en, options)]).
EIG9_FORM = [
    (
        "identite",
        "Identité",
        "Identity",
        [
            ("prenom", "short_text", "Prénom", "First name", {"max_length": 100}),
            ("nom", "short_text", "Nom", "Last name", {"max_length": 100}),
        ],
    ),
    (
        "parcours",
        "Parcours",
        "Background",
        [
            (
                "profession",
                "single_choice",
                "Profession",
                "Occupation",
                {
                    "choices": [["developer", "Développeur ou développeuse"], ["designer", "Designer"]],
                    "choices_en": {"developer": "Software developer"},
                },
            ),
            ("parcours", "long_text", "Votre parcours", "Your background", {"max_length": 2000}),
        ],
    ),
    (
        "motivation",
        "Motivation",
        "Motivation",
        [
            (
                "motivation",
                "long_text",
                "Votre motivation pour rejoindre le programme",
                "Why you want to join the programme",
                {"max_length": 3000},
            ),
        ],
    ),
    (
        "declarations",
        "Déclarations",
        "Declarations",
        [
            (
                "donnees_personnelles",
                "declaration",
                "J'ai lu la notice d'information sur le traitement de mes données personnelles.",
                "I have read the notice on the processing of my personal data.",
                {},
            ),
        ],
    ),
]

FRENCH_ANSWERS = {
    "parcours": {"profession": "designer", "parcours": "Designer de services publics depuis six ans."},
    "motivation": {"motivation": "Servir l'intérêt général.", "langues": "Français, espagnol"},
    "declarations": {"donnees_personnelles": True},
}


def last_years_call(promotion) -> Call:
    """EIG 9's call for applications, closed ten months ago, with its bilingual form and its grid."""
    now = timezone.now()
    call = Call.objects.create(
        promotion=promotion,
        kind=Call.Kind.APPLICATIONS,
        title_fr="Appel à candidatures EIG 9",
        title_en="Call for applications EIG 9",
        slug="appel-candidatures-eig-9",
        opens_at=now - datetime.timedelta(days=350),
        closes_at=now - datetime.timedelta(days=300),
        dossier_prefix="EIG9",
        max_wishes=2,
        privacy_notice="Vos données sont traitées par le programme EIG 9.",
    )
    for order, (slug, title_fr, title_en, questions) in enumerate(EIG9_FORM, start=1):
        step = Step.objects.create(call=call, order=order, slug=slug, title_fr=title_fr, title_en=title_en)
        for q_order, (key, kind, label_fr, label_en, options) in enumerate(questions, start=1):
            Question.objects.create(
                step=step, order=q_order, key=key, kind=kind, label_fr=label_fr, label_en=label_en, **options
            )
    grid_of(
        call,
        CANDIDATE_PRESCREENING,
        opens_at=call.closes_at + datetime.timedelta(days=2),
        closes_at=call.closes_at + datetime.timedelta(days=20),
    )
    sync_phase(call)
    return call


def eig10_challenge(promotion) -> Challenge:
    """EIG 10's public challenge, recruiting, written in French and English by the team."""
    challenge = ChallengeFactory(
        promotion=promotion,
        administration=AdministrationFactory(name="Direction générale des finances publiques", slug="dgfip"),
        status=Challenge.Status.RECRUITING,
        title="Hopkins : détecter la fraude",
        title_en="Hopkins: detecting fraud",
        slug="hopkins",
        summary="Repérer plus tôt les montages frauduleux grâce aux données.",
        summary_en="Spotting fraudulent schemes earlier with data.",
        body="## Le contexte\n\nDes contrôleurs croulent sous les signalements.",
        body_en="## The context\n\nInspectors are swamped with reports.",
        is_featured=True,
        profiles=["dev"],
    )
    PositionFactory(
        challenge=challenge,
        profile=profile("dev"),
        mission="Construire l'outil de détection",
        mission_en="Build the detection tool",
    )
    return challenge


def receipt_of(dossier) -> OutboxMessage:
    return OutboxMessage.objects.get(template="dossier_receipt", key=f"receipt:{dossier.pk}:1")


def fill_french_draft(dossier, call, *, first_name, steps):
    """A French candidate's answers, step by step, through the dossier engine."""
    owner = dossier.owner
    for slug in steps:
        answers = {"prenom": first_name, "nom": owner.last_name} if slug == "identite" else FRENCH_ANSWERS[slug]
        errors = save_step(dossier, call.steps.get(slug=slug), answers, by=owner)
        assert not errors, errors
    set_wishes(dossier, [call.promotion.challenges.get().positions.get().pk], by=owner)


def assert_label_shown(button):
    """The button's words are drawn, not clipped to its icon (a DSFR group of buttons with icons
    needs its own --icon-left modifier, or it shows each of them as an icon alone)."""
    assert button.evaluate("b => b.scrollWidth <= b.clientWidth && b.clientWidth > 80"), button


def save_and_continue(page):
    with page.expect_navigation():
        page.get_by_role(
            "button", name=re.compile("^(Save and (continue|check)|Enregistrer et (continuer|vérifier))$")
        ).click()
    page.wait_for_load_state()


def test_next_year_set_up_by_the_team_answered_in_english_and_written_to(
    page, browser_context, live_server, settings, tmp_path
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.FILE_SCANNER = "eig.files.scanners.NoopScanner"
    eig9 = PromotionFactory(number=9, year=2025, slug="eig-9", title="EIG 9")
    eig10 = PromotionFactory(number=10, year=2026, slug="eig-10", title="EIG 10")
    source = last_years_call(eig9)
    challenge = eig10_challenge(eig10)
    staff = StaffFactory(email="equipe@example.org")
    emma = UserFactory(first_name="Emma", last_name="Wilson", email="emma@example.org")
    bruno = UserFactory(first_name="Bruno", last_name="Martin", email="bruno@example.org")
    chloe = UserFactory(first_name="Chloé", last_name="Durand", email="chloe@example.org")

    # --- The team duplicates EIG 9's call into EIG 10 -------------------------------------------
    sign_in(browser_context, live_server, staff)
    visit(page, reverse("staff:call_list"))
    check_accessibility(page, "next-year-staff-calls")
    follow(page, "Dupliquer — Appel à candidatures EIG 9")
    assert page.get_by_label("Promotion de la copie").locator("option:checked").inner_text().startswith("EIG 10")
    check_accessibility(page, "next-year-duplicate")
    click(page, "Voir les dates de la copie")
    dates = page.locator("table", has_text="Dates de la copie pour EIG 10")
    expect(dates.get_by_role("rowheader", name="Ouverture de l'appel")).to_be_visible()
    expect(dates.get_by_role("rowheader", name="Présélection : ouverture de l'évaluation")).to_be_visible()
    screenshot(page, "next-year-duplicate-preview")
    check_accessibility(page, "next-year-duplicate-preview")
    click(page, "Créer la copie")
    call = Call.objects.get(promotion=eig10, kind=Call.Kind.APPLICATIONS)
    expect(
        page.get_by_text("Appel « Appel à candidatures EIG 10 » créé à partir de « Appel à candidatures EIG 9 ».")
    ).to_be_visible()
    assert (call.title_fr, call.title_en) == ("Appel à candidatures EIG 10", "Call for applications EIG 10")
    assert call.dossiers.count() == 0 and call.state() == "upcoming"
    assert Grid.objects.filter(call=call, phase=Grid.Phase.PRESCREENING).exists()
    assert list(call.steps.order_by("order").values_list("slug", flat=True)) == [
        "identite",
        "parcours",
        "motivation",
        "declarations",
    ]
    assert Question.objects.get(step__call=call, key="profession").choices_en == {"developer": "Software developer"}

    # --- The form builder: a question in French and English, the « Motivation » step moved up ----
    visit(page, reverse("staff:call_list"))
    follow(page, "Formulaire — Appel à candidatures EIG 10")
    follow(page, "Ajouter une question à l'étape « Motivation »")
    page.get_by_label("Libellé (français)", exact=True).fill("Vos langues de travail")
    page.get_by_label(re.compile(r"^Libellé \(anglais\)")).fill("Your working languages")
    page.get_by_label("Aide (français)", exact=True).fill("Celles dans lesquelles vous pouvez travailler au quotidien.")
    page.get_by_label("Aide (anglais)", exact=True).fill("The ones you can work in every day.")
    page.get_by_label("Type de question").select_option("short_text")
    page.get_by_label("Identifiant (facultatif)").fill("langues")
    assert page.get_by_label("Réponse obligatoire pour déposer").is_checked()  # by default
    check_accessibility(page, "next-year-builder-question")
    click(page, "Ajouter la question")
    expect(page.get_by_text("Question « Vos langues de travail » ajoutée.")).to_be_visible()
    question = Question.objects.get(step__call=call, key="langues")
    assert (question.label_fr, question.label_en, question.required) == (
        "Vos langues de travail",
        "Your working languages",
        True,
    )
    click(page, "Monter l'étape « Motivation »")
    expect(page.get_by_text("Étape « Motivation » déplacée : elle est maintenant en position 2 sur 4.")).to_be_visible()
    assert [h.strip() for h in page.locator("section h2").all_inner_texts()][:4] == [
        "Étape 1 : Identité",
        "Étape 2 : Motivation",
        "Étape 3 : Parcours",
        "Étape 4 : Déclarations",
    ]
    assert list(source.steps.order_by("order").values_list("slug", flat=True))[:3] == [
        "identite",
        "parcours",
        "motivation",
    ]  # last year's form is untouched
    screenshot(page, "next-year-builder")
    check_accessibility(page, "next-year-builder")

    # --- The call opens from its calendar; the public calendar follows ---------------------------
    visit(page, reverse("staff:call_list"))
    follow(page, "Calendrier — Appel à candidatures EIG 10")
    check_accessibility(page, "next-year-calendar")
    click(page, "Ouvrir l'appel maintenant")
    expect(page.get_by_text(re.compile("^Dates de l'appel enregistrées"))).to_be_visible()
    call.refresh_from_db()
    assert call.state() == "open"
    phase = Phase.objects.get(promotion=eig10, kind=Phase.Kind.APPLICATION_CALL)
    assert (phase.starts_at, phase.ends_at) == (call.opens_at, call.closes_at)
    screenshot(page, "next-year-calendar-open")
    check_accessibility(page, "next-year-calendar-open")
    check_no_browser_problems(page)

    # Bruno and Chloé start their dossiers in French and leave them incomplete.
    bruno_dossier = start_dossier(call, owner=bruno)
    fill_french_draft(bruno_dossier, call, first_name="Bruno", steps=["identite"])
    chloe_dossier = start_dossier(call, owner=chloe)
    fill_french_draft(chloe_dossier, call, first_name="Chloé", steps=["identite", "parcours"])

    # --- Emma reads the challenge in English and applies in English -------------------------------
    sign_in(browser_context, live_server, emma)
    visit(page, "/en/")
    assert page.evaluate("document.documentElement.lang") == "en"
    follow(page, "Hopkins: detecting fraud")
    assert page.get_by_role("heading", level=1).inner_text() == "Hopkins: detecting fraud"
    expect(page.get_by_text("Inspectors are swamped with reports.")).to_be_visible()
    expect(page.get_by_text("Build the detection tool")).to_be_visible()
    screenshot(page, "next-year-en-challenge")
    check_accessibility(page, "next-year-en-challenge")
    follow(page, "Apply to this challenge")
    assert page.url.startswith(live_server.url + "/en/")
    check_accessibility(page, "next-year-en-participate")
    follow(page, re.compile("^Apply$"))
    check_accessibility(page, "next-year-en-apply")
    with page.expect_navigation():
        page.get_by_role("button", name="Start my dossier").click()
    page.wait_for_load_state()
    dossier = Dossier.objects.get(call=call, owner=emma)

    # Identity, then the wishes (second), then the steps in the order the team gave them.
    assert page.get_by_role("heading", level=1).inner_text().startswith("Identity")
    page.get_by_label("First name").fill("Emma")
    page.get_by_label("Last name").fill("Wilson")
    check_accessibility(page, "next-year-en-step-identity")
    save_and_continue(page)
    page.get_by_label("Wish no. 1").select_option(str(challenge.positions.get().pk))
    save_and_continue(page)
    assert page.get_by_role("heading", level=1).inner_text().startswith("Motivation")
    page.get_by_label("Why you want to join the programme").fill("To build public services that work for everyone.")
    languages = page.get_by_label("Your working languages")
    languages.fill("English, French (B2)")
    expect(page.get_by_text("The ones you can work in every day.")).to_be_visible()
    screenshot(page, "next-year-en-step-motivation")
    check_accessibility(page, "next-year-en-step-motivation")
    save_and_continue(page)
    assert page.get_by_role("heading", level=1).inner_text().startswith("Background")
    choose(page, "Software developer")
    page.get_by_label("Your background").fill("Seven years building open-source tools for cities.")
    check_accessibility(page, "next-year-en-step-background")
    save_and_continue(page)
    choose(page, "I have read the notice on the processing of my personal data.")
    save_and_continue(page)
    expect(page.get_by_text("Your dossier is complete.")).to_be_visible()
    screenshot(page, "next-year-en-overview")
    check_accessibility(page, "next-year-en-overview")
    with page.expect_navigation():
        page.get_by_role("button", name="Submit my dossier").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Submission receipt"
    assert_label_shown(page.get_by_role("link", name="Download the receipt (PDF)"))
    screenshot(page, "next-year-en-receipt")
    check_accessibility(page, "next-year-en-receipt")
    check_no_browser_problems(page)
    dossier.refresh_from_db()
    assert (dossier.status, dossier.language) == (Dossier.Status.SUBMITTED, "en")
    assert Answer.objects.get(dossier=dossier, question=question).value == "English, French (B2)"
    receipt = receipt_of(dossier)
    assert (receipt.recipient, receipt.language) == ("emma@example.org", "en")
    assert receipt.subject == 'Receipt of your application "Call for applications EIG 10"'

    # --- The team reminds the incomplete drafts: previewed, then delivered once each --------------
    sign_in(browser_context, live_server, staff)
    visit(page, reverse("staff:message_list"))
    follow(page, "Écrire un nouveau message")
    page.locator("label.fr-label").filter(has_text="Brouillons incomplets d'un appel ouvert").click()
    click(page, "Continuer")
    page.get_by_label("Appel (ouvert)").select_option(call.slug)
    page.get_by_label("Objet").fill("Plus que quelques semaines pour déposer votre dossier")
    page.get_by_label("Message").fill(
        "Votre dossier EIG 10 n'est pas encore complet : il vous manque une ou deux étapes."
    )
    click(page, "Aperçu")
    expect(page.get_by_role("heading", name="2 destinataires")).to_be_visible()
    recipients = page.locator("table", has_text="premiers destinataires")
    assert sorted(recipients.locator("tbody td:nth-child(2)").all_inner_texts()) == [
        "bruno@example.org",
        "chloe@example.org",
    ]
    screenshot(page, "next-year-reminder-preview")
    check_accessibility(page, "next-year-reminder-preview")
    # The same preview left open in a second tab.
    second_tab = browser_context.new_page()
    second_tab.goto(page.url)
    assert_label_shown(page.get_by_role("button", name="Envoyer le message aux 2 personnes"))
    # A double click on « Envoyer », then « Envoyer » again from the second tab: one message each.
    page.get_by_role("button", name="Envoyer le message aux 2 personnes").dblclick()
    expect(page.get_by_text("Ce message est envoyé :")).to_be_visible()
    with second_tab.expect_navigation():
        second_tab.get_by_role("button", name="Envoyer le message aux 2 personnes").click()
    expect(second_tab.get_by_text("Ce message était déjà envoyé : rien de plus n'est parti.")).to_be_visible()
    second_tab.close()
    reminder = Broadcast.objects.get()
    assert (reminder.recipients, reminder.sent_at is not None) == (2, True)
    assert sorted(OutboxMessage.objects.filter(template="broadcast").values_list("key", "recipient")) == sorted(
        (f"broadcast:{reminder.pk}:{user.pk}", user.email) for user in (bruno, chloe)
    )
    check_accessibility(page, "next-year-reminder-sent")
    check_no_browser_problems(page)

    # --- A request for complement to Emma, answered from her space -------------------------------
    visit(page, reverse("staff:dossier_detail", args=[call.slug, dossier.number]))
    # Submitted on /en/, read in French: the same version, no « newer draft ».
    expect(page.locator("#newer-draft")).to_have_count(0)
    expect(page.get_by_text("Your working languages", exact=False)).to_have_count(0)
    expect(page.get_by_text("English, French (B2)")).to_be_visible()
    page.locator("label.fr-label").filter(has_text="Une réponse écrite").click()
    page.get_by_label("Message à la personne").fill(
        "Could you give us the link to one of the open-source tools you mention?"
    )
    click(page, "Demander un complément", exact=True)
    expect(page.get_by_text("Demande de complément envoyée")).to_be_visible()
    complement = ComplementRequest.objects.get(dossier=dossier)
    told = OutboxMessage.objects.get(template="complement_request")
    assert (told.recipient, told.language) == ("emma@example.org", "en")
    check_accessibility(page, "next-year-staff-complement")

    sign_in(browser_context, live_server, emma)
    with translation.override("en"):
        space = reverse("candidates:space")
    assert space.startswith("/en/")
    visit(page, space)
    check_accessibility(page, "next-year-en-space-complement")
    follow(page, "Answer")
    page.get_by_label("Your answer").fill("Of course: https://example.org/emma/tools")
    screenshot(page, "next-year-en-complement")
    check_accessibility(page, "next-year-en-complement")
    click(page, "Send my answer")
    complement.refresh_from_db()
    assert complement.answered_at is not None
    assert complement.answer_text == "Of course: https://example.org/emma/tools"
    check_accessibility(page, "next-year-en-complement-answered")
    check_no_browser_problems(page)

    sign_in(browser_context, live_server, staff)
    visit(page, reverse("staff:dossier_detail", args=[call.slug, dossier.number]))
    answers = page.locator("#complements")
    expect(answers.get_by_text("Réponse reçue")).to_be_visible()
    expect(answers.get_by_text("Of course: https://example.org/emma/tools")).to_be_visible()
    answers.scroll_into_view_if_needed()
    screenshot(page, "next-year-staff-complement-answered")
    check_accessibility(page, "next-year-staff-complement-answered")

    # --- Chloé submits: her receipt waits in the queue with the platform's text -------------------
    fill_french_draft(chloe_dossier, call, first_name="Chloé", steps=["motivation", "declarations"])
    submit_dossier(chloe_dossier, by=chloe, language="fr")
    queued = receipt_of(chloe_dossier)
    assert (queued.status, queued.subject) == (OutboxMessage.Status.QUEUED, OLD_SUBJECT)

    # --- The team rewrites the French receipt's subject -----------------------------------------
    visit(page, reverse("staff:call_list"))
    follow(page, "Textes des courriels envoyés par la plateforme")
    check_accessibility(page, "next-year-email-texts")
    follow(page, re.compile("^Modifier — Accusé de réception d'un dossier déposé, fran"))
    page.get_by_label("Objet").fill(NEW_SUBJECT)
    click(page, "Aperçu")
    preview = page.locator("section", has_text="Aperçu sur des données d'exemple")
    expect(
        preview.get_by_text(
            "Nous avons bien reçu votre candidature à l'« Appel à candidatures EIG 10 » (dossier C-EIG10-0042)"
        )
    ).to_be_visible()
    screenshot(page, "next-year-email-text")
    check_accessibility(page, "next-year-email-text")
    click(page, "Enregistrer")
    expect(page.get_by_text(re.compile("^Texte enregistré : les prochains messages"))).to_be_visible()
    assert EmailText.objects.get(template="dossier_receipt", language="fr").subject == NEW_SUBJECT
    check_no_browser_problems(page)

    # --- Bruno finishes and submits in French: his receipt has the new subject --------------------
    fill_french_draft(bruno_dossier, call, first_name="Bruno", steps=["parcours", "motivation", "declarations"])
    sign_in(browser_context, live_server, bruno)
    visit(page, reverse("candidates:dossier", args=[bruno_dossier.number]))
    with page.expect_navigation():
        page.get_by_role("button", name="Déposer mon dossier").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Récépissé de dépôt"
    check_no_browser_problems(page)
    bruno_receipt = receipt_of(bruno_dossier)
    assert (bruno_receipt.language, bruno_receipt.subject) == (
        "fr",
        f"Nous avons bien reçu votre candidature à l'« Appel à candidatures EIG 10 » (dossier {bruno_dossier.number})",
    )

    # Chloé's receipt, queued before the change, keeps its words, and leaves with them.
    queued.refresh_from_db()
    assert queued.subject == OLD_SUBJECT
    mail.outbox.clear()
    deliver(queued.pk)
    assert [m.subject for m in mail.outbox] == [OLD_SUBJECT]
    assert receipt_of(dossier).subject == 'Receipt of your application "Call for applications EIG 10"'
