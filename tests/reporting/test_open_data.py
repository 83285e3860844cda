"""The open datasets (eig.reporting.open_data): every file validates with frictionless against its
Table Schema, the data package validates as a package, every column is described in French and
in English, nobody appears without consent and small groups are masked."""

import itertools
import json

import pytest
from django.utils import translation
from frictionless import Package, Schema, resources

from eig.reporting import open_data, queries
from tests.factories import ChallengeFactory, PromotionFactory
from tests.factories.calls import application_call
from tests.factories.open_data import applications, closed_call, grow, open_data_world
from tests.factories.reporting import application, reporting_call

pytestmark = pytest.mark.django_db

NAMES = list(open_data.DATASETS)
# Python types a JSON value of each Table Schema type takes (None: an empty cell).
JSON_TYPES = {"string": str, "integer": int, "date": str, "boolean": bool}


@pytest.fixture
def world():
    return open_data_world()


def errors(report) -> list:
    return report.flatten(["rowNumber", "fieldName", "type", "note"])


def rendered(name):
    data = open_data.DATASETS[name]
    rows = data.rows()
    return data, rows, open_data.to_csv(data, rows), open_data.to_json(data, rows)


def table_resource(path, data):
    """The file (CSV or JSON, by its name) with the dataset's schema. frictionless refuses an
    absolute path as unsafe: a relative one under a base path."""
    schema = Schema.from_descriptor(data.schema())
    return resources.TableResource(path=path.name, basepath=str(path.parent), schema=schema)


@pytest.mark.parametrize("name", NAMES)
def test_each_dataset_validates_against_its_schema_as_csv(world, name, tmp_path):
    data, rows, csv_bytes, _json = rendered(name)
    path = tmp_path / f"{name}.csv"
    path.write_bytes(csv_bytes)
    report = table_resource(path, data).validate()
    assert errors(report) == []
    assert report.valid
    assert report.tasks[0].stats["rows"] == len(rows) > 0
    assert csv_bytes.decode().split("\r\n", 1)[0] == ",".join(data.field_names)


@pytest.mark.parametrize("name", NAMES)
def test_each_dataset_validates_against_its_schema_as_json(world, name, tmp_path):
    data, rows, csv_bytes, json_bytes = rendered(name)
    path = tmp_path / f"{name}.json"
    path.write_bytes(json_bytes)
    # frictionless reads the file itself (a list of objects, through ijson): keys in the schema's order.
    report = table_resource(path, data).validate()
    assert errors(report) == []
    assert report.valid
    assert report.tasks[0].stats["rows"] == len(rows) > 0
    # It reads "true" as a boolean and "3" as an integer: the JSON types themselves are checked here.
    types = {column.name: JSON_TYPES[column.type] for column in data.columns}
    for item in json.loads(json_bytes):
        assert list(item) == data.field_names
        assert [k for k, v in item.items() if v is not None and not isinstance(v, types[k])] == []
        assert not any(value == "" for value in item.values())  # a missing value is null, never ""
    # The CSV and the JSON hold the same rows, read through the same schema.
    (tmp_path / f"{name}.csv").write_bytes(csv_bytes)
    as_json = [row.to_dict() for row in table_resource(path, data).read_rows()]
    assert as_json == [row.to_dict() for row in table_resource(tmp_path / f"{name}.csv", data).read_rows()]


@pytest.mark.parametrize("name", NAMES)
def test_each_schema_is_a_valid_table_schema(name):
    report = Schema.validate_descriptor(open_data.DATASETS[name].schema())
    assert errors(report) == [] and report.valid


def test_the_data_package_validates_as_a_package_with_its_files(world, tmp_path):
    for name in NAMES:
        data, _rows, csv_bytes, _json = rendered(name)
        (tmp_path / f"{name}.csv").write_bytes(csv_bytes)
        (tmp_path / f"{name}.schema.json").write_bytes(open_data.schema_json(data))
    (tmp_path / "datapackage.json").write_bytes(open_data.package_json(open_data.last_modified()))
    package = Package("datapackage.json", basepath=str(tmp_path))
    report = package.validate()
    assert errors(report) == []
    assert report.valid
    assert [task.name for task in report.tasks] == NAMES
    assert all(task.stats["rows"] > 0 for task in report.tasks)


def test_the_data_package_names_the_licence_and_every_dataset_with_its_schema():
    descriptor = open_data.package_descriptor()
    assert descriptor["licenses"] == [
        {
            "name": "etalab-2.0",
            "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
            "title": "Licence Ouverte / Open Licence version 2.0",
        }
    ]
    assert Package.validate_descriptor(descriptor).valid
    assert [(r["name"], r["path"], r["format"], r["mediatype"], r["schema"]) for r in descriptor["resources"]] == [
        (name, f"{name}.csv", "csv", "text/csv", f"{name}.schema.json") for name in NAMES
    ]
    assert all(resource["sources"] for resource in descriptor["resources"])
    assert descriptor["title"] and descriptor["title_en"] and descriptor["title"] != descriptor["title_en"]


@pytest.mark.parametrize("name", NAMES)
def test_every_column_has_a_french_and_an_english_title_and_description(name):
    schema = json.loads(open_data.schema_json(open_data.DATASETS[name]))
    for key in ("title", "title_en", "description", "description_en"):
        assert schema[key].strip(), key
    assert schema["description"] != schema["description_en"]
    for field in schema["fields"]:
        for key in ("title", "title_en", "description", "description_en"):
            assert field[key].strip(), (field["name"], key)
        # Two languages, not one text twice.
        assert field["description"] != field["description_en"], field["name"]


def test_the_data_package_describes_every_dataset_in_french_and_english():
    for resource in open_data.package_descriptor()["resources"]:
        assert resource["title"] and resource["title_en"]
        assert resource["description"] != resource["description_en"]


def every_file() -> str:
    return "\n".join(
        (open_data.to_csv(data, rows) + open_data.to_json(data, rows)).decode()
        for data, rows in ((data, data.rows()) for data in open_data.DATASETS.values())
    )


def test_a_person_without_consent_never_appears_in_any_file(world):
    files = every_file()
    for hidden in ("Zoé Secrète", "zoe-secrete", "Léa Discrète", "lea-discrete"):
        assert hidden not in files
    assert "Ada Publique" in files and "Marc Public" in files


def test_no_email_address_is_published(world):
    assert "@" not in every_file()


def test_proposed_challenges_and_unpublished_promotions_stay_out(world):
    files = every_file()
    for hidden in ("Défi proposé secret", "Personne du défi secret", "Réalisation secrète", "eig-od-5", "non publiée"):
        assert hidden not in files


def test_the_teams_name_only_consenting_people_with_their_role_and_profile(world):
    assert open_data.team_rows() == [
        {
            "challenge_id": world.alpha.pk,
            "challenge_slug": "alpha",
            "promotion": "eig-od-3",
            "role": "fellow",
            "person": "ada-publique",
            "name": "Ada Publique",
            "profile": "dev",
            "person_url": "http://127.0.0.1:8000/communaute/ada-publique/",
        },
        {
            "challenge_id": world.beta.pk,
            "challenge_slug": "beta",
            "promotion": "eig-od-4",
            "role": "operational_mentor",
            "person": "marc-public",
            "name": "Marc Public",
            "profile": None,
            "person_url": "http://127.0.0.1:8000/communaute/marc-public/",
        },
    ]


def test_withdrawing_consent_removes_the_person_from_the_teams(world):
    world.ada.is_public = False
    world.ada.save()
    assert [row["name"] for row in open_data.team_rows()] == ["Marc Public"]


# --- The funnel ---------------------------------------------------------------------------------

STAGES = ["started", "submitted", "admissible", "auditioned", "selected", "in_post", "finished"]
M = None  # a masked cell: no count
# Where the applications of the first promotion stopped; each stage counts those that reached it.
STOPPED = {"started": 9, "submitted": 8, "admissible": 5, "auditioned": 4, "selected": 1, "finished": 3}
# Every cell of the two published promotions, masked ones included.
EXPECTED = {
    "eig-fun-1": [30, 21, 13, 8, M, M, M],  # 4 selected, 3 in post, 3 finished: masked
    "eig-fun-2": [M, M, 0, 0, 0, 0, 0],  # three who submitted: masked; zero is no one, shown
}


@pytest.fixture
def funnel_world():
    """Two published promotions with a closed call each (the applications of EXPECTED, of every
    civility); an open call of another promotion and a closed call of an unpublished one, with six
    applications each."""
    first = PromotionFactory(slug="eig-fun-1", year=2031)
    second = PromotionFactory(slug="eig-fun-2", year=2032)
    call = reporting_call(first)
    civilities = itertools.cycle(["madame", "monsieur", "non_precise", None])
    for stage, count in STOPPED.items():
        for _ in range(count):
            application(call, stage, gender=next(civilities))
    for _ in range(3):
        application(reporting_call(second), "submitted")
    still_open = application_call(promotion=PromotionFactory(slug="eig-fun-3", year=2033), slug="appel-ouvert-fun")
    unpublished = reporting_call(PromotionFactory(slug="eig-fun-4", year=2033, is_published=False))
    for _ in range(6):
        application(still_open, "submitted")
        application(unpublished, "submitted")
    return first, second


def cells(rows) -> dict:
    """{promotion: [count per stage]} of the funnel's rows, checking their order and marks."""
    found = {}
    for row in rows:
        counts = found.setdefault(row["promotion"], [])
        assert row["stage"] == STAGES[len(counts)]
        assert row["masked"] is (row["count"] is None)  # a masked cell has no count, and only it
        counts.append(row["count"])
    return found


def test_the_funnel_gives_every_stage_of_each_published_promotion_masking_small_groups(funnel_world):
    rows = open_data.funnel_rows()
    assert cells(rows) == EXPECTED
    assert {row["promotion"]: row["year"] for row in rows} == {"eig-fun-1": 2031, "eig-fun-2": 2032}
    data = open_data.DATASETS["funnel_statistics"]
    lines = open_data.to_csv(data, rows).decode().split("\r\n")
    assert lines[:3] == [
        "promotion,year,stage,count,masked",
        "eig-fun-1,2031,started,30,false",
        "eig-fun-1,2031,submitted,21,false",
    ]
    assert "eig-fun-1,2031,in_post,,true" in lines and "eig-fun-2,2032,admissible,0,false" in lines


def test_the_funnel_is_the_one_of_the_dashboards_promotion_by_promotion(funnel_world):
    """The open data and the staff dashboards read one funnel: the same cells for each promotion."""
    published = cells(open_data.funnel_rows())
    for promotion in funnel_world:
        assert published[promotion.slug] == list(queries.funnel(promotion=promotion).overall.counts)


def test_the_world_counts_closed_calls_only_and_submissions_from_their_versions(world):
    # eig-od-3: 3 applications, masked, and none further (zero is no one: shown); eig-od-4: 1 draft,
    # 6 submitted, 2 laureates (masked; a laureate was admissible and heard); the open call's 6 wait.
    assert cells(open_data.funnel_rows()) == {"eig-od-3": [M, M, 0, 0, 0, 0, 0], "eig-od-4": [7, 6, M, M, M, 0, 0]}
    data = open_data.DATASETS["funnel_statistics"]
    assert "eig-od-4,2020,selected,,true\r\n" in open_data.to_csv(data, data.rows()).decode()


def test_five_applications_are_shown_four_masked_and_none_shown_as_zero(world):
    call = closed_call(ChallengeFactory().promotion, "appel-seuil")
    applications(call, drafts=1, submitted=4)
    assert cells(open_data.funnel_rows())[call.promotion.slug] == [5, M, 0, 0, 0, 0, 0]


def test_a_promotions_small_number_of_fellows_is_masked(world):
    # eig-od-3 has two fellows (one without a public profile): a group of 2 is masked.
    rows = {row["slug"]: row for row in open_data.promotion_rows()}
    assert rows["eig-od-3"]["fellow_count"] is None
    assert rows["eig-od-4"]["fellow_count"] == 0
    grow(world, 3)  # three more teams of eig-od-4, two fellows each
    assert {row["slug"]: row for row in open_data.promotion_rows()}["eig-od-4"]["fellow_count"] == 6


def test_the_promotions_give_the_days_of_their_phases_and_their_challenges(world):
    row = {row["slug"]: row for row in open_data.promotion_rows()}["eig-od-3"]
    assert (row["application_call_start"].isoformat(), row["application_call_end"].isoformat()) == (
        "2019-01-10",
        "2019-02-19",
    )
    assert row["programme_start"].isoformat() == "2019-07-29" and row["programme_end"] is None
    assert row["auditions_start"] is None
    assert (row["challenge_count"], row["title_fr"], row["page_url"]) == (
        1,
        "EIG 3",
        "http://127.0.0.1:8000/promotions/eig-od-3/",
    )


def test_the_challenges_give_both_languages_the_ministry_and_french_addresses(world):
    rows = {row["slug"]: row for row in open_data.challenge_rows()}
    assert list(rows) == ["alpha", "beta"]
    alpha, beta = rows["alpha"], rows["beta"]
    assert (alpha["title_fr"], alpha["title_en"], alpha["profiles"], alpha["status"]) == (
        "Alpha",
        "Alpha in English",
        "dev;datascience",
        "finished",
    )
    assert (alpha["source_code_url"], beta["source_code_url"]) == ("https://code.example/alpha", None)
    assert (beta["administration"], beta["ministry"], beta["title_en"]) == (
        "Direction Bêta",
        "Ministère de l'Exemple",
        None,
    )
    assert beta["page_url"] == "http://127.0.0.1:8000/defis/eig-od-4/beta/"


def test_an_achievement_from_a_deliverable_carries_its_kind(world):
    rows = {row["challenge_slug"]: row for row in open_data.achievement_rows()}
    assert (rows["beta"]["kind"], rows["beta"]["url"], rows["beta"]["title_fr"]) == (
        "dataset",
        world.deliverable.url,
        "Jeu de données Bêta",
    )
    assert (rows["alpha"]["kind"], rows["alpha"]["title_en"]) == (None, "An online tool")


@pytest.mark.parametrize("name", NAMES)
def test_the_files_are_the_same_whatever_the_active_language(world, name):
    data = open_data.DATASETS[name]
    french = (open_data.to_csv(data, data.rows()), open_data.to_json(data, data.rows()), open_data.schema_json(data))
    with translation.override("en"):
        english = (
            open_data.to_csv(data, data.rows()),
            open_data.to_json(data, data.rows()),
            open_data.schema_json(data),
        )
    assert english == french


# One literal number per dataset: the same with 2 teams and with 8.
QUERIES = {
    "challenges": 2,
    "positions": 1,
    "promotions": 2,
    "teams": 1,
    "achievements": 1,
    "funnel_statistics": 7,  # the dashboards' funnel of the whole (6), the promotions' years
}


@pytest.mark.parametrize("name", NAMES)
def test_each_dataset_is_built_in_a_fixed_number_of_queries(world, name, django_assert_num_queries):
    data = open_data.DATASETS[name]
    with django_assert_num_queries(QUERIES[name]):
        few = len(data.rows())
    grow(world, 6)
    applications(closed_call(PromotionFactory(), "appel-de-plus"), submitted=5)  # one more promotion
    with django_assert_num_queries(QUERIES[name]):
        many = len(data.rows())
    assert many > few


def test_the_date_of_the_data_is_the_last_change_in_one_query(world, django_assert_num_queries):
    with django_assert_num_queries(1):
        before = open_data.last_modified()
    world.beta.title = "Bêta renommé"
    world.beta.save()
    assert open_data.last_modified() == type(world.beta).objects.get(pk=world.beta.pk).updated_at > before
