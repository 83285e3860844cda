"""The stories of fellows and alumni (/programme/recits/): « Mes récits », propose one, change it.

Who: whoever eig.content.stories.may_propose names — a fellow of any promotion who has not left the
programme, or an alumnus; anyone else signed in gets 404, an anonymous visitor the sign-in page. A
story is changed by its author while it is proposed (another's story answers 404). The form has a
French and an English version, a Markdown help, the image and its alternative text, and a preview
(« Prévisualiser ») that renders the Markdown as the news page will, sanitised, without saving.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from eig.content import stories
from eig.content.models import Story
from eig.core.errors import DomainError
from eig.web.common.story_forms import StoryForm

READ, FORM = ["GET", "HEAD"], ["GET", "HEAD", "POST"]


def proposer_view(methods: list[str]):
    """Signed in, then a person who may propose stories (404 otherwise: before the method's check, so
    nobody else learns anything from a 405), then one of `methods`."""

    def decorate(view):
        @wraps(view)
        @login_required
        def wrapper(request, **kwargs):
            if not stories.may_propose(request.user):
                raise Http404
            if request.method not in methods:
                return HttpResponseNotAllowed(methods)
            return view(request, **kwargs)

        return wrapper

    return decorate


def _crumbs(inside: bool = True) -> dict:
    found = {"parent_url": reverse("programme:home"), "parent_label": _("Mon programme")}
    if inside:
        found |= {"parent2_url": reverse("programme:stories"), "parent2_label": _("Mes récits")}
    return found


@proposer_view(READ)
def story_list(request):
    rows = [
        {"story": story, "heading": stories.heading(story), "editable": stories.may_edit(story, request.user)}
        for story in Story.objects.filter(author=request.user).select_related("news_post").order_by("-created_at")
    ]
    return render(
        request,
        "programme/stories/list.html",
        {"title": _("Mes récits"), "rows": rows, **_crumbs(inside=False)},
    )


def image_url(story) -> str:
    """The address of the story's image, once the scan cleared it (its author downloads it: eig.files)."""
    if story is None or story.image is None or not story.image.is_servable:
        return ""
    return story.image.get_absolute_url()


def _form_page(request, form, *, story=None, status=200):
    preview = request.method == "POST" and request.POST.get("action") == "preview" and form.is_valid()
    return render(
        request,
        "programme/stories/form.html",
        {
            "title": _("Modifier mon récit") if story else _("Proposer un récit"),
            "form": form,
            "story": story,
            "previews": form.previews() if preview else [],
            "image_max_mb": stories.IMAGE_MAX_BYTES // (1024 * 1024),
            "image_url": image_url(story),
            "cancel_url": reverse("programme:stories"),
            **_crumbs(),
        },
        status=status,
    )


@proposer_view(FORM)
def story_new(request):
    form = StoryForm(
        request.POST or None,
        request.FILES or None,
        initial={"author_name": stories.default_signature(request.user)},
        auto_id="story-%s",
    )
    if request.method != "POST" or request.POST.get("action") == "preview":
        return _form_page(request, form)
    if form.is_valid():
        try:
            story = stories.propose(request.user, **form.values())
        except DomainError as error:
            form.refused(error)
        else:
            messages.success(
                request,
                _(
                    "Merci ! Votre récit « %(title)s » est transmis à l'équipe du programme, qui le relit avant de le publier."
                )
                % {"title": stories.heading(story)},
            )
            return redirect("programme:stories")
    return _form_page(request, form, status=400)


@proposer_view(FORM)
def story_edit(request, story):
    story = get_object_or_404(Story.objects.select_related("image"), pk=story, author=request.user)
    if not stories.may_edit(story, request.user):
        messages.error(
            request,
            _("Ce récit n'est plus modifiable : l'équipe du programme l'a déjà publié ou ne l'a pas retenu."),
        )
        return redirect("programme:stories")
    form = StoryForm(request.POST or None, request.FILES or None, story=story, auto_id="story-%s")
    if request.method != "POST" or request.POST.get("action") == "preview":
        return _form_page(request, form, story=story)
    if form.is_valid():
        try:
            story = stories.edit(story, by=request.user, **form.values())
        except DomainError as error:
            form.refused(error)
        else:
            messages.success(request, _("Récit enregistré : %(title)s") % {"title": stories.heading(story)})
            return redirect("programme:stories")
    return _form_page(request, form, story=story, status=400)
