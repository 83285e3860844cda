"""The importer on small hand-written legacy sites: security, drafts, what a re-import keeps."""

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from eig.challenges.models import Challenge
from eig.community.models import Person
from eig.content.legacy import import_site
from eig.content.models import FAQEntry, NewsPost

from .conftest import write_site

pytestmark = pytest.mark.django_db

PAYLOAD = """Texte avant les pièges.

<script>alert(1)</script>

<img src=x onerror=alert(1)>

[un lien piégé](javascript:alert(1))

<a href="JaVaScRiPt:alert(1)">autre lien</a>

Texte après les pièges.
"""

DEFIS = """\
"Piège":
  title: Piège
  link_to: /defis/2020/piege.html
  skills: ["dev"]
  description: Un défi de test
  year: 2020
  promotion: 4
  duration_months: 10
  administration: Direction de test
  administration_website: https://example.org
  eigs: ["Alice Martin"]
  mentors: ["Bob Durand"]
"""

PROMOS = """\
"EIG 4":
  promotion: 4
  class: 2020 eig-4
"""


def small_site(root, **extra):
    files = {
        "_data/defis.yml": DEFIS,
        "_data/promos.yml": PROMOS,
        "_data/skills.yml": "dev: Développement\n",
        "_data/faq-eig.yml": (
            '- question: "Piège ?"\n'
            '  reponse: "<p>Réponse</p><script>alert(1)</script><img src=x onerror=alert(1)>'
            '<a href=\\"javascript:alert(1)\\">lien</a>"\n'
            "  ancre: piege\n"
        ),
        "_data/faq-eig-en.yml": "[]\n",
        "_data/faq-administrations.yml": "[]\n",
        "_data/faq-administrations-en.yml": "[]\n",
        "_defis/2020-01-01-piege.md": f"---\nlayout: defi\ntitle: Piège\n---\n\n{PAYLOAD}",
        "_posts/20-05-04-piege.md": f"---\ntitle: Un article piégé\nauthor: Test\ntags: [test]\n---\n\n{PAYLOAD}",
        "en/_posts/.keep": "",
    }
    files.update(extra)
    return write_site(root, files)


def assert_no_script(html):
    assert "Texte après les pièges." in html or "Réponse" in html  # the content itself is rendered
    assert "alert(1)" not in html
    assert "onerror" not in html
    assert "javascript:" not in html.lower()


def test_markdown_from_the_legacy_site_cannot_inject_script(client, tmp_path):
    import_site(small_site(tmp_path))
    with translation.override("fr"):
        post_url = NewsPost.objects.get().get_absolute_url()
        challenge_url = Challenge.objects.get().get_absolute_url()

    post_page = client.get(post_url)
    challenge_page = client.get(challenge_url)
    faq_page = client.get("/faq/")

    assert NewsPost.objects.get().body.count("alert(1)") == 4  # stored as written, cleaned when rendered
    for response in (post_page, challenge_page, faq_page):
        assert response.status_code == 200
        assert_no_script(response.content.decode())


def test_drafts_are_skipped_and_listed_not_imported(tmp_path):
    site = small_site(
        tmp_path,
        **{
            "_posts/_20-01-01-brouillon.md": "---\ntitle: Brouillon\n---\n\nPas prêt.\n",
            "_posts/20-01-02-non-publie.md": "---\ntitle: Non publié\npublished: false\n---\n\nPas prêt.\n",
        },
    )

    report = import_site(site)

    assert list(NewsPost.objects.values_list("title", flat=True)) == ["Un article piégé"]
    assert sorted(p.path for p in report.skipped) == ["_posts/20-01-02-non-publie.md", "_posts/_20-01-01-brouillon.md"]
    assert not report.problems


def test_a_new_import_keeps_a_withdrawn_directory_consent_and_a_corrected_name(tmp_path):
    site = small_site(tmp_path)
    import_site(site)
    Person.objects.filter(slug="alice-martin").update(is_public=False, name="Alice Martin-Lefèvre")

    report = import_site(site)

    alice = Person.objects.get(slug="alice-martin")
    assert (alice.is_public, alice.name) == (False, "Alice Martin-Lefèvre")
    assert (report.created, report.updated) == (0, 0)


def test_an_english_post_without_french_original_is_reported(tmp_path):
    site = small_site(
        tmp_path,
        **{
            "en/_posts/20-06-01-orphan.md": "---\ntitle: Orphan\nlang-ref: nowhere\n---\n\nText.\n",
        },
    )

    report = import_site(site)

    assert [(p.path, p.reason) for p in report.problems] == [
        ("en/_posts/20-06-01-orphan.md", "traduction sans article français correspondant (lang-ref « nowhere »)")
    ]
    assert NewsPost.objects.get().title_en in ("", None)


def test_faq_answers_stay_html_and_are_sanitised_when_shown(tmp_path):
    import_site(small_site(tmp_path))

    entry = FAQEntry.objects.get(section="piege")

    assert entry.answer.startswith("<p>Réponse</p><script>")
    assert str(entry.answer_html).startswith("<p>Réponse</p>")
    assert "script" not in str(entry.answer_html)


def test_a_missing_site_directory_is_refused_with_a_french_message(tmp_path):
    with pytest.raises(CommandError, match="dossier introuvable"):
        call_command("import_legacy_site", str(tmp_path / "absent"))
