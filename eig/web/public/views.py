"""Public pages: thin views over the shared queries, cached for anonymous visitors."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from eig.applications.queries import open_application_call
from eig.challenges import queries as challenge_queries
from eig.challenges.models import Challenge
from eig.community import queries as community_queries
from eig.community.models import Membership, Person
from eig.content import queries as content_queries
from eig.content.models import FAQEntry, NewsPost, Page
from eig.core.pagecache import public_page
from eig.juries.publicity import has_public_members
from eig.juries.stages import promotion_call, rules_call, stages_of
from eig.programme.events import public_events
from eig.programme.queries import applications_call, contract_terms
from eig.promotions.models import Phase, Promotion
from eig.promotions.queries import current_call
from eig.results import figures
from eig.results.demo_day import agendas_of

from .demo import DEMO_TOTP_SECRET, demo_accounts
from .forms import ChallengeFilterForm, CommunityFilterForm, NewsFilterForm

PAGE_SIZE = 12
# The kind of call each participate page is about (eig.calls.models.Call.Kind).
CALL_KINDS = {"candidates": "applications", "administrations": "challenges"}


def _page(request, queryset, size=PAGE_SIZE):
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def _querystring_without_page(request):
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def _published_page(slug):
    return Page.objects.filter(slug=slug, is_published=True).first()


@require_safe
@public_page
def home(request):
    featured = list(challenge_queries.public_challenges().filter(is_featured=True)[:6])
    if not featured:
        featured = list(challenge_queries.public_challenges().order_by("-promotion__year", "title")[:6])
    calls = [c for c in (current_call(Phase.Kind.APPLICATION_CALL), current_call(Phase.Kind.CHALLENGE_CALL)) if c]
    return render(
        request,
        "public/home.html",
        {
            "title": _("Accueil"),
            "featured": featured,
            "calls": calls,
            "posts": content_queries.published_posts()[:3],
            # The programme's key figures: its public challenges' computed figures added up (eig.results.figures).
            "figures": figures.totals(
                Challenge.objects.filter(challenge_queries.public_q()).values_list("pk", flat=True)
            ),
            "presentation": _published_page("programme"),
            "demo_accounts": demo_accounts() if settings.DEMO else [],
            "demo_totp_secret": DEMO_TOTP_SECRET,
        },
    )


def _participate(request, *, page_slug, kind, title, audience):
    call = current_call(kind)
    candidates = call is not None and audience == "candidates"
    return render(
        request,
        "public/participate.html",
        {
            "title": title,
            "page": _published_page(page_slug),
            "call": call,
            "call_state": call.state() if call else None,
            "audience": audience,
            "application_call": open_application_call(call.promotion) if call and audience == "candidates" else None,
            # The contract the call for applications states (duration, salary, place of work).
            "contract": contract_terms(applications_call(call.promotion_id)) if candidates else None,
            "faq_url": reverse("public:faq") + f"#{audience}",
            # The criteria of each stage of the promotion's call, from the grids it uses (eig.juries.stages).
            "stages": stages_of(promotion_call(call.promotion_id, CALL_KINDS[audience])) if call else [],
        },
    )


@require_safe
@public_page
def participate_candidates(request):
    return _participate(
        request,
        page_slug="participer-candidats",
        kind=Phase.Kind.APPLICATION_CALL,
        title=_("Participer : devenir entrepreneur·e d'intérêt général"),
        audience="candidates",
    )


@require_safe
@public_page
def participate_administrations(request):
    return _participate(
        request,
        page_slug="participer-administrations",
        kind=Phase.Kind.CHALLENGE_CALL,
        title=_("Participer : proposer un défi"),
        audience="administrations",
    )


@require_safe
@public_page
def challenge_list(request):
    form = ChallengeFilterForm(request.GET or None)
    queryset = challenge_queries.public_challenges()
    if form.is_valid():
        queryset = challenge_queries.filter_challenges(
            queryset,
            promotion=form.cleaned_data["promotion"],
            profile=form.cleaned_data["profile"],
            administration=form.cleaned_data["administration"],
            status=form.cleaned_data["status"],
            text=form.cleaned_data["q"],
        )
    page = _page(request, queryset)
    return render(
        request,
        "public/challenge_list.html",
        {
            "title": _("Les défis"),
            "form": form,
            "page_obj": page,
            "querystring": _querystring_without_page(request),
        },
    )


@require_safe
@public_page
def challenge_detail(request, promotion, slug):
    try:
        challenge = community_queries.challenge_page(promotion, slug)
    except Challenge.DoesNotExist:
        raise Http404 from None
    members = list(challenge.memberships.all())
    application_call = current_call(Phase.Kind.APPLICATION_CALL)
    can_apply = (
        application_call is not None
        and application_call.promotion_id == challenge.promotion_id
        and application_call.is_open
        and challenge.status == Challenge.Status.RECRUITING
    )
    return render(
        request,
        "public/challenge_detail.html",
        {
            "title": challenge.title,
            "challenge": challenge,
            "fellows": [m for m in members if m.role == Membership.Role.FELLOW],
            "mentors": [m for m in members if m.is_mentor],
            "positions": challenge.positions.all(),
            # Computed from the published deliverables and the objectives, then the sourced ones.
            "figures": figures.for_challenge(challenge),
            "can_apply": can_apply,
            "application_call": application_call,
        },
    )


@require_safe
@public_page
def promotion_list(request):
    return render(
        request,
        "public/promotion_list.html",
        {
            "title": _("Les promotions"),
            "promotions": challenge_queries.promotions_with_challenge_counts(),
        },
    )


@require_safe
@public_page
def promotion_detail(request, slug):
    # select_related("closing"): whether the results page is out, with no query of its own.
    promotion = get_object_or_404(
        Promotion.objects.select_related("programme", "closing"), slug=slug, is_published=True
    )
    events = list(public_events(promotion))
    challenges = list(challenge_queries.public_challenges().filter(promotion=promotion))
    return render(
        request,
        "public/promotion_detail.html",
        {
            "title": str(promotion),
            "promotion": promotion,
            "challenges": challenges,
            # The promotion's key figures: its challenges' computed figures added up (eig.results.figures).
            "figures": figures.totals([challenge.pk for challenge in challenges]),
            "phases": promotion.phases.all(),
            # Fellows named only with their consent (community_queries.TeamMember).
            "teams": community_queries.promotion_teams(promotion),
            # The method page concerns promotions recruited on this platform (a call for applications).
            "selects_here": promotion.calls.filter(kind="applications").exists(),
            # The promotion's events staff announce publicly (eig.programme: Event.is_public), the demo
            # day's with its programme (eig.results.demo_day); once closed, its results page.
            "events": events,
            "agendas": agendas_of(events),
            "results_url": reverse("public:promotion_results", kwargs={"slug": slug})
            if hasattr(promotion, "closing")
            else "",
            # The jury page, once a member of one of its juries consented to be named (eig.juries.publicity).
            "jury_url": reverse("public:promotion_jury", kwargs={"slug": slug})
            if has_public_members(promotion)
            else "",
        },
    )


@require_safe
@public_page
def community(request):
    form = CommunityFilterForm(request.GET or None)
    queryset = community_queries.public_people()
    if form.is_valid():
        queryset = community_queries.public_people(
            promotion=form.cleaned_data["promotion"], profile=form.cleaned_data["profile"]
        )
    return render(
        request,
        "public/community.html",
        {
            "title": _("La communauté"),
            "form": form,
            "page_obj": _page(request, queryset, size=24),
            "querystring": _querystring_without_page(request),
        },
    )


@require_safe
@public_page
def person_detail(request, slug):
    person = get_object_or_404(community_queries.public_people(), slug=slug)
    return render(request, "public/person_detail.html", {"title": person.name, "person": person})


@require_safe
@public_page
def news_list(request):
    form = NewsFilterForm(request.GET or None)
    tag = form.cleaned_data["tag"] if form.is_valid() else None
    return render(
        request,
        "public/news_list.html",
        {
            "title": _("Actualités"),
            "form": form,
            "page_obj": _page(request, content_queries.published_posts(tag=tag), size=10),
            "querystring": _querystring_without_page(request),
        },
    )


@require_safe
@public_page
def news_detail(request, slug):
    post = get_object_or_404(NewsPost.objects.published().prefetch_related("tags"), slug=slug)
    return render(request, "public/news_detail.html", {"title": post.title, "post": post})


@require_safe
@public_page
def faq(request):
    entries = list(FAQEntry.objects.all())
    return render(
        request,
        "public/faq.html",
        {
            "title": _("Questions fréquentes"),
            "candidates": [e for e in entries if e.audience == FAQEntry.Audience.CANDIDATES],
            "administrations": [e for e in entries if e.audience == FAQEntry.Audience.ADMINISTRATIONS],
        },
    )


@require_safe
@public_page
def page(request, slug):
    page = get_object_or_404(Page, slug=slug, is_published=True)
    # A call's rules page: the criteria of each stage beside its text, from the grids the call uses.
    call = rules_call(page)
    return render(
        request, "public/page.html", {"title": page.title, "page": page, "rules_call": call, "stages": stages_of(call)}
    )


def _named_page(slug, default_title):
    @require_safe
    @public_page
    def view(request):
        page = _published_page(slug)
        return render(
            request,
            "public/page.html",
            {
                "title": page.title if page else default_title,
                "page": page,
            },
        )

    return view


legal_notice = _named_page("mentions-legales", "Mentions légales")
personal_data = _named_page("donnees-personnelles", "Données personnelles")
accessibility = _named_page("accessibilite", "Déclaration d'accessibilité")


@require_safe
@public_page
def site_map(request):
    return render(
        request,
        "public/site_map.html",
        {
            "title": _("Plan du site"),
            "promotions": Promotion.objects.filter(is_published=True).select_related("programme"),
            "pages": Page.objects.filter(
                is_published=True, kind__in=[Page.Kind.PROGRAMME, Page.Kind.RULES, Page.Kind.OTHER]
            ),
            "person_count": Person.objects.filter(is_public=True).count(),
        },
    )
