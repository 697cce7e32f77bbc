"""The topic page's posts, cached: each post's whole HTML as one reader sees it (PostArticles), keyed by a digest of
everything it shows, so that readers in the same situation (the same tools, not the author, the same reaction...) share
it; and inside it the parts that are the same for every reader (the author pane, the post's date, its body, the
signature: PostFragments), so that a post drawn for a new situation renders only what depends on who reads it.

Each key is a digest of everything its fragment is made from (the post's stored HTML, the author's name, avatar, group
and counters, the page's embed cards, the language and time zone, the release), so an edit, a new avatar, a post count
that moved or a card that changed for this reader gives a new key at once, on every server: nothing has to be
invalidated, and stale entries simply expire. The page fetches all its posts in one cache round trip (`get_many`),
the fragments of those it has to draw in a second, and stores what it had to render in another (`set_many`)."""

import hashlib
from pathlib import Path

from django.core.cache import cache
from django.template.defaulttags import CsrfTokenNode
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import get_language

from . import permissions, signals

FRAGMENT_SECONDS = 24 * 3600
_ROOT = Path(__file__).resolve().parent.parent
# What makes the fragments besides their data: a new release that changes it starts with new keys, not with a day
# of fragments in the old markup.
# A post's HTML is drawn by templates and template tags of several apps: all of them count.
_MADE_BY = [*sorted(_ROOT.glob("templates/**/*.html")), *sorted(_ROOT.glob("*/templates/**/*.html")),
            *sorted(_ROOT.glob("*/templatetags/*.py")), _ROOT / "forum" / "content.py",
            _ROOT / "forum" / "fragments.py",
            _ROOT / "accounts" / "avatars.py", _ROOT / "safety" / "text.py",
            *sorted(_ROOT.glob("*/locale/*/LC_MESSAGES/django.po")), *sorted(_ROOT.glob("locale/*/LC_MESSAGES/*.po"))]
RELEASE = hashlib.blake2b(b"".join(path.read_bytes() for path in _MADE_BY if path.exists()),
                          digest_size=6).hexdigest()


def _digest(*parts):
    return hashlib.blake2b(repr(parts).encode(), digest_size=12).hexdigest()


def _author_state(post):
    author = post.author
    if author is None:
        return ("guest", post.author_name)
    group = author.primary_group if author.primary_group_id else None
    return (author.pk, author.username, author.display_name, author.avatar.name if author.avatar else "",
            group and (group.pk, group.name), author.post_count, author.reputation, author.date_joined.isoformat())


class PostFragments:
    """The cached fragments of one page of posts, for one reader. Built with the page's PostArticles, which fetches
    the fragments of the posts it has to draw (`fetch`: their keys are worked out then); read by the `post_fragment`
    template tag; saved with the articles after the page is rendered."""

    def __init__(self, cards):
        self.cards = cards
        self.cards_state = _digest(sorted(cards.items())) if cards else ""
        self.keys = {}
        self.found = {}
        self.rendered = {}

    @staticmethod
    def made_of(post):
        """Everything a post's fragments are made of besides the page's cards, the language and the release."""
        return (_author_state(post), post.author.signature if post.author_id else "", post.content,
                post.created_at.timestamp())

    def fetch(self, posts):
        """One cache round trip for the fragments of `posts` (those whose whole HTML was not in the cache)."""
        scope = _scope()
        for post in posts:
            author, signature, content, created = self.made_of(post)
            self.keys[post.pk] = {
                "author": f"frag:author:{scope}:{post.pk}:{_digest(author)}",
                "date": f"frag:date:{scope}:{post.pk}:{created}",
                "body": f"frag:body:{scope}:{post.pk}:{_digest(content, self.cards_state)}",
                "signature": f"frag:sig:{scope}:{_digest(author, signature, self.cards_state)}" if signature else None,
            }
        self.found.update(cache.get_many([key for post in posts for key in self.keys[post.pk].values() if key]))

    def html(self, part, post):
        key = self.keys.get(post.pk, {}).get(part)
        if key is None:  # a post that is not in the page's list (a preview): rendered on its own
            return render_part(part, post, self.cards)
        if key not in self.found:
            self.found[key] = self.rendered[key] = render_part(part, post, self.cards)
        return self.found[key]


# A post's forms carry this in place of the reader's CSRF token while it is drawn for the cache; the token of the
# request that shows it goes in on the way out. Post bodies and names are escaped or sanitized HTML, so no text of
# theirs can contain this tag.
CSRF_PLACEHOLDER = "csrf-token-of-the-reader"
_CSRF_INPUT = format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', CSRF_PLACEHOLDER)


class PostArticles:
    """The whole HTML of each post of a page (forum/_post.html), for one reader, cached. The key is a digest of
    everything the post shows: its row and what its fragments are made of, the topic's address, what the reader may
    do with it (their tools in the forum, "Report", may edit, may delete their own) and what the apps that draw a
    part of it answer for this reader (signals.post_article_state: reactions, attachments, recommendations). Readers
    in the same situation share entries; an edit, a moderation, a reaction or a tool granted gives new keys at once.
    Never holds a CSRF token (CSRF_PLACEHOLDER). Built by the topic view; read by the `post_article` template tag;
    `save()` after the page is rendered."""

    def __init__(self, request, topic, posts, cards, tools, can_report):
        user = request.user
        self.fragments = PostFragments(cards)
        answers = sorted((f"{receiver.__module__}.{receiver.__qualname__}", answer or {}) for receiver, answer in
                         signals.post_article_state.send(sender=type(topic), request=request, topic=topic, posts=posts))
        reader = (user.is_authenticated, sorted(tools), can_report, topic.pk, topic.slug, self.fragments.cards_state)
        scope = _scope()
        self.keys = {}
        for post in posts:
            state = (
                reader, self.fragments.made_of(post),
                post.state, post.state_reason, post.position, post.display_author_name,
                post.edited_at, post.edited_by.public_name if post.edited_by_id else None, post.edit_reason,
                permissions.can_edit(user, post, topic), permissions.can_delete_own(user, post, topic),
                [(name, answer.get(post.pk)) for name, answer in answers],
            )
            self.keys[post.pk] = f"frag:post:{scope}:{post.pk}:{_digest(state)}"
        self.found = cache.get_many(list(self.keys.values()))
        self.rendered = {}
        missing = [post for post in posts if self.keys[post.pk] not in self.found]
        if missing:
            self.fragments.fetch(missing)

    def html(self, post, context):
        key = self.keys.get(post.pk)
        if key is None:  # not one of the page's posts
            return render_article(post, context)
        if key not in self.found:
            self.found[key] = self.rendered[key] = render_article(post, context, for_cache=True)
        return with_reader_token(self.found[key], context)

    def save(self):
        rendered = {**self.fragments.rendered, **self.rendered}
        if rendered:
            cache.set_many(rendered, FRAGMENT_SECONDS)


def render_article(post, context, for_cache=False):
    """forum/_post.html for `post` in the page's context; with `for_cache`, its forms carry the placeholder token."""
    template = context.template.engine.get_template("forum/_post.html")
    values = {"post": post, "csrf_token": CSRF_PLACEHOLDER} if for_cache else {"post": post}
    with context.push(**values):
        return template.render(context)


def cached_part(context, name, state, draw):
    """A part of a page that is the same for every reader in the same `state` (plain values: everything it shows
    besides the language and the release), from the cache; `draw(context)` renders it on a miss, its forms carrying
    the placeholder token. The request's own token goes in on the way out."""
    key = f"frag:{name}:{_scope()}:{_digest(state)}"
    html = cache.get(key)
    if html is None:
        with context.push(csrf_token=CSRF_PLACEHOLDER):
            html = draw(context)
        cache.set(key, html, FRAGMENT_SECONDS)
    return with_reader_token(html, context)


def with_reader_token(html, context):
    """Cached HTML with the placeholder's forms given what {% csrf_token %} draws for this request."""
    return html.replace(_CSRF_INPUT, CsrfTokenNode().render(context)) if _CSRF_INPUT in html else html


def draw_alone(context, template_name, values):
    """What an inclusion tag draws: the template with only `values` (the page's autoescaping kept)."""
    return context.template.engine.get_template(template_name).render(context.new(values))


def _scope():
    return f"{RELEASE}:{get_language() or ''}:{timezone.get_current_timezone_name()}"


def render_part(part, post, cards):
    return render_to_string(f"forum/_post_{part}.html", {"post": post, "cards": cards})
