"""The programme team's pages of the stories fellows and alumni propose (/equipe/recits/).

The list puts the stories to review first (proposed, oldest first: they have waited longest), then
those already handled. A story's page shows its image and its texts rendered, edits every field in
both languages with a note for its author, publishes it in the news (with an address and tags, after
a confirmation page: the text and the image become public) or declines it with a note. Each POST
calls one service of eig.content.stories; a refusal comes back as a French message, what was typed
kept. Every page answers 404 to anyone outside the programme team.
"""

from django import forms
from django.contrib import messages
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from eig.content import stories
from eig.content.models import Story, Tag
from eig.core.errors import DomainError
from eig.web.common.story_forms import StoryForm, preview_html

from ..permissions import staff_only


class StaffStoryForm(StoryForm):
    staff_note = forms.CharField(
        label=gettext_lazy("Remarque pour l'auteur ou l'autrice (facultatif)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Elle la lit sur sa page « Mes récits » : une retouche faite, une question…"),
    )

    def __init__(self, *args, story=None, **kwargs):
        super().__init__(*args, story=story, **kwargs)
        if story is not None:
            self.initial.setdefault("staff_note", story.staff_note)

    def values(self) -> dict:
        return {**super().values(), "staff_note": self.cleaned_data["staff_note"]}


class PublishForm(forms.Form):
    slug = forms.CharField(
        label=gettext_lazy("Adresse de l'actualité (facultatif)"),
        max_length=stories.SLUG_MAX,
        required=False,
        help_text=gettext_lazy(
            "Lettres sans accent, chiffres et tirets, par exemple « recit-ada-lovelace ». "
            "Vide : faite à partir du titre en français."
        ),
    )
    tags = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Étiquettes (facultatif)"),
        queryset=Tag.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class DeclineForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Pourquoi le récit n'est pas retenu"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Son auteur ou son autrice lit cette remarque sur sa page « Mes récits »."),
    )


def _story_url(story) -> str:
    return reverse("staff:story", kwargs={"story": story.pk})


def _crumbs(inside: bool = True) -> dict:
    found = {"parent_url": reverse("staff:call_list"), "parent_label": _("Espace de l'équipe du programme")}
    if inside:
        found |= {"parent2_url": reverse("staff:stories"), "parent2_label": _("Récits proposés")}
    return found


@staff_only
@require_safe
def story_list(request):
    # To review first (the oldest proposal on top), then the handled ones, the latest first.
    queryset = (
        Story.objects.select_related("author", "news_post")
        .annotate(
            handled=Case(
                When(status=Story.Status.PROPOSED, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        )
        .order_by("handled", "created_at", "pk")
    )
    to_review, handled = [], []
    for story in queryset:
        row = {"story": story, "heading": stories.heading(story), "languages": stories.languages_of(story)}
        (to_review if story.status == Story.Status.PROPOSED else handled).append(row)
    handled.sort(key=lambda row: row["story"].updated_at, reverse=True)
    return render(
        request,
        "staff/stories.html",
        {
            "title": _("Récits proposés pour les actualités"),
            "to_review": to_review,
            "handled": handled,
            **_crumbs(False),
        },
    )


def _story_page(request, story, *, form=None, publish_form=None, decline_form=None, status=200):
    image_url = story.image.get_absolute_url() if story.image is not None and story.image.is_servable else ""
    return render(
        request,
        "staff/stories_detail.html",
        {
            "title": _("Récit : %(title)s") % {"title": stories.heading(story)},
            "story": story,
            "story_languages": stories.languages_of(story),  # not "languages": the language switch reads that name
            "editable": stories.may_edit(story, request.user),
            "form": form or StaffStoryForm(story=story, auto_id="story-%s"),
            "publish_form": publish_form or PublishForm(auto_id="publish-%s"),
            "decline_form": decline_form or DeclineForm(auto_id="decline-%s"),
            "previews": [
                {
                    "lang": lang,
                    "label": label,
                    "title": getattr(story, f"title_{lang}"),
                    "description": getattr(story, f"description_{lang}"),
                    "body": preview_html(getattr(story, f"body_{lang}")),
                }
                for lang, label in (("fr", _("Version française")), ("en", _("Version anglaise")))
                if getattr(story, f"title_{lang}") or getattr(story, f"body_{lang}")
            ],
            "image_url": image_url,
            "image_max_mb": stories.IMAGE_MAX_BYTES // (1024 * 1024),
            **_crumbs(),
        },
        status=status,
    )


def _refused(form, error) -> None:
    field = getattr(error, "field", None)
    form.add_error(field if field in form.fields else None, str(error))


def _publish(request, story):
    form = PublishForm(request.POST, auto_id="publish-%s")
    if not form.is_valid():
        return _story_page(request, story, publish_form=form, status=400)
    slug, tags = form.cleaned_data["slug"], list(form.cleaned_data["tags"])
    if not request.POST.get("confirm"):
        try:
            address = reverse("public:news_detail", kwargs={"slug": stories.slug_for(story, slug)})
        except DomainError as error:
            _refused(form, error)
            return _story_page(request, story, publish_form=form, status=400)
        return render(
            request,
            "staff/stories_publish.html",
            {
                "title": _("Publier le récit « %(title)s »") % {"title": stories.heading(story)},
                "confirm_title": _("Publier ce récit dans les actualités ?"),
                "consequences": [
                    _(
                        "Il paraît aujourd'hui dans les actualités, à l'adresse %(address)s, et dans leurs fils RSS et Atom."
                    )
                    % {"address": address},
                    *([_("Son image devient publique, avec son texte alternatif.")] if story.image_id else []),
                    _("Il se modifie ensuite comme toute actualité, dans l'administration du site."),
                ],
                "confirm_action": _story_url(story),
                "hidden": [("action", "publish"), ("slug", slug)] + [("tags", tag.pk) for tag in tags],
                "confirm_label": _("Publier le récit"),
                "cancel_url": _story_url(story),
                "cancel_label": _("Revenir au récit"),
                **_crumbs(),
            },
        )
    try:
        post = stories.publish(story, by=request.user, now=timezone.now(), slug=slug or None, tags=tags)
    except DomainError as error:
        _refused(form, error)
        return _story_page(request, story, publish_form=form, status=400)
    messages.success(request, _("Récit publié dans les actualités : « %(title)s ».") % {"title": post.title_fr})
    return redirect(_story_url(story))


@staff_only
@require_http_methods(["GET", "HEAD", "POST"])
def story_detail(request, story):
    story = get_object_or_404(Story.objects.select_related("author", "image", "news_post", "published_by"), pk=story)
    if request.method != "POST":
        return _story_page(request, story)
    action = request.POST.get("action")
    if action == "publish":
        return _publish(request, story)
    if action == "decline":
        form = DeclineForm(request.POST, auto_id="decline-%s")
        if form.is_valid():
            try:
                stories.decline(story, form.cleaned_data["note"], by=request.user)
            except DomainError as error:
                _refused(form, error)
            else:
                messages.success(request, _("Récit non retenu : son auteur ou son autrice lit votre remarque."))
                return redirect(_story_url(story))
        return _story_page(request, story, decline_form=form, status=400)
    if not stories.may_edit(story, request.user):
        messages.error(request, _("Ce récit est déjà publié : il se modifie désormais comme une actualité."))
        return redirect(_story_url(story))
    form = StaffStoryForm(request.POST, request.FILES, story=story, auto_id="story-%s")
    if form.is_valid():
        try:
            story = stories.edit(story, by=request.user, **form.values())
        except DomainError as error:
            form.refused(error)
        else:
            messages.success(request, _("Récit enregistré."))
            return redirect(_story_url(story))
    return _story_page(request, story, form=form, status=400)
