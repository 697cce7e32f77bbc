import qrcode
import qrcode.image.svg
from django.conf import settings
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.encoding import uri_to_iri
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.core import is_ratelimited

from forum import permissions
from forum.models import Post, Topic
from forum.views import get_visible_topic, get_visible_post, refused, wants_json

from . import services
from .forms import ShortLinkForm
from .models import ShortLink


def _visible(user, topic, post=None):
    return (permissions.can_view_forum(user, topic.forum) and permissions.can_view_topic(user, topic)
            and (post is None or post.state == Post.State.VISIBLE))


def _resolve(user, link):
    """(topic, post, url) of a short link for `user`, or None when the target is not theirs to see. Deleted targets
    take their links with them (on_delete=CASCADE), so those never get here."""
    topic = link.post.topic if link.post_id else link.topic
    if not _visible(user, topic, link.post):
        return None
    return topic, link.post, topic.post_url(link.post) if link.post_id else topic.get_absolute_url()


def _get_link(request, code):
    link = ShortLink.objects.select_related("topic__forum", "post__topic__forum").filter(code=code).first()
    resolved = link and _resolve(request.user, link)
    if not resolved:
        # The same bare 404 for a code that never existed, a deleted target and one the visitor may not see.
        raise Http404
    return link, resolved


def follow(request, code):
    link, (_topic, _post, url) = _get_link(request, code)
    services.count_visit(link)
    return redirect(url)


def shown(request, code):
    """The short link, to copy: where "Create short link" lands without JavaScript."""
    link, (topic, post, _url) = _get_link(request, code)
    return render(request, "sharing/short_link.html", {
        "topic": topic, "post": post, "short_url": request.build_absolute_uri(reverse("sharing:follow", args=[code])),
    })


@require_POST
def create(request):
    form = ShortLinkForm(request.POST)
    if not form.is_valid():
        return refused(request, None, " ".join(m for ms in form.errors.values() for m in ms), 400)
    post = topic = None
    if form.cleaned_data["post"]:
        post = Post.objects.select_related("topic__forum").filter(pk=form.cleaned_data["post"]).first()
        topic = post and post.topic
    else:
        topic = Topic.objects.select_related("forum").filter(pk=form.cleaned_data["topic"]).first()
    if topic is None or not _visible(request.user, topic, post):
        raise Http404
    if is_ratelimited(request, group="sharing.create", key="user_or_ip", rate=settings.AGORA_SHORT_LINK_RATE,
                      method="POST", increment=True):
        return refused(request, topic, _("You have asked for many short links in a short time. Please wait a few "
                                         "minutes and try again."), 429)
    link, _created = services.short_link_for(topic=topic, post=post)
    if wants_json(request):
        return JsonResponse({"code": link.code,
                             "url": request.build_absolute_uri(reverse("sharing:follow", args=[link.code]))})
    return redirect("sharing:shown", code=link.code)


def share_post(request, pk, post_id, slug=None):
    """A post's share menu on a page of its own: where "Share" under a post leads without JavaScript."""
    topic = get_visible_topic(request, pk)
    return render(request, "sharing/share_post.html", {"topic": topic, "post": get_visible_post(topic, post_id)})


def wechat(request, pk, slug=None, post_id=None):
    """A QR code of the topic's (or post's) link, made here, for WeChat's scanner: no third-party service."""
    topic = get_visible_topic(request, pk)
    post = get_visible_post(topic, post_id) if post_id else None
    path = (reverse("forum:comment", kwargs={"pk": topic.pk, "slug": topic.slug, "post_id": post.pk}) if post
            else topic.get_absolute_url())
    url = request.build_absolute_uri(path)
    svg = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2).to_string(
        encoding="unicode")
    return render(request, "sharing/wechat.html", {
        "topic": topic, "post": post, "url": url, "readable_url": uri_to_iri(url),
        # Made by the qrcode package from our own URL: markup we trust.
        "qr_svg": mark_safe(svg),
    })
