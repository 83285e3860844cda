import mimetypes
from datetime import datetime, time

from django.contrib.sites.shortcuts import get_current_site
from django.contrib.syndication.views import Feed, add_domain
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from eig.content.queries import published_posts


class NewsFeed(Feed):
    title = _("Entrepreneurs d'intérêt général — actualités")
    link = reverse_lazy("public:news_list")
    description = _("Les actualités du programme Entrepreneurs d'intérêt général.")

    def get_object(self, request, *args, **kwargs):
        # The one Feed instance serves every request: what the items need of the request (the site's
        # address, for the images' absolute URLs) travels as the feed's object, never on `self`.
        return {"domain": get_current_site(request).domain, "secure": request.is_secure()}

    def items(self, obj):
        posts = list(published_posts()[:30])
        for post in posts:
            post.image_address = add_domain(obj["domain"], post.image.url, obj["secure"]) if post.image else ""
        return posts

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.description

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.combine(item.published_on, time(9, 0)))

    def item_author_name(self, item):
        return item.author

    def item_categories(self, item):
        return [t.name for t in item.tags.all()]

    # A news post's image (stories of fellows and alumni, issue 16) travels as the item's enclosure.
    def item_enclosure_url(self, item):
        return item.image_address or None

    def item_enclosure_length(self, item):
        try:
            return item.image.size
        except OSError:  # a file missing from the media storage: the feed still answers
            return 0

    def item_enclosure_mime_type(self, item):
        return mimetypes.guess_type(item.image.name)[0] or "application/octet-stream"


class NewsAtomFeed(NewsFeed):
    feed_type = Atom1Feed
    subtitle = NewsFeed.description
