"""The programme team's email texts (/equipe/courriels/…): every notification, its subject and body in
French and in English, edited with a preview on sample data, checked, restorable.

The list reads one query whatever the number of edited texts. The edit page shows the notification's
variables, a preview of the text on the notification's sample context (escaped: plain text, as sent)
and, once edited, the platform's original for reference; « Aperçu » previews the text in the form,
« Enregistrer » saves it (eig.notifications.texts.save_text, checked: an unknown variable is
refused). Going back to the original asks for a confirmation first. Everyone outside the team gets
404 (permissions.staff_only). A message already queued keeps the text it was queued with.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from eig.core.errors import DomainError
from eig.notifications import texts
from eig.notifications.models import EmailText, OutboxMessage
from eig.notifications.services import render_text

from ..permissions import staff_only
from .forms import EmailTextForm

LANGUAGE_NAMES = dict(OutboxMessage.Language.choices)


def _crumbs(notification=None) -> dict:
    crumbs = {"parent_url": reverse("staff:call_list"), "parent_label": _("Appels : suivi des dossiers")}
    if notification is not None:
        crumbs |= {"parent2_url": reverse("staff:email_texts"), "parent2_label": _("Textes des courriels")}
    return crumbs


def _notification(template: str, language: str) -> texts.Notification:
    if language not in texts.LANGUAGES or not texts.is_registered(template):
        raise Http404
    return texts.notification(template)


@staff_only
@require_safe
def email_list(request):
    return render(
        request,
        "staff/emails/list.html",
        {"title": _("Textes des courriels"), "rows": texts.overview(), "languages": LANGUAGE_NAMES, **_crumbs()},
    )


def _preview(notification: texts.Notification, language: str, subject: str, body: str) -> dict:
    """The text rendered on the notification's sample context, in its language."""
    with translation.override(language):
        context = notification.sample()
    subject, body, _html = render_text(subject, body, language, context)
    return {"subject": subject, "body": body}


def _edit_url(template: str, language: str) -> str:
    return reverse("staff:email_text_edit", kwargs={"template": template, "language": language})


@staff_only
@require_http_methods(["GET", "HEAD", "POST"])
def email_edit(request, template, language):
    notification = _notification(template, language)
    edited = EmailText.objects.select_related("updated_by").filter(template=template, language=language).first()
    original = texts.original_text(template, language)
    status, preview = 200, None
    if request.method == "POST":
        form = EmailTextForm(request.POST, template=template)
        if not form.is_valid():
            status = 400
        elif request.POST.get("action") == "save":
            try:
                texts.save_text(
                    template, language, form.cleaned_data["subject"], form.cleaned_data["body"], by=request.user
                )
            except (DomainError, ValidationError) as error:
                form.add_error(None, error if isinstance(error, ValidationError) else str(error))
                status = 400
            else:
                messages.success(
                    request,
                    _(
                        "Texte enregistré : les prochains messages « %(label)s » en %(language)s l'utilisent ; ceux déjà en file gardent le leur."
                    )
                    % {"label": notification.label, "language": LANGUAGE_NAMES[language]},
                )
                return redirect(_edit_url(template, language))
        else:
            preview = _preview(notification, language, form.cleaned_data["subject"], form.cleaned_data["body"])
    else:
        current = edited or original
        form = EmailTextForm(initial={"subject": current.subject, "body": current.body}, template=template)
        preview = _preview(notification, language, current.subject, current.body)
    return render(
        request,
        "staff/emails/edit.html",
        {
            "title": _("%(label)s — texte en %(language)s")
            % {"label": notification.label, "language": LANGUAGE_NAMES[language]},
            "notification": notification,
            "language": language,
            "language_name": LANGUAGE_NAMES[language],
            "other_languages": [(code, LANGUAGE_NAMES[code]) for code in texts.LANGUAGES if code != language],
            "variables": [(f"{{{{ {name} }}}}", description) for name, description in notification.variables.items()],
            "allowed_tags": ", ".join(texts.ALLOWED_TAGS),
            "edited": edited,
            "original": original,
            "form": form,
            "preview": preview,
            **_crumbs(notification),
        },
        status=status,
    )


@staff_only
@require_POST
def email_restore(request, template, language):
    notification = _notification(template, language)
    back = _edit_url(template, language)
    if request.POST.get("confirm"):
        try:
            restored = texts.restore_original(template, language, by=request.user)
        except DomainError as error:
            messages.error(request, str(error))
        else:
            if restored:
                messages.success(request, _("Le texte d'origine est rétabli pour les prochains messages."))
            else:
                messages.info(request, _("Ce texte était déjà celui d'origine."))
        return redirect(back)
    return render(
        request,
        "staff/emails/restore.html",
        {
            "title": _("Revenir au texte d'origine — %(label)s") % {"label": notification.label},
            "confirm_title": _("Revenir au texte d'origine ?"),
            "consequences": [
                _(
                    "Le texte de l'équipe en %(language)s est supprimé : les prochains messages « %(label)s » reprennent le texte d'origine de la plateforme."
                )
                % {"language": LANGUAGE_NAMES[language], "label": notification.label},
                _("Les messages déjà en file d'envoi gardent le texte avec lequel ils ont été préparés."),
            ],
            "confirm_action": reverse("staff:email_text_restore", kwargs={"template": template, "language": language}),
            "hidden": [],
            "confirm_label": _("Revenir au texte d'origine"),
            "cancel_url": back,
            "cancel_label": _("Garder le texte de l'équipe"),
            **_crumbs(notification),
        },
    )
