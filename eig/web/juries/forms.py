"""The jurors' forms: the charter and availabilities, notes, the collective grid, the general grid.

The forms only shape what was posted; the rules (levels within the scale, one
rank used once per list, the general grid after the last audition, the
time-keeper) are the services' (eig.juries.services).
"""

from dataclasses import dataclass

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eig.challenges.models import Challenge
from eig.juries.models import CollectiveScore, HalfDay, Jury
from eig.reviews.models import Criterion, Grid
from eig.web.common.grids import level_choices

NOTE_MAX = 20_000
COMMENT_MAX = 10_000
JUSTIFICATION_MAX = 5_000


def half_day_label(half_day: HalfDay) -> str:
    """« lundi 30 novembre 2026, 09:00 – 12:30 » (Paris time)."""
    start, end = timezone.localtime(half_day.starts_at), timezone.localtime(half_day.ends_at)
    return _("%(day)s, %(start)s – %(end)s") % {
        "day": formats.date_format(start, "l j F Y"),
        "start": formats.time_format(start, "H:i"),
        "end": formats.time_format(end, "H:i"),
    }


class HalfDaysField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return half_day_label(obj)


def half_days_field(jury: Jury) -> HalfDaysField:
    return HalfDaysField(
        queryset=jury.half_days.order_by("starts_at"),
        label=gettext_lazy("Vos disponibilités"),
        help_text=gettext_lazy("Cochez les demi-journées où vous pouvez siéger."),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class AvailabilityForm(forms.Form):
    def __init__(self, jury: Jury, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["half_days"] = half_days_field(jury)


class CharterForm(AvailabilityForm):
    accept = forms.BooleanField(
        label=gettext_lazy("J'ai lu et j'accepte la charte"),
        error_messages={"required": gettext_lazy("Cochez la case pour accepter la charte.")},
    )


class NoteForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Vos notes"),
        help_text=gettext_lazy("Elles ne sont visibles que par vous."),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


@dataclass(frozen=True)
class CriterionField:
    criterion: Criterion
    label: str
    score: forms.BoundField


class CollectiveForm(forms.Form):
    """The panel's collective grid of one audition: a radio group of levels per criterion, a comment."""

    def __init__(self, grid: Grid, criteria: list[Criterion], *args, score: CollectiveScore | None = None, **kwargs):
        if score is not None and "initial" not in kwargs:
            kwargs["initial"] = {"comment": score.comment} | {
                f"score-{key}": str(level) for key, level in (score.scores or {}).items()
            }
        super().__init__(*args, **kwargs)
        self.grid, self.criteria = grid, criteria
        levels = level_choices(grid)
        for criterion in criteria:
            self.fields[f"score-{criterion.pk}"] = forms.ChoiceField(
                label=_(criterion.label), choices=levels, required=False, widget=forms.RadioSelect
            )
        self.fields["comment"] = forms.CharField(
            label=_("Commentaire du groupe"),
            required=False,
            max_length=COMMENT_MAX,
            widget=forms.Textarea(attrs={"rows": 4}),
        )

    def criterion_fields(self) -> list[CriterionField]:
        return [CriterionField(c, _(c.label), self[f"score-{c.pk}"]) for c in self.criteria]

    def scores(self) -> dict[str, str]:
        return {str(c.pk): self.cleaned_data.get(f"score-{c.pk}") or "" for c in self.criteria}


FAVOURABLE_CHOICES = [("yes", gettext_lazy("Favorable")), ("no", gettext_lazy("Défavorable"))]


@dataclass(frozen=True)
class VerdictRow:
    audition: object
    key: str  # unique across the panel's lists (RankingList.key)
    favourable: forms.BoundField
    rank: forms.BoundField
    favourite: forms.BoundField
    justification: forms.BoundField
    proposed: forms.BoundField | None


@dataclass(frozen=True)
class VerdictList:
    ranking: object  # queries.RankingList
    rows: list[VerdictRow]


def proposable_challenges(jury: Jury):
    """The challenges of the call's promotion a candidate may be proposed to (selected ones)."""
    return Challenge.objects.filter(promotion_id=jury.call.promotion_id, status__in=Challenge.PUBLIC_STATUSES).order_by(
        "title"
    )


class GeneralGridForm(forms.Form):
    """One row per audition, list by list: favourable or not, a rank within its list,
    favourite (coup de cœur), justification; for a candidate jury, another challenge to propose."""

    def __init__(self, jury: Jury, lists, *args, verdicts=(), **kwargs):
        if "initial" not in kwargs:
            kwargs["initial"] = initial_of(verdicts, lists)
        super().__init__(*args, **kwargs)
        self.jury, self.lists = jury, lists
        candidates = jury.kind == Jury.Kind.CANDIDATES
        challenges = proposable_challenges(jury) if candidates else None
        for ranking in lists:
            ranks = [("", "—")] + [(str(n), str(n)) for n in range(1, len(ranking.auditions) + 1)]
            for audition in ranking.auditions:
                pk = ranking.key(audition)
                self.fields[f"favourable-{pk}"] = forms.ChoiceField(
                    label=_("Avis"),
                    choices=FAVOURABLE_CHOICES,
                    widget=forms.RadioSelect,
                    error_messages={"required": _("Indiquez un avis favorable ou défavorable.")},
                )
                self.fields[f"rank-{pk}"] = forms.TypedChoiceField(
                    label=_("Rang"),
                    choices=ranks,
                    coerce=int,
                    error_messages={"required": _("Choisissez un rang.")},
                )
                self.fields[f"favourite-{pk}"] = forms.BooleanField(label=_("Coup de cœur"), required=False)
                self.fields[f"justification-{pk}"] = forms.CharField(
                    label=_("Justification"),
                    required=False,
                    max_length=JUSTIFICATION_MAX,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )
                if candidates and audition.pk not in ranking.later_wish:  # one proposal per candidate
                    self.fields[f"proposed-{pk}"] = forms.ModelChoiceField(
                        label=_("Autre défi proposé (facultatif)"),
                        queryset=challenges,
                        required=False,
                        empty_label="—",
                    )

    def verdict_lists(self) -> list[VerdictList]:
        def row(ranking, audition):
            pk = ranking.key(audition)
            proposed = f"proposed-{pk}"
            return VerdictRow(
                audition=audition,
                key=pk,
                favourable=self[f"favourable-{pk}"],
                rank=self[f"rank-{pk}"],
                favourite=self[f"favourite-{pk}"],
                justification=self[f"justification-{pk}"],
                proposed=self[proposed] if proposed in self.fields else None,
            )

        return [VerdictList(ranking, [row(ranking, a) for a in ranking.auditions]) for ranking in self.lists]

    def rows(self) -> list[dict]:
        """The rows of services.save_verdicts, from the cleaned data."""
        data, rows = self.cleaned_data, []
        for ranking in self.lists:
            for audition in ranking.auditions:
                pk = ranking.key(audition)
                rows.append(
                    {
                        "audition": audition,
                        "scope": ranking.scope,
                        "challenge": ranking.challenge,
                        "profile": ranking.profile,
                        "favourable": data[f"favourable-{pk}"] == "yes",
                        "rank": data[f"rank-{pk}"],
                        "favourite": data.get(f"favourite-{pk}", False),
                        "justification": data.get(f"justification-{pk}", ""),
                        "proposed_challenge": data.get(f"proposed-{pk}"),
                    }
                )
        return rows


def initial_of(verdicts, lists=()) -> dict:
    keys = {(a.pk, ranking.scope): ranking.key(a) for ranking in lists for a in ranking.auditions}
    initial = {}
    for verdict in verdicts:
        pk = keys.get((verdict.audition_id, verdict.scope), verdict.audition_id)
        initial |= {
            f"favourable-{pk}": "yes" if verdict.favourable else "no",
            f"rank-{pk}": str(verdict.rank),
            f"favourite-{pk}": verdict.favourite,
            f"justification-{pk}": verdict.justification,
            f"proposed-{pk}": verdict.proposed_challenge_id,
        }
    return initial


class PublicityForm(forms.Form):
    """The juror's consent to the promotion's public jury page, and what it shows (eig.juries.publicity)."""

    consent = forms.BooleanField(
        label=gettext_lazy(
            "J'accepte que mon nom, la fonction et l'organisation ci-dessous et, si j'en dépose une, ma photo "
            "figurent sur la page publique des membres du jury de la promotion."
        ),
        error_messages={"required": gettext_lazy("Cochez la case pour donner votre accord.")},
    )
    role = forms.CharField(
        label=gettext_lazy("Fonction (facultative)"),
        help_text=gettext_lazy("Par exemple : directrice du numérique."),
        required=False,
        max_length=200,
    )
    organisation = forms.CharField(
        label=gettext_lazy("Organisation (facultative)"),
        help_text=gettext_lazy("Par exemple : ministère de la Culture."),
        required=False,
        max_length=200,
    )
    photo = forms.FileField(label=gettext_lazy("Photo (facultative)"), required=False)
    remove_photo = forms.BooleanField(label=gettext_lazy("Retirer ma photo"), required=False)
