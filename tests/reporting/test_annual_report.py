"""A promotion's annual report (eig.reporting.annual_report): on a known promotion, every figure —
the facts, the funnel overall, by civility as declared and by profile (small groups masked), the
challenges per ministry, the key figures, the teams and their achievements (fellows named only with
their consent, challenges only when public); a read in a flat number of queries."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from eig.reporting.annual_report import BREAKDOWNS, Facts, annual_report
from eig.reporting.funnel import STAGE_KEYS
from tests.factories.annual_report import close_report_world, report_world
from tests.factories.closing import results_world

pytestmark = pytest.mark.django_db

NONE = (0,) * len(STAGE_KEYS)


@pytest.fixture
def world():
    return report_world()


def counts(group) -> dict[str, int | None]:
    return dict(zip(STAGE_KEYS, group.counts, strict=True))


def test_the_facts_count_the_public_challenges_the_teams_and_the_fellows(world):
    report = annual_report(world.promotion)
    # Challenges in a public status: the call's « Guichet unique » and the Culture's legacy one, not
    # « Défi secret » (proposed). One team (the legacy challenge has no fellow). Six fellows, from the
    # six applications that finished the programme.
    assert report.facts == Facts(challenges=2, teams=1, fellows=6, in_post=6, finished=6)


def test_fellows_counts_of_one_to_four_are_masked_and_zero_is_shown():
    world = results_world()  # Ada and Cléo in post, Bob not yet started: three fellows, none finished
    assert annual_report(world.promotion).facts == Facts(challenges=2, teams=2, fellows=None, in_post=None, finished=0)


def test_the_funnel_overall(world):
    funnel = annual_report(world.promotion).funnel
    assert counts(funnel.overall) == {
        "started": 14,
        "submitted": 12,
        "admissible": 6,
        "auditioned": 6,
        "selected": 6,
        "in_post": 6,
        "finished": 6,
    }
    submitted = funnel.overall.cell("submitted")
    assert (submitted.from_previous, submitted.from_first) == (85.7, 85.7)
    finished = funnel.overall.cell("finished")
    assert (finished.from_previous, finished.from_first) == (100.0, 42.9)


def test_by_civility_the_small_group_and_the_one_that_would_reveal_it_are_masked(world):
    funnel = annual_report(world.promotion).funnel
    assert [b.key for b in funnel.breakdowns] == list(BREAKDOWNS) == ["gender", "profile"]
    section = funnel.breakdown("gender").section("")
    assert {g.label: g.counts for g in section.groups} == {
        "Madame": (6, 6, 6, 6, 6, 6, 6),
        # 6 men and 2 « ne se prononce pas » started: the 2 is masked, and the men too (14 − 6 − 6
        # would give it back); the men stay masked at « déposés » (no loss), 0 is shown.
        "Monsieur": (None, None, 0, 0, 0, 0, 0),
        "Ne se prononce pas": (None, 0, 0, 0, 0, 0, 0),
        "Non renseignée": NONE,
    }
    monsieur = section.group("monsieur")
    assert monsieur.cell("submitted").masked and monsieur.cell("submitted").from_previous is None


def test_by_profile_of_the_first_wish_every_profile_is_listed(world):
    section = annual_report(world.promotion).funnel.breakdown("profile").section("")
    groups = {g.key: g.counts for g in section.groups}
    assert groups.pop("dev") == (14, 12, 6, 6, 6, 6, 6)
    assert groups.pop("") == NONE  # « Aucun vœu »
    assert set(groups) == {"datascience", "design", "dataengineering", "geomatique", "droit"}
    assert set(groups.values()) == {NONE}


def test_the_challenges_per_ministry(world):
    challenges = annual_report(world.promotion).challenges
    assert {g.label: g.counts for g in challenges.ministries} == {
        # the submitted proposal, the pre-selected one of its directorate, the legacy finished challenge
        "Ministère de la Culture": (3, 2, 1),
        # the published proposal of a town hall, the call's recruiting challenge, « Défi secret » (proposed)
        "Sans ministère de tutelle": (3, 2, 2),
    }
    assert challenges.overall.counts == (6, 4, 3)


def test_the_key_figures_add_up_the_public_challenges_only(world):
    totals = annual_report(world.promotion).totals
    # « Défi secret » published a repository too: it is not counted.
    assert [(f.key, f.amount, f.label) for f in totals] == [
        ("repositories", "1", "dépôt de code source ouvert"),
        ("datasets", "1", "jeu de données ouvert"),
    ]


def test_the_teams_name_their_fellows_only_with_consent_and_list_their_achievements(world):
    (team,) = annual_report(world.promotion).teams
    assert team.challenge == world.team
    assert [member.person.name if member.person else None for member in team.team.fellows] == ["Ada Lovelace", None]
    assert [a.title for a in team.achievements] == ["Le code du guichet", "Les demandes du guichet"]
    assert [(f.amount, f.label) for f in team.figures] == [
        ("1", "dépôt de code source ouvert"),
        ("1", "jeu de données ouvert"),
    ]


def test_the_public_version_gives_the_funnel_s_whole_without_its_breakdowns(world):
    # Beside a public whole, a breakdown's masking could give a small group back (docs/reporting.md).
    team, public = annual_report(world.promotion), annual_report(world.promotion, public=True)
    assert not team.public and public.public
    assert public.funnel.breakdowns == ()
    assert public.funnel.overall == team.funnel.overall
    assert (public.facts, public.challenges, public.totals) == (team.facts, team.challenges, team.totals)
    assert [t.challenge for t in public.teams] == [t.challenge for t in team.teams]


def test_the_report_is_a_draft_until_the_promotion_is_closed(world):
    assert not annual_report(world.promotion).is_closed
    closing = close_report_world(world)
    report = annual_report(world.promotion)
    assert report.is_closed and report.closed_at == closing.closed_at


def test_the_report_is_a_read_in_a_flat_number_of_queries(django_assert_num_queries):
    small = report_world(slug="petite")
    large = report_world(slug="grande", scale=4)  # 4 × the applications, 4 teams
    close_report_world(small)
    close_report_world(large)
    for world in (small, large):
        with CaptureQueriesContext(connection) as captured, django_assert_num_queries(26):
            report = annual_report(world.promotion)
        # Reads only: SELECTs, or on PostgreSQL the server-side cursors of .iterator() over a SELECT.
        reads = re.compile(r'^\s*(SELECT|DECLARE "[^"]+" NO SCROLL CURSOR (WITH HOLD )?FOR SELECT)', re.IGNORECASE)
        assert [q["sql"][:120] for q in captured.captured_queries if not reads.match(q["sql"])] == []
        with django_assert_num_queries(23):  # no answers, wishes nor profiles: the whole only
            annual_report(world.promotion, public=True)
    assert report.facts.teams == 4 and report.funnel.overall.counts[0] == 56
