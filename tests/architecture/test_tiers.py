"""The domain apps import along a written order of tiers, with no cycle (issue 14, point 7).

An app imports only apps of a lower tier: never one of its own tier, never a higher one.
Imports inside functions count: an import moved into a function still ties the two apps.
A lower app that must learn about a higher one offers a registry that the higher one fills
in its AppConfig.ready() (eig/files/permissions.py, eig/calls/extensions.py,
eig/accounts/personal_data.py). The web layer has its own rules (test_import_direction.py).

TIERS is the one list; docs/architecture.md (section « Tiers ») shows the same, checked below.
"""

import re

import pytest

from .imports import ROOT, app_graph, describe_cycle, find_cycle, packages, tier_violations, write_module

# Lowest first. Engines and core are the floor (they import no app: test_import_direction.py).
TIERS = [
    ["core", "engines"],
    ["accounts", "promotions"],
    ["files", "notifications"],
    ["challenges"],
    ["community"],
    ["calls"],
    ["applications", "proposals"],
    ["reviews"],
    ["juries"],
    ["selection"],
    ["programme"],
    ["results"],
    ["alumni"],
    ["content"],
    ["reporting"],
    ["demo"],
]

GRAPH = app_graph()


def test_every_app_has_one_tier_and_every_tier_names_an_app():
    placed = [app for tier in TIERS for app in tier]
    assert sorted(placed) == sorted(set(placed)), "an app is in two tiers"
    assert sorted(placed) == [app for app in packages() if app != "web"]


def test_an_app_imports_only_apps_of_a_lower_tier():
    assert tier_violations(GRAPH, TIERS) == []


def test_the_import_graph_of_the_domain_apps_has_no_cycle():
    cycle = find_cycle(GRAPH)
    assert cycle is None, "import cycle: " + describe_cycle(cycle, GRAPH)


def documented_tiers(text: str) -> list[list[str]]:
    """The tiers of docs/architecture.md: the code block of the « Tiers » section, one tier a line."""
    section = re.search(r"<!-- tiers: begin -->(.*?)<!-- tiers: end -->", text, re.S)
    assert section, "docs/architecture.md lost its « Tiers » section (<!-- tiers: begin --> … <!-- tiers: end -->)"
    block = re.search(r"```text\n(.*?)```", section.group(1), re.S)
    assert block, "the « Tiers » section lost its ```text block"
    return [[app.strip() for app in line.split(",")] for line in block.group(1).splitlines() if line.strip()]


def test_the_documentation_shows_the_same_tiers():
    assert documented_tiers((ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")) == TIERS


# The checkers on made-up input: they fail when the rule is broken.


def test_the_cycle_checker_reports_the_path_of_a_cycle():
    graph = {
        "accounts": {"core": ["a.py:1"]},
        "calls": {"accounts": ["c.py:3"], "files": ["c.py:4"]},
        "files": {"accounts": ["f.py:2"], "reviews": ["f.py:9"]},
        "reviews": {"calls": ["r.py:5"]},
        "core": {},
    }
    cycle = find_cycle(graph)
    assert cycle == ["calls", "files", "reviews", "calls"]
    assert describe_cycle(cycle, graph) == (
        "calls → files → reviews → calls\n  calls → files: c.py:4\n  files → reviews: f.py:9\n  reviews → calls: r.py:5"
    )
    del graph["files"]["reviews"]
    assert find_cycle(graph) is None


def test_a_self_contained_graph_has_no_cycle_and_a_two_app_loop_is_one():
    assert find_cycle({"a": {"b": ["x"]}, "b": {}}) is None
    assert find_cycle({"a": {"b": ["x"]}, "b": {"a": ["y"]}}) == ["a", "b", "a"]


def test_the_tier_checker_refuses_an_import_upwards_sideways_and_an_app_without_tier():
    tiers = [["core"], ["accounts", "files"], ["calls"]]
    graph = {
        "core": {},
        "accounts": {"core": ["eig/accounts/models.py:3"], "calls": ["eig/accounts/data.py:7", "eig/accounts/x.py:1"]},
        "files": {"accounts": ["eig/files/permissions.py:2"]},
        "calls": {"files": ["eig/calls/services.py:9"]},
        "fellowship": {"calls": ["eig/fellowship/models.py:1"]},
    }
    assert tier_violations(graph, tiers) == [
        "eig/fellowship has no tier",
        "eig/accounts/data.py:7 (and 1 more): accounts (tier 1) imports calls (tier 2): "
        "an app imports only apps of a lower tier",
        "eig/files/permissions.py:2: files (tier 1) imports accounts (tier 1): "
        "an app imports only apps of a lower tier",
    ]


def test_the_graph_counts_imports_inside_functions_and_leaves_out_migrations(tmp_path):
    write_module(tmp_path, "eig/core/models.py", "import datetime\n")
    write_module(
        tmp_path,
        "eig/accounts/personal_data.py",
        "from eig.core import models\n\n\ndef export(user):\n    from eig.calls.models import Dossier\n",
    )
    write_module(tmp_path, "eig/accounts/migrations/0002_move.py", "from eig.files import storage\n")
    write_module(tmp_path, "eig/calls/services.py", "from ..accounts.models import User\nfrom eig.web import x\n")
    write_module(tmp_path, "eig/web/staff/views.py", "from eig.calls import services\n")

    graph = app_graph(tmp_path)

    assert graph == {
        "core": {},
        "accounts": {"core": ["eig/accounts/personal_data.py:1"], "calls": ["eig/accounts/personal_data.py:5"]},
        "calls": {"accounts": ["eig/calls/services.py:1"]},
    }
    assert find_cycle(graph) == ["accounts", "calls", "accounts"]
    assert tier_violations(graph, [["core"], ["accounts"], ["calls"]]) == [
        "eig/accounts/personal_data.py:5: accounts (tier 1) imports calls (tier 2): "
        "an app imports only apps of a lower tier"
    ]


def test_the_documented_tiers_are_read_one_tier_a_line():
    doc = (
        "## Tiers\n<!-- tiers: begin -->\nLowest first:\n```text\ncore, engines\n\naccounts\n```\n<!-- tiers: end -->\n"
    )
    assert documented_tiers(doc) == [["core", "engines"], ["accounts"]]
    with pytest.raises(AssertionError, match="lost its « Tiers » section"):
        documented_tiers("## Tiers\n```text\ncore\n```\n")
