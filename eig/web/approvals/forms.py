"""The approvers' decision form: a comment, the button pressed, the digest of the page read.

The form only shapes what was posted; the rules (a return needs a comment, only a frozen and
intact run is decided, one decision per submission, never by who prepared it, on the version the
approver read) are the services' (eig.selection.services, eig.proposals.approval).
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

COMMENT_MAX = 5_000


class DecisionForm(DsfrBaseForm):
    APPROVE, RETURN = "approve", "return"

    comment = forms.CharField(
        label=_("Commentaire"),
        help_text=_(
            "Facultatif pour une approbation ; obligatoire pour un renvoi : dites à l'équipe ce qui doit changer."
        ),
        required=False,
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    # Set by the button pressed (« Approuver » or « Renvoyer à l'équipe »), not rendered as a field.
    decision = forms.ChoiceField(
        choices=[(APPROVE, _("Approuver")), (RETURN, _("Renvoyer à l'équipe"))],
        error_messages={"required": _("Choisissez : approuver ou renvoyer à l'équipe.")},
    )
    # The digest shown on the page the approver read (security review F9): the service refuses
    # the decision if what it names has been submitted again, or has changed, since.
    digest = forms.CharField(
        widget=forms.HiddenInput,
        max_length=64,
        error_messages={"required": _("Cette page est incomplète : rouvrez la proposition avant de décider.")},
    )
    # An approval is final: the first « Approuver » leads to a confirmation step naming what it
    # fixes; only the confirmation's button (confirm=1) approves.
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)
