from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from eig.content.queries import published_posts


class NewsFeed(Feed):
    title = _("Entrepreneurs d'intérêt général — actualités")
    link = reverse_lazy("public:news_list")
    description = _("Les actualités du programme Entrepreneurs d'intérêt général.")

    def items(self):
        return published_posts()[:30]

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


class NewsAtomFeed(NewsFeed):
    feed_type = Atom1Feed
    subtitle = NewsFeed.description
