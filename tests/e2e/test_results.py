"""Results and memory in the browser (issue 16's acceptance): Ada, a fellow of « Alpha », declares
the team's source repository (with its licence) and its open dataset; staff publish both; they
appear on the challenge's public page as achievements, with the key figures computed from them.
Past mid-promotion, Ada fills the team's handover plan and submits it; Agnès, the host agent,
confirms it; staff record what becomes of the challenge, shown on its page. Staff close the
promotion (with its confirmation): Ada becomes an alumna, consents to the directory on her alumni
profile and appears there for Cléo, another alumna; staff invite her to review a grid; she
accepts and gets a reviewer seat.

The world is tests/factories/handover.py's (programme_world() started 200 days ago: the plan
opened 50 days ago) with the public side of tests/factories/closing.py. A second test builds
every state through the parts' factories and visits each new page of issue 16 with axe-core,
the public results page in French and in English.
"""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from eig.alumni import services as alumni_services
from eig.alumni.models import Alumnus, Invitation
from eig.challenges.models import KeyFigure
from eig.programme.models import Fellow
from eig.results import closing as closing_services
from eig.results import deliverables, demo_day
from eig.results import handover as handover_services
from eig.results.models import Closing, Deliverable, Handover, Participation
from eig.reviews.models import Reviewer
from eig.web.staff.programme.closing_forms import CloseForm
from tests.factories import with_totp
from tests.factories.alumni import a_jury, open_grid
from tests.factories.closing import at, demo_day_event, handover_outcome, results_world
from tests.factories.deliverables import declare, published
from tests.factories.handover import confirmed, handover_world, submitted
from tests.factories.stories import story
from tests.factories.surveys import MID_TERM_ANSWERS, responses, survey_of

from .audit import check_accessibility, check_no_browser_problems, page_facts, screenshot
from .steps import choose, click, follow, visit
from .test_staff_and_privacy import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

REPOSITORY = "Le code source du guichet"
DATASET = "Les demandes traitées par le guichet"
PLAN = {
    "Qui reprend le produit": "La direction du numérique du ministère reprend le produit, avec une cheffe de produit.",
    "Le budget": "120 000 € par an sur le budget de la direction, pour trois ans.",
    "Les recrutements": "Ada est prolongée d'un an en contrat de projet ; un développeur est recruté.",
    "L'hébergement du code": "Forge de l'administration (GitLab), dépôt au nom de la direction du numérique.",
    "L'hébergement des données": "Hébergeur qualifié SecNumCloud, sous la responsabilité du ministère.",
}
OUTCOME_REASON = "La direction du numérique a repris le guichet et son équipe."


WIDER_THAN_THE_WINDOW = """() => Array.from(document.querySelectorAll('body *'))
  .filter(e => e.checkVisibility() && e.getBoundingClientRect().right > window.innerWidth + 1)
  .map(e => e.outerHTML.slice(0, 120))"""


def audit(page, name, *, shot=False):
    if shot:
        screenshot(page, name)
    assert page.get_by_role("heading", level=1).count() == 1, f"{page.url} : un seul <h1> attendu"
    wider = page.evaluate(WIDER_THAN_THE_WINDOW)
    assert not wider, f"{page.url} : déborde de la fenêtre : {wider[:3]}"
    check_accessibility(page, name)


def key_figures(page, heading_id="chiffres-cles") -> list[str]:
    """The key figures listed under a heading, each read as one line (« 1 dépôt de code source ouvert »)."""
    items = page.locator(f"ul[aria-labelledby='{heading_id}'] > li")
    return [" ".join(text.split()) for text in items.all_inner_texts()]


def declare_in_browser(page, kind, title, url, *, licence="", title_en=""):
    page.get_by_label("Type de réalisation").select_option(label=kind)
    page.get_by_label("Titre en français").fill(title)
    page.get_by_label("Titre en anglais (facultatif)").fill(title_en)
    page.get_by_label("Description courte en français").fill(f"{title}, ouvert à toutes et à tous.")
    page.get_by_label(re.compile("^Adresse")).fill(url)
    page.get_by_label("Licence (obligatoire pour un dépôt de code source)").fill(licence)
    click(page, "Déclarer la réalisation")
    assert page.get_by_text(f"Réalisation déclarée : « {title} »").is_visible()


def results_and_memory_world():
    """The handover world (plan open since 50 days) with its teams on the public pages; Ada has
    her second factor (the evaluation space asks for it once she reviews)."""
    world = handover_world(started_days=200)
    results_world()
    with_totp(world.user("ada"))
    return world


def test_a_team_leaves_its_results_and_a_fellow_becomes_an_alumna_who_reviews(page, browser_context, live_server):
    world = results_and_memory_world()
    promotion, alpha = world.promotion, world.alpha
    ada, agnes, cleo, staff = world.user("ada"), world.user("agnes"), world.user("cleo"), world.staff
    grid = open_grid()

    # Ada declares the team's source repository (with its licence) and its open dataset.
    sign_in(browser_context, live_server, ada)
    visit(page, reverse("programme:team", kwargs={"challenge": alpha.pk}))
    follow(page, "Réalisations", exact=True)
    assert page.get_by_role("heading", name="Déclarer une réalisation").is_visible()
    declare_in_browser(
        page,
        "Dépôt de code source",
        REPOSITORY,
        "https://code.gouv.example/alpha/guichet",
        licence="EUPL-1.2",
        title_en="The service's source code",
    )
    declare_in_browser(
        page,
        "Jeu de données ouvert",
        DATASET,
        "https://www.data.gouv.example/fr/datasets/demandes-guichet/",
        licence="Licence Ouverte 2.0",
    )
    assert page.get_by_role("heading", name=REPOSITORY).is_visible()
    assert page.get_by_role("heading", name=DATASET).is_visible()
    audit(page, "fr-results-deliverables", shot=True)
    assert set(Deliverable.objects.filter(challenge=alpha).values_list("title_fr", "status", "licence")) == {
        (REPOSITORY, Deliverable.Status.PROPOSED, "EUPL-1.2"),
        (DATASET, Deliverable.Status.PROPOSED, "Licence Ouverte 2.0"),
    }

    # Staff publish both.
    sign_in(browser_context, live_server, staff)
    for title in (REPOSITORY, DATASET):
        visit(page, reverse("staff:results_deliverables", kwargs={"promotion": promotion.slug}))
        follow(page, title, exact=True)
        click(page, "Enregistrer et publier")
        assert page.get_by_text("Réalisation publiée sur la page publique du défi.").is_visible()
    visit(page, reverse("staff:results_deliverables", kwargs={"promotion": promotion.slug}))
    assert page.get_by_role("heading", name="Publiées sur les pages des défis (2)").is_visible()
    audit(page, "fr-results-staff-deliverables", shot=True)
    assert Deliverable.objects.filter(challenge=alpha, status=Deliverable.Status.PUBLISHED).count() == 2

    # The public challenge page shows them as achievements, with the figures computed from them.
    browser_context.clear_cookies()
    visit(page, alpha.get_absolute_url())
    assert page.get_by_role("heading", level=3, name=REPOSITORY).is_visible()
    assert page.get_by_role("heading", level=3, name=DATASET).is_visible()
    figures = key_figures(page)
    assert "1 dépôt de code source ouvert" in figures, figures
    assert "1 jeu de données ouvert" in figures, figures
    audit(page, "fr-results-challenge-achievements", shot=True)

    # Ada fills the team's handover plan, open since mid-promotion, and submits it.
    sign_in(browser_context, live_server, ada)
    visit(page, reverse("programme:home"))
    follow(page, "Remplir le plan de pérennisation")
    assert page.get_by_text("À commencer").first.is_visible()
    click(page, "Commencer le plan")
    for label, text in PLAN.items():
        if not page.get_by_label(label).count():
            click(page, "Enregistrer et continuer")
        page.get_by_label(label).fill(text)
    click(page, "Enregistrer et continuer")
    click(page, "Enregistrer et vérifier")
    assert page.get_by_text("Toutes les réponses obligatoires sont données.").is_visible()
    audit(page, "fr-results-handover-overview")
    click(page, "Déposer le plan")
    handover = Handover.objects.get(challenge=alpha)
    assert handover.dossier.version == 1
    assert handover_services.awaits_confirmation(handover)

    # Agnès, the host agent, reads the plan and confirms it.
    sign_in(browser_context, live_server, agnes)
    visit(page, reverse("programme:home"))
    follow(page, "Confirmer le plan de pérennisation")
    assert page.get_by_text(PLAN["Le budget"]).is_visible()
    audit(page, "fr-results-handover-confirm", shot=True)
    click(page, "Confirmer la version 1 du plan")
    assert page.get_by_text("Vous avez confirmé le plan de pérennisation de l'équipe.").is_visible()
    handover.refresh_from_db()
    assert (handover.confirmed_by, handover.confirmed_version) == (agnes, 1)

    # Staff record what becomes of the challenge; its public page says it.
    sign_in(browser_context, live_server, staff)
    visit(page, reverse("staff:results_handovers", kwargs={"promotion": promotion.slug}))
    audit(page, "fr-results-staff-handovers")
    visit(page, reverse("staff:results_handover", kwargs={"promotion": promotion.slug, "challenge": alpha.pk}))
    page.get_by_role("combobox", name="Devenir du défi").select_option(label="Poursuivi par l'administration")
    page.get_by_label("Raison ou précisions, en français").fill(OUTCOME_REASON)
    click(page, "Enregistrer le devenir")
    assert page.get_by_text("Devenir du défi « Alpha » enregistré : il figure sur sa page publique.").is_visible()
    browser_context.clear_cookies()
    visit(page, alpha.get_absolute_url())
    after = page.locator("section[aria-labelledby='apres-le-programme']")
    assert after.get_by_role("heading", name="Après le programme").is_visible()
    assert after.get_by_text("Poursuivi par l'administration").is_visible()
    assert after.get_by_text(OUTCOME_REASON).is_visible()

    # Staff close the promotion, after its confirmation.
    sign_in(browser_context, live_server, staff)
    visit(page, reverse("staff:results_close", kwargs={"promotion": promotion.slug}))
    audit(page, "fr-results-staff-closing", shot=True)
    click(page, "Clore la promotion")
    assert page.get_by_text("Cochez la case pour confirmer la clôture de la promotion.").first.is_visible()
    assert not Closing.objects.filter(promotion=promotion).exists()
    page.problems.clear()  # the refusal answers 400 by design; what follows must stay clean
    choose(page, str(CloseForm.base_fields["confirm"].label))
    click(page, "Clore la promotion")
    assert page.get_by_text(f"La promotion {promotion} est close : sa page des résultats est publique.").is_visible()
    assert Closing.objects.filter(promotion=promotion).exists()
    alumna = Alumnus.objects.get(user=ada)
    assert alumna.fellow.status == Fellow.Status.FINISHED and not alumna.listed

    # Ada, now an alumna, gives her consent on her profile; Cléo finds her in the directory.
    sign_in(browser_context, live_server, ada)
    visit(page, reverse("alumni:profile"))
    audit(page, "fr-results-alumni-profile", shot=True)
    choose(page, "J'accepte de figurer dans l'annuaire des anciens")
    page.get_by_label("Compétences").fill("données, Python, cartographie")
    page.get_by_label("Poste actuel").fill("Cheffe de produit, direction du numérique")
    choose(page, "Me contacter par l'équipe du programme")
    click(page, "Enregistrer ma fiche")
    assert page.get_by_text("Votre fiche est enregistrée : l'annuaire des anciens la présente.").is_visible()
    alumna.refresh_from_db()
    assert alumna.listed and alumna.listed_at is not None
    sign_in(browser_context, live_server, cleo)
    visit(page, reverse("alumni:directory"))
    row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Ada Lovelace"))
    assert row.get_by_text("données, Python, cartographie").is_visible()
    assert row.get_by_text("Par l'intermédiaire de l'équipe du programme").is_visible()
    assert page.get_by_role("rowheader", name="Cléo Durand").count() == 0  # no consent given
    audit(page, "fr-results-alumni-directory", shot=True)

    # Staff invite Ada to review the grid's dossiers.
    sign_in(browser_context, live_server, staff)
    visit(page, reverse("staff:alumni"))
    audit(page, "fr-results-staff-alumni")
    follow(page, "Inviter Ada Lovelace")
    choose(page, "Évaluer des dossiers")
    page.get_by_label("Grille d'évaluation (pour évaluer)").select_option(str(grid.pk))
    page.get_by_label("Message (facultatif)").fill("Votre regard d'ancienne nous serait précieux.")
    audit(page, "fr-results-staff-alumni-invite")
    click(page, "Envoyer l'invitation")
    assert page.get_by_text(re.compile("^Invitation envoyée à Ada Lovelace")).is_visible()
    invitation = Invitation.objects.get(alumnus=alumna)
    assert invitation.status == Invitation.Status.PENDING

    # Ada accepts: she gets a reviewer seat and reaches the evaluation space.
    sign_in(browser_context, live_server, ada)
    visit(page, reverse("alumni:directory"))
    follow(page, "Mes invitations")
    assert page.get_by_text("Votre regard d'ancienne nous serait précieux.").is_visible()
    audit(page, "fr-results-alumni-invitations")
    choose(page, "J'accepte")
    click(page, "Confirmer ma réponse")
    assert page.get_by_text(re.compile("^Merci : votre place est créée pour")).is_visible()
    invitation.refresh_from_db()
    reviewer = Reviewer.objects.get(grid=grid, user=ada)
    assert reviewer.accepted_at is not None and reviewer.dropped_at is None
    assert (invitation.status, invitation.reviewer) == (Invitation.Status.ACCEPTED, reviewer)
    follow(page, "Mon espace évaluation")
    assert page.get_by_role("heading", level=1, name="Évaluation des dossiers").is_visible()
    check_no_browser_problems(page)


# --- Every new page passes axe ------------------------------------------------------------------------


def everything_world(settings, tmp_path):
    """One promotion past mid-promotion with every state of issue 16: deliverables published,
    proposed, returned; Alpha's plan confirmed, Bêta's submitted; a sourced figure; a mid-term
    survey answered by 6 fellows, 5 mentors and 2 hosts (hidden); a demo day with its programme;
    a story with its image. The alumni come later, from the promotion's closing."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    world = results_and_memory_world()
    staff = world.staff
    alpha_repo = published(
        world,
        "alpha",
        Deliverable.Kind.REPOSITORY,
        title=REPOSITORY,
        title_en="The service's source code",
        description_en="The source code, open to everyone.",
    )
    published(world, "alpha", Deliverable.Kind.DATASET, title=DATASET, title_en="The requests the service handled")
    published(world, "beta", Deliverable.Kind.PRODUCT, title="Le service en ligne", users=1200)
    published(
        world,
        "beta",
        Deliverable.Kind.DEMO,
        title="La vidéo du demo day",
        url="https://video.example/beta-demo",
    )
    declare(world, "alpha", Deliverable.Kind.PUBLICATION, title="Une intervention au salon")
    returned = declare(world, "beta", Deliverable.Kind.REPOSITORY, title="Le dépôt de Bêta")
    deliverables.return_to_team(returned, "Indiquez la licence du dépôt.", by=staff)
    KeyFigure.objects.create(
        challenge=world.alpha,
        amount="30 %",
        description_fr="de demandes traitées en moins d'une semaine",
        description_en="of requests handled within a week",
        source="Tableau de bord du ministère",
        source_url="https://ministere.example/tableau-de-bord",
    )
    confirmed(world, "alpha")
    submitted(world, "beta")
    survey = survey_of(world)
    answers = [
        MID_TERM_ANSWERS | {"satisfaction": str(s), "recommandation": r, "mieux_marche": f"Réponse libre {i}"}
        for i, (s, r) in enumerate([(5, 9), (4, 8), (4, 7), (3, 6), (5, 10), (2, 4)])
    ]
    responses(survey, "fellows", answers)
    responses(survey, "mentors", answers[:5])
    responses(survey, "hosts", answers[:2])
    # Their participations (the response rates): all but Ada, who answers in the browser.
    Participation.objects.filter(survey=survey).exclude(user=world.user("ada")).update(answered_on=timezone.localdate())
    event = demo_day_event(world, days=-1)
    demo_day.save_agenda(
        event,
        [
            demo_day.Slot(at(event, 9, 30), "Accueil", "Welcome"),
            demo_day.Slot(at(event, 10), "Alpha : le guichet", "Alpha: the service desk", "Ada Lovelace", world.alpha),
            demo_day.Slot(at(event, 11), "Bêta : le service en ligne", "", "Cléo Durand", world.beta),
        ],
        by=staff,
    )
    ada_story = story(world.user("ada"), image=True, english=True)
    return world, alpha_repo, survey, event, ada_story


def test_every_page_of_results_and_memory_passes_axe(page, browser_context, live_server, settings, tmp_path):
    world, repo, survey, event, ada_story = everything_world(settings, tmp_path)
    promotion, alpha, beta = world.promotion, world.alpha, world.beta
    slug = promotion.slug
    ada, agnes, staff = world.user("ada"), world.user("agnes"), world.staff
    proposed = Deliverable.objects.get(status=Deliverable.Status.PROPOSED)

    # A fellow: the deliverables, their edit and withdraw pages; the plan; the surveys; the stories.
    sign_in(browser_context, live_server, ada)
    for name, url in [
        ("team-deliverables", reverse("programme:deliverables", kwargs={"challenge": alpha.pk})),
        (
            "team-deliverable-edit",
            reverse("programme:deliverable_edit", kwargs={"challenge": alpha.pk, "deliverable": repo.pk}),
        ),
        (
            "team-deliverable-withdraw",
            reverse("programme:deliverable_withdraw", kwargs={"challenge": alpha.pk, "deliverable": proposed.pk}),
        ),
        ("team-handover", reverse("programme:handover", kwargs={"challenge": alpha.pk})),
        ("surveys-mine", reverse("programme:surveys")),
        ("stories-mine", reverse("programme:stories")),
        ("story-new", reverse("programme:story_new")),
        ("story-edit", reverse("programme:story_edit", kwargs={"story": ada_story.pk})),
    ]:
        visit(page, url)
        audit(page, f"fr-results-{name}", shot=name in {"team-deliverables", "surveys-mine", "story-edit"})
    # The plan's kit pages: a step, its overview.
    visit(page, reverse("programme:handover", kwargs={"challenge": alpha.pk}))
    follow(page, "Modifier le plan")
    assert page.get_by_label("Les risques identifiés").is_visible()  # it resumes at the last step saved
    audit(page, "fr-results-handover-step", shot=True)
    visit(page, reverse("programme:handover", kwargs={"challenge": alpha.pk}))
    follow(page, "Vérifier et déposer")
    audit(page, "fr-results-handover-dossier")
    # A survey's first step (answering starts with a POST).
    visit(page, reverse("programme:surveys"))
    click(page, re.compile("^Répondre"))
    assert page.get_by_text("Dans l'ensemble, êtes-vous satisfait·e du programme ?").is_visible()
    audit(page, "fr-results-survey-step", shot=True)
    # A story's preview.
    visit(page, reverse("programme:story_edit", kwargs={"story": ada_story.pk}))
    click(page, "Prévisualiser")
    audit(page, "fr-results-story-preview")

    # Host agents: Agnès reads Alpha's confirmed plan; Bruno has Bêta's submitted plan to confirm.
    sign_in(browser_context, live_server, agnes)
    visit(page, reverse("programme:handover", kwargs={"challenge": alpha.pk}))
    audit(page, "fr-results-team-handover-host")
    sign_in(browser_context, live_server, world.user("bruno"))
    visit(page, reverse("programme:handover_confirm", kwargs={"challenge": beta.pk}))
    assert page.get_by_role("button", name="Confirmer la version 1 du plan").is_visible()
    audit(page, "fr-results-handover-confirm-page")

    # Staff: deliverables, figures, plans, surveys, the demo day's programme, stories, closing.
    sign_in(browser_context, live_server, staff)
    for name, url, shot in [
        ("staff-deliverables", reverse("staff:results_deliverables", kwargs={"promotion": slug}), True),
        (
            "staff-deliverable",
            reverse("staff:results_deliverable", kwargs={"promotion": slug, "deliverable": repo.pk}),
            False,
        ),
        (
            "staff-deliverable-proposed",
            reverse("staff:results_deliverable", kwargs={"promotion": slug, "deliverable": proposed.pk}),
            False,
        ),
        (
            "staff-deliverable-unpublish",
            reverse("staff:results_deliverable", kwargs={"promotion": slug, "deliverable": repo.pk})
            + "?action=unpublish",
            False,
        ),
        ("staff-figures", reverse("staff:results_figures", kwargs={"promotion": slug}), True),
        ("staff-handovers", reverse("staff:results_handovers", kwargs={"promotion": slug}), False),
        (
            "staff-handover",
            reverse("staff:results_handover", kwargs={"promotion": slug, "challenge": alpha.pk}),
            False,
        ),
        ("staff-surveys", reverse("staff:results_surveys", kwargs={"promotion": slug}), True),
        ("staff-survey", reverse("staff:results_survey", kwargs={"promotion": slug, "survey": survey.pk}), True),
        (
            "staff-event-agenda",
            reverse("staff:programme_event_agenda", kwargs={"promotion": slug, "event": event.pk}),
            True,
        ),
        ("staff-stories", reverse("staff:stories"), False),
        ("staff-story", reverse("staff:story", kwargs={"story": ada_story.pk}), True),
        ("staff-closing", reverse("staff:results_close", kwargs={"promotion": slug}), False),
        # Where staff create the demo day (an event): its form's « Public » boxes.
        ("staff-events", reverse("staff:programme_events", kwargs={"promotion": slug}), True),
    ]:
        visit(page, url)
        audit(page, f"fr-results-{name}", shot=shot)
    # The survey's charts: an SVG per question, named, with its data table; the small group hidden.
    visit(page, reverse("staff:results_survey", kwargs={"promotion": slug, "survey": survey.pk}))
    charts = page.locator("svg[role='img']")
    assert charts.count() >= 4
    assert page.get_by_text(re.compile("^Moins de 5 réponses : masqué")).first.is_visible()
    # The figure removal's confirmation (a POST) and the story's publication confirmation.
    visit(page, reverse("staff:results_figures", kwargs={"promotion": slug}))
    click(page, re.compile("^Retirer…"))
    audit(page, "fr-results-staff-figure-remove")
    visit(page, reverse("staff:story", kwargs={"story": ada_story.pk}))
    click(page, "Publier…")
    audit(page, "fr-results-staff-story-publish")
    click(page, "Publier le récit")
    assert page.get_by_text(re.compile("^Récit publié dans les actualités")).is_visible()

    # The outcomes, then the closing (by the service: the story test drives the page).
    handover_services.record_outcome(
        Handover.objects.get(challenge=alpha),
        outcome=Handover.Outcome.CONTINUED,
        reason_fr=OUTCOME_REASON,
        reason_en="The ministry's digital department took the service desk over, with its team.",
        by=staff,
    )
    handover_outcome(beta, Handover.Outcome.TAKEN_OVER, taken_over_by="Agence des services en ligne")
    closing_services.close_promotion(promotion, by=staff)
    visit(page, reverse("staff:results_close", kwargs={"promotion": slug}))
    audit(page, "fr-results-staff-closed")

    # Alumni: staff's list and invitation form; Ada's profile, directory and invitations.
    ada_alumna = Alumnus.objects.get(user=ada)
    cleo_alumna = Alumnus.objects.get(user=world.user("cleo"))
    for alumnus, listed in [(ada_alumna, True), (cleo_alumna, True)]:
        alumni_services.save_profile(
            alumnus,
            skills="données, design",
            current_role="Cheffe de produit",
            contact_preference="email",
            listed=listed,
            by=alumnus.user,
            now=timezone.now(),
        )
    alumni_services.invite(ada_alumna, kind=Invitation.Kind.REVIEW, grid=open_grid(), message="Bienvenue.", by=staff)
    alumni_services.invite(ada_alumna, kind=Invitation.Kind.JURY, jury=a_jury(), by=staff)
    for name, url, shot in [
        ("staff-alumni", reverse("staff:alumni"), True),
        ("staff-alumni-invite", reverse("staff:alumni_invite", kwargs={"alumnus": cleo_alumna.pk}), False),
        ("staff-directory", reverse("alumni:directory"), False),
    ]:
        visit(page, url)
        audit(page, f"fr-results-{name}", shot=shot)
    sign_in(browser_context, live_server, ada)
    for name, url, shot in [
        ("alumni-directory", reverse("alumni:directory"), True),
        ("alumni-profile", reverse("alumni:profile"), False),
        ("alumni-invitations", reverse("alumni:invitations"), True),
    ]:
        visit(page, url)
        audit(page, f"fr-results-{name}", shot=shot)

    # The public results page, in French then in English.
    browser_context.clear_cookies()
    results = reverse("public:promotion_results", kwargs={"slug": slug})
    for lang, url in [("fr", results), ("en", "/en" + results)]:
        response = page.goto(url)
        assert response.status == 200, url
        facts = page_facts(page)
        assert facts["lang"] == lang
        assert len(facts["h1"]) == 1
        assert not facts["overFooter"], f"{url} : du contenu déborde sur le pied de page : {facts['overFooter']}"
        screenshot(page, f"{lang}-results-promotion")
        check_accessibility(page, f"{lang}-results-promotion")
    # English: the template's headings from the catalogue, the deliverables' and the outcome's
    # English texts; a text left untranslated falls back to French, marked lang="fr".
    assert page.get_by_role("heading", level=1, name=f"Results of cohort {promotion}").is_visible()
    for level, heading in [
        (2, "The cohort in figures"),
        (2, "The teams"),
        (2, "The demo day"),
        (4, "Public interest entrepreneurs"),
        (4, "Achievements"),
        (4, "Key figures"),
        (4, "After the programme"),
        (4, "Demo day videos and slides"),
    ]:
        assert page.get_by_role("heading", level=level, name=heading, exact=True).first.is_visible(), heading
    assert page.get_by_text("open source repository").first.is_visible()
    assert page.get_by_role("link", name="The service's source code").is_visible()
    assert page.get_by_text("The ministry's digital department took the service desk over").is_visible()
    assert page.locator("[lang='fr']", has_text="Le service en ligne").count() >= 1
    check_no_browser_problems(page)
