"""A promotion formed in the browser (issue 7's acceptance): staff run the engine in both modes
and compare them, lock a pair and submit that proposal; an approver approves it through its
confirmation step; staff send the offers through their preview and its confirmation; a laureate
declines; staff have the replacement proposed, confirm it and the person is notified; another laureate accepts, consenting to appear by name; staff publish the promotion,
its public page shows the team and links to the method page with the approved parameters.

The world is tests/factories/selection.py's (its docstring draws it). Locking Hugo on the
design position of « Gamma » puts Gus on the waiting list; Fay declines « Bêta » and Inès, next
on the jury's data-science list of « Bêta », replaces her.
"""

import pytest
from django.urls import reverse

from eig.notifications.models import OutboxMessage
from eig.selection import services
from eig.selection.models import Approval, Offer, SelectionRun
from tests.factories.reviews import with_totp
from tests.factories.selection import offer_deadline, selection_world

from .audit import check_accessibility, check_no_browser_problems, screenshot
from .steps import click, visit
from .test_staff_and_privacy import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_promotion_is_formed_validated_offered_and_published(page, browser_context, live_server):
    world = selection_world()
    slug, run_of = world.call.slug, world.position_of

    # Staff run the engine in both modes and compare them.
    sign_in(browser_context, live_server, world.staff)
    visit(page, reverse("staff:selection_overview", args=[slug]))
    for mode in ["Composition optimale des équipes", "Affectation stable (acceptation différée)"]:
        page.locator("label", has_text=mode).click()
        click(page, "Lancer le calcul")
        visit(page, reverse("staff:selection_overview", args=[slug]))
    optimal = SelectionRun.objects.get(mode="optimal")
    assert SelectionRun.objects.get(mode="stable").status == "stable"
    screenshot(page, "fr-selection-overview")
    check_accessibility(page, "fr-selection-overview")
    page.get_by_role("link", name="Comparer les deux méthodes").click()
    page.wait_for_load_state()
    # The stable matching ignores the jury's proposals: Eve is the one placed differently.
    assert page.get_by_role("row", name="Eve Curie").count() == 1
    screenshot(page, "fr-selection-compare")
    check_accessibility(page, "fr-selection-compare")

    # Staff lock Hugo on « Gamma »'s design position: a new run, compared with the first.
    visit(page, reverse("staff:selection_detail", args=[slug, optimal.pk]))
    screenshot(page, "fr-selection-run")
    check_accessibility(page, "fr-selection-run")
    page.get_by_label("Candidat ou candidate").select_option(label=f"Hugo Pratt ({world.dossiers['hugo'].number})")
    page.get_by_label("Poste").select_option(label="Gamma — Design")
    click(page, "Verrouiller l'affectation")
    locked = SelectionRun.objects.exclude(pk=optimal.pk).get(mode="optimal")
    assert locked.pins == [[world.dossiers["hugo"].pk, world.positions["C_design"].pk]]
    assert (run_of(locked, "hugo"), run_of(locked, "gus")) == ("C_design", None)
    assert page.get_by_role("row", name="Gus Eiffel").count() == 1

    # … and submit it to the approvers.
    visit(page, reverse("staff:selection_detail", args=[slug, locked.pk]))
    click(page, "Soumettre aux valideurs")
    click(page, "Confirmer la soumission")
    locked.refresh_from_db()
    assert locked.state == SelectionRun.State.FROZEN and locked.is_intact()
    assert OutboxMessage.objects.filter(template="selection_review", recipient=world.approver.email).exists()

    # The approver reads it and approves it.
    sign_in(browser_context, live_server, with_totp(world.approver))
    visit(page, reverse("approvals:list"))
    page.get_by_role("link", name=str(locked)).first.click()
    page.wait_for_load_state()
    assert page.get_by_text(locked.digest).count() >= 1
    screenshot(page, "fr-selection-approval")
    check_accessibility(page, "fr-selection-approval")
    page.get_by_label("Commentaire").fill("Conforme aux délibérations du jury.")
    click(page, "Approuver")
    # An approval is final: a confirmation step names what it fixes before anything is recorded.
    assert page.get_by_role("heading", name="Cette approbation est définitive").is_visible()
    locked.refresh_from_db()
    assert locked.state == SelectionRun.State.FROZEN
    screenshot(page, "fr-selection-approval-confirm")
    check_accessibility(page, "fr-selection-approval-confirm")
    click(page, "Confirmer l'approbation")
    locked.refresh_from_db()
    assert locked.state == SelectionRun.State.APPROVED
    assert Approval.objects.get(run=locked).comment == "Conforme aux délibérations du jury."

    # Staff send the offers.
    sign_in(browser_context, live_server, world.staff)
    visit(page, reverse("staff:selection_offers", args=[slug]))
    page.get_by_label("Réponse attendue avant le").fill(offer_deadline().strftime("%Y-%m-%dT%H:%M"))
    click(page, "Envoyer les propositions")
    # First the preview: counts per outcome, the first recipients, the messages in French and English.
    assert page.get_by_role("heading", name="10 messages à envoyer").is_visible()
    assert page.get_by_text('You are selected for the challenge "Alpha"').count() == 1
    assert not Offer.objects.filter(run=locked).exists()
    screenshot(page, "fr-selection-send-preview")
    check_accessibility(page, "fr-selection-send-preview")
    click(page, "Confirmer l'envoi des 10 messages")
    assert Offer.objects.filter(run=locked).count() == 7

    # Fay declines, after the confirmation page.
    fay = world.offer(locked, "fay")
    sign_in(browser_context, live_server, world.dossiers["fay"].owner)
    visit(page, reverse("candidates:space"))
    page.get_by_role("link", name="Bêta").click()
    page.wait_for_load_state()
    screenshot(page, "fr-selection-offer")
    check_accessibility(page, "fr-selection-offer")
    click(page, "Décliner la proposition")
    click(page, "Confirmer : je décline")
    fay.refresh_from_db()
    assert fay.status == Offer.Status.DECLINED

    # Ada accepts, consenting to appear by name; Dan accepts without consenting.
    sign_in(browser_context, live_server, world.dossiers["ada"].owner)
    visit(page, reverse("candidates:offer", kwargs={"offer": world.offer(locked, "ada").pk}))
    page.locator("label", has_text="J'accepte que mon nom et mon profil figurent").click()
    click(page, "Accepter la proposition")
    ada = world.offer(locked, "ada")
    assert (ada.status, ada.public_profile) == (Offer.Status.ACCEPTED, True)
    services.respond(world.offer(locked, "dan"), accept=True, by=world.dossiers["dan"].owner)

    # Staff have the replacement proposed (Inès), confirm it, and Inès is told.
    sign_in(browser_context, live_server, world.staff)
    visit(page, reverse("staff:selection_offers", args=[slug]))
    click(page, "Proposer un remplaçant")
    assert page.get_by_text("Inès Leroy").count() >= 1
    screenshot(page, "fr-selection-replacement")
    check_accessibility(page, "fr-selection-replacement")
    click(page, "Confirmer le remplacement")
    fay.refresh_from_db()
    assert fay.replaced_by.dossier == world.dossiers["ines"]
    assert OutboxMessage.objects.filter(
        template="selection_offer", recipient=world.dossiers["ines"].owner.email
    ).exists()

    # Staff publish the promotion: its page shows Alpha's team, naming Ada only.
    click(page, "Publier la promotion")
    click(page, "Confirmer la publication")
    locked.refresh_from_db()
    assert locked.published_at is not None
    page.get_by_role("link", name="Voir la page publique de la promotion").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="Ada Lovelace").count() >= 1
    assert "Dan Brown" not in page.content()
    screenshot(page, "fr-selection-promotion")
    check_accessibility(page, "fr-selection-promotion")

    # The public method page gives the approved run's parameters and digest.
    page.get_by_role("link", name="Comment les équipes de cette promotion sont formées").click()
    page.wait_for_load_state()
    assert page.get_by_text(locked.digest).count() >= 1
    screenshot(page, "fr-selection-method")
    check_accessibility(page, "fr-selection-method")
    check_no_browser_problems(page)
