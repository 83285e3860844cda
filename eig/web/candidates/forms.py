"""The candidate's own form besides the dossier's steps (eig.web.dossiers.forms): the ranked wishes."""

from django import forms
from django.utils.translation import gettext_lazy as _


class WishesForm(forms.Form):
    """Up to N ranked wishes among the positions the call offers."""

    def __init__(self, positions, max_wishes, current, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("— Aucun —"))] + [(str(p.pk), f"{p.challenge.title} — {p.profile.label}") for p in positions]
        for rank in range(1, max_wishes + 1):
            self.fields[f"voeu_{rank}"] = forms.ChoiceField(
                label=_("Vœu n° %(rank)d") % {"rank": rank}, choices=choices, required=False
            )
            if len(current) >= rank:
                self.initial[f"voeu_{rank}"] = str(current[rank - 1])
        self.max_wishes = max_wishes

    def position_ids(self) -> list[str]:
        return [
            self.data.get(f"voeu_{rank}", "") for rank in range(1, self.max_wishes + 1) if self.data.get(f"voeu_{rank}")
        ]
