"""The programme team's reporting pages (/equipe/rapports/…): the candidate funnel with its
breakdowns and the challenges per ministry, their charts and tables, their CSV with masked cells
left empty and a note; 404 to anyone outside the team; a flat number of queries."""

import csv
import html
import io
import re

import pytest
from django.test import Client
from django.urls import reverse

from eig.accounts.models import Role
from tests.factories import PromotionFactory, StaffFactory, UserFactory
from tests.factories.reporting import (
    application,
    challenge_call,
    directorate,
    every_stage,
    legacy_challenge,
    ministry,
    proposal,
    reporting_call,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    client = Client()
    client.force_login(StaffFactory())
    return client


@pytest.fixture
def call():
    return reporting_call()


def text(response) -> str:
    return re.sub(r"\s+", " ", html.unescape(response.content.decode()))


def section(page: str, heading_id: str) -> str:
    return page.split(f'id="{heading_id}"')[1].split("</section>")[0]


def csv_rows(response) -> list[list[str]]:
    content = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(content), delimiter=";"))


def funnel_url(**params) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return reverse("staff:reporting_funnel") + (f"?{query}" if query else "")


def csv_url(**params) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return reverse("staff:reporting_funnel_csv") + (f"?{query}" if query else "")


def gender_world(call):
    """12 women, 10 men, 2 « ne se prononce pas », all submitted; 6 women and 6 men auditioned."""
    for _ in range(6):
        application(call, "submitted", gender="madame")
        application(call, "auditioned", gender="madame")
        application(call, "auditioned", gender="monsieur")
    for _ in range(4):
        application(call, "submitted", gender="monsieur")
    for _ in range(2):
        application(call, "submitted", gender="non_precise")


# --- The funnel ------------------------------------------------------------------------------------


def test_the_funnel_shows_the_whole_as_bars_and_a_table_with_its_conversions(staff, call):
    every_stage(call, n=5)
    response = staff.get(funnel_url())
    assert response.status_code == 200
    page = text(response)
    overall = section(page, "overall-title")
    assert "Ensemble — toutes les promotions" in overall
    assert '<svg role="img" aria-labelledby="chart-overall-title chart-overall-desc"' in overall
    assert '<title id="chart-overall-title">Candidatures à chaque étape</title>' in overall
    assert "Dossiers commencés : 35 ; Dossiers déposés : 30 (85,7 % des dossiers commencés)" in overall
    assert '<th scope="row">Dossiers déposés</th><td>30</td><td>85,7 %</td><td>85,7 %</td>' in overall
    assert '<th scope="row">Programme terminé</th><td>5</td><td>50,0 %</td><td>14,3 %</td>' in overall


def test_a_stage_under_five_reads_moins_de_5_hatched_in_the_chart(staff, call):
    every_stage(call, n=1)  # one application at each stage: every count under 5 from « admissible » on
    overall = section(text(staff.get(funnel_url())), "overall-title")
    assert '<th scope="row">En poste</th><td>moins de 5</td><td>moins de 5</td><td>moins de 5</td>' in overall
    assert 'fill="url(#chart-overall-hatch)"' in overall and "<title>moins de 5</title>" in overall
    assert "En poste : moins de 5" in overall


def test_by_gender_small_groups_and_the_group_that_would_reveal_them_are_masked(staff, call):
    gender_world(call)
    page = text(staff.get(funnel_url(breakdown="gender")))
    table = section(page, "breakdown-gender")
    # Started and submitted: 12, 10, 2 → the 2 is masked, and the 10 men too (24 − 12 − 10 would give
    # the 2 back); the men are shown again at 6 admissible, 4 fewer.
    madame = '<th scope="row">Madame</th><td>12</td><td>12<br><span class="fr-text--xs">100,0 % · 100,0 %</span></td>'
    assert madame + '<td>6<br><span class="fr-text--xs">50,0 % · 50,0 %</span></td>' in table
    assert '<th scope="row">Monsieur</th><td>masqué</td><td>masqué<br>' in table
    assert '<th scope="row">Ne se prononce pas</th><td>masqué</td>' in table
    assert '<th scope="row">Non renseignée</th><td>0</td>' in table
    assert "2" not in table.split("Ne se prononce pas")[1].split("</tr>")[0]
    assert 'fill="url(#chart-gender-all-hatch)"' in table
    assert "Dossiers déposés (24) : Madame 12, autres groupes masqués" in table


def test_the_breakdowns_can_be_shown_all_together(staff, call):
    every_stage(call, n=5, wishes=["dev", "design"], region="bretagne")
    page = text(staff.get(funnel_url(breakdown="all")))
    for key in ("gender", "profile", "region", "wish_rank", "promotion"):
        assert f'id="breakdown-{key}"' in page
    ranks = page.split('id="breakdown-wish_rank"')[1].split('id="breakdown-promotion"')[0]
    assert "1er vœu" in ranks and "2e vœu" in ranks and "3e vœu" in ranks


def test_the_scope_is_a_promotion_or_a_call_and_a_call_of_another_promotion_is_refused(staff, call):
    every_stage(call, n=5)
    other = reporting_call()
    every_stage(other, n=6)
    page = text(staff.get(funnel_url(promotion=call.promotion.slug)))
    assert f"Ensemble — promotion {call.promotion}" in page
    assert '<th scope="row">Dossiers commencés</th><td>35</td>' in page
    page = text(staff.get(funnel_url(call=other.slug)))
    assert f"Ensemble — appel « {other.title} »" in page
    assert '<th scope="row">Dossiers commencés</th><td>42</td>' in page
    refused = staff.get(funnel_url(promotion=call.promotion.slug, call=other.slug))
    assert refused.status_code == 400
    assert "Cet appel n'appartient pas à la promotion choisie." in text(refused)
    assert staff.get(csv_url(promotion=call.promotion.slug, call=other.slug)).status_code == 400


def test_the_csv_holds_the_same_figures_with_masked_cells_empty_and_a_note(staff, call):
    gender_world(call)
    response = staff.get(csv_url(breakdown="gender"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="entonnoir-toutes-promotions.csv"'
    header, *rows = csv_rows(response)
    assert header[:6] == [
        "Ventilation",
        "Rang de vœu",
        "Groupe",
        "Dossiers commencés : effectif",
        "Dossiers commencés : % de l'étape précédente",
        "Dossiers commencés : % des dossiers commencés",
    ]
    assert header[-1] == "Chiffres masqués" and len(header) == 3 + 7 * 3 + 1
    by_group = {row[2]: row for row in rows}
    assert list(by_group) == ["Ensemble", "Madame", "Monsieur", "Ne se prononce pas", "Non renseignée"]
    everyone = by_group["Ensemble"]
    # started 24; submitted 24 (100 %); admissible 12 (50 %); auditioned 12 (100 %, 50 % of the started)
    assert everyone[3:15] == ["24", "", "", "24", "100,0", "100,0", "12", "50,0", "50,0", "12", "100,0", "50,0"]
    assert everyone[-1] == ""
    madame = by_group["Madame"]
    assert madame[3:15] == ["12", "", "", "12", "100,0", "100,0", "6", "50,0", "50,0", "6", "100,0", "50,0"]
    monsieur = by_group["Monsieur"]
    # 10 men started and submitted, masked beside 2 « ne se prononce pas »; shown again at 6 admissible
    # (4 fewer), with no rate from a masked count.
    assert monsieur[3:15] == ["", "", "", "", "", "", "6", "", "", "6", "100,0", ""]
    assert monsieur[-1] == (
        "Masqué (moins de 5 personnes, ou pour qu'une soustraction ne révèle pas un petit groupe) : "
        "Dossiers commencés, Dossiers déposés."
    )
    assert by_group["Ne se prononce pas"][3:9] == [""] * 6
    assert by_group["Non renseignée"][3:6] == ["0", "", ""]


def test_the_csv_of_the_wish_ranks_names_the_rank(staff, call):
    every_stage(call, n=5, wishes=["dev", "design"])
    _header, *rows = csv_rows(staff.get(csv_url(breakdown="wish_rank")))
    assert {(row[1], row[2]) for row in rows if row[0].startswith("Par rang")} >= {
        ("1er vœu", "Développement"),
        ("2e vœu", "Design"),
        ("3e vœu", "Aucun vœu"),
    }


# --- The challenges ---------------------------------------------------------------------------------


def test_the_challenges_page_counts_per_ministry_with_a_chart_and_its_table(staff):
    promotion = PromotionFactory()
    culture = ministry("Ministère de la Culture", "culture")
    call = challenge_call(promotion)
    proposal(call, culture, "submitted")
    proposal(call, directorate(culture, "archives"), "preselected")
    proposal(call, directorate(None, "mairie"), "published")
    legacy_challenge(promotion, culture)
    response = staff.get(reverse("staff:reporting_challenges") + f"?promotion={promotion.slug}")
    assert response.status_code == 200
    page = text(response)
    assert '<svg role="img" aria-labelledby="chart-ministries-title chart-ministries-desc"' in page
    assert "Ministère de la Culture : Défis proposés 3, Présélectionnés 2, Sélectionnés 1" in page
    assert (
        '<th scope="row">Ministère de la Culture</th><td>3</td><td>2<br><span class="fr-text--xs">66,7 % · 66,7 %</span>'
        in (page)
    )
    assert '<th scope="row">Sans ministère de tutelle</th><td>1</td>' in page
    assert "masqué" not in page
    _header, *rows = csv_rows(staff.get(reverse("staff:reporting_challenges_csv") + f"?promotion={promotion.slug}"))
    assert rows == [
        ["Ministère de la Culture", "3", "2", "66,7", "66,7", "1", "50,0", "33,3"],
        ["Sans ministère de tutelle", "1", "1", "100,0", "100,0", "1", "100,0", "100,0"],
        ["Ensemble", "4", "3", "75,0", "75,0", "2", "66,7", "50,0"],
    ]


# --- Who may see -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["reporting_funnel", "reporting_funnel_csv", "reporting_challenges", "reporting_challenges_csv"]
)
def test_the_reporting_pages_answer_404_outside_the_team(name):
    url = reverse(f"staff:{name}")
    assert Client().get(url).status_code == 404
    for role in (Role.CANDIDATE, Role.FELLOW, Role.APPROVER):
        client = Client()
        client.force_login(UserFactory(roles=[role.value]))
        assert client.get(url).status_code == 404


def test_a_team_member_without_a_second_factor_is_sent_to_set_one_up():
    client = Client()
    client.force_login(StaffFactory(totp=False))
    response = client.get(reverse("staff:reporting_funnel"))
    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")


def test_the_call_list_and_the_promotion_overview_link_to_the_funnel(staff):
    assert reverse("staff:reporting_funnel") in text(staff.get(reverse("staff:call_list")))
    promotion = PromotionFactory()
    overview = text(staff.get(reverse("staff:programme_overview", kwargs={"promotion": promotion.slug})))
    assert f'href="{reverse("staff:reporting_funnel")}?promotion={promotion.slug}"' in overview


# --- Queries -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("n", [1, 4])
def test_the_funnel_page_reads_a_flat_number_of_queries(staff, call, n, django_assert_num_queries):
    every_stage(call, n=n, wishes=["dev", "datascience"])
    every_stage(reporting_call(), n=n)
    staff.get(funnel_url())  # the session's first reads
    with django_assert_num_queries(17):
        assert staff.get(funnel_url(promotion=call.promotion.slug, breakdown="all")).status_code == 200
    with django_assert_num_queries(10):  # the gender breakdown reads no wish, no profile, no promotion
        assert staff.get(csv_url()).status_code == 200


@pytest.mark.parametrize("n", [1, 4])
def test_the_challenges_page_reads_a_flat_number_of_queries(staff, n, django_assert_num_queries):
    promotion = PromotionFactory()
    call = challenge_call(promotion)
    for i in range(n):
        proposal(call, directorate(ministry(f"Ministère {i}", f"ministere-{i}"), f"direction-p{i}"), "selected")
        legacy_challenge(promotion, ministry(f"Autre {i}", f"autre-{i}"))
    staff.get(reverse("staff:reporting_challenges"))
    with django_assert_num_queries(8):
        assert staff.get(reverse("staff:reporting_challenges") + f"?promotion={promotion.slug}").status_code == 200
    with django_assert_num_queries(5):
        assert staff.get(reverse("staff:reporting_challenges_csv")).status_code == 200
