"""The layers of ARCHITECTURE.md, checked on the source: engines import nothing
of ours, domain apps never import the web layer, core imports no other app, an
audience under eig/web/ never imports another (only the shared kits
eig.web.common and eig.web.dossiers), and the kits import no audience.
Imports inside functions count as much as those at the top of a module.

The order of the domain apps among themselves (tiers, no cycle) is test_tiers.py."""

from pathlib import Path

import pytest

from .imports import ROOT, app_of, imported_modules, ours, packages, write_module

EIG = ROOT / "eig"


def sources(package: str, root: Path = ROOT):
    return sorted((root / "eig" / package).rglob("*.py"))


DOMAIN_APPS = [app for app in packages() if app not in {"web", "engines"}]


def violations(package, allowed, root: Path = ROOT):
    found = []
    for path in sources(package, root):
        for module in imported_modules(path, root):
            if ours(module) and not allowed(module):
                found.append(f"{path.relative_to(root)} imports {module}")
    return found


def test_engines_import_nothing_of_ours_and_not_django():
    found = violations("engines", lambda m: m.startswith("eig.engines"))
    for path in sources("engines"):
        found += [
            f"{path.relative_to(ROOT)} imports {m}" for m in imported_modules(path) if m.split(".")[0] == "django"
        ]
    assert found == []


@pytest.mark.parametrize("app", DOMAIN_APPS)
def test_domain_apps_never_import_the_web_layer(app):
    assert violations(app, lambda m: app_of(m) != "web") == []


def test_core_imports_no_other_app():
    assert violations("core", lambda m: app_of(m) == "core") == []


SHARED_WEB = {"common", "dossiers"}


def audiences(root: Path = ROOT) -> list[str]:
    web = root / "eig" / "web"
    return sorted(p.name for p in web.iterdir() if (p / "__init__.py").exists() and p.name not in SHARED_WEB)


def web_part(module: str) -> str:
    """ "staff" for eig.web.staff.views, "" for what is not under eig.web."""
    parts = module.split(".")
    return parts[2] if len(parts) > 2 and parts[:2] == ["eig", "web"] else ""


def audience_violations(audience: str, root: Path = ROOT) -> list[str]:
    return violations(f"web/{audience}", lambda m: web_part(m) in {"", audience, *SHARED_WEB}, root)


def kit_violations(kit: str, root: Path = ROOT) -> list[str]:
    return violations(f"web/{kit}", lambda m: web_part(m) in {"", *SHARED_WEB}, root)


@pytest.mark.parametrize("audience", audiences())
def test_an_audience_never_imports_another(audience):
    assert audience_violations(audience) == []


@pytest.mark.parametrize("kit", sorted(SHARED_WEB))
def test_the_shared_web_kits_import_no_audience(kit):
    assert kit_violations(kit) == []


# The checkers on a small tree written for the purpose: they fail when the rule is broken.


def test_the_audience_rule_fails_when_an_audience_imports_another(tmp_path):
    write_module(tmp_path, "eig/web/juries/views.py", "from ..common import grids\n")
    write_module(
        tmp_path,
        "eig/web/juries/grids.py",
        "def levels():\n    from eig.web.evaluation.forms import level_choices\n    return level_choices\n",
    )
    write_module(tmp_path, "eig/web/evaluation/forms.py", "from eig.web.dossiers import forms\n")
    write_module(tmp_path, "eig/web/dossiers/forms.py", "import eig.web.staff.views\n")

    assert audiences(tmp_path) == ["evaluation", "juries"]
    assert audience_violations("juries", tmp_path) == ["eig/web/juries/grids.py imports eig.web.evaluation.forms"]
    assert audience_violations("evaluation", tmp_path) == []
    assert kit_violations("dossiers", tmp_path) == ["eig/web/dossiers/forms.py imports eig.web.staff.views"]


def test_the_checker_resolves_absolute_and_relative_imports(tmp_path):
    fake = tmp_path / "eig" / "core"
    fake.mkdir(parents=True)
    (fake / "bad.py").write_text("from eig.web.public import views\nfrom ..challenges import models\n")
    assert sorted(imported_modules(fake / "bad.py", tmp_path)) == ["eig.challenges", "eig.web.public"]
    assert violations("core", lambda m: app_of(m) == "core", tmp_path) == [
        "eig/core/bad.py imports eig.web.public",
        "eig/core/bad.py imports eig.challenges",
    ]
