"""The team's mentoring page (/programme/equipes/<challenge>/mentorat/): the mentors' notes and
monthly points, read by every part of the team; the form to write one (the team's mentors); and
« Signaler une difficulté » (mentors and host agents), which reaches the programme team's signals.
A part without the right gets 404 on the form's POST; a refusal of the service is shown on the
page with what was typed.

A mentor's « Mon programme » lists each retrospective of their teams that asks for help, this week
or last week, to read (`help_todos`)."""

import datetime

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eig.core.errors import DomainError
from eig.programme import mentoring
from eig.programme.models import MentorNote, Retrospective
from eig.programme.states import FELLOW
from eig.programme.weeks import week_label, week_of

from .retrospectives import team_crumbs
from .team import READ, WRITE, team_view
from .todo import Todo, register_todo

NOTES_PER_PAGE = 20


class NoteForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Type"), choices=MentorNote.Kind.choices)
    held_on = forms.DateField(
        label=gettext_lazy("Date du point"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    attendees = forms.CharField(
        label=gettext_lazy("Participants (facultatif)"),
        max_length=500,
        required=False,
        help_text=gettext_lazy("Les personnes présentes, séparées par des virgules."),
    )
    decisions = forms.CharField(
        label=gettext_lazy("Décisions"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    difficulties = forms.CharField(
        label=gettext_lazy("Difficultés"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )


class DifficultyForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("La difficulté"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "Ce que vous décrivez est transmis à l'équipe du programme seulement (ni l'équipe, ni les autres mentors)."
        ),
    )


def _notes_url(challenge) -> str:
    return reverse("programme:team_notes", kwargs={"challenge": challenge.pk})


def _render(request, challenge, member, *, note_form=None, difficulty_form=None, status=200):
    notes = MentorNote.objects.filter(challenge=challenge).select_related("author").order_by("-held_on", "-id")
    page = Paginator(notes, NOTES_PER_PAGE).get_page(request.GET.get("page"))
    if member.may_write_notes and note_form is None:
        note_form = NoteForm(
            auto_id="note-%s",
            initial={"kind": mentoring.default_kind(challenge, request.user), "held_on": timezone.localdate()},
        )
    if member.may_flag_difficulty and difficulty_form is None:
        difficulty_form = DifficultyForm(auto_id="difficulty-%s")
    return render(
        request,
        "programme/retrospectives/notes.html",
        {
            "title": _("Mentorat — %(team)s") % {"team": challenge.title},
            "membership": member,
            "page": page,
            "note_form": note_form if member.may_write_notes else None,
            "difficulty_form": difficulty_form if member.may_flag_difficulty else None,
            **team_crumbs(member),
        },
        status=status,
    )


@team_view(READ)
def team_notes(request, challenge, member):
    return _render(request, challenge, member)


@team_view(WRITE)
def note_add(request, challenge, member):
    if not member.may_write_notes:
        raise Http404
    form = NoteForm(request.POST, auto_id="note-%s")
    if form.is_valid():
        try:
            mentoring.write_note(challenge, author=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Note de mentorat enregistrée."))
            return redirect(_notes_url(challenge))
    return _render(request, challenge, member, note_form=form, status=400)


@team_view(WRITE)
def difficulty_flag(request, challenge, member):
    if not member.may_flag_difficulty:
        raise Http404
    form = DifficultyForm(request.POST, auto_id="difficulty-%s")
    if form.is_valid():
        try:
            mentoring.flag_difficulty(challenge, by=request.user, text=form.cleaned_data["text"])
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Votre signalement est transmis à l'équipe du programme, qui reviendra vers vous."),
            )
            return redirect(_notes_url(challenge))
    return _render(request, challenge, member, difficulty_form=form, status=400)


@register_todo
def help_todos(user, today) -> list[Todo]:
    """For a mentor: the retrospectives of their teams asking for help, this week or last week, to
    read (one query; one marked for the programme team only is not theirs to read)."""
    asking = (
        Retrospective.objects.filter(
            fellow__challenge__mentors__user=user,
            fellow__status__in=FELLOW.group("in_team"),
            asks_help=True,
            programme_only=False,
            submitted_at__isnull=False,
            week__gte=week_of(today) - datetime.timedelta(weeks=1),
        )
        .select_related("fellow__challenge")
        .distinct()
        .order_by("-week", "fellow__name", "pk")
    )
    return [
        Todo(
            _("Lire le bilan de %(fellow)s (%(team)s), qui demande de l'aide")
            % {"fellow": retrospective.fellow.name, "team": retrospective.fellow.challenge.title},
            reverse("programme:team_retrospectives", kwargs={"challenge": retrospective.fellow.challenge_id})
            + f"#retro-{retrospective.pk}",
            kind="mentoring",
            detail=week_label(retrospective.week),
        )
        for retrospective in asking
    ]
