from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from eig.calls.models import Call
from eig.challenges.queries import public_challenges
from eig.community.queries import public_people
from eig.content.models import Page
from eig.content.queries import published_posts
from eig.juries.publicity import consenting
from eig.promotions.models import Promotion


class StaticSitemap(Sitemap):
    i18n = True
    changefreq = "weekly"

    def items(self):
        return [
            "public:home",
            "public:participate_candidates",
            "public:participate_administrations",
            "public:challenge_list",
            "public:promotion_list",
            "public:community",
            "public:news_list",
            "public:faq",
            "public:open_data",
            "footer-sitemap",
            "footer-legal-notice",
            "footer-personal-data",
            "footer-accessibility-status",
        ]

    def location(self, item):
        return reverse(item)


class ChallengeSitemap(Sitemap):
    i18n = True

    def items(self):
        return public_challenges().order_by("id")

    def lastmod(self, item):
        return item.updated_at


class PromotionSitemap(Sitemap):
    i18n = True

    def items(self):
        return Promotion.objects.filter(is_published=True).order_by("id")


class PersonSitemap(Sitemap):
    i18n = True

    def items(self):
        return public_people().order_by("id")


class NewsSitemap(Sitemap):
    i18n = True

    def items(self):
        return published_posts().order_by("id")

    def lastmod(self, item):
        return item.updated_at


class PageSitemap(Sitemap):
    i18n = True

    def items(self):
        return Page.objects.filter(is_published=True).order_by("id")


class SelectionMethodSitemap(Sitemap):
    """The method pages of the published promotions that recruit on the platform."""

    i18n = True

    def items(self):
        return Promotion.objects.filter(is_published=True, calls__kind=Call.Kind.APPLICATIONS).distinct().order_by("id")

    def location(self, item):
        return reverse("public:selection_method", kwargs={"slug": item.slug})


class PromotionJurySitemap(Sitemap):
    """The jury pages of the published promotions that name at least one member (eig.juries.publicity)."""

    i18n = True

    def items(self):
        named = consenting().values("jury__call__promotion")
        return Promotion.objects.filter(is_published=True, pk__in=named).order_by("id")

    def location(self, item):
        return reverse("public:promotion_jury", kwargs={"slug": item.slug})


class PromotionResultsSitemap(Sitemap):
    """The results pages of the published promotions once closed (eig.results.closing)."""

    i18n = True

    def items(self):
        return Promotion.objects.filter(is_published=True, closing__isnull=False).order_by("id")

    def location(self, item):
        return reverse("public:promotion_results", kwargs={"slug": item.slug})


SITEMAPS = {
    "static": StaticSitemap,
    "challenges": ChallengeSitemap,
    "promotions": PromotionSitemap,
    "selection_methods": SelectionMethodSitemap,
    "promotion_juries": PromotionJurySitemap,
    "promotion_results": PromotionResultsSitemap,
    "people": PersonSitemap,
    "news": NewsSitemap,
    "pages": PageSitemap,
}
