from django import template

from forum.content import plain_text

register = template.Library()


@register.inclusion_tag("partials/pager.html")
def pager(target, current, links, label):
    """A page list for anything with get_page_url(n): a forum's topics or a topic's posts."""
    return {
        "label": label,
        "current": current,
        "pages": [(n, target.get_page_url(n) if n else None) for n in links],
        "previous_url": target.get_page_url(current - 1) if current > 1 else None,
        "next_url": target.get_page_url(current + 1) if links and current < max(n for n in links if n) else None,
    }


@register.filter
def excerpt(stored_html, length=200):
    """The plain text of stored HTML, cut to `length` characters: for previews and meta descriptions."""
    return plain_text(stored_html, limit=int(length))
