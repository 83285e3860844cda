"""A promotion's annual report as pages and PDF: the programme team's (/equipe/rapports/rapport-annuel/
<slug>/, any promotion, a draft until closed) and the public one (/promotions/<slug>/rapport/, a
published and closed promotion, the funnel's whole without its breakdowns); the same body, small
groups masked in the page and in the PDF, challenges only when public, fellows named only with
their consent; the PDF in the page's language;
404 to anyone else; a flat number of queries; the links that lead there."""

import html
import io
import re

import pypdf
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from eig.accounts.models import Role
from eig.reporting.funnel import STAGES
from eig.results.closing import close_promotion
from tests.factories import PromotionFactory, StaffFactory, UserFactory
from tests.factories.annual_report import close_report_world, report_world
from tests.factories.reporting import every_stage, reporting_call

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return report_world()


@pytest.fixture
def staff():
    client = Client()
    client.force_login(StaffFactory())
    return client


def staff_url(promotion, *, pdf=False, language="fr"):
    name = "staff:reporting_annual_report_pdf" if pdf else "staff:reporting_annual_report"
    with translation.override(language):
        return reverse(name, kwargs={"slug": promotion.slug})


def public_url(promotion, *, pdf=False, language="fr"):
    name = "public:promotion_report_pdf" if pdf else "public:promotion_report"
    with translation.override(language):
        return reverse(name, kwargs={"slug": promotion.slug})


def text(response) -> str:
    return re.sub(r"\s+", " ", html.unescape(response.content.decode()))


def pdf_text(response) -> str:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def section(page: str, heading_id: str) -> str:
    return page.split(f'id="{heading_id}"')[1].split("</section>")[0]


# --- The programme team's page ----------------------------------------------------------------------


def test_the_team_reads_a_draft_report_of_a_promotion_not_yet_closed(staff, world):
    response = staff.get(staff_url(world.promotion))
    assert response.status_code == 200
    page = text(response)
    assert "<h1>Rapport annuel de la promotion EIG Rapport</h1>" in page
    assert "Rapport provisoire" in page and "La promotion n'est pas close" in page
    assert f'href="{staff_url(world.promotion, pdf=True)}"' in page
    # Not yet public: no link to a public version, and the page says when it will be.
    assert public_url(world.promotion) not in page
    assert (
        "Une fois la promotion publiée et close, ce rapport sera public, sans les répartitions des "
        "candidatures par civilité et par profil." in page
    )


def test_the_page_shows_every_part_with_charts_and_their_tables(staff, world):
    page = text(staff.get(staff_url(world.promotion)))
    facts = section(page, "rapport-en-bref")
    for value, label in [
        (2, "défis retenus"),
        (1, "équipe formée"),
        (6, "entrepreneurs et entrepreneuses d'intérêt général"),
        (6, "ont pris leur poste"),
        (6, "ont terminé le programme"),
    ]:
        assert f'<p class="eig-key-figure fr-mb-0">{value}</p><p class="fr-mb-1v">{label}</p>' in facts
    funnel = section(page, "rapport-candidatures")
    assert '<svg role="img" aria-labelledby="chart-overall-title chart-overall-desc"' in funnel
    assert '<th scope="row">Dossiers déposés</th><td>12</td><td>85,7 %</td><td>85,7 %</td>' in funnel
    assert '<svg role="img" aria-labelledby="chart-gender-all-title chart-gender-all-desc"' in funnel
    assert '<svg role="img" aria-labelledby="chart-profile-all-title chart-profile-all-desc"' in funnel
    assert '<th scope="row">Développement</th><td>14</td>' in funnel
    challenges = section(page, "rapport-defis")
    assert '<svg role="img" aria-labelledby="chart-ministries-title chart-ministries-desc"' in challenges
    assert '<th scope="row">Ministère de la Culture</th><td>3</td>' in challenges
    figures = section(page, "rapport-chiffres")
    assert '<p class="eig-key-figure fr-mb-0">1</p><p class="fr-mb-1v">dépôt de code source ouvert</p>' in figures
    teams = section(page, "rapport-equipes")
    assert "Guichet unique" in teams and "Le code du guichet" in teams and "Les demandes du guichet" in teams


def test_small_groups_stay_masked_on_the_page(staff, world):
    funnel = section(text(staff.get(staff_url(world.promotion))), "rapport-candidatures")
    # 6 men and 2 « ne se prononce pas » started: both masked (the 2 is small, the 6 would give it back).
    assert '<th scope="row">Monsieur</th><td>masqué</td><td>masqué<br>' in funnel
    assert '<th scope="row">Ne se prononce pas</th><td>masqué</td>' in funnel
    assert "Ne se prononce pas 2" not in funnel and "Monsieur 6" not in funnel


def test_the_pdf_holds_the_report_with_small_groups_masked(staff, world):
    close_report_world(world)
    response = staff.get(staff_url(world.promotion, pdf=True))
    assert response["Content-Disposition"] == 'attachment; filename="rapport-annuel-eig-rapport.pdf"'
    assert response["Cache-Control"] == "no-store"
    document = pdf_text(response)
    assert "Rapport annuel de la promotion EIG Rapport" in document
    assert "Rapport provisoire" not in document and "Promotion close le" in document
    for part in ("L'année en bref", "Les candidatures", "Par civilité déclarée", "Par profil du 1er vœu"):
        assert part in document
    assert "Les défis par ministère" in document and "Ministère de la Culture" in document
    assert "Chiffres clés" in document and "Le code du guichet" in document
    # The civility table: Monsieur and « ne se prononce pas » masked where they would be small.
    gender = document.split("Par civilité déclarée : effectif")[1].split("Par profil")[0]
    assert re.search(r"Monsieur masqué masqué", gender)
    assert re.search(r"Ne se pro\S* ?nonce pas masqué", gender) or "Ne se prononce pas masqué" in gender
    # Bob has no public profile: not named; Ada is.
    assert "Ada Lovelace" in document and "Bob" not in document


def test_the_pdf_of_a_promotion_not_closed_says_it_is_a_draft(staff, world):
    document = pdf_text(staff.get(staff_url(world.promotion, pdf=True)))
    assert "version provisoire" in document and "Rapport provisoire" in document


def test_the_pdf_follows_the_language_of_the_address(staff, world):
    english = staff_url(world.promotion, pdf=True, language="en")
    assert english.startswith("/en/")
    document = pdf_text(staff.get(english))
    # The funnel's stages are computed in the address's language.
    with translation.override("en"):  # the labels are lazy: read in English here
        submitted = str(dict(STAGES)["submitted"])
    assert submitted in document and "Dossiers déposés" not in document
    assert "Dossiers déposés" in pdf_text(staff.get(staff_url(world.promotion, pdf=True)))


def test_an_unknown_promotion_answers_404(staff):
    missing = PromotionFactory.build(slug="inconnue")
    assert staff.get(staff_url(missing)).status_code == 404
    assert staff.get(staff_url(missing, pdf=True)).status_code == 404
    assert Client().get(public_url(missing)).status_code == 404


@pytest.mark.parametrize("pdf", [False, True])
def test_the_team_pages_answer_404_outside_the_team(world, pdf):
    url = staff_url(world.promotion, pdf=pdf)
    assert Client().get(url).status_code == 404
    for role in (Role.CANDIDATE, Role.FELLOW, Role.ADMINISTRATION_AGENT):
        client = Client()
        client.force_login(UserFactory(roles=[role.value]))
        assert client.get(url).status_code == 404


# --- The public version ------------------------------------------------------------------------------


@pytest.mark.parametrize("pdf", [False, True])
def test_the_public_report_answers_404_until_the_promotion_is_closed_and_published(world, pdf):
    url = public_url(world.promotion, pdf=pdf)
    assert Client().get(url).status_code == 404  # published, not closed
    close_report_world(world)
    world.promotion.is_published = False
    world.promotion.save()
    assert Client().get(url).status_code == 404  # closed, not published
    world.promotion.is_published = True
    world.promotion.save()
    assert Client().get(url).status_code == 200


def test_the_public_report_shows_no_challenge_that_is_not_public_and_no_name_without_consent(world):
    close_report_world(world)
    response = Client().get(public_url(world.promotion))
    assert response.status_code == 200
    page = text(response)
    assert "<h1>Rapport annuel de la promotion EIG Rapport</h1>" in page
    assert "Rapport provisoire" not in page
    assert "Guichet unique" in page and "Ada Lovelace" in page
    assert "Défi secret" not in page and "Le code du défi secret" not in page
    assert "Bob" not in page
    # The funnel's whole, not its breakdowns (docs/reporting.md: they could give a small group back).
    assert '<th scope="row">Dossiers déposés</th><td>12</td><td>85,7 %</td><td>85,7 %</td>' in page
    assert "Par civilité déclarée" not in page and "Monsieur" not in page and "Par profil" not in page
    assert "Les répartitions par civilité et par profil ne sont pas publiées" in page
    assert f'href="{public_url(world.promotion, pdf=True)}"' in page
    document = pdf_text(Client().get(public_url(world.promotion, pdf=True)))
    assert "Guichet unique" in document and "Dossiers déposés" in document
    assert "Défi secret" not in document and "Bob" not in document
    assert "Par civilité déclarée" not in document and "Monsieur" not in document


def test_a_small_stage_of_the_whole_stays_masked_in_the_public_page_and_pdf():
    promotion = PromotionFactory(slug="petite-promotion")
    every_stage(reporting_call(promotion), n=1)  # 7 started, 6 submitted, 5 admissible, then 4, 3, 2, 1
    close_promotion(promotion, by=None)
    page = text(Client().get(public_url(promotion)))
    assert '<th scope="row">Admissibles à la présélection</th><td>5</td>' in page
    for stage in ("Auditionnés", "Sélectionnés", "En poste", "Programme terminé"):
        assert f'<th scope="row">{stage}</th><td>moins de 5</td><td>moins de 5</td><td>moins de 5</td>' in page
    document = pdf_text(Client().get(public_url(promotion, pdf=True)))
    stages = document.split("Candidatures à chaque étape, et taux de passage")[1]
    assert re.search(r"Auditionnés moins de 5 moins de 5 moins de 5", stages)
    assert re.search(r"Programme terminé moins de 5 moins de 5 moins de 5", stages)


def test_the_public_report_in_english(world):
    close_report_world(world)
    page = Client().get(public_url(world.promotion, language="en"))
    assert page.status_code == 200 and '<html lang="en"' in page.content.decode()
    response = Client().get(public_url(world.promotion, pdf=True, language="en"))
    with translation.override("en"):
        started = str(dict(STAGES)["started"])
    assert started in pdf_text(response)


# --- Queries -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("scale", [1, 4])
def test_the_pages_read_a_flat_number_of_queries(staff, scale, django_assert_num_queries):
    world = report_world(slug=f"rapport-{scale}", scale=scale)
    close_report_world(world)
    staff.get(reverse("staff:reporting_funnel"))  # the session's first reads
    with django_assert_num_queries(31):
        assert staff.get(staff_url(world.promotion)).status_code == 200
    with django_assert_num_queries(27):  # the whole of the funnel only (the site's settings are kept)
        assert Client().get(public_url(world.promotion)).status_code == 200


# --- Links -------------------------------------------------------------------------------------------


def test_the_promotion_overview_and_the_dashboards_link_to_the_report(staff, world):
    report = staff_url(world.promotion)
    overview = text(staff.get(reverse("staff:programme_overview", kwargs={"promotion": world.promotion.slug})))
    assert f'href="{report}"' in overview
    funnel = text(staff.get(reverse("staff:reporting_funnel") + f"?promotion={world.promotion.slug}"))
    assert f'href="{report}"' in funnel
    challenges = text(staff.get(reverse("staff:reporting_challenges") + f"?promotion={world.promotion.slug}"))
    assert f'href="{report}"' in challenges
    assert "Rapport annuel de la promotion" not in text(staff.get(reverse("staff:reporting_funnel")))


def test_the_results_page_links_to_the_public_report_and_its_pdf(staff, world):
    close_report_world(world)
    results = text(Client().get(reverse("public:promotion_results", kwargs={"slug": world.promotion.slug})))
    assert f'href="{public_url(world.promotion)}"' in results
    assert f'href="{public_url(world.promotion, pdf=True)}"' in results
    page = text(staff.get(staff_url(world.promotion)))
    assert f'href="{public_url(world.promotion)}"' in page
