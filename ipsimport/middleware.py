"""Old Invision Community addresses answer with a 301 to the page their content has here.

Agora's own addresses have the same shape as IPS's (/topic/<id>-<slug>/, /forum/<id>-<slug>/,
/profile/<id>-<slug>/), but the ids differ, so an old id must never be read as an Agora id. The old links are
therefore only looked for under the old board's address as the administrator configures it
(settings.AGORA_IPS_OLD_ADDRESSES, e.g. "https://old.example/" or "https://agora.example/forums/"):

- under a path of its own ("/forums/"), or on a host of its own, an address is the old board's by where it is;
- at the root of a host Agora also serves, only the forms Agora never uses are unambiguous (index.php?/...,
  ?do=findComment, IPB 3's ?showtopic=); a plain /topic/<id>-<slug>/ is taken as an old link only when its slug is
  the one IPS gave that old id, and otherwise left to Agora (whose own links carry Agora's slugs).

With no address configured the middleware does nothing and costs nothing. It redirects only to what the visitor
may see (the visibility querysets); anything else is the 404 a missing page gets.
"""

from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import Http404, HttpResponsePermanentRedirect

from forum import permissions
from forum.models import Forum, Post, Topic

from . import oldurls
from .models import OldId


def _addresses():
    for address in settings.AGORA_IPS_OLD_ADDRESSES:
        parts = urlsplit(address)
        prefix = parts.path if parts.path.endswith("/") else parts.path + "/"
        yield (parts.hostname or "").lower(), parts.port, prefix


def _matches(request, host, port, prefix):
    if host:
        request_host, _sep, request_port = request.get_host().lower().rpartition(":") \
            if request.get_host().count(":") == 1 else (request.get_host().lower(), "", "")
        if request_host != host or (port and str(port) != request_port):
            return False
    return request.path.startswith(prefix)


class OldBoardLinks:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.AGORA_IPS_OLD_ADDRESSES:
            for host, port, prefix in _addresses():
                if not _matches(request, host, port, prefix):
                    continue
                rest = request.path[len(prefix):]
                link = oldurls.parse(rest, request.META.get("QUERY_STRING", ""))
                if link is None:
                    continue
                # At a root Agora shares, /topic/<id>-<slug>/ must carry IPS's slug to be an old link.
                slug_decides = prefix == "/" and oldurls.is_friendly(rest)
                target = find_target(request.user, link, slug_decides)
                if target is not None:
                    return HttpResponsePermanentRedirect(target)
        return self.get_response(request)


def _mapped(kind, old_id, slug=None):
    rows = OldId.objects.filter(kind=kind, old_id=old_id)
    if slug is not None:
        rows = rows.filter(old_slug__iexact=unquote(slug))
    return rows.values_list("new_id", flat=True).first()


def find_target(user, link, slug_decides=False):
    """The Agora address of an old link for this visitor; None when the link is not one of the imported board's
    (Agora answers it as usual); Http404 when it is, but the visitor may not see it or it is gone."""
    slug = link.slug if slug_decides else None
    if link.kind == "topic" and link.comment is not None:
        new_post = _mapped(OldId.Kind.POST, link.comment)
        if new_post is not None:
            post = Post.objects.visible_to(user).select_related("topic").filter(pk=new_post).first()
            if post is None:
                raise Http404
            return post.topic.post_url(post)
    if link.kind == "topic":
        new_id = _mapped(OldId.Kind.TOPIC, link.old_id, slug)
        if new_id is None:
            return None
        moved = Topic.objects.filter(pk=new_id).values_list("moved_to", flat=True).first()
        topic = Topic.objects.visible_to(user).filter(pk=moved or new_id).first()
        if topic is None:
            raise Http404
        return topic.get_absolute_url()
    if link.kind == "forum":
        new_id = _mapped(OldId.Kind.FORUM, link.old_id, slug)
        if new_id is None:
            return None
        forum = Forum.objects.filter(pk=new_id).first()
        if forum is None or not permissions.can_view_forum(user, forum):
            raise Http404
        return forum.get_absolute_url()
    new_id = _mapped(OldId.Kind.MEMBER, link.old_id, slug)
    if new_id is None:
        return None
    member = get_user_model().objects.filter(pk=new_id, is_active=True).first()
    if member is None:
        raise Http404
    return member.get_absolute_url()
