"""One way to print a document as PDF (WeasyPrint): the receipt, the proposal's PDF for
the jury, the jury's schedules, and any later document.

- One stylesheet base, templates/pdf/base.css (A4, system fonts, the programme's header,
  the facts, the answers, tables); a document's own stylesheet only adds what differs.
- One URL fetcher that refuses every URL: a document uses no external resource (image,
  stylesheet, font, `file://`), so rendering never touches the network or the disk,
  whatever an answer or a template contains. A refused resource is left out; the
  document still renders.
- One render: HTML template + context → bytes (`render_pdf`), or HTML already made → bytes
  (`write_pdf`).

A PDF attached to an email is rendered when the email is sent, by a renderer its app
registers (eig.notifications.attachments: `register_attachment_renderer`, `pdf_attachment`).
"""

from django.template.loader import render_to_string
from django.utils import translation

BASE_STYLESHEET = "pdf/base.css"


class RefusedURL(ValueError):
    """A document asked for an external resource; WeasyPrint leaves the resource out."""


def refuse_every_url(url: str, headers=None):
    raise RefusedURL(f"a document fetches no external resource: {url}")


def _fetcher():
    # At call time: weasyprint loads Pango and its fonts, which most processes never need.
    from weasyprint.urls import URLFetcher

    class RefuseEveryURL(URLFetcher):
        def fetch(self, url, headers=None):
            return refuse_every_url(url, headers)

    return RefuseEveryURL()


def stylesheets(stylesheet: str | None = None) -> list[str]:
    """The base stylesheet, then the document's own (template names)."""
    return [BASE_STYLESHEET, *([stylesheet] if stylesheet else [])]


def write_pdf(html: str, *, stylesheet: str | None = None) -> bytes:
    """The PDF of `html`, styled by the base stylesheet and `stylesheet` (a template name)."""
    # At call time: weasyprint loads Pango and its fonts, which most processes never need.
    from weasyprint import CSS, HTML

    fetcher = _fetcher()
    css = [CSS(string=render_to_string(name), url_fetcher=fetcher) for name in stylesheets(stylesheet)]
    return HTML(string=html, url_fetcher=fetcher, base_url="about:blank").write_pdf(stylesheets=css, pdf_tags=True)


def render_html(template: str, context, *, language: str = "fr") -> str:
    """The document's HTML in `language`; `context` is a dict, or a callable that builds it in that language."""
    with translation.override(language):
        return render_to_string(template, context() if callable(context) else context)


def render_pdf(template: str, context, *, stylesheet: str | None = None, language: str = "fr") -> bytes:
    """HTML template + context → PDF bytes, in `language`."""
    return write_pdf(render_html(template, context, language=language), stylesheet=stylesheet)
