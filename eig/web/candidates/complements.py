"""A request for complement, as its holder reads and answers it (issue 18, « Writing to people »).

The page belongs to the person's own dossier (anyone else: 404, as every page of « Mon espace »);
it shows what the programme team asks and before when, the form (a file, a text), then the answer
as sent. Answering is one service call (eig.calls.complements.answer_complement): once, before
the date, the file going through the platform's upload checks.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from eig.calls.complements import ANSWER_MAX, DOCUMENT_TYPES, Kind, answer_complement, refusal
from eig.calls.models import ComplementRequest
from eig.core.errors import DomainError
from eig.files.services import upload_limit
from eig.files.validation import KNOWN_TYPES, UploadRefused, megabytes

from .space import SPACE


class AnswerForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Votre réponse"),
        max_length=ANSWER_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    file = forms.FileField(label=gettext_lazy("Document"), required=False)

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        types = sorted(DOCUMENT_TYPES)
        accept = ",".join(types + [f".{ext}" for t in types for ext in KNOWN_TYPES[t].extensions])
        self.fields["file"].widget.attrs["accept"] = accept
        self.fields["file"].help_text = _("Formats acceptés : %(formats)s. Taille maximale : %(size)s Mo.") % {
            "formats": ", ".join(KNOWN_TYPES[t].label for t in types),
            "size": megabytes(upload_limit()),
        }
        if kind == Kind.DOCUMENT:
            self.fields["file"].required = True
            self.fields["file"].label = _("Le document demandé")
            self.fields["file"].error_messages["required"] = _("Joignez le document demandé.")
            self.fields["text"].label = _("Un mot pour accompagner le document (facultatif)")
        else:
            self.fields["text"].required = True
            self.fields["text"].error_messages["required"] = _("Écrivez votre réponse.")
            self.fields["file"].label = _("Un document à joindre (facultatif)")


def _render(request, dossier, complement, form, *, status=200):
    return render(
        request,
        "candidates/complement.html",
        {
            "title": _("Demande de complément — dossier %(number)s") % {"number": dossier.number},
            "dossier": dossier,
            "complement": complement,
            "form": form,
            "refusal": "" if complement.answered_at else refusal(complement, request.user),
            "parent_url": SPACE.overview_url(dossier),
            "parent_label": _("Dossier %(number)s") % {"number": dossier.number},
        },
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def answer(request, number, complement):
    dossier = SPACE.get_dossier(request, number)  # another's dossier: 404
    found = get_object_or_404(ComplementRequest.objects.select_related("answer_file"), pk=complement, dossier=dossier)
    found.dossier = dossier
    if request.method != "POST":
        return _render(request, dossier, found, AnswerForm(kind=found.kind))
    form = AnswerForm(request.POST, request.FILES, kind=found.kind)
    if not form.is_valid():
        return _render(request, dossier, found, form, status=400)
    try:
        answer_complement(found, text=form.cleaned_data["text"], file=form.cleaned_data["file"], by=request.user)
    except DomainError as error:
        # A refused file is said beside the file field; the other refusals (late, already answered) above the form.
        form.add_error("file" if isinstance(error, UploadRefused) else None, str(error))
        return _render(request, dossier, found, form, status=409)
    messages.success(request, _("Votre réponse est envoyée : elle est jointe à votre dossier."))
    return redirect(SPACE.overview_url(dossier) + "#complements")
