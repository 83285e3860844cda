"""Every public page type, in French and in English, in a real browser.

Each visit saves a full-page screenshot under test-output/screenshots/<lang>-<name>.png
and axe-core's full report under test-output/axe/<lang>-<name>.json.
"""

import pytest
from django.urls import reverse
from django.utils import translation

from .audit import check_accessibility, check_no_browser_problems, page_facts, screenshot
from .world import build_world

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PAGES = {
    "home": lambda w: reverse("public:home"),
    "participate-candidates": lambda w: reverse("public:participate_candidates"),
    "participate-administrations": lambda w: reverse("public:participate_administrations"),
    "challenge-list": lambda w: reverse("public:challenge_list"),
    "challenge-detail": lambda w: w.challenge.get_absolute_url(),
    "promotion-list": lambda w: reverse("public:promotion_list"),
    "promotion-detail": lambda w: w.promotion.get_absolute_url(),
    "community": lambda w: reverse("public:community"),
    "person-detail": lambda w: w.person.get_absolute_url(),
    "news-list": lambda w: reverse("public:news_list"),
    "news-detail": lambda w: w.post.get_absolute_url(),
    "faq": lambda w: reverse("public:faq"),
    "content-page": lambda w: w.page.get_absolute_url(),
    "legal-notice": lambda w: reverse("footer-legal-notice"),
    "personal-data": lambda w: reverse("footer-personal-data"),
    "accessibility": lambda w: reverse("footer-accessibility-status"),
    "site-map": lambda w: reverse("footer-sitemap"),
    "open-data": lambda w: reverse("public:open_data"),
    "not-found": lambda w: "/cette-page-n-existe-pas/",
}


@pytest.fixture(scope="module")
def titles_seen():
    """Titles of the pages visited so far, per language: no two page types may share one."""
    return {"fr": {}, "en": {}}


def visit(page, url, *, lang, name, expected_status, titles_seen):
    page.problems.clear()
    response = page.goto(url)

    assert response.status == expected_status, url
    screenshot(page, f"{lang}-{name}")
    facts = page_facts(page)
    assert facts["lang"] == lang, f"{url} : <html lang={facts['lang']!r}>"
    assert len(facts["h1"]) == 1, f"{url} : un seul <h1> attendu, trouvés {facts['h1']}"
    assert len(facts["titles"]) == 1 and facts["titles"][0], f"{url} : <title> {facts['titles']}"
    title = facts["titles"][0]
    assert titles_seen[lang].setdefault(title, name) == name, (
        f"{url} : titre « {title} » déjà pris par la page {titles_seen[lang][title]}"
    )
    assert "Marianne" in facts["fontFamily"], f"{url} : police {facts['fontFamily']}, la CSS du DSFR manque"
    assert facts["marianneLoaded"], f"{url} : la police Marianne n'est pas chargée"
    assert facts["dsfrStarted"], f"{url} : le JavaScript du DSFR n'a pas démarré"
    assert not facts["overFooter"], f"{url} : du contenu déborde sur le pied de page : {facts['overFooter']}"
    check_accessibility(page, f"{lang}-{name}")
    check_no_browser_problems(page, ignore_document_status=expected_status == 404)


@pytest.mark.parametrize("name", list(PAGES))
def test_public_page_is_accessible_and_fully_styled_in_french_and_english(page, name, titles_seen):
    world = build_world()
    with translation.override("fr"):
        path = PAGES[name](world)

    failures = []
    # Both languages share one set of data (one database flush per page type); a failure
    # in French does not hide the English one.
    for lang, url in [("fr", path), ("en", "/en" + path)]:
        try:
            expected_status = 404 if name == "not-found" else 200
            visit(page, url, lang=lang, name=name, expected_status=expected_status, titles_seen=titles_seen)
        except AssertionError as failure:
            failures.append(f"[{lang}] {failure}")
    assert not failures, "\n\n".join(failures)
