"""The layers of ARCHITECTURE.md, checked on the source: engines import nothing
of ours, domain apps never import the web layer, core imports no other app, an
audience under eig/web/ never imports another (only the shared kits
eig.web.common and eig.web.dossiers), and the kits import no audience."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EIG = ROOT / "eig"


def imported_modules(path: Path, root: Path = ROOT):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = ".".join(path.relative_to(root).with_suffix("").parts[:-1])
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                yield ".".join(base + ([node.module] if node.module else []))
            elif node.module:
                yield node.module


def sources(package: str):
    return sorted((EIG / package).rglob("*.py"))


def ours(module: str) -> bool:
    return module == "eig" or module.startswith("eig.")


def app_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


DOMAIN_APPS = sorted(
    p.name for p in EIG.iterdir() if p.is_dir() and (p / "__init__.py").exists() and p.name not in {"web", "engines"}
)


def violations(package, allowed):
    found = []
    for path in sources(package):
        for module in imported_modules(path):
            if ours(module) and not allowed(module):
                found.append(f"{path.relative_to(ROOT)} imports {module}")
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
AUDIENCES = sorted(p.name for p in (EIG / "web").iterdir() if (p / "__init__.py").exists() and p.name not in SHARED_WEB)


def web_part(module: str) -> str:
    """ "staff" for eig.web.staff.views, "" for what is not under eig.web."""
    parts = module.split(".")
    return parts[2] if len(parts) > 2 and parts[:2] == ["eig", "web"] else ""


@pytest.mark.parametrize("audience", AUDIENCES)
def test_an_audience_never_imports_another(audience):
    assert violations(f"web/{audience}", lambda m: web_part(m) in {"", audience, *SHARED_WEB}) == []


@pytest.mark.parametrize("kit", sorted(SHARED_WEB))
def test_the_shared_web_kits_import_no_audience(kit):
    assert violations(f"web/{kit}", lambda m: web_part(m) in {"", *SHARED_WEB}) == []


def test_the_audience_rule_catches_a_sibling_import(tmp_path):
    fake = tmp_path / "eig" / "web" / "juries"
    fake.mkdir(parents=True)
    (fake / "views.py").write_text("from eig.web.evaluation.forms import level_choices\nfrom ..common import grids\n")
    imported = sorted(imported_modules(fake / "views.py", tmp_path))
    assert imported == ["eig.web.common", "eig.web.evaluation.forms"]
    assert [m for m in imported if web_part(m) not in {"", "juries", *SHARED_WEB}] == ["eig.web.evaluation.forms"]


def test_the_checker_resolves_absolute_and_relative_imports(tmp_path):
    fake = tmp_path / "eig" / "core"
    fake.mkdir(parents=True)
    (fake / "bad.py").write_text("from eig.web.public import views\nfrom ..challenges import models\n")
    assert sorted(imported_modules(fake / "bad.py", tmp_path)) == ["eig.challenges", "eig.web.public"]
