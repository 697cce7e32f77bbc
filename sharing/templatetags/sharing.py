import html
import re
from urllib.parse import quote, urlencode

from django import template
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from forum.fragments import cached_part, draw_alone

register = template.Library()


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    return context["request"].build_absolute_uri(path)


@register.simple_tag(takes_context=True)
def canonical_url(context, topic, page_number=1):
    """The absolute URL of page `page_number` of `topic`, as <link rel="canonical"> wants it."""
    return context["request"].build_absolute_uri(topic.get_page_url(page_number))


_FIRST_IMAGE = re.compile(r'<img\b[^>]*?\bsrc="([^"]+)"')


@register.simple_tag(takes_context=True)
def og_image(context, topic):
    """The picture a shared link shows: the first image of the topic's first post (from the start of its HTML that
    the topic page already loads), else the board's own picture. Always an absolute http(s) URL."""
    request = context["request"]
    found = _FIRST_IMAGE.search(getattr(topic, "first_post_head", "") or "")
    if found:
        src = html.unescape(found[1])
        if src.startswith(("https://", "http://")):
            return src
        if src.startswith("/") and not src.startswith("//"):
            return request.build_absolute_uri(src)
    return request.build_absolute_uri(static("img/og-image.png"))


def share_services(url, title):
    """The networks' own plain share URLs: links that leave the page, never a script of theirs on it."""
    return [
        ("email", _("Email"), f"mailto:?subject={quote(title)}&body={quote(url)}"),
        ("x", "X", "https://x.com/intent/post?" + urlencode({"text": title, "url": url})),
        ("facebook", "Facebook", "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url})),
        ("reddit", "Reddit", "https://www.reddit.com/submit?" + urlencode({"url": url, "title": title})),
        ("linkedin", "LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": url})),
        ("weibo", _("Weibo"), "https://service.weibo.com/share/share.php?" + urlencode({"url": url, "title": title})),
    ]


@register.simple_tag(takes_context=True)
def share_menu(context, topic, post=None):
    """The "Share" menu of a topic or of one of its posts: the link to copy, "Create short link" (for posts; the
    topic's sits in its header), the networks, WeChat's QR code and the browser's own share sheet. The same for every
    reader of the topic on this site: from the cache (forum.fragments.cached_part)."""
    request = context["request"]
    state = (topic.pk, topic.slug, topic.title, post.pk if post is not None else None, request.scheme,
             request.get_host())
    return mark_safe(cached_part(context, "share_menu", state, lambda context: draw_alone(
        context, "sharing/_share_menu.html", _share_menu_values(context, topic, post))))


def _share_menu_values(context, topic, post):
    if post is not None:
        path = reverse("forum:comment", kwargs={"pk": topic.pk, "slug": topic.slug, "post_id": post.pk})
        wechat = reverse("sharing:wechat_post", kwargs={"pk": topic.pk, "slug": topic.slug, "post_id": post.pk})
    else:
        path = topic.get_absolute_url()
        wechat = reverse("sharing:wechat", kwargs={"pk": topic.pk, "slug": topic.slug})
    url = context["request"].build_absolute_uri(path)
    return {
        "topic": topic,
        "post": post,
        "url": url,
        "key": f"post-{post.pk}" if post is not None else "topic",
        "services": share_services(url, topic.title),
        "wechat_url": wechat,
        "csrf_token": context.get("csrf_token"),
    }


# Placeholders in the page's one post share menu, filled in by static/js/topic-tools.js for the post being shared.
URL_TOKEN, TITLE_TOKEN, POST_TOKEN = "SHARE_URL", "SHARE_TITLE", "0"


@register.simple_tag
def post_share_link(topic, post):
    """A post's "Share": a link to its share page; with JavaScript it opens the page's one post share menu for it
    (post_share_menu), so that the page does not carry a whole menu under every post. (Built here rather than from
    a template: it is under every post, and a template costs more than the link.)"""
    # The post's link and its WeChat page are worked out from this address by the script (.../share/).
    href = reverse("sharing:share_post", kwargs={"pk": topic.pk, "slug": topic.slug, "post_id": post.pk})
    return format_html('<a href="{}" class="share-post" data-share-post="{}" aria-haspopup="dialog">{}'
                       '<span class="visually-hidden"> {}</span></a>', href, post.pk, _("Share"), _("this post"))


@register.simple_tag(takes_context=True)
def post_share_menu(context, topic):
    """The one share menu for the page's posts, hidden until a post's "Share" fills it in and opens it there. The
    same for every reader of the topic: from the cache (forum.fragments.cached_part)."""
    return mark_safe(cached_part(context, "post_share_menu", (topic.title,), lambda context: draw_alone(
        context, "sharing/_post_share_menu.html", {
            "topic": topic,
            "post": {"pk": POST_TOKEN},
            "url": "",
            "key": "post",
            "services": share_services(URL_TOKEN, TITLE_TOKEN),
            "wechat_url": "",
            "csrf_token": context.get("csrf_token"),
        })))
