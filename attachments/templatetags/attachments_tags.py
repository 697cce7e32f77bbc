from django import template

from ..models import PostAttachment
from ..services import may_refer, size_display

register = template.Library()


def _by_post(context, post):
    """The attachments of every post on the page, loaded in one query the first time a post asks, and only when
    some post on the page refers to a file at all (a page without attachments costs no query)."""
    request = context.get("request")
    found = getattr(request, "_agora_attachments", None) if request is not None else None
    if found is None:
        posts = list(context.get("posts") or []) or [post]
        ids = [p.pk for p in posts if may_refer(p.content)]
        found = {}
        if ids:
            for link in PostAttachment.objects.filter(post_id__in=ids).select_related("attachment").order_by("attachment_id"):
                found.setdefault(link.post_id, []).append(link.attachment)
        if request is not None:
            request._agora_attachments = found
    return found.get(post.pk, [])


@register.inclusion_tag("attachments/_post_attachments.html", takes_context=True)
def post_attachments(context, post):
    """"Attachments" under a post: each file's name (a link through the board), size and download count."""
    return {"attachments": _by_post(context, post), "post": post}


@register.filter
def file_size(size):
    return size_display(size)
