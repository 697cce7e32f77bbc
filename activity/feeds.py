"""Atom feeds of what guests may read: the board's and a forum's newest topics, a topic's newest posts. Everything
goes through the visibility querysets as a guest, whoever asks (a feed reader is nobody's session)."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from forum.content import plain_text
from forum.models import Forum

from . import queries

ITEMS = 30


class TopicsFeed(Feed):
    """The board's newest topics."""

    feed_type = Atom1Feed

    def title(self, obj=None):
        from django.conf import settings

        return _("%(site)s: newest topics") % {"site": settings.SITE_NAME}

    def link(self, obj=None):
        return reverse("forum:index")

    def subtitle(self, obj=None):
        return _("The newest topics on the board.")

    def topics(self, obj=None):
        return queries.guest_topics()

    def items(self, obj=None):
        topics = self.topics(obj).select_related("forum").order_by("-created_at", "-pk")
        return queries.topics_with_first_post(topics, queries.guest())[:ITEMS]

    def item_title(self, topic):
        return topic.title

    def item_description(self, topic):
        return plain_text(topic.first_post_html or "", limit=500)

    def item_link(self, topic):
        return topic.get_absolute_url()

    def item_pubdate(self, topic):
        return topic.created_at

    def item_updateddate(self, topic):
        return topic.last_post_at

    def item_author_name(self, topic):
        return topic.author_name or None

    def item_categories(self, topic):
        return [topic.forum.name]


class ForumFeed(TopicsFeed):
    """A forum's newest topics."""

    def get_object(self, request, pk):
        forum = get_object_or_404(Forum, pk=pk)
        if forum not in queries.guest_forums():
            raise Http404
        return forum

    def title(self, forum=None):
        return _("%(forum)s: newest topics") % {"forum": forum.name}

    def link(self, forum=None):
        return forum.get_absolute_url()

    def subtitle(self, forum=None):
        return forum.description or _("The newest topics in this forum.")

    def topics(self, forum=None):
        return queries.guest_topics().filter(forum=forum)


class TopicFeed(Feed):
    """A topic's newest posts."""

    feed_type = Atom1Feed

    def get_object(self, request, pk):
        return get_object_or_404(queries.guest_topics().select_related("forum"), pk=pk)

    def title(self, topic):
        return topic.title

    def link(self, topic):
        return topic.get_absolute_url()

    def subtitle(self, topic):
        return _("The newest posts in this topic.")

    def items(self, topic):
        return (queries.guest_posts().filter(topic=topic).select_related("topic", "author")
                .order_by("-position")[:ITEMS])

    def item_title(self, post):
        name = post.author.public_name if post.author_id else post.author_name
        return _("%(name)s replied") % {"name": name} if post.position > 1 else post.topic.title

    def item_description(self, post):
        return plain_text(post.content, limit=1000)

    def item_link(self, post):
        return post.topic.post_url(post)

    def item_pubdate(self, post):
        return post.created_at

    def item_updateddate(self, post):
        return post.edited_at or post.created_at

    def item_author_name(self, post):
        return (post.author.public_name if post.author_id else post.author_name) or None
