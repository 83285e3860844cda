"""A call's dossiers (or proposals) as a spreadsheet (CSV for French Excel, XLSX), one row each.

Answers are typed by candidates: a cell that a spreadsheet would read as a
formula is neutralised (OWASP "CSV Injection"): prefixed with a single quote,
and in XLSX also stored as a plain string, never a formula. Bidirectional
controls (U+202E « right-to-left override »…) are dropped first: a spreadsheet
has no way to contain them (U+202E then « fdp.exe » reads « exe.pdf »), and a
cell of U+202E then « =1+2 » would become a formula once the control is edited out.
"""

import csv
import io
import re

from django.http import HttpResponse, HttpResponseBadRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from eig.applications.queries import wishes_by_dossier
from eig.calls.display import Style, display
from eig.calls.models import Dossier, Question
from eig.calls.reading import submitted_answers_by_dossier
from eig.calls.services import questions_of

# OWASP: a cell starting with one of these may be run as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Embeddings, overrides and isolates (Unicode bidirectional algorithm, UAX #9).
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(text: str) -> str:
    text = BIDI_CONTROLS.sub("", text)
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def _paris(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M:%S") if moment else ""


def answer_cell(question, value, files, absolute_uri):
    """One answer as a cell: its words as every output reads them (eig.calls.display), a number
    stays a number, a file adds its download link: « cv.pdf (120,0 Kio) — https://… »."""
    if question.kind == Question.Kind.NUMBER and isinstance(value, int) and not isinstance(value, bool):
        return value
    text = display(question, value, files, Style.TEXT)
    stored = files.get(str(value)) if question.kind == Question.Kind.FILE and value else None
    return f"{text} — {absolute_uri(stored.get_absolute_url())}" if stored else text


def dossier_table(call, dossiers, absolute_uri) -> tuple[list[str], list[list]]:
    """The header and the rows (str or int cells) of these dossiers; six queries in all.

    A submitted dossier's row is its latest submitted version, never the draft edited since.
    """
    questions = questions_of(call)
    answers, files = submitted_answers_by_dossier(dossiers, questions)
    wishes = wishes_by_dossier(dossiers)
    wish_columns = max([call.max_wishes] + [w.rank for ranked in wishes.values() for w in ranked])
    header = [_("Numéro"), _("Statut"), _("Déposé le"), _("Adresse électronique")]
    header += [q.label for q in questions]
    header += [_("Vœu %(rank)d") % {"rank": rank} for rank in range(1, wish_columns + 1)]
    rows = []
    for dossier in dossiers.prefetch_related(None).iterator(chunk_size=2000):
        given = answers.get(dossier.pk, {})
        row = [dossier.number, dossier.get_status_display(), _paris(dossier.submitted_at), dossier.owner.email]
        shown = files.get(dossier.pk, {})
        row += [answer_cell(question, given.get(question.pk), shown, absolute_uri) for question in questions]
        ranked = {w.rank: w for w in wishes.get(dossier.pk, [])}
        for rank in range(1, wish_columns + 1):
            wish = ranked.get(rank)
            row.append(f"{wish.position.challenge.title} — {wish.position.profile.label}" if wish else "")
        rows.append(row)
    return header, rows


def proposal_table(call, proposals, absolute_uri) -> tuple[list[str], list[list]]:
    """The header and the rows of a call's proposals (`staff_proposals`); five queries in all.

    A submitted proposal's row is its latest submitted version, never the draft edited since.
    """
    questions = questions_of(call)
    dossiers = Dossier.objects.filter(pk__in=proposals.order_by().values("dossier_id"))
    answers, files = submitted_answers_by_dossier(dossiers, questions)
    header = [_("Numéro"), _("État"), _("Administration"), _("Déposée le")]
    header += [q.label for q in questions]
    rows = []
    for proposal in proposals.prefetch_related(None).iterator(chunk_size=2000):
        given = answers.get(proposal.dossier_id, {})
        row = [
            proposal.dossier.number,
            proposal.get_state_display(),
            proposal.administration.name,
            _paris(proposal.dossier.submitted_at),
        ]
        shown = files.get(proposal.dossier_id, {})
        row += [answer_cell(question, given.get(question.pk), shown, absolute_uri) for question in questions]
        rows.append(row)
    return header, rows


def _safe(value):
    return neutralise(value) if isinstance(value, str) else value


def to_csv(header, rows) -> bytes:
    """UTF-8 with a byte-order mark and `;` between cells: what French Excel opens as is."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([_safe(cell) for cell in header])
    for row in rows:
        writer.writerow([_safe(cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _xlsx_cell(sheet, value):
    if not isinstance(value, str):
        return WriteOnlyCell(sheet, value=value)
    cell = WriteOnlyCell(sheet, value=neutralise(ILLEGAL_CHARACTERS_RE.sub("", value)))
    cell.data_type = "s"  # a string, whatever it starts with: never a formula
    return cell


def to_xlsx(header, rows, *, title: str) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append([_xlsx_cell(sheet, cell) for cell in header])
    for row in rows:
        sheet.append([_xlsx_cell(sheet, cell) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def download(content, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def spreadsheet(request, call, kind: str, what: str, form, selected, *, table) -> HttpResponse:
    """The `selected` rows as `kind` ("csv" or "xlsx"), named « <call>-<what> »; `table`: dossier_table or
    proposal_table. Filters that are not valid answer 400: an export never silently widens."""
    if form.is_bound and not form.is_valid():
        return HttpResponseBadRequest(_("Les filtres de l'export ne sont pas valides."))
    header, rows = table(call, selected, request.build_absolute_uri)
    if kind == "csv":
        return download(to_csv(header, rows), CSV_CONTENT_TYPE, f"{call.slug}-{what}.csv")
    return download(to_xlsx(header, rows, title=call.slug), XLSX_CONTENT_TYPE, f"{call.slug}-{what}.xlsx")
