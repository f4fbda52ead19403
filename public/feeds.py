"""Atom and RSS feeds of the published news (django.contrib.syndication).

Feed readers render an item's title and description (RSS `description`, Atom `summary type="html"`) as
HTML once the XML is decoded, so curators' plain text is HTML-escaped here before the XML writer
escapes it again: `<script>` in a news item reaches the reader as text, never as markup.
"""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape, linebreaks
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
        return escape(item.title)  # double escaped, as django.contrib.syndication does by default

    def item_description(self, item):
        return linebreaks(item.text, autoescape=True)  # the page's `{{ item.text|linebreaks }}`

    def item_link(self, item):
        return reverse("public:news_detail", args=[item.pk])

    def item_pubdate(self, item):
        return item.published_at or item.created_at

    def item_updateddate(self, item):
        return item.updated_at


class NewsAtomFeed(NewsRssFeed):
    feed_type = Atom1Feed
    subtitle = NewsRssFeed.description
