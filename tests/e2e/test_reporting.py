"""The reporting dashboards in the browser (issue 17's acceptance: « a browser test reads a
dashboard and downloads a CSV; axe passes with the charts »).

Two promotions each ran a call for applications: EIG 8 (20 dossiers) and EIG 9 (15), every
dossier with its civility, region and wishes answered. Staff, signed in with their second
factor, open the candidate funnel from the call list: the chart of the whole is an image with a
name and a description; the table beside it gives the counts, « moins de 5 » where fewer than 5
people reached a stage; the breakdown by civility masks the small groups, and one more group
when a subtraction from the total would give a small one back. Filtered on EIG 8 with every
breakdown, the figures are EIG 8's; its CSV (UTF-8 with a byte-order mark, `;`) carries the
same figures, the masked ones empty and named in a note. Then the challenges per ministry, and
their CSV. axe-core passes on both pages with their charts.

The world is tests/factories/reporting.py's: each dossier left at the stage it reached.
"""

import csv
import io
import re
from dataclasses import dataclass

import pytest
from django.urls import reverse

from eig.proposals.models import Proposal
from tests.factories import PromotionFactory, StaffFactory
from tests.factories.reporting import application, challenge_call, directorate, ministry, proposal, reporting_call

from .audit import check_accessibility, check_no_browser_problems, screenshot
from .steps import click, follow, visit
from .test_staff_and_privacy import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

GENDERS = {"F": "madame", "M": "monsieur", "N": "non_precise"}
REGIONS = ["ile_de_france", "bretagne", "ile_de_france", "occitanie"]
WISHES = [["dev"], ["datascience", "dev"], ["design", "dev", "datascience"]]
# Per promotion, the stage each dossier stopped at, and the civility declared by each (one letter each).
APPLICATIONS = {
    "eig-8": {
        "started": "FFMN",
        "submitted": "FFMMMN",
        "admissible": "FMN",
        "auditioned": "FFM",
        "selected": "FM",
        "in_post": "F",
        "finished": "M",
    },
    "eig-9": {
        "started": "FMN",
        "submitted": "FMMN",
        "admissible": "FN",
        "auditioned": "M",
        "selected": "FFFMM",
    },
}
MASKED_NOTE = "Masqué (moins de 5 personnes, ou pour qu'une soustraction ne révèle pas un petit groupe) : "


@dataclass
class ReportingWorld:
    older: object  # EIG 8
    recent: object  # EIG 9
    staff: object


def reporting_world() -> ReportingWorld:
    older = PromotionFactory(number=8, year=2024, slug="eig-8", title="EIG 8")
    recent = PromotionFactory(number=9, year=2025, slug="eig-9", title="EIG 9")
    for promotion in (older, recent):
        call = reporting_call(promotion, slug=f"candidatures-{promotion.slug}")
        i = 0
        for stage, genders in APPLICATIONS[promotion.slug].items():
            for letter in genders:
                application(call, stage, gender=GENDERS[letter], region=REGIONS[i % 4], wishes=WISHES[i % 3])
                i += 1
    # The challenges: proposals from two ministries (one through a directorate) in both promotions;
    # each call's recruiting challenge, recorded without a proposal, counts « sans ministère ».
    culture = ministry("Ministère de la Culture", "culture")
    archives = directorate(culture, "archives")
    interior = ministry("Ministère de l'Intérieur", "interieur")
    older_call, recent_call = challenge_call(older), challenge_call(recent)
    for call, administration, state in [
        (older_call, culture, Proposal.State.SUBMITTED),
        (older_call, archives, Proposal.State.NOT_PRESELECTED),
        (older_call, archives, Proposal.State.PRESELECTED),
        (older_call, interior, Proposal.State.SELECTED),
        (older_call, interior, Proposal.State.PUBLISHED),
        (older_call, interior, Proposal.State.DRAFT),  # never proposed
        (recent_call, culture, Proposal.State.SELECTED),
        (recent_call, interior, Proposal.State.SUBMITTED),
        (recent_call, interior, Proposal.State.NOT_SELECTED),
    ]:
        proposal(call, administration, state)
    return ReportingWorld(older, recent, StaffFactory(email="equipe@example.org"))


# --- Reading the page ---------------------------------------------------------------------------------


def words(text: str) -> str:
    """A text as read: every run of spaces (non-breaking ones included) one space."""
    return " ".join(text.split())


def read_table(page, caption: str) -> dict[str, list[str]]:
    """The table named by its caption, as a person reads it: {row header: [its cells' texts]},
    the column headers under ""."""
    table = page.get_by_role("table", name=caption)
    rows = {}
    for row in table.locator("tr").all():
        texts = [words(text) for text in row.locator("th, td").all_inner_texts()]
        if row.locator("th[scope='col']").count():
            rows[""] = texts
        else:
            rows[texts[0]] = texts[1:]
    return rows


def counts(rows: dict[str, list[str]]) -> dict[str, list[str]]:
    """Each row's counts, without the rates written under them (« 12 80,0 % · 80,0 % » → « 12 »)."""
    return {
        label: [re.split(r" (?=\d+,\d %|—|masqué)", cell, maxsplit=1)[0] for cell in cells]
        for label, cells in rows.items()
        if label
    }


def download_csv(page) -> tuple[str, bytes]:
    """Follow the page's CSV link as a person does; the file's suggested name and its bytes."""
    with page.expect_download() as info:
        page.get_by_role("link", name="Télécharger en CSV").click()
    download = info.value
    assert download.failure() is None
    path = download.path()
    return download.suggested_filename, path.read_bytes()


def read_csv(content: bytes) -> list[list[str]]:
    """What French Excel opens as is: UTF-8 with a byte-order mark, `;` between cells."""
    assert content.startswith(b"\xef\xbb\xbf"), content[:20]
    text = content.decode("utf-8-sig")
    assert "\r\n" in text
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def audit(page, name):
    screenshot(page, name)
    assert page.get_by_role("heading", level=1).count() == 1
    check_accessibility(page, name)


# --- The funnel -------------------------------------------------------------------------------------------


STAGES = [
    "Dossiers commencés",
    "Dossiers déposés",
    "Admissibles à la présélection",
    "Auditionnés",
    "Sélectionnés",
    "En poste",
    "Programme terminé",
]
OVERALL = "Candidatures à chaque étape, et taux de passage"
BY_GENDER = "Par civilité déclarée : effectif à chaque étape"


def test_staff_read_the_funnel_filter_it_by_promotion_and_download_it(page, browser_context, live_server):
    world = reporting_world()
    sign_in(browser_context, live_server, world.staff)
    visit(page, reverse("staff:call_list"))
    follow(page, "Rapports : entonnoir des candidatures, défis par ministère")
    assert page.url.endswith(reverse("staff:reporting_funnel"))
    assert page.get_by_role("heading", level=2, name="Ensemble — toutes les promotions").is_visible()

    # The whole, as a picture: an image named by its title, described with every figure.
    chart = page.get_by_role("img", name="Candidatures à chaque étape")
    assert chart.evaluate("e => e.tagName") == "svg"
    description = words(chart.locator("desc").text_content())
    assert description.startswith("Dossiers commencés : 35 ; Dossiers déposés : 28 (80,0 % des dossiers commencés) ;")
    assert description.endswith("En poste : moins de 5 ; Programme terminé : moins de 5.")
    # … and as a table beside it: 35 dossiers started (20 + 15), 2 in post and 1 finished (masked).
    overall = read_table(page, OVERALL)
    assert overall[""] == ["Étape", "Effectif", "Depuis l'étape précédente", "Depuis les dossiers commencés"]
    assert overall == {
        "": overall[""],
        "Dossiers commencés": ["35", "—", "—"],
        "Dossiers déposés": ["28", "80,0 %", "80,0 %"],
        "Admissibles à la présélection": ["18", "64,3 %", "51,4 %"],
        "Auditionnés": ["13", "72,2 %", "37,1 %"],
        "Sélectionnés": ["9", "69,2 %", "25,7 %"],
        "En poste": ["moins de 5", "moins de 5", "moins de 5"],
        "Programme terminé": ["moins de 5", "moins de 5", "moins de 5"],
    }
    # By civility as declared (the breakdown shown first): 15 women, 14 men, 6 « ne se prononce
    # pas » started; 4 of the latter submitted, masked, and with them the smallest group shown
    # (12 men, the last of equals), so that « 28 minus the others » gives nothing away.
    assert page.get_by_role("img", name="Répartition à chaque étape — Par civilité déclarée").is_visible()
    by_gender = counts(read_table(page, BY_GENDER))
    assert {label: cells[:2] for label, cells in by_gender.items()} == {
        "Madame": ["15", "12"],
        "Monsieur": ["14", "masqué"],
        "Ne se prononce pas": ["6", "masqué"],
        "Non renseignée": ["0", "0"],
    }
    audit(page, "fr-reporting-funnel")

    # EIG 8 alone, with every breakdown: the figures are its own.
    page.get_by_label("Promotion", exact=True).select_option(label="EIG 8")
    page.get_by_label("Ventilation", exact=True).select_option(label="Toutes les ventilations")
    click(page, "Afficher")
    assert page.get_by_role("heading", level=2, name="Ensemble — promotion EIG 8").is_visible()
    overall = read_table(page, OVERALL)
    assert [cells[0] for label, cells in overall.items() if label] == [
        "20",
        "16",
        "10",
        "7",
        "moins de 5",
        "moins de 5",
        "moins de 5",
    ]
    assert overall["Admissibles à la présélection"] == ["10", "62,5 %", "50,0 %"]
    # 9 women, 8 men, 3 « ne se prononce pas »: the 3 masked, and the 8 men with them.
    by_gender = counts(read_table(page, BY_GENDER))
    assert by_gender["Madame"][0] == "9"
    assert by_gender["Monsieur"][0] == by_gender["Ne se prononce pas"][0] == "masqué"
    # Every breakdown has its chart: the whole, civility, profile, region, three wish ranks, promotion.
    charts = page.locator("svg[role='img']")
    assert charts.count() == 8
    assert page.get_by_role("img", name="Répartition à chaque étape — Par région de résidence").is_visible()
    assert page.get_by_role("img", name="Répartition à chaque étape — 2e vœu").is_visible()
    audit(page, "fr-reporting-funnel-eig-8")

    # Its CSV: the same scope and breakdowns.
    filename, content = download_csv(page)
    assert filename == "entonnoir-eig-8.csv"
    rows = read_csv(content)
    header = ["Ventilation", "Rang de vœu", "Groupe"]
    for stage in STAGES:
        header += [f"{stage} : effectif", f"{stage} : % de l'étape précédente", f"{stage} : % des dossiers commencés"]
    assert rows[0] == [*header, "Chiffres masqués"]
    by_group = {(row[0], row[1], row[2]): row[3:] for row in rows[1:]}
    assert by_group[("Ensemble", "", "Ensemble")] == [
        *["20", "", ""],
        *["16", "80,0", "80,0"],
        *["10", "62,5", "50,0"],
        *["7", "70,0", "35,0"],
        *["", "", ""] * 3,
        MASKED_NOTE + "Sélectionnés, En poste, Programme terminé.",
    ]
    women = by_group[("Par civilité déclarée", "", "Madame")]
    assert women[:3] == ["9", "", ""]
    assert women[-1].startswith(MASKED_NOTE)
    men = by_group[("Par civilité déclarée", "", "Monsieur")]
    assert men[:3] == ["", "", ""] and men[-1].startswith(MASKED_NOTE + "Dossiers commencés")
    # No small count anywhere: every count given is 0 or at least 5.
    count_columns = [3 + 3 * k for k in range(len(STAGES))]
    given = [int(row[c]) for row in rows[1:] for c in count_columns if row[c]]
    assert given and all(n == 0 or n >= 5 for n in given), given
    # Every breakdown is in it, each rank of wishes on its own.
    assert {row[0] for row in rows[1:]} == {
        "Ensemble",
        "Par civilité déclarée",
        "Par profil du 1er vœu",
        "Par région de résidence",
        "Par rang de vœu (profil souhaité à chaque rang)",
        "Par promotion",
    }
    assert by_group[("Par région de résidence", "", "Île-de-France")][0] == "10"
    assert by_group[("Par promotion", "", "EIG 8")][0] == "20"
    assert ("Par rang de vœu (profil souhaité à chaque rang)", "3e vœu", "Design") in by_group
    check_no_browser_problems(page)


# --- The challenges ---------------------------------------------------------------------------------------


CHALLENGES = "Défis par ministère à chaque étape"


def test_staff_read_the_challenges_per_ministry_and_download_them(page, browser_context, live_server):
    world = reporting_world()
    sign_in(browser_context, live_server, world.staff)
    visit(page, reverse("staff:reporting_funnel"))
    follow(page, "Défis par ministère")
    assert page.get_by_role("heading", level=1, name="Défis proposés et sélectionnés par ministère").is_visible()

    chart = page.get_by_role("img", name="Défis proposés, présélectionnés et sélectionnés par ministère")
    assert chart.evaluate("e => e.tagName") == "svg"
    assert "Ministère de la Culture : Défis proposés 4, Présélectionnés 2, Sélectionnés 1" in words(
        chart.locator("desc").text_content()
    )
    # By name (« de l'Intérieur » sorts before « de la Culture »), those with no ministry last, then the whole.
    table = read_table(page, CHALLENGES)
    assert table[""] == ["Ministère", "Défis proposés", "Présélectionnés", "Sélectionnés"]
    assert list(counts(table).items()) == [
        ("Ministère de l'Intérieur", ["4", "3", "2"]),
        ("Ministère de la Culture", ["4", "2", "1"]),
        ("Sans ministère de tutelle", ["2", "2", "2"]),
        ("Ensemble", ["10", "7", "5"]),
    ]
    assert table["Ministère de la Culture"][1:] == ["2 50,0 % · 50,0 %", "1 50,0 % · 25,0 %"]
    audit(page, "fr-reporting-challenges")

    filename, content = download_csv(page)
    assert filename == "defis-par-ministere-toutes-promotions.csv"
    rows = read_csv(content)
    assert rows == [
        [
            "Ministère",
            "Défis proposés",
            "Présélectionnés",
            "Présélectionnés : % de l'étape précédente",
            "Présélectionnés : % des défis proposés",
            "Sélectionnés",
            "Sélectionnés : % de l'étape précédente",
            "Sélectionnés : % des défis proposés",
        ],
        ["Ministère de l'Intérieur", "4", "3", "75,0", "75,0", "2", "66,7", "50,0"],
        ["Ministère de la Culture", "4", "2", "50,0", "50,0", "1", "50,0", "25,0"],
        ["Sans ministère de tutelle", "2", "2", "100,0", "100,0", "2", "100,0", "100,0"],
        ["Ensemble", "10", "7", "70,0", "70,0", "5", "71,4", "50,0"],
    ]

    # EIG 8 alone.
    page.get_by_label("Promotion", exact=True).select_option(label="EIG 8")
    click(page, "Afficher")
    assert page.get_by_role("heading", level=2, name="Par ministère — promotion EIG 8").is_visible()
    assert list(counts(read_table(page, CHALLENGES)).items()) == [
        ("Ministère de l'Intérieur", ["2", "2", "2"]),
        ("Ministère de la Culture", ["3", "1", "0"]),
        ("Sans ministère de tutelle", ["1", "1", "1"]),
        ("Ensemble", ["6", "4", "3"]),
    ]
    filename, content = download_csv(page)
    assert filename == "defis-par-ministere-eig-8.csv"
    assert read_csv(content)[-1] == ["Ensemble", "6", "4", "66,7", "66,7", "3", "75,0", "50,0"]
    audit(page, "fr-reporting-challenges-eig-8")
    check_no_browser_problems(page)
