"""The ten months in the browser (issue 15's acceptance): a laureate accepts their offer and
becomes a fellow, ticks their onboarding checklist; staff confirm their start and name a mentor;
the fellow writes two weekly retrospectives (one asking for help); the mentor reads them and flags
a difficulty; staff see both signals and close one with a note; the fellow registers to the
bootcamp, staff take attendance, the fellow's calendar feed lists it; the host agent sees the team.

The world is tests/factories/selection.py's, whose promotion is given a programme started four
weeks ago, the three forms of the ten months and a compulsory bootcamp under way. A second test
visits, with tests/factories/programme.py's world, the pages the story does not reach: every
page of the ten months passes axe-core.
"""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from eig.programme.defaults import install_programme_forms
from eig.programme.models import Event, Fellow, Mentor, Registration, Retrospective, Signal
from eig.programme.weeks import current_week, period_of
from eig.promotions.models import Phase
from eig.selection import services
from eig.selection.models import Offer
from tests.factories import UserFactory
from tests.factories.agents import confirmed_agent
from tests.factories.programme import programme_world
from tests.factories.selection import approved_run, offer_deadline, selection_world

from .audit import check_accessibility, check_no_browser_problems, screenshot
from .steps import choose, click, follow, visit
from .test_staff_and_privacy import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

HELP = "Un regard extérieur sur notre modèle de données."
DIFFICULTY = "L'accès aux données de production tarde : trois semaines d'attente."


def audit(page, name, *, shot=False):
    if shot:
        screenshot(page, name)
    check_accessibility(page, name)


def programme_under_way():
    """Offers sent for the selection world's promotion, whose programme began four weeks ago,
    with its forms installed and its bootcamp (compulsory, for fellows) started an hour ago."""
    world = selection_world()
    run = approved_run(world)
    promotion = world.call.promotion
    now = timezone.now()
    start = now - datetime.timedelta(weeks=4)
    Phase.objects.update_or_create(
        promotion=promotion,
        kind=Phase.Kind.PROGRAMME,
        defaults={"starts_at": start, "ends_at": start + datetime.timedelta(days=300)},
    )
    install_programme_forms(promotion)
    # Started, so that staff take attendance; today, so that « Mon programme » asks to register (even just after midnight).
    midnight = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    bootcamp = Event.objects.create(
        promotion=promotion,
        kind=Event.Kind.BOOTCAMP,
        title="Semaine d'intégration",
        description="Cinq jours pour rencontrer la promotion et les équipes.",
        starts_at=max(now - datetime.timedelta(hours=1), midnight),
        ends_at=now + datetime.timedelta(days=4),
        place="Paris, 20 avenue de Ségur",
        audiences=[Event.Audience.FELLOWS],
        compulsory=True,
    )
    services.send_offers(run, deadline=offer_deadline(), by=world.staff)
    return world, run, bootcamp


def test_a_laureate_becomes_a_fellow_and_the_team_follows_the_weeks_together(page, browser_context, live_server):
    world, run, bootcamp = programme_under_way()
    promotion = world.call.promotion
    alpha = world.challenges["A"]
    ada = world.dossiers["ada"].owner
    mentor_user = UserFactory(email="olga.mentor@example.org", first_name="Olga", last_name="Mentor")
    host = UserFactory(email="agnes.hote@example.org", first_name="Agnès", last_name="Hôte")
    confirmed_agent(host, alpha.administration, function="Cheffe de bureau")

    # Ada accepts her offer on its page and becomes a fellow of « Alpha ».
    sign_in(browser_context, live_server, ada)
    offer = world.offer(run, "ada")
    visit(page, reverse("candidates:offer", kwargs={"offer": offer.pk}))
    page.locator("label", has_text="J'accepte que mon nom et mon profil figurent").click()
    click(page, "Accepter la proposition")
    offer.refresh_from_db()
    assert offer.status == Offer.Status.ACCEPTED
    fellow = Fellow.objects.get(offer=offer)
    assert (fellow.challenge, fellow.status) == (alpha, Fellow.Status.ONBOARDING)

    # « Mon programme »: her team, and her checklist to do.
    follow(page, "Retrouver mon équipe dans « Mon programme »")
    assert page.get_by_role("heading", level=1, name="Mon programme").is_visible()
    assert page.get_by_role("link", name="Alpha", exact=True).is_visible()
    assert page.get_by_role("link", name=re.compile("^Liste d'arrivée : 4 éléments restants")).is_visible()
    assert page.get_by_role("link", name="Inscrivez-vous : Semaine d'intégration").is_visible()
    audit(page, "fr-programme-home", shot=True)

    # She ticks her checklist; the signed contract (a file) is optional and stays empty.
    follow(page, re.compile("^Liste d'arrivée"))
    audit(page, "fr-programme-onboarding-start")
    click(page, "Commencer la liste")
    audit(page, "fr-programme-onboarding-step")
    choose(page, "J'ai signé mon contrat avec l'administration d'accueil.")
    choose(page, "J'ai signé la convention avec le programme.")
    page.get_by_label("Ma date de prise de poste confirmée").fill(fellow.start_date.isoformat())
    choose(page, "J'ai lu et j'accepte la charte des entrepreneur·es d'intérêt général.")
    click(page, "Enregistrer et vérifier")
    assert page.get_by_text("Tous les éléments à cocher le sont.").is_visible()
    audit(page, "fr-programme-onboarding-overview", shot=True)
    click(page, "J'ai terminé ma liste")
    assert page.get_by_text("Votre liste est terminée : l'équipe du programme le voit.").is_visible()
    audit(page, "fr-programme-onboarding-receipt")
    fellow.refresh_from_db()
    assert fellow.onboarding.status == "submitted"

    # Staff see her checklist done and confirm her start; they name Olga her team's mentor.
    sign_in(browser_context, live_server, world.staff)
    visit(page, reverse("staff:programme_onboarding", kwargs={"promotion": promotion.slug}))
    assert page.get_by_text("Listes d'arrivée terminées : 1/1").is_visible()
    audit(page, "fr-programme-staff-onboarding", shot=True)
    click(page, "Confirmer la prise de poste")
    fellow.refresh_from_db()
    assert (fellow.status, fellow.started_on) == (Fellow.Status.ACTIVE, fellow.start_date)
    visit(page, reverse("staff:programme_overview", kwargs={"promotion": promotion.slug}))
    audit(page, "fr-programme-staff-overview")
    follow(page, "Alpha", exact=True)
    audit(page, "fr-programme-team-staff")
    follow(page, "Ajouter un mentor")
    audit(page, "fr-programme-mentor-form")
    page.get_by_label("Adresse électronique du compte").fill(mentor_user.email)
    page.get_by_label("Rôle").select_option(Mentor.Kind.OPERATIONAL.value)
    click(page, "Ajouter le mentor")
    assert Mentor.objects.filter(challenge=alpha, user=mentor_user).exists()
    assert page.get_by_text("Olga Mentor — Mentor opérationnel").is_visible()

    # Ada writes her two retrospectives: this week's, then last week's, asking for help.
    this_week = current_week()
    last_week = this_week - datetime.timedelta(weeks=1)
    sign_in(browser_context, live_server, ada)
    visit(page, reverse("programme:home"))
    follow(page, "Bilan de la semaine à remplir")
    assert page.get_by_role("heading", level=1, name="Mes bilans hebdomadaires").is_visible()
    audit(page, "fr-programme-retrospectives-mine", shot=True)
    for week, mood, help_text in [(this_week, "4 — Bien", ""), (last_week, "2 — Difficile", HELP)]:
        visit(page, reverse("programme:retrospectives"))
        page.locator(f"#semaine-{period_of(week)}").get_by_role("button", name=re.compile("^Remplir")).click()
        page.wait_for_load_state()
        choose(page, mood)
        page.get_by_label("La priorité de la semaine").fill("Livrer la première version du tableau de bord.")
        page.get_by_label("Ce qui a bien marché").fill("Les entretiens avec les agents du guichet.")
        page.get_by_label("Ce qui a été difficile").fill("Obtenir les accès aux données.")
        page.get_by_label("L'aide dont j'ai besoin").fill(help_text)
        if week == this_week:
            audit(page, "fr-programme-retrospective-step")
        click(page, "Enregistrer et vérifier")
        assert page.get_by_text("Votre bilan est complet.").is_visible()
        if week == this_week:
            audit(page, "fr-programme-retrospective-overview")
        click(page, "Déposer mon bilan")
        assert page.get_by_text(f"Votre bilan de la semaine {period_of(week)} est déposé.").is_visible()
        if week == last_week:
            assert page.get_by_text("L'équipe du programme est prévenue de l'aide que vous demandez.").is_visible()
            audit(page, "fr-programme-retrospective-receipt")
    submitted = Retrospective.objects.filter(fellow=fellow, submitted_at__isnull=False)
    assert {(r.week, r.asks_help) for r in submitted} == {(this_week, False), (last_week, True)}

    # Olga, her mentor, reads them on the team's « Bilans » tab and flags a difficulty on « Mentorat ».
    sign_in(browser_context, live_server, mentor_user)
    visit(page, reverse("programme:home"))
    follow(page, "Alpha", exact=True)
    follow(page, "Bilans")
    assert page.get_by_role("heading", name="Ada Lovelace").count() == 2
    assert page.get_by_text(HELP).is_visible()
    audit(page, "fr-programme-team-retrospectives", shot=True)
    follow(page, "Mentorat")
    audit(page, "fr-programme-team-notes")
    page.get_by_label("La difficulté").fill(DIFFICULTY)
    click(page, "Signaler la difficulté")
    assert page.get_by_text("Votre signalement est transmis à l'équipe du programme").is_visible()
    help_signal = Signal.objects.get(kind=Signal.Kind.HELP_ASKED, fellow=fellow)
    difficulty = Signal.objects.get(kind=Signal.Kind.DIFFICULTY, challenge=alpha)

    # Staff see both signals and close the help asked with a note.
    sign_in(browser_context, live_server, world.staff)
    visit(page, reverse("staff:programme_signals", kwargs={"promotion": promotion.slug}))
    assert page.get_by_text("2 signaux à traiter.").is_visible()
    assert page.get_by_role("heading", name=help_signal.summary).is_visible()
    assert page.get_by_role("heading", name=difficulty.summary).is_visible()
    audit(page, "fr-programme-signals", shot=True)
    page.locator(f"#close-{help_signal.pk}").fill("Mise en relation avec l'administrateur des données du ministère.")
    click(page, f"Clore le signal — {help_signal.summary}")
    help_signal.refresh_from_db()
    assert help_signal.state == Signal.State.CLOSED
    assert help_signal.note == "Mise en relation avec l'administrateur des données du ministère."
    assert page.get_by_text("1 signal à traiter.").is_visible()
    audit(page, "fr-programme-signals-closed")

    # Ada registers to the bootcamp on her agenda.
    sign_in(browser_context, live_server, ada)
    visit(page, reverse("programme:home"))
    follow(page, "Inscrivez-vous : Semaine d'intégration")
    click(page, "M'inscrire — Semaine d'intégration")
    assert page.get_by_text("Vous êtes inscrit·e à « Semaine d'intégration ».").is_visible()
    assert Registration.objects.filter(event=bootcamp, user=ada).exists()
    audit(page, "fr-programme-agenda", shot=True)
    feed_url = page.get_by_label("Adresse d'abonnement à copier dans votre agenda").input_value()

    # Staff take attendance on the event's page.
    sign_in(browser_context, live_server, world.staff)
    visit(page, reverse("staff:programme_event", kwargs={"promotion": promotion.slug, "event": bootcamp.pk}))
    audit(page, "fr-programme-staff-event")
    page.get_by_role("group", name="Présence de Ada Lovelace").locator("label", has_text="Présent·e").click()
    click(page, "Enregistrer les présences")
    assert page.get_by_text("1 présence relevée.").is_visible()
    assert Registration.objects.get(event=bootcamp, user=ada).attendance == Registration.Attendance.PRESENT

    # Ada's calendar feed (a private address: no session needed) lists the bootcamp.
    browser_context.clear_cookies()
    response = page.request.get(feed_url)
    assert response.ok and response.headers["content-type"].startswith("text/calendar")
    events = Calendar.from_ical(response.body()).walk("VEVENT")
    assert [(str(e["SUMMARY"]), str(e["LOCATION"])) for e in events] == [
        ("Semaine d'intégration", "Paris, 20 avenue de Ségur")
    ]

    # Agnès, an agent of Alpha's administration, sees the team with Ada.
    sign_in(browser_context, live_server, host)
    visit(page, reverse("programme:home"))
    audit(page, "fr-programme-home-host")
    follow(page, "Alpha", exact=True)
    assert page.get_by_role("rowheader", name="Ada Lovelace").is_visible()
    assert page.get_by_text("Agnès Hôte, Cheffe de bureau").is_visible()
    audit(page, "fr-programme-team", shot=True)
    check_no_browser_problems(page)


def test_every_page_of_the_ten_months_passes_axe(page, browser_context, live_server):
    """The pages the story does not reach, each as the person who uses it."""
    world = programme_world()
    promotion, alpha = world.promotion, world.alpha
    now = timezone.now()
    event = Event.objects.create(
        promotion=promotion,
        kind=Event.Kind.COLLECTIVE,
        title="Session collective",
        starts_at=now - datetime.timedelta(days=7),
        ends_at=now - datetime.timedelta(days=7) + datetime.timedelta(hours=3),
        link="https://example.org/visio",
        audiences=[Event.Audience.FELLOWS, Event.Audience.MENTORS],
        compulsory=True,
        capacity=30,
    )
    Registration.objects.create(event=event, user=world.user("ada"), attendance=Registration.Attendance.PRESENT)
    ada, bob = world.fellows["ada"], world.fellows["bob"]

    # Staff: the overview, the arrivals, a fellow, the events, the compulsory table, the signals.
    sign_in(browser_context, live_server, world.staff)
    for name, url in [
        ("staff-overview", reverse("staff:programme_overview", kwargs={"promotion": promotion.slug})),
        ("staff-onboarding", reverse("staff:programme_onboarding", kwargs={"promotion": promotion.slug})),
        ("staff-fellow", reverse("staff:programme_fellow", kwargs={"promotion": promotion.slug, "fellow": bob.pk})),
        ("staff-events", reverse("staff:programme_events", kwargs={"promotion": promotion.slug})),
        ("staff-compulsory", reverse("staff:programme_compulsory", kwargs={"promotion": promotion.slug})),
        ("staff-past-event", reverse("staff:programme_event", kwargs={"promotion": promotion.slug, "event": event.pk})),
        ("staff-signals-empty", reverse("staff:programme_signals", kwargs={"promotion": promotion.slug})),
    ]:
        visit(page, url)
        assert page.get_by_role("heading", level=1).count() == 1
        audit(page, f"fr-programme-{name}", shot=name in {"staff-overview", "staff-compulsory"})
    # A departure's confirmation step.
    visit(page, reverse("staff:programme_fellow", kwargs={"promotion": promotion.slug, "fellow": bob.pk}))
    page.get_by_label("Motif du départ").fill("Raison personnelle.")
    click(page, "Enregistrer le départ…")
    assert page.get_by_role("heading", level=1, name="Confirmer le départ de Bob Morane").is_visible()
    audit(page, "fr-programme-staff-departure-confirm")

    # A fellow: the objective form, « Mes bilans », the agenda and its renewal confirmation.
    sign_in(browser_context, live_server, ada.user)
    visit(page, reverse("programme:team", kwargs={"challenge": alpha.pk}))
    follow(page, "Ajouter un objectif")
    audit(page, "fr-programme-objective-form")
    page.get_by_label("Objectif", exact=True).fill("Réduire le délai de traitement")
    page.get_by_label("Indicateur").fill("Jours de traitement d'une demande")
    page.get_by_label("Valeur de départ").fill("30")
    page.get_by_label("Cible").fill("10")
    click(page, "Enregistrer l’objectif")
    assert page.get_by_role("heading", name="1. Réduire le délai de traitement").is_visible()
    audit(page, "fr-programme-team-objective")
    visit(page, reverse("programme:retrospectives"))
    audit(page, "fr-programme-retrospectives-empty")
    visit(page, reverse("programme:agenda"))
    audit(page, "fr-programme-agenda-past")
    follow(page, "Renouveler l'adresse")
    audit(page, "fr-programme-agenda-renew")

    # A fellow not started yet: « Ma liste d'arrivée » before it is started.
    sign_in(browser_context, live_server, bob.user)
    visit(page, reverse("programme:onboarding"))
    assert page.get_by_role("heading", level=1, name="Ma liste d'arrivée").is_visible()
    audit(page, "fr-programme-onboarding-before")

    # A host agent: the mentoring page, the host checklist (start, step, overview).
    sign_in(browser_context, live_server, world.user("agnes"))
    visit(page, reverse("programme:team_notes", kwargs={"challenge": alpha.pk}))
    assert page.get_by_role("heading", name="Signaler une difficulté").is_visible()
    audit(page, "fr-programme-team-notes-host")
    visit(page, reverse("programme:team_retrospectives", kwargs={"challenge": alpha.pk}))
    audit(page, "fr-programme-team-retrospectives-empty")
    follow(page, "Liste d'accueil")
    audit(page, "fr-programme-host-onboarding-start")
    click(page, "Commencer la liste")
    audit(page, "fr-programme-host-onboarding-step")
    choose(page, "Les contrats de l'équipe sont signés.")
    click(page, "Enregistrer et vérifier")
    audit(page, "fr-programme-host-onboarding-overview", shot=True)

    # A high-level mentor: the mentoring page with its note form.
    sign_in(browser_context, live_server, world.user("hugo"))
    visit(page, reverse("programme:team_notes", kwargs={"challenge": alpha.pk}))
    page.get_by_label("Décisions").fill("Prioriser le tableau de bord.")
    click(page, "Enregistrer la note")
    assert page.get_by_role("heading", name=re.compile("^Point mensuel")).is_visible()
    audit(page, "fr-programme-team-notes-mentor")
    check_no_browser_problems(page)
