"""Every verb of the activity log is declared once, with its French label (issue 14, point 8).

The source is read as the rule: whatever a service passes to `log_activity` must be a declared
verb, so the staff activity table shows words, never keys; a verb nobody declared is refused.
"""

import ast
from pathlib import Path

import pytest
from django.urls import reverse

from eig.core.activity import log_activity, register_verbs, registered_verbs, verb_label
from eig.core.models import ActivityLog
from eig.proposals.services import DECISIONS
from eig.reviews.services import add_remark
from tests.factories import StaffFactory
from tests.factories.calls import application_call
from tests.factories.reviews import submitted_dossier

EIG = Path(__file__).resolve().parents[2] / "eig"

# Verbs built at run time, by the source text of the expression, with every value it takes.
# A new f-string verb fails test_every_verb_logged_is_declared until it is listed here.
DYNAMIC = {
    "f'proposal.{to_state}'": [f"proposal.{state}" for state in DECISIONS],
}


class Unreadable(Exception):
    pass


def _decision_flow_verbs() -> list[str]:
    """The verbs given to each `DecisionFlow(verbs=(approved, returned))` under eig/: what
    `DecisionFlow.decide` logs as `self.verbs[…]`."""
    verbs = []
    for path in sorted(EIG.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "DecisionFlow":
                for keyword in node.keywords:
                    if keyword.arg == "verbs":
                        verbs += [element.value for element in keyword.value.elts]
    return verbs


# Attributes holding verbs, by the source text of the expression.
DYNAMIC_ATTRIBUTES = {"self.verbs": _decision_flow_verbs}


def _assignments(scope: ast.AST, name: str) -> list[ast.expr]:
    return [
        node.value
        for node in ast.walk(scope)
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets)
    ]


def _verbs_of(node: ast.expr, scopes: list[ast.AST]) -> list[str]:
    """The verbs an expression passed to log_activity can be: its literals, both branches of a
    conditional, a name's assigned values (in the enclosing function, else the module), a dict's values."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _verbs_of(node.body, scopes) + _verbs_of(node.orelse, scopes)
    if isinstance(node, ast.JoinedStr):
        source = ast.unparse(node)
        if source not in DYNAMIC:
            raise Unreadable(f"{source} (list its values in DYNAMIC)")
        return DYNAMIC[source]
    if isinstance(node, ast.Dict):
        return [verb for value in node.values for verb in _verbs_of(value, scopes)]
    if isinstance(node, ast.Subscript):  # a verb looked up in a mapping: every value of the mapping
        return _verbs_of(node.value, scopes)
    if isinstance(node, ast.Attribute) and ast.unparse(node) in DYNAMIC_ATTRIBUTES:
        return DYNAMIC_ATTRIBUTES[ast.unparse(node)]()
    if isinstance(node, ast.Name):
        for scope in scopes:
            values = _assignments(scope, node.id)
            if values:
                return [verb for value in values for verb in _verbs_of(value, scopes)]
    raise Unreadable(ast.unparse(node))


def logged_verbs() -> dict[str, list[str]]:
    """{verb: [where it is logged]} for every call of log_activity under eig/."""
    found: dict[str, list[str]] = {}
    for path in sorted(EIG.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if name != "log_activity":
                continue
            enclosing = [f for f in functions if f.lineno <= node.lineno <= (f.end_lineno or f.lineno)]
            scopes = sorted(enclosing, key=lambda f: f.lineno, reverse=True) + [tree]
            where = f"{path.relative_to(EIG.parent)}:{node.lineno}"
            try:
                verbs = _verbs_of(node.args[0], scopes)
            except Unreadable as unreadable:
                verbs = [f"<unreadable: {unreadable}>"]
            for verb in verbs:
                found.setdefault(verb, []).append(where)
    return found


def test_the_source_walk_finds_the_services_verbs():
    verbs = logged_verbs()
    # A literal, both branches of a conditional, a variable, a mapping and an f-string.
    assert {"dossier.submitted", "offer.accepted", "offer.declined", "review.corrected"} <= set(verbs)
    assert {"dossier.late_submit_refused", "proposal.preselected"} <= set(verbs)
    assert len(verbs) >= 90
    # The approvers' decisions, logged by DecisionFlow.decide for each kind of submitted thing.
    assert {"selection.approved", "selection.returned"} <= set(verbs)


def test_every_verb_logged_is_declared_with_a_label():
    undeclared = {verb: where for verb, where in logged_verbs().items() if verb not in registered_verbs()}
    assert undeclared == {}


def test_every_declared_verb_reads_as_a_french_phrase_not_as_its_key():
    labels = {verb: verb_label(verb) for verb in registered_verbs()}
    assert [verb for verb, label in labels.items() if label == verb or not label[:1].isupper()] == []


@pytest.mark.django_db
def test_an_undeclared_verb_is_refused_and_nothing_is_logged():
    with pytest.raises(ValueError, match="dossier.teleported"):
        log_activity("dossier.teleported")
    assert not ActivityLog.objects.exists()


def test_a_verb_is_declared_once_with_one_label():
    with pytest.raises(ValueError, match="another label"):
        register_verbs({"dossier.submitted": "Autre chose"})
    with pytest.raises(ValueError, match="snake case"):
        register_verbs({"Dossier Déposé": "Dossier déposé"})
    assert verb_label("dossier.submitted") == "Dossier déposé"


@pytest.mark.django_db
def test_the_staff_activity_table_shows_the_french_label_not_the_key(client):
    call = application_call()
    dossier = submitted_dossier(call)
    staff = StaffFactory()
    add_remark(dossier, "Relire la lettre de motivation.", by=staff)  # a verb the page once showed as its key
    client.force_login(staff)

    response = client.get(reverse("staff:dossier_detail", kwargs={"slug": call.slug, "number": dossier.number}))

    html = response.content.decode()
    assert response.status_code == 200
    assert [(e.verb, e.label) for e in response.context["activity"]] == [
        ("dossier.remark_added", "Remarque ajoutée au dossier")
    ]
    assert "<td>Remarque ajoutée au dossier</td>" in html
    assert "dossier.remark_added" not in html
