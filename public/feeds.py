"""Atom and RSS feeds of the published news (django.contrib.syndication)."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from . import selectors


class NewsRssFeed(Feed):
    title = _("Mentoring: news")
    description = _("News and publications of the mentoring programme.")
    language = "ru"

    def link(self):
        return reverse("public:page")

    def items(self):
        return selectors.news(limit=30)

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.text

    def item_link(self, item):
        return reverse("public:news_detail", args=[item.pk])

    def item_pubdate(self, item):
        return item.published_at or item.created_at

    def item_updateddate(self, item):
        return item.updated_at


class NewsAtomFeed(NewsRssFeed):
    feed_type = Atom1Feed
    subtitle = NewsRssFeed.description
