"""Text snapshots of the dossier's outputs: pages, PDFs, spreadsheet rows, the personal-data export.

    assert_snapshot("staff_dossier_detail", html_text(response.content))

A snapshot is tests/dossier_kit/snapshots/<name>.txt. A missing or different file fails the test
with pytest's diff; with UPDATE_SNAPSHOTS=1 in the environment the file is (re)written instead,
and the test says which.

What may change between two runs is masked (`mask`): public ids (UUIDs), SHA-256 digests and
database ids inside URLs. The clock is frozen (conftest.py), so dates and times are kept as
printed: how each output writes a date is part of what the snapshots record.
"""

import csv
import difflib
import io
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
from pypdf import PdfReader

SNAPSHOTS = Path(__file__).parent / "snapshots"

UUID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE)
UUID_HEX_RE = re.compile(r"\b[0-9a-f]{32}\b")
SHA256_RE = re.compile(r"\b[0-9a-f]{64}\b")
# A database id as a segment of a path: /jury/auditions/17/ → /jury/auditions/<id>/
PATH_ID_RE = re.compile(r"(?<=/)\d+(?=/|\.|$|\s|\?|#)")
# A database id in the activity log's details: « administration : 2 », « positions : [1] ».
ACTIVITY_ID_RE = re.compile(
    r"\b(administration|agent|assignment|audition|challenge|dossier|grid|juror|panel|positions?|reviewer|user) : "
    r"(\[[\d, ]*\]|\d+)"
)
# A form field named after a database id: « comment-4 » (a grid's criterion).
FIELD_ID_RE = re.compile(r"-\d+$")
# JSON keys whose value is a database id.
ID_KEYS = {"position", "id", "pk", "target_id"}


def mask(text: str) -> str:
    text = SHA256_RE.sub("<sha256>", text)
    text = UUID_RE.sub("<uuid>", text)
    text = UUID_HEX_RE.sub("<hex>", text)
    text = ACTIVITY_ID_RE.sub(r"\1 : <id>", text)
    return text


def _field_name(name: str) -> str:
    return FIELD_ID_RE.sub("-<id>", name)


def _mask_url(url: str) -> str:
    return PATH_ID_RE.sub("<id>", mask(url))


def assert_snapshot(name: str, text: str) -> None:
    path = SNAPSHOTS / f"{name}.txt"
    text = text.rstrip("\n") + "\n"
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            SNAPSHOTS.mkdir(exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"snapshot written: {path}")
        return
    assert path.exists(), f"no snapshot {path} (run with UPDATE_SNAPSHOTS=1 to write it)"
    expected = path.read_text(encoding="utf-8")
    # pytest's own diff is cut short unless -vv: the whole unified diff goes in the message.
    diff = "".join(
        difflib.unified_diff(
            expected.splitlines(keepends=True), text.splitlines(keepends=True), f"{name} (snapshot)", f"{name} (now)"
        )
    )
    assert text == expected, f"snapshot {name} differs (UPDATE_SNAPSHOTS=1 rewrites it):\n{diff}"


# --- HTML ------------------------------------------------------------------------------------------

BLOCKS = {
    "address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "dialog", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
    "legend", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "tfoot", "thead",
    "tr", "ul",
}  # fmt: skip
CELLS = {"td", "th"}
SKIPPED = {"script", "style", "noscript", "template", "svg", "head", "title"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _MainText(HTMLParser):
    """The visible text of <main>, one line per block, form controls written out:

    - a text-like input: [input type=T name=N: value]   (hidden inputs: left out, csrf included)
    - a checkbox or radio: [x] or [ ] before its label
    - a textarea: [textarea name=N: text], its line breaks as ⏎
    - a select: [select name=N: selected option's text]
    - a link: its text, then <href> (database ids in it masked)
    """

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0  # inside <main> when > 0
        self.skipping = 0
        self.lines: list[list[str]] = [[]]
        self.textarea: dict | None = None
        self.select: dict | None = None
        self.option: dict | None = None
        self.links: list[str | None] = []

    # Lines
    def _break(self):
        if self.lines[-1]:
            self.lines.append([])

    def _put(self, text: str):
        if self.depth and not self.skipping:
            self.lines[-1].append(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "main":
            self.depth += 1
            self._break()
            return
        if not self.depth:
            return
        if tag in SKIPPED:
            self.skipping += 1
            return
        if self.skipping:
            return
        if tag in BLOCKS:
            self._break()
        elif tag in CELLS:
            self._put(" | ")
        elif tag == "span":  # a hint or a state in its own span reads apart from the label before it
            self._put(" ")
        if tag == "input":
            self._input(attrs)
        elif tag == "textarea":
            self.textarea = {"name": _field_name(attrs.get("name", "")), "text": []}
        elif tag == "select":
            self.select = {"name": _field_name(attrs.get("name", "")), "chosen": []}
        elif tag == "option" and self.select is not None:
            self.option = {"selected": "selected" in attrs, "text": []}
        elif tag == "img" and attrs.get("alt"):
            self._put(f" [image: {attrs['alt']}] ")
        elif tag == "a":
            self.links.append(attrs.get("href"))

    def _input(self, attrs):
        kind = attrs.get("type", "text")
        name = _field_name(attrs.get("name", ""))
        if kind == "hidden":
            return
        if kind in ("checkbox", "radio"):
            mark = "[x]" if "checked" in attrs else "[ ]"
            self._put(f" {mark} ")
            return
        if kind in ("submit", "button", "reset"):
            self._put(f" [{kind}: {attrs.get('value', '')}] ")
            return
        if kind == "file":
            self._put(f" [input type=file name={name}] ")
            return
        self._put(f" [input type={kind} name={name}: {attrs.get('value', '')}] ")

    def handle_endtag(self, tag):
        if tag == "main":
            self.depth -= 1
            self._break()
            return
        if not self.depth:
            return
        if tag in SKIPPED:
            self.skipping -= 1
            return
        if self.skipping:
            return
        if tag == "textarea" and self.textarea is not None:
            text = "".join(self.textarea["text"]).replace("\r\n", "\n").strip("\n").replace("\n", " ⏎ ")
            self._put(f" [textarea name={self.textarea['name']}: {text}] ")
            self.textarea = None
        elif tag == "option" and self.option is not None:
            if self.option["selected"]:
                self.select["chosen"].append("".join(self.option["text"]).strip())
            self.option = None
        elif tag == "select" and self.select is not None:
            self._put(f" [select name={self.select['name']}: {', '.join(self.select['chosen'])}] ")
            self.select = None
        elif tag == "a" and self.links:
            href = self.links.pop()
            if href and not href.startswith("#"):
                self._put(f" <{_mask_url(href)}> ")
        if tag in BLOCKS:
            self._break()
        elif tag == "span":
            self._put(" ")

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea["text"].append(data)
        elif self.option is not None:
            self.option["text"].append(data)
        elif self.select is None:
            self._put(data)

    def text(self) -> str:
        lines = []
        for parts in self.lines:
            line = re.sub(r"\s+", " ", "".join(parts)).strip()
            line = re.sub(r"^\|\s*", "", line)
            if line:
                lines.append(line)
        return mask("\n".join(lines))


def html_text(html: bytes | str) -> str:
    parser = _MainText()
    parser.feed(html.decode("utf-8") if isinstance(html, bytes) else html)
    parser.close()
    text = parser.text()
    assert text, "the page has no <main> text"
    return text


# --- PDF -------------------------------------------------------------------------------------------


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    pages = []
    for number, page in enumerate(reader.pages, start=1):
        lines = [re.sub(r"[ \t]+", " ", line).strip() for line in (page.extract_text() or "").splitlines()]
        pages.append(f"--- page {number} ---\n" + "\n".join(line for line in lines if line))
    return mask("\n".join(pages))


# --- Spreadsheets ----------------------------------------------------------------------------------


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value.replace("\r\n", "\n").replace("\n", " ⏎ ")
    return f"{value} ({type(value).__name__})"


def row_text(header: list, row: list) -> str:
    """One « column: value » line per column; a line break inside a cell shows as ⏎, a non-text cell its type."""
    return mask("\n".join(f"{_cell(column)}: {_cell(value)}" for column, value in zip(header, row, strict=True)))


def csv_row(content: bytes, number: str) -> str:
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    header, *body = rows
    [row] = [row for row in body if row and row[0] == number]
    return row_text(header, row)


def xlsx_row(content: bytes, number: str) -> str:
    workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    sheet = workbook.worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    header, *body = rows
    [row] = [row for row in body if row and row[0] == number]
    return row_text(header, row)


# --- JSON ------------------------------------------------------------------------------------------


# Values read back from a JSON column: PostgreSQL's jsonb orders their keys its own way (shortest
# first), SQLite keeps them as written. Their keys are sorted so that both databases give one snapshot.
JSON_COLUMNS = {"content", "value", "display"}


def _sorted(value):
    if isinstance(value, dict):
        return {k: _sorted(value[k]) for k in sorted(value)}
    if isinstance(value, list):
        return [_sorted(v) for v in value]
    return value


def _normalise(value):
    """Database ids masked (ID_KEYS), the keys of JSON-column values sorted (JSON_COLUMNS)."""
    if isinstance(value, dict):
        return {
            k: "<id>" if k in ID_KEYS and isinstance(v, int) else _normalise(_sorted(v) if k in JSON_COLUMNS else v)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_normalise(v) for v in value]
    return value


def json_text(value) -> str:
    return mask(json.dumps(_normalise(value), ensure_ascii=False, indent=2))
