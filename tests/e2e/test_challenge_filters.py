"""A visitor narrows the challenge list with its form and pages through it, in a real browser."""

from urllib.parse import parse_qs, urlsplit

import pytest

from .audit import check_accessibility, check_no_browser_problems
from .world import build_catalogue

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

GUICHETS = ["Concevoir le guichet 1", "Concevoir le guichet 2", "Concevoir le guichet 3"]
REGISTRES = [f"Moderniser le registre {n:02d}" for n in range(1, 11)]
OLDER = ["Concevoir la carte des risques", "Ouvrir les données de santé", "Prévoir les crues"]


def query(page):
    return parse_qs(urlsplit(page.url).query)


def listed_titles(page):
    return [title.strip() for title in page.locator(".fr-card__title").all_inner_texts()]


def submit_filters(page):
    with page.expect_navigation():
        page.get_by_role("button", name="Filtrer").click()


def test_filtering_by_promotion_profile_and_status_lists_only_matching_challenges(page):
    build_catalogue()
    page.goto("/defis/")
    assert page.get_by_role("status").inner_text() == "16 défis"

    page.get_by_label("Promotion", exact=True).select_option("eig-9")
    page.get_by_label("Profil recherché", exact=True).select_option("design")
    page.get_by_label("Statut", exact=True).select_option("recruiting")
    submit_filters(page)

    assert query(page) == {"promotion": ["eig-9"], "profile": ["design"], "status": ["recruiting"]}
    assert listed_titles(page) == GUICHETS
    assert page.get_by_role("status").inner_text() == "3 défis"
    assert page.get_by_label("Promotion", exact=True).input_value() == "eig-9"
    assert page.get_by_role("navigation", name="Pagination").count() == 0
    check_accessibility(page, "fr-challenge-list-filtered")
    check_no_browser_problems(page)


def test_text_search_finds_a_challenge_by_a_word_of_its_summary(page):
    build_catalogue()
    page.goto("/defis/")

    page.get_by_label("Rechercher un défi", exact=True).fill("inondations")
    with page.expect_navigation():
        page.get_by_label("Rechercher un défi", exact=True).press("Enter")

    assert query(page)["q"] == ["inondations"]
    assert listed_titles(page) == ["Prévoir les crues"]
    assert page.get_by_label("Rechercher un défi", exact=True).input_value() == "inondations"
    check_accessibility(page, "fr-challenge-list-search")
    check_no_browser_problems(page)


def test_text_search_without_match_says_so(page):
    build_catalogue()
    page.goto("/defis/?q=introuvable")

    assert listed_titles(page) == []
    assert page.get_by_text("Aucun défi ne correspond à ces critères.").is_visible()
    check_accessibility(page, "fr-challenge-list-empty")
    check_no_browser_problems(page)


def test_pagination_leads_to_the_second_page_of_twelve(page):
    build_catalogue()
    page.goto("/defis/")
    assert listed_titles(page) == GUICHETS + REGISTRES[:9]

    pagination = page.get_by_role("navigation", name="Pagination")
    with page.expect_navigation():
        pagination.get_by_role("link", name="Page suivante").click()

    assert query(page) == {"page": ["2"]}
    assert listed_titles(page) == REGISTRES[9:] + OLDER
    assert pagination.locator("[aria-current=page]").inner_text() == "2"
    check_accessibility(page, "fr-challenge-list-page-2")
    check_no_browser_problems(page)


def test_pagination_keeps_the_filters(page):
    build_catalogue()
    page.goto("/defis/")
    page.get_by_label("Promotion", exact=True).select_option("eig-9")
    submit_filters(page)
    assert page.get_by_role("status").inner_text() == "13 défis"

    with page.expect_navigation():
        page.get_by_role("navigation", name="Pagination").get_by_role("link", name="2", exact=True).click()

    assert query(page)["promotion"] == ["eig-9"]
    assert query(page)["page"] == ["2"]
    assert listed_titles(page) == REGISTRES[9:]
    assert page.get_by_label("Promotion", exact=True).input_value() == "eig-9"
    check_accessibility(page, "fr-challenge-list-filtered-page-2")
    check_no_browser_problems(page)
