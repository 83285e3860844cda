"""The open data page and files (/donnees-ouvertes/…): the page in French and in English, the files
the same bytes under both addresses with their content types, a flat number of queries."""

import html
import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from eig.reporting import open_data
from tests.factories.open_data import applications, grow, open_data_world

pytestmark = pytest.mark.django_db

NAMES = list(open_data.DATASETS)


@pytest.fixture
def world():
    return open_data_world()


def text_of(response):
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", response.content.decode())))


def in_english(url_name, **kwargs):
    with translation.override("en"):
        return reverse(url_name, kwargs=kwargs or None)


def every_file_url():
    """(url name, kwargs) of every file: each dataset as CSV and JSON, its schema, the package."""
    for name in NAMES:
        yield "public:open_data_file", {"name": name, "fmt": "csv"}
        yield "public:open_data_file", {"name": name, "fmt": "json"}
        yield "public:open_data_schema", {"name": name}
    yield "public:open_data_package", {}


def test_the_page_lists_every_dataset_with_its_columns_links_and_licence_in_french(client, world):
    response = client.get(reverse("public:open_data"))
    assert response.status_code == 200
    text = text_of(response)
    for data in open_data.DATASETS.values():
        assert data.title in text and data.description in text
        assert f"Colonnes du jeu de données « {data.title} »" in text
        for column in data.columns:
            assert column.description in text
        for fmt in ("csv", "json"):
            assert f'href="/donnees-ouvertes/{data.name}.{fmt}"' in response.content.decode()
        assert f'href="/donnees-ouvertes/{data.name}.schema.json"' in response.content.decode()
    assert "Licence Ouverte / Open Licence version 2.0" in text
    assert 'href="https://www.etalab.gouv.fr/licence-ouverte-open-licence/"' in response.content.decode()
    assert 'href="/donnees-ouvertes/datapackage.json"' in response.content.decode()
    assert "Les personnes qui n'ont pas accepté de profil public" in text
    day = timezone.localdate(open_data.last_modified())
    assert f"Données à jour au {day.day} " in text and f" {day.year}." in text


def test_the_page_is_in_english_too_with_the_english_column_descriptions(client, world):
    response = client.get(in_english("public:open_data"))
    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    text = text_of(response)
    for data in open_data.DATASETS.values():
        assert data.title_en in text and data.description_en in text
        for column in data.columns:
            assert column.description_en in text
            assert column.description not in text
    assert 'href="/en/donnees-ouvertes/challenges.csv"' in response.content.decode()


@pytest.mark.parametrize("url_name, kwargs", list(every_file_url()))
def test_every_file_is_the_same_in_french_and_in_english(client, world, url_name, kwargs):
    french = client.get(reverse(url_name, kwargs=kwargs or None))
    english = client.get(in_english(url_name, **kwargs))
    assert french.status_code == english.status_code == 200
    assert english.content == french.content
    assert english["Content-Type"] == french["Content-Type"]


def test_the_files_have_their_content_types_and_the_csv_is_a_download(client, world):
    csv = client.get(reverse("public:open_data_file", kwargs={"name": "challenges", "fmt": "csv"}))
    assert csv["Content-Type"] == "text/csv; charset=utf-8"
    assert csv["Content-Disposition"] == 'attachment; filename="challenges.csv"'
    assert csv.content.decode().startswith("id,slug,promotion,year,title_fr,title_en,")
    as_json = client.get(reverse("public:open_data_file", kwargs={"name": "challenges", "fmt": "json"}))
    assert as_json["Content-Type"] == "application/json" and "Content-Disposition" not in as_json
    assert [row["slug"] for row in as_json.json()] == ["alpha", "beta"]
    schema = client.get(reverse("public:open_data_schema", kwargs={"name": "teams"}))
    assert schema["Content-Type"] == "application/json"
    assert schema.json()["fields"][0]["name"] == "challenge_id"
    package = client.get(reverse("public:open_data_package"))
    assert package["Content-Type"] == "application/json"
    assert package.json()["licenses"][0]["name"] == "etalab-2.0"
    assert csv["Access-Control-Allow-Origin"] == package["Access-Control-Allow-Origin"] == "*"


def test_the_stable_addresses_of_the_files():
    assert reverse("public:open_data") == "/donnees-ouvertes/"
    assert reverse("public:open_data_file", kwargs={"name": "teams", "fmt": "csv"}) == "/donnees-ouvertes/teams.csv"
    assert reverse("public:open_data_schema", kwargs={"name": "teams"}) == "/donnees-ouvertes/teams.schema.json"
    assert reverse("public:open_data_package") == "/donnees-ouvertes/datapackage.json"


@pytest.mark.parametrize(
    "path",
    ["/donnees-ouvertes/inconnu.csv", "/donnees-ouvertes/inconnu.schema.json", "/donnees-ouvertes/teams.xml"],
)
def test_an_unknown_dataset_or_format_answers_404(client, path):
    assert client.get(path).status_code == 404


def test_the_files_refuse_writes_even_with_a_valid_csrf_token(world):
    client = Client()  # CSRF checks off: this is the view's own method check.
    for url_name, kwargs in [("public:open_data", {}), *every_file_url()]:
        url = reverse(url_name, kwargs=kwargs or None)
        for method in ("post", "put", "patch", "delete"):
            assert getattr(client, method)(url).status_code == 405, f"{method} {url}"


def test_a_cached_file_changes_at_once_when_a_challenge_does(client, world):
    url = reverse("public:open_data_file", kwargs={"name": "challenges", "fmt": "csv"})
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"
    world.beta.title = "Bêta renommé"
    world.beta.save()
    assert "Bêta renommé" in client.get(url).content.decode()


def test_the_funnel_is_computed_afresh_since_applications_do_not_change_the_public_version(client, world):
    url = reverse("public:open_data_file", kwargs={"name": "funnel_statistics", "fmt": "csv"})
    assert "eig-od-3,2019,started,,true" in client.get(url).content.decode()
    applications(world.old.calls.get(), submitted=2)  # eig-od-3 reaches 5
    response = client.get(url)
    assert "X-Page-Cache" not in response
    assert "eig-od-3,2019,started,5,false" in response.content.decode()


def test_the_page_is_in_the_sitemap_and_the_site_map(client):
    sitemap = client.get(reverse("sitemap")).content.decode()
    assert "/donnees-ouvertes/</loc>" in sitemap and "/en/donnees-ouvertes/</loc>" in sitemap
    assert 'href="/donnees-ouvertes/"' in client.get(reverse("footer-sitemap")).content.decode()


def queries_for(client, url, django_assert_num_queries, expected):
    cache.clear()
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200


# Literal numbers, the same with 2 teams and with 8: the page cache's three reads on an empty cache
# (the version, the instants of phases and calls), then the view's (tests/reporting/test_open_data.py).
PAGE_QUERIES = 5  # + the date of the data, the DSFR site settings of the layout
FILE_QUERIES = {
    "challenges": 5,
    "positions": 4,
    "promotions": 5,
    "teams": 4,
    "achievements": 4,
    "funnel_statistics": 10,
}


def test_the_page_keeps_a_flat_query_count(client, world, django_assert_num_queries):
    url = reverse("public:open_data")
    queries_for(client, url, django_assert_num_queries, PAGE_QUERIES)
    grow(world, 6)
    queries_for(client, url, django_assert_num_queries, PAGE_QUERIES)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_each_file_keeps_a_flat_query_count(client, world, name, fmt, django_assert_num_queries):
    url = reverse("public:open_data_file", kwargs={"name": name, "fmt": fmt})
    queries_for(client, url, django_assert_num_queries, FILE_QUERIES[name])
    grow(world, 6)
    queries_for(client, url, django_assert_num_queries, FILE_QUERIES[name])
