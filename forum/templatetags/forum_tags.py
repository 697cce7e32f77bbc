from django import template
from django.utils.safestring import mark_safe

from forum.content import plain_text, render_post_html
from forum.fragments import render_article, render_part

register = template.Library()


@register.simple_tag(takes_context=True)
def pager(context, target, current, links, label):
    """A page list for anything with get_page_url(n): a forum's topics or a topic's posts. Drawn once per page: the
    one below the list is the one above it again."""
    key = ("forum_tags.pager", id(target), current, tuple(links), str(label))
    drawn = context.render_context.get(key)
    if drawn is None:
        drawn = context.render_context[key] = context.template.engine.get_template("partials/pager.html").render(
            context.new({
                "label": label,
                "current": current,
                "pages": [(n, target.get_page_url(n) if n else None) for n in links],
                "previous_url": target.get_page_url(current - 1) if current > 1 else None,
                "next_url": target.get_page_url(current + 1) if links and current < max(n for n in links if n)
                else None,
            }))
    return drawn


@register.filter
def excerpt(stored_html, length=200):
    """The plain text of stored HTML, cut to `length` characters: for previews and meta descriptions."""
    return plain_text(stored_html, limit=int(length))


@register.filter
def render_post(stored_html, cards=None):
    """Stored (already sanitized) post or signature HTML -> the page's HTML: quote citations, video players, and
    cards for embedded topics and posts from `cards` (forum.queries.embed_cards, looked up once per page for its
    reader)."""
    return mark_safe(render_post_html(stored_html, cards))


@register.simple_tag(takes_context=True)
def post_fragment(context, part, post):
    """A part of a post that is the same for every reader ("author", "body", "signature"), from the page's cached
    fragments (forum.fragments.PostFragments) when the view made them, else rendered here."""
    fragments = context.get("post_fragments")
    if fragments is None:
        return mark_safe(render_part(part, post, context.get("cards")))
    return mark_safe(fragments.html(part, post))


@register.simple_tag(takes_context=True)
def post_article(context, post):
    """A post's whole HTML (forum/_post.html) as this reader sees it, from the page's cache of them
    (forum.fragments.PostArticles) when the view made it, else rendered here."""
    articles = context.get("post_articles")
    return mark_safe(articles.html(post, context) if articles is not None else render_article(post, context))
