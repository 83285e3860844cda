"""The grid as a form: one radio group of levels per criterion, its comment, the verdict, the general comment.

The form only shapes what was posted; the rules (levels in the scale, every
criterion scored before validating) are the service's (eig.reviews.services.save_review).
"""

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eig.reviews.models import Criterion, Grid, Review
from eig.web.common.grids import level_choices

COMMENT_MAX = 2000  # the service keeps 2,000 characters per criterion
GENERAL_COMMENT_MAX = 10_000


@dataclass(frozen=True)
class CriterionFields:
    criterion: Criterion
    label: str
    score: forms.BoundField
    comment: forms.BoundField


class ReviewForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("draft", gettext_lazy("Brouillon")), ("submit", gettext_lazy("Valider"))], required=False
    )

    def __init__(self, grid: Grid, criteria: list[Criterion], *args, review: Review | None = None, **kwargs):
        if review is not None and "initial" not in kwargs:
            kwargs["initial"] = initial_of(review)
        super().__init__(*args, **kwargs)
        self.grid, self.criteria = grid, criteria
        levels = level_choices(grid)
        for criterion in criteria:
            self.fields[f"score-{criterion.pk}"] = forms.ChoiceField(
                label=_(criterion.label), choices=levels, required=False, widget=forms.RadioSelect
            )
            self.fields[f"comment-{criterion.pk}"] = forms.CharField(
                label=_("Commentaire sur ce critère (facultatif)"),
                required=False,
                max_length=COMMENT_MAX,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        if grid.has_verdict:
            self.fields["verdict"] = forms.ChoiceField(
                label=_("Avis général"), choices=Review.Verdict.choices, required=False, widget=forms.RadioSelect
            )
        self.fields["comment"] = forms.CharField(
            label=_("Impression générale (facultatif)"),
            required=False,
            max_length=GENERAL_COMMENT_MAX,
            widget=forms.Textarea(attrs={"rows": 5}),
        )

    def criterion_fields(self) -> list[CriterionFields]:
        return [CriterionFields(c, _(c.label), self[f"score-{c.pk}"], self[f"comment-{c.pk}"]) for c in self.criteria]

    @property
    def wants_submit(self) -> bool:
        return self.data.get("action") == "submit"

    def review_data(self) -> dict:
        """The keyword arguments of save_review, from the cleaned data."""
        data = self.cleaned_data
        return {
            "scores": {str(c.pk): data.get(f"score-{c.pk}") or "" for c in self.criteria},
            "comments": {str(c.pk): data.get(f"comment-{c.pk}") or "" for c in self.criteria},
            "verdict": data.get("verdict") or "",
            "comment": data.get("comment") or "",
        }


def initial_of(review: Review) -> dict:
    initial = {"verdict": review.verdict, "comment": review.comment}
    initial.update({f"score-{key}": str(level) for key, level in (review.scores or {}).items()})
    initial.update({f"comment-{key}": text for key, text in (review.comments or {}).items()})
    return initial


class ConflictForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Motif (facultatif)"),
        help_text=gettext_lazy("Par exemple : je connais personnellement la personne candidate."),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    confirm = forms.BooleanField(
        label=gettext_lazy("Je confirme avoir un conflit d'intérêts : ce dossier me sera retiré."),
        error_messages={"required": gettext_lazy("Cochez la case pour confirmer le conflit d'intérêts.")},
    )
