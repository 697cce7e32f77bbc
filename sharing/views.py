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

from forum.models import Post, Topic
from forum.http import form_error_text, refused, wants_json
from forum.views import get_visible_post, get_visible_topic

from . import services
from .forms import ShortLinkForm
from .models import ShortLink


def _target(user, topic_id=None, post_id=None):
    """(topic, post) that a short link or a "Create short link" form points at, when `user` may see it (the one
    visibility rule); None otherwise, whether it is missing, deleted or not theirs to see."""
    if post_id:
        post = Post.objects.visible_to(user).select_related("topic").filter(pk=post_id).first()
        return (post.topic, post) if post else None
    topic = Topic.objects.visible_to(user).filter(pk=topic_id).first() if topic_id else None
    return (topic, None) if topic else None


def _get_link(request, code):
    """(link, (topic, post, url)); the same bare 404 for a code that never existed, a deleted target and one the
    visitor may not see."""
    link = ShortLink.objects.filter(code=code).first()
    target = link and _target(request.user, link.topic_id, link.post_id)
    if not target:
        raise Http404
    topic, post = target
    return link, (topic, post, topic.post_url(post) if post else topic.get_absolute_url())


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
        return refused(request, None, form_error_text(form), 400)
    target = _target(request.user, form.cleaned_data["topic"], form.cleaned_data["post"])
    if target is None:
        raise Http404
    topic, post = target
    if is_ratelimited(request, group="sharing.create", key="user_or_ip", rate=settings.AGORA_SHORT_LINK_RATE,
                      method="POST", increment=True):
        return refused(request, topic, _("You have asked for many short links in a short time. Please wait a few "
                                         "minutes and try again."), 429)
    link, _created = services.short_link_for(request.user, topic=topic, post=post)
    if wants_json(request):
        return JsonResponse({"code": link.code,
                             "url": request.build_absolute_uri(reverse("sharing:follow", args=[link.code]))})
    return redirect("sharing:shown", code=link.code)


def wechat(request, pk, slug=None, post_id=None):
    """A QR code of the topic's (or post's) link, made here, for WeChat's scanner: no third-party service."""
    topic = get_visible_topic(request, pk)
    post = get_visible_post(request, topic, post_id) if post_id else None
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
