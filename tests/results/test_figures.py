"""Key figures computed, not typed (eig/results/figures.py): from the published deliverables and the
objectives, then the sourced figures; a promotion's totals add the challenges' computed figures up.

The fixture (programme_world's Alpha and Bêta):
    Alpha  published: 2 repositories, 1 dataset, 2 products (1 200 and 300 users), 1 publication;
           proposed (not counted): 1 repository, 1 product of 9 999 users;
           objectives: up and reached, up and not reached, down (target under the baseline) and
           reached, down and not reached;
           sourced: « 30 % » « de délais en moins » (source: Rapport 2024, with its address).
    Bêta   published: 1 repository, 1 product without users; objectives: up and reached, one with
           no measure yet.
"""

import datetime

import pytest

from eig.challenges.models import Challenge
from eig.core.errors import DomainError
from eig.core.models import ActivityLog
from eig.programme import team
from eig.results import figures, key_figures
from eig.results.figures import reached
from eig.results.models import Deliverable
from tests.factories.deliverables import declare, published
from tests.factories.programme import programme_world

pytestmark = pytest.mark.django_db

Kind = Deliverable.Kind
NNBSP = "\u202f"


def objective(world, challenge, *, baseline, target, measures=()):
    found = team.save_objective(
        challenge, title=f"Objectif {target}", indicator="x", baseline=baseline, target=target, by=None
    )
    for days_ago, value in measures:
        team.add_measure(
            found,
            value=value,
            on=world.now.date() - datetime.timedelta(days=days_ago),
            course="on_track",
            by=None,
            today=world.now.date(),
        )
    return found


@pytest.fixture
def world():
    world = programme_world()
    published(world, "alpha", Kind.REPOSITORY, title="Code un")
    published(world, "alpha", Kind.REPOSITORY, title="Code deux")
    published(world, "alpha", Kind.DATASET, title="Données")
    published(world, "alpha", Kind.PRODUCT, title="Service un", users=1200)
    published(world, "alpha", Kind.PRODUCT, title="Service deux", users=300)
    published(world, "alpha", Kind.PUBLICATION, title="Article")
    declare(world, "alpha", Kind.REPOSITORY, title="Code en relecture")
    declare(world, "alpha", Kind.PRODUCT, title="Service en relecture", users=9999)
    # Up, reached by the latest measure (an older one was under the target).
    objective(world, world.alpha, baseline=10, target=50, measures=[(20, 20), (5, 55)])
    # Up, not reached by the latest measure (an older one was above the target).
    objective(world, world.alpha, baseline=0, target=100, measures=[(20, 120), (5, 90)])
    # Down (a delay to cut from 30 to 10 days): reached at or under the target.
    objective(world, world.alpha, baseline=30, target=10, measures=[(5, 8)])
    # Another down, not reached (the latest measure is still above the target).
    objective(world, world.alpha, baseline=30, target=10, measures=[(20, 5), (5, 12)])
    key_figures.add_figure(
        world.alpha,
        amount="30 %",
        description_fr="de délais en moins",
        description_en="shorter delays",
        source="Rapport 2024",
        source_url="https://rapport.example/2024",
        by=world.staff,
    )
    published(world, "beta", Kind.REPOSITORY, title="Code bêta")
    published(world, "beta", Kind.PRODUCT, title="Service bêta")
    objective(world, world.beta, baseline=0, target=5, measures=[(3, 5)])
    objective(world, world.beta, baseline=0, target=3)  # no measure yet: not reached
    return world


def as_rows(found):
    return [(f.key, f.amount, f.label, f.value) for f in found]


def test_a_challenge_s_figures_count_its_published_deliverables_by_kind_and_add_up_its_products_users(world):
    rows = as_rows(figures.for_challenge(world.alpha))

    assert rows[:5] == [
        ("repositories", "2", "dépôts de code source ouverts", 2),
        ("datasets", "1", "jeu de données ouvert", 1),
        ("products", "2", "services en production", 2),
        ("users", f"1{NNBSP}500", "utilisateurs et utilisatrices des services", 1500),
        ("publications", "1", "publication ou intervention", 1),
    ]


def test_an_objective_is_reached_in_the_direction_of_its_target_from_its_baseline(world):
    found = {f.key: f for f in figures.for_challenge(world.alpha)}

    # Up reached, up not reached (its latest measure fell back), down reached, down not reached.
    assert (found["objectives"].amount, found["objectives"].label, found["objectives"].value) == (
        "2 sur 4",
        "objectifs atteints",
        2,
    )


@pytest.mark.parametrize(
    ("target", "baseline", "latest", "expected"),
    [
        (50, 10, 50, True),  # up: at the target
        (50, 10, 49.9, False),
        (10, 30, 10, True),  # down: at the target
        (10, 30, 7, True),  # down: under the target
        (10, 30, 11, False),
        (10, 10, 10, True),  # a target at the baseline: kept
        (50, 10, None, False),  # no measure
    ],
)
def test_reached_reads_the_direction_from_the_baseline_to_the_target(target, baseline, latest, expected):
    assert reached(target, baseline, latest) is expected


def test_the_sourced_figures_follow_the_computed_ones_with_their_source(world):
    last = figures.for_challenge(world.alpha)[-1]

    assert (last.key, last.amount, last.label, last.value) == ("sourced", "30 %", "de délais en moins", None)
    assert (last.source, last.source_url) == ("Rapport 2024", "https://rapport.example/2024")
    assert not last.is_computed
    assert all(f.is_computed and f.source for f in figures.for_challenge(world.alpha)[:-1])


def test_a_product_without_users_counts_as_a_product_and_no_users_figure_shows(world):
    rows = as_rows(figures.for_challenge(world.beta))

    assert rows == [
        ("repositories", "1", "dépôt de code source ouvert", 1),
        ("products", "1", "service en production", 1),
        ("objectives", "1 sur 2", "objectifs atteints", 1),
    ]


def test_a_challenge_with_nothing_published_shows_no_figure(world):
    other = Challenge.objects.create(
        title="Gamma", slug="gamma", promotion=world.promotion, administration=world.alpha.administration
    )
    assert figures.for_challenge(other) == []


def test_the_totals_add_the_challenges_computed_figures_up_without_the_sourced_ones(world):
    rows = as_rows(figures.totals([world.alpha.pk, world.beta.pk]))

    assert rows == [
        ("repositories", "3", "dépôts de code source ouverts", 3),
        ("datasets", "1", "jeu de données ouvert", 1),
        ("products", "3", "services en production", 3),
        ("users", f"1{NNBSP}500", "utilisateurs et utilisatrices des services", 1500),
        ("publications", "1", "publication ou intervention", 1),
        ("objectives", "3 sur 6", "objectifs atteints", 3),
    ]


def test_a_challenge_s_figures_and_the_totals_come_together_from_one_reading_of_the_tallies(
    world, django_assert_num_queries
):
    # The totals may add up challenges whose own figures are not asked for (a challenge without fellows).
    with django_assert_num_queries(3):
        each, added_up = figures.for_challenges_with_totals([world.alpha.pk], [world.alpha.pk, world.beta.pk])

    assert each == figures.for_challenges([world.alpha.pk])
    assert added_up == figures.totals([world.alpha.pk, world.beta.pk])


def test_the_figures_read_a_fixed_number_of_queries(world, django_assert_num_queries):
    ids = [world.alpha.pk, world.beta.pk]
    with django_assert_num_queries(3):
        figures.for_challenges(ids)
    with django_assert_num_queries(2):
        figures.totals(ids)
    challenge = Challenge.objects.prefetch_related("key_figures").get(pk=world.alpha.pk)
    with django_assert_num_queries(2):  # its sourced figures are already read
        found = figures.for_challenge(challenge)
    assert found == figures.for_challenges([world.alpha.pk])[world.alpha.pk]


def test_sourced_figure_needs_a_source_and_an_https_address_when_it_gives_one(world):
    with pytest.raises(DomainError, match="source du chiffre"):
        key_figures.add_figure(world.beta, amount="3", description_fr="régions", source=" ", by=world.staff)
    with pytest.raises(DomainError, match="https://"):
        key_figures.add_figure(
            world.beta,
            amount="3",
            description_fr="régions",
            source="Rapport",
            source_url="http://x.example",
            by=world.staff,
        )
    figure = key_figures.add_figure(world.beta, amount="3", description_fr="régions", source="Rapport", by=world.staff)
    assert (figure.source, figure.source_url, figure.description) == ("Rapport", "", "régions")


def test_adding_and_removing_a_sourced_figure_is_logged(world):
    figure = key_figures.add_figure(world.beta, amount="3", description_fr="régions", source="Rapport", by=world.staff)
    pk = figure.pk
    key_figures.remove_figure(figure, by=world.staff)

    logged = ActivityLog.objects.filter(target_type="challenges.keyfigure", target_id=str(pk)).order_by("id")
    assert list(logged.values_list("verb", flat=True)) == [
        "key_figure.added",
        "key_figure.removed",
    ]
    assert [f.key for f in figures.for_challenge(world.beta)] == ["repositories", "products", "objectives"]
