"""Every output resists hostile text (issue 13, point 8).

The corpus (corpus.py: script tags, event handlers, javascript: and Markdown links, the
right-to-left override, formula prefixes, CR/LF, template syntax) is typed into every
free-text field a candidate or an agent can fill, through the real services, then read
back through every output: the staff, reviewer and juror pages, the public challenge page,
the receipt and jury PDFs, the CSV and XLSX exports, the calendars and the emails.

- HTML shows the text escaped: no marker in a <script>, an event handler or an attribute
  name, no javascript: URL; names in lists sit in <bdi> (the override stays inside them).
- CSV/XLSX never start a cell with = + - @ (a quote is put first) and carry no bidi control.
- A PDF and a plain-text email show the text as text.
- A calendar keeps its events' properties: a CR/LF in a name adds none.
"""

import datetime

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from eig.accounts.models import Role
from eig.juries import ics
from eig.juries import services as jury_services
from eig.notifications.models import OutboxMessage
from eig.notifications.sending import deliver
from eig.proposals import approval
from eig.proposals import services as proposal_services
from eig.proposals.models import Proposal
from tests.factories import UserFactory

from .corpus import (
    HTML_ENTRIES,
    RLO,
    Corpus,
    assert_inert_cells,
    assert_inert_html,
    assert_inert_ics,
    assert_text_shown,
    csv_cells,
    pdf_text,
    read_html,
    xlsx_cells,
)
from .worlds import candidate_world, proposal_world

pytestmark = pytest.mark.django_db

RTL = {"rtl_override", "rtl_formula"}


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.FILE_SCANNER = "eig.files.scanners.NoopScanner"


@pytest.fixture
def corpus():
    return Corpus()


@pytest.fixture
def candidate(corpus):
    return candidate_world(corpus)


@pytest.fixture
def proposal(corpus):
    return proposal_world(corpus)


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response


def page(client, url) -> str:
    response = get(client, url)
    assert response["Content-Type"].startswith("text/html")
    return response.content.decode()


def in_name(corpus, text: str) -> set[str]:
    """The markers that a (possibly cut) name still shows."""
    return corpus.found(text)


# --- A candidate's dossier ---------------------------------------------------------------------


def test_the_staff_dossier_pages_show_every_candidate_text_escaped_and_names_isolated(corpus, candidate):
    client = client_of(candidate.staff)
    slug = candidate.call.slug
    names = corpus.markers("user.first_name", "user.last_name")

    listing = page(client, reverse("staff:dossier_list", kwargs={"slug": slug}))
    detail = page(client, reverse("staff:dossier_detail", kwargs={"slug": slug, "number": candidate.dossier.number}))

    rtl = corpus.markers("user.first_name", "user.last_name", entries=RTL)
    assert len(rtl) == 2
    assert_inert_html(corpus, listing, shows=names, isolates=rtl)
    assert_inert_html(corpus, detail, shows=corpus.markers() - corpus.markers("user.first_name", "user.last_name"))


def test_the_dossier_exports_neutralise_formulas_and_strip_bidi_controls(corpus, candidate):
    client = client_of(candidate.staff)
    slug = {"slug": candidate.call.slug}
    answers = {m for m in corpus.markers() if corpus.placed[m][0].startswith("dossier.")}

    csv_rows = csv_cells(get(client, reverse("staff:export_csv", kwargs=slug)).content)
    xlsx_rows = xlsx_cells(get(client, reverse("staff:export_xlsx", kwargs=slug)).content)

    assert_inert_cells(corpus, csv_rows, shows=answers)
    assert_inert_cells(corpus, xlsx_rows, shows=answers)
    # Neutralised, not dropped: the text is kept behind a quote.
    assert any(cell.startswith("'=HYPERLINK(") for row in csv_rows for cell in row)
    assert any(cell.startswith("'=2+3 ") for row in xlsx_rows for cell in row if isinstance(cell, str))


def test_the_reviewer_page_shows_the_dossier_escaped(corpus, candidate):
    client = client_of(candidate.reviewer.user)
    url = reverse("evaluation:review", kwargs={"grid": candidate.grid.pk, "number": candidate.dossier.number})
    answers = {m for m in corpus.markers() if corpus.placed[m][0].startswith("dossier.")}

    assert_inert_html(corpus, page(client, url), shows=answers)
    assert_inert_html(corpus, page(client, reverse("evaluation:queue")))


def test_the_juror_pages_show_the_dossier_and_the_name_escaped(corpus, candidate):
    juror = candidate.jury.jurors[0]
    client = client_of(juror.user)
    answers = {m for m in corpus.markers() if corpus.placed[m][0].startswith("dossier.")}
    name = in_name(corpus, candidate.audition.auditionee)
    assert name, candidate.audition.auditionee

    schedule = page(client, reverse("juries:schedule"))
    audition = page(client, reverse("juries:audition", kwargs={"audition": candidate.audition.pk}))
    with time_machine.travel(candidate.audition.ends_at + datetime.timedelta(minutes=1), tick=False):
        grid = page(client, reverse("juries:general_grid", kwargs={"panel": candidate.jury.panels[0].pk}))

    assert_inert_html(corpus, schedule, shows=name, isolates=name & corpus.markers(entries=RTL))
    assert_inert_html(corpus, audition, shows=answers)
    assert_inert_html(corpus, grid, shows=name, isolates=name & corpus.markers(entries=RTL))


def test_the_staff_jury_pages_and_the_jury_pdf_show_the_name_as_text(corpus, candidate):
    client = client_of(candidate.staff)
    slug = {"slug": candidate.call.slug}
    auditionee = candidate.audition.auditionee
    name = in_name(corpus, auditionee)
    rtl = name & corpus.markers(entries=RTL)
    assert rtl
    # The override reverses the rest of the name (up to its <bdi> or its cell): what comes before reads as typed.
    readable = auditionee.split(RLO)[0]
    room = candidate.jury.panels[0].room

    for url in [
        reverse("staff:jury_overview", kwargs=slug),
        reverse("staff:jury_panels", kwargs=slug),
        reverse("staff:jury_timetable", kwargs=slug),
    ]:
        assert_inert_html(corpus, page(client, url), shows=name, isolates=rtl)
    day = candidate.audition.starts_at + datetime.timedelta(minutes=1)
    with time_machine.travel(day, tick=False):
        sheet = page(client, reverse("staff:jury_run_sheet", kwargs={**slug, "room": room.pk}))
    assert_inert_html(corpus, sheet, shows=name, isolates=rtl)
    for by in ["jour", "salle", "groupe"]:
        response = get(client, reverse("staff:jury_pdf", kwargs=slug) + f"?par={by}")
        literal = {m for m in name if corpus.placed[m][1] in HTML_ENTRIES and corpus.payloads[m] in readable}
        assert_text_shown(corpus, pdf_text(response.content), shows=name, literal=literal)


def test_the_calendars_keep_a_name_with_line_breaks_inside_its_summary(corpus, candidate):
    juror = candidate.jury.jurors[0]
    name = in_name(corpus, candidate.audition.auditionee)
    assert "\n" in candidate.audition.auditionee  # the crlf entry made it into the name

    mine = get(client_of(juror.user), reverse("juries:calendar"))
    feed = get(Client(), reverse("juries:feed", kwargs={"token": juror.calendar_token}))

    assert_inert_ics(corpus, mine.content, shows=name)
    assert_inert_ics(corpus, feed.content, shows=name)
    assert_inert_ics(corpus, ics.audition_calendar(candidate.audition))


def test_the_candidates_receipt_page_and_pdf_show_every_answer_as_text(corpus, candidate):
    client = client_of(candidate.candidate)
    kwargs = {"number": candidate.dossier.number, "version": candidate.version.number}
    answers = {m for m in corpus.markers() if corpus.placed[m][0].startswith("dossier.")}

    receipt = page(client, reverse("candidates:receipt", kwargs=kwargs))
    pdf = get(client, reverse("candidates:receipt_pdf", kwargs=kwargs))
    overview = page(client, reverse("candidates:dossier", kwargs={"number": candidate.dossier.number}))

    assert_inert_html(corpus, receipt)
    assert_inert_html(corpus, overview)
    literal = {m for m in answers if corpus.placed[m][1] in HTML_ENTRIES}
    assert_text_shown(corpus, pdf_text(pdf.content), shows=answers, literal=literal)


def sent_emails():
    """Every queued message sent through the real path into Django's outbox."""
    for message in OutboxMessage.objects.order_by("pk"):
        assert deliver(message.pk) == "sent", message.last_error
    return list(mail.outbox)


def assert_inert_email(corpus, email):
    assert "\n" not in email.subject and "\r" not in email.subject, email.subject
    for content, mimetype in getattr(email, "alternatives", []):
        if mimetype == "text/html":
            assert_inert_html(corpus, content)


def test_the_emails_carry_the_hostile_text_as_plain_text_and_one_line_subjects(corpus, candidate):
    jury_services.send_convocations(candidate.jury.jury, by=candidate.staff)
    name = in_name(corpus, candidate.audition.auditionee)
    answers = {m for m in corpus.markers() if corpus.placed[m][0].startswith("dossier.")}

    emails = sent_emails()

    to_candidate = [e for e in emails if e.to == [candidate.candidate.email]]
    assert len(to_candidate) == 2  # the receipt, the convocation
    for email in emails:
        assert_inert_email(corpus, email)
    receipt = next(e for e in to_candidate if "Accusé de réception" in e.subject)
    assert corpus.found(receipt.body) >= corpus.markers("user.first_name") - corpus.markers(entries={"crlf"})
    (pdf,) = [a for a in receipt.attachments if a[0].endswith(".pdf")]
    assert_text_shown(corpus, pdf_text(pdf[1]), shows=answers)
    convocation = next(e for e in to_candidate if e is not receipt)
    assert corpus.found(convocation.body) >= name
    (calendar,) = [a for a in convocation.attachments if a[0].endswith(".ics")]
    assert_inert_ics(corpus, calendar[1] if isinstance(calendar[1], bytes) else calendar[1].encode())


# --- An administration's proposal --------------------------------------------------------------


def proposal_markers(corpus):
    return {m for m in corpus.markers() if corpus.placed[m][0].startswith(("proposal.", "staff_question."))}


def test_the_staff_proposal_pages_show_every_agent_text_escaped(corpus, proposal):
    client = client_of(proposal.staff)
    kwargs = {"slug": proposal.call.slug, "number": proposal.proposal.dossier.number}
    title = corpus.markers("proposal.nom_projet")

    listing = page(client, reverse("staff:proposal_list", kwargs={"slug": proposal.call.slug}))
    detail = page(client, reverse("staff:proposal_detail", kwargs=kwargs))

    assert_inert_html(corpus, listing, shows=title, isolates=title & corpus.markers(entries=RTL))
    assert_inert_html(corpus, detail, shows=proposal_markers(corpus))


def test_the_agents_pages_show_their_own_text_escaped(corpus, proposal):
    client = client_of(proposal.agent)
    number = proposal.proposal.dossier.number

    space = page(client, reverse("administrations:space"))
    mine = page(client, reverse("administrations:proposal", kwargs={"number": number}))

    assert_inert_html(corpus, space, shows=corpus.markers("agent.function"))
    assert_inert_html(corpus, mine, shows=corpus.markers("staff_question.answer"))
    for step in proposal.call.steps.all():
        url = reverse("administrations:step", kwargs={"number": number, "step": step.slug})
        assert_inert_html(corpus, page(client, url))


def test_the_proposal_pdf_for_the_jury_shows_every_answer_as_text(corpus, proposal):
    client = client_of(proposal.staff)
    kwargs = {"slug": proposal.call.slug, "number": proposal.proposal.dossier.number}
    answers = {m for m in proposal_markers(corpus) if corpus.placed[m][0].startswith("proposal.")}

    text = pdf_text(get(client, reverse("staff:proposal_pdf", kwargs=kwargs)).content)

    literal = {m for m in answers if corpus.placed[m][1] in HTML_ENTRIES}
    assert_text_shown(corpus, text, shows=answers, literal=literal)


def test_the_proposal_exports_neutralise_formulas_in_answers_and_team_cells(corpus, proposal):
    client = client_of(proposal.staff)
    slug = {"slug": proposal.call.slug}
    answers = {m for m in proposal_markers(corpus) if corpus.placed[m][0].startswith("proposal.")}

    csv_rows = csv_cells(get(client, reverse("staff:proposal_export_csv", kwargs=slug)).content)
    xlsx_rows = xlsx_cells(get(client, reverse("staff:proposal_export_xlsx", kwargs=slug)).content)

    assert_inert_cells(corpus, csv_rows, shows=answers)
    assert_inert_cells(corpus, xlsx_rows, shows=answers)


def test_the_proposal_emails_keep_a_hostile_title_on_one_subject_line(corpus, proposal):
    proposal_services.decide(proposal.proposal, Proposal.State.PRESELECTED, by=proposal.staff)
    title = corpus.markers("proposal.nom_projet")

    emails = sent_emails()

    assert {e.subject.split(" ")[0] for e in emails} >= {"Une", "Votre"}
    for email in emails:
        assert_inert_email(corpus, email)
        if email.subject.startswith(("Une question sur", "Votre proposition de défi «")):
            assert corpus.found(email.subject + email.body) >= title


def test_the_published_challenge_page_renders_the_agents_markdown_without_script(corpus, proposal):
    staff, current = proposal.staff, proposal.proposal
    for state in [Proposal.State.PRESELECTED, Proposal.State.AUDITIONED, Proposal.State.SELECTED]:
        current = proposal_services.decide(current, state, by=staff)
    challenge = proposal_services.validate_proposal(current, by=staff)
    # Published once the approvers approve the call's selected challenges (eig/proposals/approval.py).
    approver = UserFactory(roles=[Role.APPROVER.value])
    approval.approve_selection(approval.submit_selection(proposal.call, by=staff), approver=approver)
    challenge = proposal_services.publish_proposal(current, by=staff)
    body = corpus.markers("proposal.contexte", "proposal.solution", "proposal.benefices", "proposal.acteurs")
    url = reverse("public:challenge_detail", kwargs={"promotion": challenge.promotion.slug, "slug": challenge.slug})

    html = page(Client(), url)

    # Markdown renders the link: nh3 keeps its text and drops the javascript: target; it drops
    # a <script> element with its content (the script and attribute_breakout markers).
    assert_inert_html(corpus, html, shows=body - corpus.markers(entries={"script", "attribute_breakout"}))


# --- The checks themselves catch what they look for ----------------------------------------------


def test_the_html_check_catches_live_markup_and_a_name_outside_bdi():
    corpus = Corpus()
    text = corpus.text("name", only={"script", "img_onerror", "javascript_link", "rtl_override"})
    marker = {key: m for m, (_name, key) in corpus.placed.items()}

    reading = read_html(corpus, f"<p>{text}</p>")

    assert len(reading.live) == 3  # the script, the handler, the javascript: URL
    assert reading.verbatim and marker["rtl_override"] not in reading.isolated
    with pytest.raises(AssertionError):
        assert_inert_html(corpus, f"<p>{text}</p>")
    escaped = f"<p><bdi>{escape(text)}</bdi></p>"
    assert assert_inert_html(corpus, escaped, shows=corpus.markers(), isolates={marker["rtl_override"]})


def test_the_cell_and_calendar_checks_catch_formulas_bidi_and_injected_properties():
    corpus = Corpus()
    corpus.text("cell", only={"formula_plus"})
    for rows in ([["=1+2"]], [["+1"]], [["\u202eabc"]]):
        with pytest.raises(AssertionError):
            assert_inert_cells(corpus, rows)
    assert_inert_cells(corpus, [["'=1+2", 3, None], [-3]])
    injected = (
        b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:x\r\nDTSTART:19700101T000000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    with pytest.raises(AssertionError):
        assert_inert_ics(corpus, injected)
