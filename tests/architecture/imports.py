"""Reading the imports of the source, for the architecture tests (no Django needed).

Every function takes the project's root as a parameter, so a test can run the same
checker on a small tree it writes under tmp_path and see it fail.
"""

import ast
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Import:
    module: str  # absolute dotted name: "eig.calls.models" (a relative import resolved)
    line: int
    in_function: bool  # inside a function or method body: it runs at call time, and counts all the same


def _resolve(node: ast.ImportFrom, package: str) -> str:
    if not node.level:
        return node.module or ""
    base = package.split(".")
    base = base[: len(base) - node.level + 1]
    return ".".join(base + ([node.module] if node.module else []))


def imports_in(path: Path, root: Path = ROOT) -> list[Import]:
    """Every import of a module, at module level or inside a function."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = ".".join(path.relative_to(root).with_suffix("").parts[:-1])
    found = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import):
                found.extend(Import(alias.name, child.lineno, in_function) for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                found.append(Import(_resolve(child, package), child.lineno, in_function))
            visit(child, in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda))

    visit(tree, False)
    return found


def imported_modules(path: Path, root: Path = ROOT):
    for found in imports_in(path, root):
        if found.module:
            yield found.module


def ours(module: str) -> bool:
    return module == "eig" or module.startswith("eig.")


def app_of(module: str) -> str:
    """ "calls" for eig.calls.models; "" for eig itself or what is not ours."""
    parts = module.split(".")
    return parts[1] if ours(module) and len(parts) > 1 else ""


def packages(root: Path = ROOT) -> list[str]:
    """The apps under eig/ (web included)."""
    return sorted(p.name for p in (root / "eig").iterdir() if p.is_dir() and (p / "__init__.py").exists())


def domain_sources(app: str, root: Path = ROOT) -> list[Path]:
    """An app's modules, its migrations aside (they are frozen history, written by makemigrations)."""
    return sorted(p for p in (root / "eig" / app).rglob("*.py") if "migrations" not in p.parts)


def app_graph(root: Path = ROOT) -> dict[str, dict[str, list[str]]]:
    """{app: {app it imports: ["eig/app/module.py:12", ...]}} for every app under eig/ but the web
    layer (its own rules: tests/architecture/test_import_direction.py), with the imports inside
    functions, migrations aside. An import of the web layer is left to those rules too."""
    graph: dict[str, dict[str, list[str]]] = {}
    for app in packages(root):
        if app == "web":
            continue
        edges = graph.setdefault(app, {})
        for path in domain_sources(app, root):
            for found in imports_in(path, root):
                target = app_of(found.module)
                if target and target not in {app, "web"}:
                    edges.setdefault(target, []).append(f"{path.relative_to(root)}:{found.line}")
    return graph


def tier_violations(graph: dict[str, dict[str, list[str]]], tiers: list[list[str]]) -> list[str]:
    """Each import of an app of the same or a higher tier, and each app without a tier."""
    rank = {app: number for number, tier in enumerate(tiers) for app in tier}
    found = [f"eig/{app} has no tier" for app in sorted(graph) if app not in rank]
    for app, edges in sorted(graph.items()):
        for target, sites in sorted(edges.items()):
            if app in rank and rank.get(target, len(tiers)) >= rank[app]:
                more = f" (and {len(sites) - 1} more)" if len(sites) > 1 else ""
                found.append(
                    f"{sites[0]}{more}: {app} (tier {rank[app]}) imports {target} "
                    f"(tier {rank.get(target, 'none')}): an app imports only apps of a lower tier"
                )
    return found


def find_cycle(graph: dict[str, dict[str, list[str]]]) -> list[str] | None:
    """A cycle of the graph as its path, first app repeated at the end (["a", "b", "a"]), or None.
    Depth first, in alphabetical order, so the same graph always reports the same cycle."""
    done: set[str] = set()
    path: list[str] = []

    def visit(app: str) -> list[str] | None:
        if app in path:
            return path[path.index(app) :] + [app]
        if app in done:
            return None
        path.append(app)
        for target in sorted(graph.get(app, {})):
            if cycle := visit(target):
                return cycle
        path.pop()
        done.add(app)
        return None

    for app in sorted(graph):
        if cycle := visit(app):
            return cycle
    return None


def describe_cycle(cycle: list[str], graph: dict[str, dict[str, list[str]]]) -> str:
    """ "a → b → a" with, for each step, where it is imported."""
    steps = [f"  {a} → {b}: {', '.join(graph[a][b][:3])}" for a, b in zip(cycle, cycle[1:], strict=False)]
    return " → ".join(cycle) + "\n" + "\n".join(steps)


def write_module(root: Path, relative: str, source: str) -> Path:
    """Write a module of a fake tree under `root` (a test's tmp_path), each folder a package."""
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    directory = path.parent
    while directory != root:
        (directory / "__init__.py").touch()
        directory = directory.parent
    path.write_text(source, encoding="utf-8")
    return path
