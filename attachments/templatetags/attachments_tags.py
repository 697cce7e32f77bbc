from django import template

from ..services import page_attachments, size_display

register = template.Library()


@register.inclusion_tag("attachments/_post_attachments.html", takes_context=True)
def post_attachments(context, post):
    """"Attachments" under a post: each file's name (a link through the board), size and download count."""
    posts = list(context.get("posts") or []) or [post]
    return {"attachments": page_attachments(context.get("request"), posts).get(post.pk, []), "post": post}


@register.filter
def file_size(size):
    return size_display(size)
