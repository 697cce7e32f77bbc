"""sitemap.xml: the forums and topics a guest may open, with when each last changed. Django's sitemaps framework
splits a section into pages of 50,000 URLs (the protocol's limit) listed by the index at /sitemap.xml."""

from django.contrib.sitemaps import Sitemap

from . import queries


class ForumSitemap(Sitemap):
    changefreq = "hourly"

    def items(self):
        return queries.guest_forums()

    def lastmod(self, forum):
        return forum.last_post.created_at if forum.last_post_id else None


class TopicSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return queries.guest_topics().only("pk", "slug", "last_post_at").order_by("pk")

    def lastmod(self, topic):
        return topic.last_post_at


SITEMAPS = {"forums": ForumSitemap, "topics": TopicSitemap}
