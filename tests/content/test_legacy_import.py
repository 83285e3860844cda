"""The legacy-site importer against the real Jekyll site and corrupted copies of it.

Expected numbers are read from the legacy files by this module itself (plain PyYAML
and python-frontmatter), never copied from the importer.
"""

import datetime
from io import StringIO

import frontmatter
import pytest
import yaml
from django.core.management import call_command
from django.utils import translation

from eig.challenges.models import Achievement, Administration, Challenge, KeyFigure
from eig.community.models import Membership, Person
from eig.content.legacy import import_site
from eig.content.models import FAQEntry, NewsPost, Tag
from eig.core.models import ActivityLog
from eig.promotions.models import Promotion

pytestmark = pytest.mark.django_db

MODELS = [Promotion, Administration, Challenge, KeyFigure, Achievement, Person, Membership, Tag, NewsPost, FAQEntry]


def read_yaml(site, relative):
    return yaml.safe_load((site / relative).read_text(encoding="utf-8"))


def published_post_files(site):
    """Posts Jekyll publishes: not named `_…` (ignored by Jekyll) and not `published: false`."""
    files = []
    for path in sorted((site / "_posts").glob("*.md")):
        if path.name.startswith("_"):
            continue
        if frontmatter.load(path).metadata.get("published") is False:
            continue
        files.append(path)
    return files


def row_counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def run_command(path):
    out = StringIO()
    call_command("import_legacy_site", str(path), stdout=out)
    return out.getvalue()


def test_import_yields_every_challenge_post_and_faq_entry_of_the_legacy_site(legacy_site):
    defis = read_yaml(legacy_site, "_data/defis.yml")
    posts = published_post_files(legacy_site)
    faq_candidates = read_yaml(legacy_site, "_data/faq-eig.yml")
    faq_administrations = read_yaml(legacy_site, "_data/faq-administrations.yml")

    import_site(legacy_site)

    assert Challenge.objects.count() == len(defis) == 71
    promotions = {str(entry["promotion"]) for entry in defis.values()}
    assert promotions == {"1", "2", "3", "4", "dig"}
    for value in promotions:
        code, number = ("DIG", 1) if value == "dig" else ("EIG", int(value))
        expected = sum(1 for entry in defis.values() if str(entry["promotion"]) == value)
        assert Challenge.objects.filter(promotion__programme__code=code, promotion__number=number).count() == expected
    assert set(Challenge.objects.values_list("legacy_path", flat=True)) == {e["link_to"] for e in defis.values()}
    assert set(Challenge.objects.values_list("status", flat=True)) == {Challenge.Status.FINISHED}
    assert NewsPost.objects.count() == len(posts)
    assert NewsPost.objects.published().count() == len(posts)
    assert FAQEntry.objects.filter(audience=FAQEntry.Audience.CANDIDATES).count() == len(faq_candidates)
    assert FAQEntry.objects.filter(audience=FAQEntry.Audience.ADMINISTRATIONS).count() == len(faq_administrations)

    # A challenge, its administration, a key figure, a fellow and a mentor.
    adex_entry = defis["ADEX"]
    adex = Challenge.objects.select_related("administration", "promotion").get(legacy_path=adex_entry["link_to"])
    assert adex.title == adex_entry["title"]
    assert adex.summary == adex_entry["description"]
    assert (adex.promotion.programme.code, adex.promotion.number, adex.promotion.year) == ("EIG", 4, 2020)
    assert adex.administration.name == "Haute Autorité de Santé"
    assert adex.administration.website == adex_entry["administration_website"]
    assert adex.town == adex_entry["ville"]
    assert adex.source_code_url == adex_entry["source_code"]
    assert sorted(adex.profiles.values_list("code", flat=True)) == sorted(adex_entry["skills"])
    first_figure = adex_entry["key_figures"][0]
    assert list(adex.key_figures.values_list("amount", "description"))[0] == (
        str(first_figure["amount"]),
        first_figure["description"],
    )
    assert adex.key_figures.count() == len(adex_entry["key_figures"])
    achievement = adex.achievements.get()
    assert (achievement.title, achievement.url) == (
        adex_entry["projects"][0]["title"],
        adex_entry["projects"][0]["url"],
    )
    adex_page = frontmatter.load(legacy_site / "_defis" / "2020-01-01-adex.md")
    assert adex.body == adex_page.content.strip()

    fellow = Membership.objects.select_related("person").get(challenge=adex, person__name="Anne Catel")
    assert fellow.role == Membership.Role.FELLOW
    assert fellow.person.role == Person.Role.FELLOW
    assert list(fellow.person.promotions.all()) == [adex.promotion]
    assert Membership.objects.filter(challenge=adex, role=Membership.Role.FELLOW).count() == len(adex_entry["eigs"])
    assert Membership.objects.filter(challenge=adex, role=Membership.Role.MENTOR).count() == len(adex_entry["mentors"])

    # One person per name, even across challenges and roles.
    names = {n for e in defis.values() for n in [*e["eigs"], *e["mentors"]]}
    assert Person.objects.count() <= len(names)
    both = Person.objects.get(name="Philéas Condemine")
    assert both.role == Person.Role.FELLOW
    assert set(both.memberships.values_list("role", flat=True)) == {Membership.Role.FELLOW, Membership.Role.MENTOR}
    assert both.promotions.count() == 2

    # A post: date from the file name, tags, old URL.
    bootcamp_file = legacy_site / "_posts" / "18-02-27-bootcamp-comment-souder-un-collectif-de-talents.md"
    bootcamp_meta = frontmatter.load(bootcamp_file).metadata
    bootcamp = NewsPost.objects.get(legacy_path="/blog/2018/02/27/bootcamp-comment-souder-un-collectif-de-talents.html")
    assert bootcamp.published_on == datetime.date(2018, 2, 27)
    assert bootcamp.title == bootcamp_meta["title"]
    assert bootcamp.author == bootcamp_meta["author"]
    assert sorted(bootcamp.tags.values_list("name", flat=True)) == sorted(bootcamp_meta["tags"])
    assert not NewsPost.objects.filter(legacy_path__contains="exemple").exists()  # _18-02-13-exemple.md is a draft

    # An English translation, paired by lang-ref.
    english = frontmatter.load(legacy_site / "en" / "_posts" / "18-05-29-pourquoi-devenir-EIG.md")
    why = NewsPost.objects.get(legacy_path="/blog/2018/05/29/pourquoi-devenir-EIG.html")
    assert why.title_en == english.metadata["title"]
    assert why.description_en == english.metadata["description"]
    assert why.body_en == english.content.strip()
    assert why.legacy_path_en == "/en/blog/2018/05/29/pourquoi-devenir-EIG.html"
    english_count = len(list((legacy_site / "en" / "_posts").glob("*.md")))
    assert NewsPost.objects.exclude(legacy_path_en="").count() == english_count

    # FAQ: HTML answers kept, English paired by anchor.
    first = faq_candidates[0]
    entry = FAQEntry.objects.get(audience=FAQEntry.Audience.CANDIDATES, section=first["ancre"])
    assert (entry.question, entry.answer, entry.order) == (first["question"], first["reponse"], 0)
    english_first = next(e for e in read_yaml(legacy_site, "_data/faq-eig-en.yml") if e["ancre"] == first["ancre"])
    assert entry.question_en == english_first["question"]


def test_french_and_english_values_land_in_their_own_columns(legacy_site):
    import_site(legacy_site)

    why = NewsPost.objects.get(legacy_path="/blog/2018/05/29/pourquoi-devenir-EIG.html")
    french_title = frontmatter.load(legacy_site / "_posts" / "18-05-29-pourquoi-devenir-EIG.md").metadata["title"]
    english_title = frontmatter.load(legacy_site / "en" / "_posts" / "18-05-29-pourquoi-devenir-EIG.md").metadata[
        "title"
    ]
    assert (why.title_fr, why.title_en) == (french_title, english_title)
    with translation.override("fr"):
        assert why.title == french_title
    with translation.override("en"):
        assert why.title == english_title

    untranslated = NewsPost.objects.get(legacy_path="/blog/2018/04/12/atelier-product-research.html")
    assert untranslated.title_en in ("", None)
    with translation.override("en"):
        assert untranslated.title == untranslated.title_fr  # falls back to French

    adex = Challenge.objects.get(legacy_path="/defis/2020/adex.html")
    assert adex.title_fr == "ADEX"
    assert adex.summary_fr == "Prévenir les conflits d'intérêts dans le domaine médical"
    assert adex.summary_en in ("", None)


def test_second_run_reports_zero_changes_and_creates_no_duplicate(legacy_site):
    first_output = run_command(legacy_site)
    counts = row_counts()

    report = import_site(legacy_site)
    second_output = run_command(legacy_site)

    assert row_counts() == counts
    assert (report.created, report.updated, report.deleted) == (0, 0, 0)
    assert report.unchanged == sum(counts.values())
    assert "Défis — créés : 71, mis à jour : 0, inchangés : 0" in first_output
    assert "Défis — créés : 0, mis à jour : 0, inchangés : 71" in second_output
    assert "Total — créés : 0, mis à jour : 0, inchangés : " in second_output
    assert ActivityLog.objects.filter(verb="content.legacy_imported").count() == 3


def test_a_changed_legacy_value_is_saved_and_counted_as_one_update(legacy_copy):
    import_site(legacy_copy)
    defis_path = legacy_copy / "_data" / "defis.yml"
    defis_path.write_text(
        defis_path.read_text(encoding="utf-8").replace(
            "Déclarations d'intérêts analysées en 2020", "Déclarations analysées en 2020"
        ),
        encoding="utf-8",
    )

    report = import_site(legacy_copy)

    assert report.counts["key_figures"].updated == 1
    assert report.counts["challenges"].updated == 0
    assert (report.created, report.updated) == (0, 1)
    assert KeyFigure.objects.filter(description="Déclarations analysées en 2020").count() == 1


def test_bad_files_are_reported_by_name_and_reason_and_the_rest_is_imported(legacy_copy):
    expected_posts = len(published_post_files(legacy_copy)) - 1
    faq_admin = legacy_copy / "_data" / "faq-administrations.yml"
    faq_admin.write_text('- question: "Ouverte\n  reponse: [non fermée\n', encoding="utf-8")
    bad_post = legacy_copy / "_posts" / "18-04-12-atelier-product-research.md"
    bad_post.write_text("---\ntitle: [crochet jamais fermé\nauthor: x\n---\n\nTexte.\n", encoding="utf-8")
    defis_path = legacy_copy / "_data" / "defis.yml"
    defis_path.write_text(
        defis_path.read_text(encoding="utf-8").replace(
            'skills: ["dev", "design", "datascience"]', 'skills: ["dev", "alchimie", "datascience"]', 1
        ),
        encoding="utf-8",
    )
    defis = read_yaml(legacy_copy, "_data/defis.yml")
    assert defis["ADEX"]["skills"] == ["dev", "alchimie", "datascience"]

    output = run_command(legacy_copy)

    # The rest is imported.
    assert Challenge.objects.count() == len(defis)
    adex = Challenge.objects.get(legacy_path="/defis/2020/adex.html")
    assert sorted(adex.profiles.values_list("code", flat=True)) == ["datascience", "dev"]
    assert NewsPost.objects.count() == expected_posts
    assert not NewsPost.objects.filter(legacy_path="/blog/2018/04/12/atelier-product-research.html").exists()
    assert FAQEntry.objects.filter(audience=FAQEntry.Audience.CANDIDATES).count() == len(
        read_yaml(legacy_copy, "_data/faq-eig.yml")
    )
    assert not FAQEntry.objects.filter(audience=FAQEntry.Audience.ADMINISTRATIONS).exists()

    # Each problem is named: file, item when the file holds several, reason.
    assert "_data/faq-administrations.yml : YAML invalide" in output
    assert "_posts/18-04-12-atelier-product-research.md : en-tête YAML invalide" in output
    assert "_data/defis.yml [ADEX] : compétence inconnue « alchimie » ignorée" in output
    log = ActivityLog.objects.get(verb="content.legacy_imported")
    assert log.actor is None
    assert log.data["problems"] >= 3
    assert log.data["kinds"]["challenges"]["created"] == len(defis)


def test_an_unreadable_challenge_entry_is_skipped_and_the_others_are_imported(legacy_copy):
    defis_path = legacy_copy / "_data" / "defis.yml"
    text = defis_path.read_text(encoding="utf-8")
    defis_path.write_text(text.replace("  promotion: 4\n", "  promotion: cinq\n", 1), encoding="utf-8")

    report = import_site(legacy_copy)

    assert Challenge.objects.count() == len(read_yaml(legacy_copy, "_data/defis.yml")) - 1
    assert not Challenge.objects.filter(legacy_path="/defis/2020/adex.html").exists()
    assert any(
        p.path == "_data/defis.yml" and p.item == "ADEX" and "promotion inconnue « cinq »" in p.reason
        for p in report.problems
    )


def test_old_challenge_and_post_urls_answer_301_to_the_new_pages(client, legacy_site):
    import_site(legacy_site)
    with translation.override("fr"):
        adex_url = Challenge.objects.get(legacy_path="/defis/2020/adex.html").get_absolute_url()
        why = NewsPost.objects.get(legacy_path="/blog/2018/05/29/pourquoi-devenir-EIG.html")
        why_url = why.get_absolute_url()

    challenge_response = client.get("/defis/2020/adex.html")
    post_response = client.get("/blog/2018/05/29/pourquoi-devenir-EIG.html")

    assert challenge_response.status_code == 301
    assert challenge_response["Location"] == adex_url == "/defis/eig-4/adex/"
    assert post_response.status_code == 301
    assert post_response["Location"] == why_url == f"/actualites/{why.slug}/"
    assert client.get(challenge_response["Location"]).status_code == 200
    assert client.get(post_response["Location"]).status_code == 200


def test_old_english_post_url_answers_301_to_the_english_page(client, legacy_site):
    import_site(legacy_site)
    why = NewsPost.objects.get(legacy_path_en="/en/blog/2018/05/29/pourquoi-devenir-EIG.html")

    response = client.get("/en/blog/2018/05/29/pourquoi-devenir-EIG.html")

    assert response.status_code == 301
    assert response["Location"] == f"/en/actualites/{why.slug}/"
    assert client.get(response["Location"]).status_code == 200


def test_old_links_lowercased_by_hand_still_redirect(client, legacy_site):
    import_site(legacy_site)
    response = client.get("/blog/2018/05/29/pourquoi-devenir-eig")
    assert response.status_code == 301
    assert response["Location"].startswith("/actualites/")
