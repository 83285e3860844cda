"""Results and memory's part of a person's data (registered with eig/accounts/personal_data.py); the
rows of docs/personal-data.md, « Résultats et mémoire ».

- Export: what the person declared or did. The deliverables they declared (texts, address, status,
  the programme team's note) and those they published (staff); the handover plans of their teams
  (each plan's answers as they stand, and whether they started it), the plans they confirmed for
  the host and the outcomes they recorded (staff); the surveys they were asked (audience, the day
  they answered, the reminders sent). A **named** survey's answers are theirs: its response, found
  through their dossier, is exported in words. An **anonymous** survey's are not: nothing ties a
  response to anyone, and the export says so.
- The plan's answers are a **shared** dossier of the kit, owned by the fellow who started it: the
  dossier engine's part (eig/calls/personal_data.py) exports it among that fellow's dossiers; the
  other fellows of the team find the same answers here, under their team's plan. When the account
  of the fellow who started it goes, the kit decides: a submitted plan is kept (proof, until its
  call's retention ends) and the team goes on with it; a plan never submitted is a draft of that
  fellow and goes with their account (`Handover.dossier` is emptied) — another fellow of the team
  starts a new one, as the host's onboarding list.
- Deleting or closing an account: the survey participations go (a closed account keeps its user
  row: no reminder reaches it, and the response rates count it no longer); a named response stays
  with its dossier while the kit keeps it. The deliverables keep their texts (the team's public
  record) but no longer name who declared or published them; the handover plans, surveys and
  closings no longer name who confirmed, recorded, created or closed them.
- The end of the retention: when the kit anonymises a named survey's dossier, its response loses
  its link to the dossier (`anonymise_dossier`): its answers stay for the survey's results, with
  nothing to tie them to the person, as an anonymous survey's.
"""

from django.db.models import Q
from django.utils.translation import gettext as _

from eig.accounts.personal_data import PersonalDataPart, register_part
from eig.calls import services as dossier_services
from eig.calls.display import Style, display
from eig.core.personal_data import iso
from eig.programme.models import Fellow

from .models import Closing, Deliverable, Handover, Participation, Response, Survey


def _deliverables_proposed(user) -> list[dict]:
    return [
        {
            "challenge": d.challenge.title,
            "kind": d.get_kind_display(),
            "title_fr": d.title_fr,
            "title_en": d.title_en,
            "description_fr": d.description_fr,
            "description_en": d.description_en,
            "url": d.url,
            "licence": d.licence,
            "users": d.users,
            "status": d.get_status_display(),
            "review_note": d.review_note,
            "declared_at": iso(d.created_at),
            "published_at": iso(d.published_at),
        }
        for d in Deliverable.objects.filter(proposed_by=user).select_related("challenge").order_by("created_at", "pk")
    ]


def _deliverables_published(user) -> list[dict]:
    return [
        {"challenge": d.challenge.title, "title": d.title_fr or d.title_en, "published_at": iso(d.published_at)}
        for d in Deliverable.objects.filter(published_by=user)
        .select_related("challenge")
        .order_by("published_at", "pk")
    ]


def _answers(dossier) -> list[dict]:
    """The plan's answers as they stand, in the words every page reads (eig.calls.display)."""
    return [
        {"question": a.question.label, "answer": display(a.question, a.value, None, Style.DATA)}
        for a in sorted(
            dossier.answers.select_related("question__step"),
            key=lambda a: (a.question.step.order, a.question.order),
        )
    ]


def _handover_plans(user) -> list[dict]:
    """The plans of the person's teams, and any plan they started."""
    teams = Fellow.objects.filter(user=user).values("challenge_id")
    handovers = (
        Handover.objects.filter(Q(challenge_id__in=teams) | Q(dossier__owner=user))
        .select_related("challenge", "dossier")
        .order_by("pk")
    )
    return [
        {
            "challenge": h.challenge.title,
            "dossier": h.dossier.number if h.dossier else None,
            "started_by_you": bool(h.dossier and h.dossier.owner_id == user.pk),
            "submitted_version": (h.dossier.version or None) if h.dossier else None,
            "confirmed_version": h.confirmed_version,
            "confirmed_at": iso(h.confirmed_at),
            "outcome": h.get_outcome_display(),
            "answers": _answers(h.dossier) if h.dossier else [],
        }
        for h in handovers
    ]


def _handover_confirmations(user) -> list[dict]:
    return [
        {"challenge": h.challenge.title, "version": h.confirmed_version, "confirmed_at": iso(h.confirmed_at)}
        for h in Handover.objects.filter(confirmed_by=user).select_related("challenge").order_by("confirmed_at", "pk")
    ]


def _handover_outcomes(user) -> list[dict]:
    return [
        {
            "challenge": h.challenge.title,
            "outcome": h.get_outcome_display(),
            "reason_fr": h.outcome_reason_fr,
            "reason_en": h.outcome_reason_en,
            "taken_over_by": h.taken_over_by,
            "recorded_at": iso(h.outcome_at),
        }
        for h in Handover.objects.filter(outcome_by=user).select_related("challenge").order_by("outcome_at", "pk")
    ]


def _response_answers(response: Response) -> list[dict]:
    """A named response's answers, labelled by the survey's questions."""
    questions = dossier_services.questions_of(response.survey.call)
    return [
        {"question": q.label, "answer": display(q, response.answers[q.key], None, Style.DATA)}
        for q in questions
        if q.key in (response.answers or {})
    ]


def _surveys(user) -> list[dict]:
    participations = list(
        Participation.objects.filter(user=user).select_related("survey__call").order_by("survey__call__opens_at", "pk")
    )
    # A named survey's response is found through the person's dossier; an anonymous one's by nothing.
    named = {
        r.survey_id: r
        for r in Response.objects.filter(dossier__owner=user).select_related("survey__call", "dossier").order_by("pk")
    }
    entries = []

    def entry(survey: Survey, audience: str, answered_on) -> dict:
        item = {
            "survey": survey.call.title,
            "moment": survey.get_moment_display(),
            "audience": str(dict(Survey.Audience.choices).get(audience, audience)),
            "anonymous": survey.anonymous,
            "answered_on": iso(answered_on),
        }
        response = named.pop(survey.pk, None)
        if survey.anonymous:
            item["answers"] = None
            item["note"] = _("Réponses anonymes : aucune n'est rattachée à vous.")
        else:
            item["dossier"] = response.dossier.number if response else None
            item["answers"] = _response_answers(response) if response else []
        return item

    for p in participations:
        item = entry(p.survey, p.audience, p.answered_on)
        item["reminders_sent_days_before_closing"] = list(p.reminders_sent or [])
        entries.append(item)
    for response in list(named.values()):  # a named response whose participation is gone
        entries.append(entry(response.survey, response.audience, response.submitted_on))
    return entries


def export_for(user) -> dict:
    return {
        "deliverables_declared": _deliverables_proposed(user),
        "deliverables_published": _deliverables_published(user),
        "handover_plans": _handover_plans(user),
        "handover_confirmations": _handover_confirmations(user),
        "handover_outcomes": _handover_outcomes(user),
        "surveys": _surveys(user),
    }


def forget(user) -> None:
    """What goes at once with the account: the survey participations; the records stay without the person."""
    Participation.objects.filter(user=user).delete()
    Deliverable.objects.filter(proposed_by=user).update(proposed_by=None)
    Deliverable.objects.filter(published_by=user).update(published_by=None)
    Handover.objects.filter(confirmed_by=user).update(confirmed_by=None)
    Handover.objects.filter(outcome_by=user).update(outcome_by=None)
    Survey.objects.filter(created_by=user).update(created_by=None)
    Closing.objects.filter(closed_by=user).update(closed_by=None)


class ResultsPart(PersonalDataPart):
    key = "results"
    order = 57

    def export(self, user, export):
        data = export_for(user)
        export.count("deliverables", len(data["deliverables_declared"]))
        export.count("surveys", len(data["surveys"]))
        return data

    def activity(self, user):
        ids = [str(pk) for pk in Deliverable.objects.filter(proposed_by=user).values_list("pk", flat=True)]
        return Q(target_type="results.deliverable", target_id__in=ids)

    def delete_account(self, user, erasure):
        forget(user)

    close_account = delete_account

    def anonymise_dossier(self, dossier, *, now):
        """A named survey's dossier past its retention: its response keeps its answers, not the link."""
        Response.objects.filter(dossier=dossier).update(dossier=None)
        return 0


register_part(ResultsPart())
