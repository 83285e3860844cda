"""The approvers' pages, once for everything they decide on: one page in full, the confirmation
step, the decision.

Two kinds of things go to the approvers: a promotion's team proposal (runs.py, Règlement 2020
art. 6.5) and the selected challenges of a call for challenges (challenges.py). Each is a `Kind`:
how to find one (404 for what the approvers never see), what its page shows, its services and
its sentences. The pages themselves are the same: the subject's state, call and digest (and
whether its content still matches it), its own sections, the approvers' decisions, and the
decision form carrying the digest of the page read (security review F9). « Approuver » first shows
a confirmation step naming what approving fixes; the service refuses a decision on a changed
version, by whoever prepared it (four eyes, F5), or a second one; its DomainError comes back as
its French message with status 400, the typed comment kept.

Templates: approvals/_decision_page.html (the shared page, which each kind's template extends),
approvals/confirm.html (the shared confirmation step).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from eig.core.errors import DomainError

from .forms import DecisionForm


@dataclass(frozen=True)
class Kind:
    """One kind of thing the approvers decide on, as their pages need it."""

    template: str  # extends approvals/_decision_page.html
    url_kwarg: str  # the URL's name for its primary key ("run", "selection")
    detail_name: str
    decide_name: str
    get: Callable  # pk -> the subject (404 when the approvers may not see it)
    title: Callable  # subject -> the page's title
    context: Callable  # subject -> what its own sections show
    intact: Callable  # subject -> its content still matches the digest submitted
    approvals: Callable  # subject -> its decisions, oldest first
    can_decide: Callable  # subject -> the decision form is offered
    ensure_decidable: Callable  # (subject, *, approver, seen_digest)
    approve: Callable  # (subject, *, approver, comment, seen_digest)
    return_: Callable  # (subject, *, approver, comment, seen_digest)
    confirm_title: Callable  # subject -> the confirmation page's title
    consequences: Callable  # subject -> what approving fixes, in sentences
    back_label: object  # the confirmation's way back to the page
    approved_message: object
    returned_message: object

    def url(self, name: str, subject) -> str:
        return reverse(name, kwargs={self.url_kwarg: subject.pk})


def crumbs() -> dict:
    return {"parent_url": reverse("approvals:list"), "parent_label": _("Validation des promotions et des défis")}


def render_detail(request, kind: Kind, subject, *, form=None, error="", status=200):
    return render(
        request,
        kind.template,
        {
            "title": kind.title(subject),
            "subject": subject,
            "intact": kind.intact(subject),
            "approvals": list(kind.approvals(subject)),
            "form": form or DecisionForm(auto_id="decision-%s"),
            "can_decide": kind.can_decide(subject),
            "decide_url": kind.url(kind.decide_name, subject),
            "error": error,
            **kind.context(subject),
            **crumbs(),
        },
        status=status,
    )


def detail(request, kind: Kind, pk):
    return render_detail(request, kind, kind.get(pk))


def _render_confirmation(request, kind: Kind, subject, form):
    """The step between « Approuver » and the approval: what approving fixes, said before it is done."""
    data = form.cleaned_data
    detail_url = kind.url(kind.detail_name, subject)
    consequences = [
        *kind.consequences(subject),
        _("Votre approbation enregistre l'empreinte de la version que vous avez lue : %(digest)s.")
        % {"digest": data["digest"]},
    ]
    if data["comment"].strip():
        consequences.append(
            _("Votre commentaire, enregistré avec la décision : « %(comment)s »") % {"comment": data["comment"]}
        )
    return render(
        request,
        "approvals/confirm.html",
        {
            "title": kind.confirm_title(subject),
            "consequences": consequences,
            "hidden": [("decision", DecisionForm.APPROVE), ("digest", data["digest"]), ("comment", data["comment"])],
            "decide_url": kind.url(kind.decide_name, subject),
            "detail_url": detail_url,
            "back_label": kind.back_label,
            "parent2_url": detail_url,
            "parent2_label": str(subject),
            **crumbs(),
        },
    )


def decide(request, kind: Kind, pk):
    subject = kind.get(pk)
    form = DecisionForm(request.POST, auto_id="decision-%s")
    if not form.is_valid():
        error = " ".join(str(e) for errors in form.errors.values() for e in errors)
        return render_detail(request, kind, subject, form=form, error=error, status=400)
    comment, seen = form.cleaned_data["comment"], form.cleaned_data["digest"]
    approving = form.cleaned_data["decision"] == DecisionForm.APPROVE
    try:
        if approving and not form.cleaned_data["confirm"]:
            # Nothing is recorded yet; a refusal (a stale page, one's own submission) is said now
            # rather than after the confirmation.
            kind.ensure_decidable(subject, approver=request.user, seen_digest=seen)
            return _render_confirmation(request, kind, subject, form)
        if approving:
            kind.approve(subject, approver=request.user, comment=comment, seen_digest=seen)
            message = kind.approved_message
        else:
            kind.return_(subject, approver=request.user, comment=comment, seen_digest=seen)
            message = kind.returned_message
    except DomainError as error:
        # Shown as it stands now (a second click finds it decided), with what was typed.
        return render_detail(request, kind, kind.get(subject.pk), form=form, error=str(error), status=400)
    messages.success(request, str(message))
    return redirect(kind.url(kind.detail_name, subject))
