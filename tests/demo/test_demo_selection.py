"""The demo's selection: the previous promotion's teams proposed, compared and submitted to the
approvers, without touching the current promotion's open call (eig/demo/selection.py)."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from eig.accounts.models import Role
from eig.calls.models import Call, Dossier, DossierVersion
from eig.challenges.models import Challenge, Position
from eig.community.models import Membership, Person
from eig.demo.accounts import demo_email
from eig.demo.builder import build_demo
from eig.juries.models import Audition, Jury, Verdict
from eig.promotions.models import Phase, Promotion
from eig.promotions.queries import current_call
from eig.selection import queries, services
from eig.selection.models import Approval, Offer, Outcome, SelectionRun
from eig.web.public.demo import demo_accounts

pytestmark = pytest.mark.django_db

PREVIOUS = "eig-8"
CALL = "appel-candidatures-eig-8"


@pytest.fixture
def demo():
    return build_demo()


def user(role):
    return get_user_model().objects.get(email=demo_email(role))


def runs():
    return SelectionRun.objects.filter(call__slug=CALL)


def snapshot():
    models = [
        Promotion,
        Challenge,
        Position,
        Call,
        Dossier,
        DossierVersion,
        Jury,
        Audition,
        Verdict,
        SelectionRun,
        Approval,
        Outcome,
        Offer,
        Person,
        Membership,
        get_user_model(),
    ]
    return {m._meta.label: sorted(m.objects.values_list("pk", flat=True)) for m in models}


def test_the_previous_promotion_recruits_three_challenges_from_a_closed_call(demo):
    promotion = Promotion.objects.get(slug=PREVIOUS)
    assert (promotion.number, promotion.year, promotion.is_published) == (8, demo.now.year - 1, True)
    challenges = Challenge.objects.filter(promotion=promotion)
    assert challenges.count() == 3
    assert {c.status for c in challenges} == {Challenge.Status.RECRUITING}
    assert sorted(c.positions.count() for c in challenges) == [2, 2, 3]
    call = Call.objects.get(slug=CALL)
    assert call.promotion == promotion and call.closes_at < demo.now
    jury = queries.candidate_jury(call)
    assert jury.auditions.count() == 10 and jury.is_published
    demo_dossier = Dossier.objects.get(call=call, owner=user(Role.CANDIDATE))
    assert demo_dossier.status == Dossier.Status.SUBMITTED and demo_dossier.versions.count() == 1
    fictional = Dossier.objects.filter(call=call).exclude(owner=user(Role.CANDIDATE))
    assert all(d.owner.email.endswith(".example") and not d.owner.has_usable_password() for d in fictional)


def test_the_current_promotions_open_call_stays_the_current_one(demo):
    phase = current_call(Phase.Kind.APPLICATION_CALL)
    assert phase.promotion.slug == "eig-9" and phase.state() == "open"
    assert not Phase.objects.filter(promotion__slug=PREVIOUS).exists()
    assert not SelectionRun.objects.filter(call__promotion__slug="eig-9").exists()


def test_staff_find_an_optimal_and_a_stable_run_to_compare(demo):
    optimal = runs().get(mode=SelectionRun.Mode.OPTIMAL)
    stable = runs().get(mode=SelectionRun.Mode.STABLE)
    assert (optimal.status, optimal.gap, optimal.problems, optimal.warnings) == ("optimal", 0.0, [], [])
    assert len(optimal.assignment) == 7
    assert stable.state == SelectionRun.State.DRAFT
    # The jury proposed « Parcours de soins » to Ophélie Marin: only the team engine uses it.
    rows = services.compare(stable, optimal)
    assert [row.name for row in rows] == ["Ophélie Marin"]
    assert rows[0].before is None and rows[0].after.challenge.slug == "parcours-de-soins"
    assert demo.counts["selection_runs"] == 2 and demo.counts["auditioned_previous"] == 10


def test_the_optimal_run_is_frozen_by_the_demo_staff_and_intact(demo):
    run = runs().get(mode=SelectionRun.Mode.OPTIMAL)
    assert run.state == SelectionRun.State.FROZEN
    assert run.frozen_by == user(Role.STAFF)
    assert run.is_intact()
    assert list(queries.runs_awaiting_approval()) == [run]
    assert demo.counts["selection_runs_frozen"] == 1
    assert any("1 soumise(s) aux valideurs" in line for line in demo.lines())


def test_the_demo_approver_approves_then_the_demo_candidate_gets_an_offer(demo):
    run = runs().get(state=SelectionRun.State.FROZEN)
    services.approve(run, approver=user(Role.APPROVER), comment="Conforme aux délibérations.")
    counts = services.send_offers(run, deadline=timezone.now() + datetime.timedelta(days=7), by=user(Role.STAFF))
    assert counts == {"laureate": 7, "waiting_list": 2, "refused": 1}
    offer = Offer.objects.get(run=run, dossier__owner=user(Role.CANDIDATE))
    assert (offer.status, offer.position.challenge.slug, offer.position.profile.code) == (
        Offer.Status.PENDING,
        "marees-ouvertes",
        "dev",
    )
    assert "« Marées ouvertes » (votre 1er vœu)" in run.explanations[str(offer.dossier_id)]
    waiting = [o.dossier.owner.get_full_name() for o in queries.waiting_list(run)]
    assert waiting == ["Élias Renard", "Jeanne Prévost"]


def test_a_second_load_gives_the_same_rows():
    build_demo()
    first = snapshot()
    build_demo()
    assert snapshot() == first
    assert runs().filter(state=SelectionRun.State.FROZEN).count() == 1


def test_a_second_load_keeps_the_run_an_approver_already_approved(demo):
    run = runs().get(state=SelectionRun.State.FROZEN)
    services.approve(run, approver=user(Role.APPROVER))
    digest = run.digest
    report = build_demo()
    run.refresh_from_db()
    assert (run.state, run.digest, run.is_intact()) == (SelectionRun.State.APPROVED, digest, True)
    assert report.counts["selection_runs"] == 2 and report.counts["selection_runs_frozen"] == 0


def test_a_published_demo_promotion_shows_its_teams_and_stays_published_on_reload(client, demo):
    run = runs().get(state=SelectionRun.State.FROZEN)
    services.approve(run, approver=user(Role.APPROVER))
    services.send_offers(run, deadline=timezone.now() + datetime.timedelta(days=7), by=user(Role.STAFF))
    for offer in Offer.objects.filter(run=run):
        services.respond(offer, accept=True, by=offer.dossier.owner, public_profile=offer.dossier.owner.email[0] != "r")
    services.publish_promotion(run, by=user(Role.STAFF))
    build_demo()
    promotion = Promotion.objects.get(slug=PREVIOUS)
    assert set(promotion.challenges.values_list("status", flat=True)) == {Challenge.Status.IN_PROGRESS}
    page = client.get(promotion.get_absolute_url()).content.decode()
    assert "Les équipes" in page and "Léa Fontaine" in page
    assert "Rayan Belkacem" not in page and "rayan" not in page.lower()  # no consent: no name, no address


def test_the_legacy_promotion_page_lists_its_teams_without_the_names_of_people_who_refused(client, demo):
    page = client.get(reverse("public:promotion_detail", kwargs={"slug": "eig-2"})).content.decode()
    assert "Les équipes" in page
    private = Person.objects.filter(is_public=False, memberships__challenge__promotion__slug="eig-2")
    assert private.exists()
    for person in private:
        assert person.name not in page and person.slug not in page
    assert "Un entrepreneur ou une entrepreneuse d'intérêt général (profil non public)" in page
    # Promotion 2 was not recruited here: no link to the method page.
    assert reverse("public:selection_method", kwargs={"slug": "eig-2"}) not in page


def test_the_demo_method_pages_answer(client, demo):
    for slug in ("eig-8", "eig-9"):
        response = client.get(reverse("public:selection_method", kwargs={"slug": slug}))
        assert response.status_code == 200
        assert "paramètres prévus" in response.content.decode()


def test_the_demo_accounts_are_the_role_accounts_with_what_each_can_do(demo):
    accounts = {a["email"]: a for a in demo_accounts()}
    # The fictional candidates share the domain but cannot sign in: they are not offered.
    assert sorted(accounts) == sorted(demo_email(role) for role in Role)
    assert "proposition d'équipes de la promotion EIG 8" in accounts[demo_email(Role.APPROVER)]["tasks"]
    assert "répondre à sa proposition de poste" in accounts[demo_email(Role.CANDIDATE)]["tasks"]
    assert all(a["tasks"] for a in accounts.values())


def test_the_demo_approver_has_two_factor_authentication_as_the_approvers_pages_require(demo):
    from eig.reviews.permissions import has_two_factor

    approver = get_user_model().objects.get(email=demo_email(Role.APPROVER))
    assert has_two_factor(approver)
