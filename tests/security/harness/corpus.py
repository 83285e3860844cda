"""Hostile text, and the checks every output must pass when it shows that text back.

A `Corpus` writes a payload per free-text field: every entry of ENTRIES that fits the
field's limit, the first one rotating from field to field so that each entry (and each
formula prefix) leads some field. Every placed entry carries its own marker
(`mk<field><entry>z`), so a failure names the field and the entry that leaked.

The checks read an output the way its consumer does:
- HTML: the standard library's parser; a marker inside a <script> element, in an `on*`
  attribute or in an attribute name, or any javascript: URL, is live markup;
- CSV/XLSX: no text cell starting with a formula prefix, no bidirectional control;
- ICS: the events keep exactly their own properties (a CR/LF typed in a name creates none);
- PDF and plain text: the payloads are there, as text.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

RLO = "\u202e"
# The bidirectional controls (embeddings, overrides, isolates) that can reorder what a reader sees.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Entry:
    key: str
    template: str  # {m} is the marker


ENTRIES = [
    Entry("script", '<script>alert("{m}")</script>'),
    Entry("img_onerror", "<img src=x onerror=alert('{m}')>"),
    Entry("svg_onload", "<svg/onload=alert('{m}')>"),
    Entry("attribute_breakout", '"><script>alert("{m}")</script><"'),
    Entry("javascript_link", "<a href=\"javascript:alert('{m}')\">{m}</a>"),
    Entry("markdown_link", "[{m}](javascript:alert('{m}'))"),
    Entry("rtl_override", RLO + "{m}gnp.exe"),
    Entry("rtl_formula", RLO + "=2+3 {m}"),
    Entry("formula_hyperlink", '=HYPERLINK("http://evil.example/{m}","x")'),
    Entry("formula_plus", "+1+2 {m}"),
    Entry("formula_minus", "-2+3 {m}"),
    Entry("formula_at", "@SUM(A1) {m}"),
    Entry("crlf", "{m}\r\nDTSTART:19700101T000000Z\r\nATTENDEE:mailto:evil@example.org"),
    Entry("template", "{{{{ {m} }}}}{{% debug %}}"),
]
HTML_ENTRIES = {"script", "img_onerror", "svg_onload", "attribute_breakout", "javascript_link"}
FORMULA_ENTRIES = {"rtl_formula", "formula_hyperlink", "formula_plus", "formula_minus", "formula_at"}


@dataclass
class Corpus:
    placed: dict[str, tuple[str, str]] = field(default_factory=dict)  # marker → (field, entry key)
    payloads: dict[str, str] = field(default_factory=dict)  # marker → the entry's text
    _fields: int = 0

    def text(self, name: str, limit: int | None = None, *, only=None) -> str:
        """The hostile value of one field: every entry that fits `limit`, one per line."""
        n = self._fields
        self._fields += 1
        order = [(i % len(ENTRIES), ENTRIES[i % len(ENTRIES)]) for i in range(n, n + len(ENTRIES))]
        parts = []
        for i, entry in order:
            if only is not None and entry.key not in only:
                continue
            marker = f"mk{n:03d}{i:02d}z"
            payload = entry.template.format(m=marker)
            if limit is not None and len("\n".join([*parts, payload])) > limit:
                continue
            parts.append(payload)
            self.placed[marker] = (name, entry.key)
            self.payloads[marker] = payload
        assert parts, f"no entry fits {name} ({limit} characters)"
        return "\n".join(parts)

    def markers(self, *names: str, entries=None) -> set[str]:
        """The markers placed in these fields (all fields without names)."""
        return {
            marker
            for marker, (name, key) in self.placed.items()
            if (not names or name in names) and (entries is None or key in entries)
        }

    def found(self, text: str) -> set[str]:
        """The markers in the text; read backwards too, as a PDF's text extraction gives what a
        right-to-left override reversed (up to the end of its block: the answer, never beyond)."""
        lowered = text.lower()
        return {marker for marker in self.placed if marker in lowered or marker[::-1] in lowered}

    def describe(self, markers) -> list[str]:
        return sorted(f"{m}: {self.placed[m][0]} / {self.placed[m][1]}" for m in markers)


# --- HTML ------------------------------------------------------------------------------------

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcdoc"}
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:text/html")


class _Scanner(HTMLParser):
    def __init__(self, corpus: Corpus):
        super().__init__(convert_charrefs=True)
        self.corpus = corpus
        self.live: list[str] = []
        self.text_markers: set[str] = set()
        self.isolated_markers: set[str] = set()  # shown inside a <bdi> element
        self._script = 0
        self._bdi = 0

    def _has_marker(self, text: str) -> set[str]:
        return self.corpus.found(text or "")

    def handle_starttag(self, tag, attrs):
        if self._has_marker(tag):
            self.live.append(f"element <{tag}>")
        for name, value in attrs:
            value = value or ""
            if self._has_marker(name):
                self.live.append(f"attribute name {name!r} on <{tag}>")
            if name.startswith("on") and self._has_marker(value):
                self.live.append(f"event handler {name}={value!r} on <{tag}>")
            squeezed = re.sub(r"[\x00-\x20]", "", value).lower()
            if name in URL_ATTRIBUTES and squeezed.startswith(DANGEROUS_SCHEMES):
                self.live.append(f"{name}={value!r} on <{tag}>")
        if tag == "script":
            self._script += 1
        if tag == "bdi":
            self._bdi += 1

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self._script -= 1
        if tag == "bdi":
            self._bdi -= 1

    def handle_endtag(self, tag):
        if tag == "script" and self._script:
            self._script -= 1
        if tag == "bdi" and self._bdi:
            self._bdi -= 1

    def handle_data(self, data):
        markers = self._has_marker(data)
        if self._script and markers:
            self.live.append(f"script content {data.strip()[:80]!r}")
        self.text_markers |= markers
        if self._bdi:
            self.isolated_markers |= markers


@dataclass
class HtmlReading:
    live: list[str]
    shown: set[str]  # markers shown as text
    isolated: set[str]  # markers shown inside <bdi>
    verbatim: list[str]  # HTML payloads found unescaped in the source


def read_html(corpus: Corpus, html: str) -> HtmlReading:
    scanner = _Scanner(corpus)
    scanner.feed(html)
    scanner.close()
    verbatim = [
        marker
        for marker, (_name, key) in corpus.placed.items()
        if key in HTML_ENTRIES and corpus.payloads[marker] in html
    ]
    return HtmlReading(scanner.live, scanner.text_markers, scanner.isolated_markers, verbatim)


def assert_inert_html(corpus: Corpus, html: str, *, shows=(), isolates=()) -> HtmlReading:
    """No marker is live markup; the markers `shows` are shown as text ( `isolates` inside <bdi>)."""
    reading = read_html(corpus, html)
    assert reading.live == [], reading.live
    assert reading.verbatim == [], corpus.describe(reading.verbatim)
    missing = set(shows) - reading.shown
    assert not missing, f"not shown: {corpus.describe(missing)}"
    loose = set(isolates) - reading.isolated
    assert not loose, f"not isolated in <bdi>: {corpus.describe(loose)}"
    return reading


# --- Spreadsheets ----------------------------------------------------------------------------


def csv_cells(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def xlsx_cells(content: bytes) -> list[list]:
    import openpyxl

    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    rows = []
    for row in sheet.iter_rows():
        for cell in row:
            # openpyxl reads a formula back as data_type "f": none may reach the sheet.
            assert cell.data_type != "f", f"formula cell {cell.coordinate}: {cell.value!r}"
        rows.append([cell.value for cell in row])
    return rows


def assert_inert_cells(corpus: Corpus, rows, *, shows=()):
    """No text cell a spreadsheet would run as a formula, no bidirectional control; `shows` present."""
    text_cells = [cell for row in rows for cell in row if isinstance(cell, str)]
    formulas = [cell for cell in text_cells if cell.startswith(FORMULA_PREFIXES)]
    assert formulas == [], formulas
    bidi = [cell for cell in text_cells if BIDI_CONTROLS.search(cell)]
    assert bidi == [], bidi
    missing = set(shows) - corpus.found("\n".join(text_cells))
    assert not missing, f"not exported: {corpus.describe(missing)}"


# --- Calendars -------------------------------------------------------------------------------

EVENT_PROPERTIES = {"UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "LOCATION", "DESCRIPTION"}


def assert_inert_ics(corpus: Corpus, content: bytes, *, shows=()):
    """Each event has its own properties once; the hostile text stays inside its value."""
    from icalendar import Calendar

    text = content.decode()
    for line in text.split("\r\n"):
        assert not line.startswith(("DTSTART:1970", "ATTENDEE")), f"injected line {line!r}"
    calendar = Calendar.from_ical(content)
    values = []
    for event in calendar.walk("VEVENT"):
        names = [name for name, _value in event.property_items(recursive=False)]
        assert set(names) - {"BEGIN", "END"} <= EVENT_PROPERTIES, names
        assert names.count("DTSTART") == 1 and names.count("SUMMARY") == 1, names
        values += [str(event.get(name, "")) for name in ("SUMMARY", "LOCATION", "DESCRIPTION")]
    missing = set(shows) - corpus.found("\n".join(values))
    assert not missing, f"not in the calendar: {corpus.describe(missing)}"


# --- PDF and plain text ----------------------------------------------------------------------


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    assert content.startswith(b"%PDF")
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def assert_text_shown(corpus: Corpus, text: str, *, shows=(), literal=()):
    """The markers `shows` are in the text; the payloads of `literal` markers word for word
    (a PDF line may wrap: whitespace is not compared)."""
    missing = set(shows) - corpus.found(text)
    assert not missing, f"not in the text: {corpus.describe(missing)}"
    flat = re.sub(r"\s+", "", text)
    absent = [m for m in literal if re.sub(r"\s+", "", corpus.payloads[m]) not in flat]
    assert absent == [], corpus.describe(absent)
