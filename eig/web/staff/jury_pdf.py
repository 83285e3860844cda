"""The jury's schedule as a printable PDF, by day, by room or by panel (weasyprint).

What is printed is what is stored: the auditions that have a time, in Paris time,
with the room, the panel, the person heard and the panel's members. Like every document,
it goes through the one PDF pipeline (eig.core.pdf), which fetches no external resource.
"""

import itertools

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from eig.core import pdf
from eig.juries import queries

TEMPLATE = "staff/juries/schedule_pdf.html"
STYLESHEET = "staff/juries/schedule_pdf.css"
GROUPINGS = ("jour", "salle", "groupe")


def _day_label(day) -> str:
    return formats.date_format(day, "l j F Y").capitalize()


def _row(audition, members) -> dict:
    start, end = timezone.localtime(audition.starts_at), timezone.localtime(audition.ends_at)
    return {
        "time": f"{start:%H:%M}–{end:%H:%M}",
        "room": audition.panel.room.name,
        "panel": audition.panel.index,
        "auditionee": audition.auditionee,
        "number": audition.dossier.number,
        "attendance": audition.get_attendance_display(),
        "members": members.get(audition.panel_id, ""),
    }


def _day_of(audition):
    return timezone.localtime(audition.starts_at).date()


def _days(auditions, members) -> list[dict]:
    return [
        {"label": _day_label(day), "rows": [_row(a, members) for a in rows]}
        for day, rows in itertools.groupby(sorted(auditions, key=lambda a: a.starts_at), key=_day_of)
    ]


def schedule_pdf_context(jury, by: str) -> dict:
    auditions = list(queries.schedule_rows(jury))
    panels = list(queries.panels_of(jury))
    members = {p.pk: ", ".join(m.juror.name for m in p.members.all()) for p in panels}
    if by == "salle":
        sections = [
            {
                "title": room.name,
                "subtitle": room.location,
                "timekeeper": "",
                "days": _days(rows, members),
            }
            for room, rows in itertools.groupby(
                sorted(auditions, key=lambda a: (a.panel.room.name, a.starts_at)), key=lambda a: a.panel.room
            )
        ]
    elif by == "groupe":
        by_panel = {p: [a for a in auditions if a.panel_id == p.pk] for p in panels}
        sections = [
            {
                "title": _("Groupe %(index)s — %(room)s") % {"index": panel.index, "room": panel.room.name},
                "subtitle": _("Membres : %(members)s") % {"members": members[panel.pk] or "—"},
                "timekeeper": panel.timekeeper.name if panel.timekeeper else "",
                "days": _days(rows, members),
            }
            for panel, rows in by_panel.items()
            if rows
        ]
    else:
        sections = [
            {"title": day["label"], "subtitle": "", "timekeeper": "", "days": [day]}
            for day in _days(auditions, members)
        ]
    return {
        "programme": jury.call.promotion.programme.name,
        "jury_title": jury.title,
        "call_title": jury.call.title,
        "grouping": {"jour": _("par jour"), "salle": _("par salle"), "groupe": _("par groupe")}[by],
        "by": by,
        "sections": sections,
        "printed_on": formats.date_format(timezone.localtime(timezone.now()), "j F Y, H:i"),
    }


def schedule_html(jury, by: str, *, language: str = "fr") -> str:
    return pdf.render_html(TEMPLATE, lambda: schedule_pdf_context(jury, by), language=language)


def render_schedule_pdf(jury, by: str, *, language: str = "fr") -> bytes:
    return pdf.render_pdf(TEMPLATE, lambda: schedule_pdf_context(jury, by), stylesheet=STYLESHEET, language=language)
