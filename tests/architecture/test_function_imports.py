"""Every import inside a function carries its reason (issue 14, point 7).

An import belongs at the top of its module. One inside a function or a method (an
AppConfig.ready() too, a management command too; migrations aside) says why in a comment:
on its own line, or on the comment line(s) just above it, e.g.

    from eig.x import y  # at call time: eig.x imports this module

    # heavy: WeasyPrint loads Pango and its fonts, which most requests never need
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

A comment above covers the imports that follow it line after line (no blank line between).
A bare pragma (`# noqa: F401`) is no reason.
"""

import ast
import io
import re
import tokenize
from pathlib import Path

from .imports import ROOT

PRAGMA = re.compile(
    r"noqa(?::\s*[A-Z]+\d+(?:\s*,\s*[A-Z]+\d+)*)?|type:\s*ignore(?:\[[^\]]*\])?|pragma:[^#]*|fmt:\s*\w+"
)


def is_reason(comment: str) -> bool:
    """Words beside the pragmas: `# noqa: F401` is none, `# noqa: F401  (registers the check)` is one."""
    return re.search(r"[^\W\d_]{3,}", PRAGMA.sub("", comment.lstrip("#"))) is not None


def _function_imports(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    found = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if in_function and isinstance(child, ast.Import | ast.ImportFrom):
                found.append(child)
            visit(child, in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef))

    visit(tree, False)
    return found


def unexplained_imports(source: str) -> list[int]:
    """The lines of the imports inside functions that carry no reason."""
    lines = source.splitlines()
    comments: dict[int, str] = {}
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            comments[token.start[0]] = token.string
    imports = _function_imports(ast.parse(source))
    ends = {node.end_lineno: node for node in imports}

    def own_comment(node) -> bool:
        return any(is_reason(comments.get(line, "")) for line in range(node.lineno, node.end_lineno + 1))

    def comment_above(node) -> bool:
        line = node.lineno - 1
        while line in ends:  # the imports just above, line after line, share the comment above them
            line = ends[line].lineno - 1
        block = []
        while line >= 1 and lines[line - 1].strip().startswith("#"):
            block.append(comments.get(line, ""))
            line -= 1
        return is_reason(" ".join(block))

    return [node.lineno for node in imports if not (own_comment(node) or comment_above(node))]


def offenders(root: Path = ROOT) -> list[str]:
    found = []
    for path in sorted((root / "eig").rglob("*.py")):
        if "migrations" in path.parts:
            continue
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        for line in unexplained_imports(source):
            found.append(f"{path.relative_to(root)}:{line}: {lines[line - 1].strip()}")
    return found


def test_every_import_inside_a_function_says_why():
    assert offenders() == []


# The checker on a made-up source: it fails when a reason is missing.

SOURCE = """\
import json  # top of the module: no reason needed
from django.conf import settings


def bare():
    from django.utils import timezone

    return timezone.now()


def same_line():
    from eig.calls import services  # at call time: eig.calls imports this module

    return services


def pragma_only():
    from . import checks  # noqa: F401


def pragma_and_reason():
    from . import checks  # noqa: F401  (registers the system check)


def comment_above_a_run():
    x = 1
    # heavy: WeasyPrint loads Pango and its fonts,
    # which most requests never need
    from weasyprint import CSS, HTML
    from weasyprint.urls import (
        URLFetcher,
    )

    from weasyprint.text import fonts

    return x


class Config:
    def ready(self):
        #
        from .hooks import connect

        def later():
            import csv

            return csv

        return connect, later


text = "# not a comment"
"""


def test_the_checker_finds_each_import_inside_a_function_without_its_reason():
    assert unexplained_imports(SOURCE) == [6, 18, 34, 42, 45]


def test_a_pragma_is_no_reason_but_words_beside_it_are():
    assert not is_reason("# noqa: F401")
    assert not is_reason("# type: ignore[attr-defined]")
    assert not is_reason("#")
    assert is_reason("# noqa: F401  (registers the system check)")
    assert is_reason("# à l'appel : eig.calls importe ce module")


def test_the_checker_walks_the_tree_and_leaves_migrations_out(tmp_path):
    for relative, source in {
        "eig/calls/views.py": "def f():\n    import csv\n",
        "eig/calls/migrations/0002_data.py": "def forwards(apps, schema_editor):\n    import csv\n",
        "eig/calls/management/commands/purge.py": "class Command:\n    def handle(self):\n        import csv\n",
    }.items():
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source)

    assert offenders(tmp_path) == [
        "eig/calls/management/commands/purge.py:3: import csv",
        "eig/calls/views.py:2: import csv",
    ]
