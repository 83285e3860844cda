"""The state tables (eig/core/states.py): one per stateful model, found from the model, and shown
by the `states` template tags with the table's label and badge (issue 14, point 8)."""

from importlib import import_module

import pytest
from django.db import models
from django.template import Context, Template

from eig.calls.models import Dossier
from eig.core.errors import DomainError
from eig.core.states import BADGES, StateTable, table_for
from eig.proposals.models import Proposal
from eig.selection.models import Offer, SelectionRun

# Each stateful model's table: the module-level name its app's states.py exposes.
TABLES = [
    ("eig.calls.states", "DOSSIER", Dossier, "status"),
    ("eig.selection.states", "SELECTION_RUN", SelectionRun, "state"),
    ("eig.selection.states", "OFFER", Offer, "status"),
    ("eig.proposals.states", "PROPOSAL", Proposal, "state"),
]


@pytest.mark.parametrize(("module", "name", "model", "field"), TABLES, ids=[t[1] for t in TABLES])
def test_every_stateful_model_has_one_table_naming_each_of_its_states(module, name, model, field):
    table = getattr(import_module(module), name)
    assert table_for(model) is table
    assert table.state_field == field
    choices = model._meta.get_field(field).flatchoices
    assert [row["state"] for row in table.rows()] == [value for value, _label in choices]
    assert {row["badge"] for row in table.rows()} <= set(BADGES)


# States no move leads to, on purpose; any other is a state nobody can reach.
UNREACHABLE = {
    ("PROPOSAL", "withdrawn"): "no service withdraws a proposal yet (eig/proposals/states.py)",
}


@pytest.mark.parametrize(("module", "name", "model", "field"), TABLES, ids=[t[1] for t in TABLES])
def test_every_state_is_where_a_record_starts_or_where_a_move_leads(module, name, model, field):
    table = table_for(model)
    default = model._meta.get_field(field).default
    unreachable = [
        row["state"]
        for row in table.rows()
        if row["state"] != default and not row["from"] and (name, row["state"]) not in UNREACHABLE
    ]
    assert unreachable == []


class Light(models.TextChoices):
    RED = "red", "Rouge"
    GREEN = "green", "Vert"


LIGHT = StateTable.build(
    Light,
    moves={Light.GREEN: {Light.RED}},
    badges={Light.RED: "error", Light.GREEN: "success"},
    groups={"go": {"green"}},
)


def test_a_table_allows_only_its_moves_and_says_why_in_french():
    assert LIGHT.can_move("red", "green") and not LIGHT.can_move("green", "red")
    assert LIGHT.targets("red") == ["green"] and LIGHT.sources("green") == {"red"}
    LIGHT.check_move("red", "green")
    with pytest.raises(DomainError, match="Impossible de passer de « Vert » à « Rouge »."):
        LIGHT.check_move("green", "red")
    with pytest.raises(DomainError, match="^Le feu est déjà vert.$"):
        LIGHT.check_move("green", "red", "Le feu est déjà vert.")
    assert LIGHT.is_in("green", "go") and not LIGHT.is_in("red", "go")


def test_a_table_naming_an_unknown_state_or_missing_a_badge_is_refused_at_import():
    with pytest.raises(ValueError, match="unknown states"):
        StateTable.build(Light, moves={"blue": {"red"}}, badges={"red": "error", "green": "success"})
    with pytest.raises(ValueError, match="no badge"):
        StateTable.build(Light, moves={}, badges={"red": "error"})
    with pytest.raises(ValueError, match="unknown badges"):
        StateTable.build(Light, moves={}, badges={"red": "error", "green": "green"})


def render(source, **context):
    return Template("{% load states %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("obj", "html"),
    [
        (
            SelectionRun(state=SelectionRun.State.APPROVED),
            '<p class="fr-badge fr-badge--sm fr-badge--no-icon fr-badge--success">Approuvée</p>',
        ),
        (
            SelectionRun(state=SelectionRun.State.FROZEN),
            '<p class="fr-badge fr-badge--sm fr-badge--no-icon fr-badge--new">Soumise aux valideurs</p>',
        ),
        (
            Offer(status=Offer.Status.PENDING),
            '<p class="fr-badge fr-badge--sm fr-badge--no-icon fr-badge--new">En attente de réponse</p>',
        ),
        (
            Offer(status=Offer.Status.WITHDRAWN),
            '<p class="fr-badge fr-badge--sm fr-badge--no-icon fr-badge--error">Retirée</p>',
        ),
        (
            Dossier(status=Dossier.Status.SUBMITTED),
            '<p class="fr-badge fr-badge--sm fr-badge--no-icon fr-badge--success">Déposé</p>',
        ),
        (
            Dossier(status=Dossier.Status.WITHDRAWN),
            '<p class="fr-badge fr-badge--sm fr-badge--no-icon fr-badge--error">Retiré</p>',
        ),
    ],
)
def test_the_badge_tag_shows_the_tables_label_and_colour(obj, html):
    assert render("{% state_badge obj %}", obj=obj) == html


def test_the_tags_read_labels_groups_and_moves_and_the_badge_may_be_larger_with_its_icon():
    run = SelectionRun(state=SelectionRun.State.RETURNED)
    assert render('{% state_badge run size="md" icon=True %}', run=run) == (
        '<p class="fr-badge fr-badge--warning">Renvoyée</p>'
    )
    assert render("{% state_label run %}", run=run) == "Renvoyée"
    assert render('{% if run|state_in:"decided" %}décidée{% endif %}', run=run) == "décidée"
    assert render('{% if run|state_can_move:"frozen" %}à soumettre{% endif %}', run=run) == "à soumettre"
    assert render('{% if run|state_in:"deletable" %}supprimable{% endif %}', run=run) == ""
