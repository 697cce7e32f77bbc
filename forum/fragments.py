"""Per-post fragments of the topic page, cached: the parts that are the same for every reader (the author pane, the
post's date, its body, the signature), so that a page renders only what depends on who reads it (tools, reactions,
forms).

Each key is a digest of everything its fragment is made from (the post's stored HTML, the author's name, avatar, group
and counters, the page's embed cards, the language and time zone, the release), so an edit, a new avatar, a post count
that moved or a card that changed for this reader gives a new key at once, on every server: nothing has to be
invalidated, and stale entries simply expire. The page fetches all its fragments in one cache round trip (`get_many`) and stores the ones it
had to render in another (`set_many`)."""

import hashlib
from pathlib import Path

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language

FRAGMENT_SECONDS = 24 * 3600
_ROOT = Path(__file__).resolve().parent.parent
# What makes the fragments besides their data: a new release that changes it starts with new keys, not with a day
# of fragments in the old markup.
_MADE_BY = [*sorted((_ROOT / "templates" / "forum").glob("_post_*.html")), _ROOT / "forum" / "content.py",
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
    """The cached fragments of one page of posts, for one reader. Built by the topic view after the posts and the
    page's embed cards are known; read by the `post_fragment` template tag; `save()` after the page is rendered."""

    def __init__(self, posts, cards):
        self.cards = cards
        scope = f"{RELEASE}:{get_language() or ''}:{timezone.get_current_timezone_name()}"
        cards_state = _digest(sorted(cards.items())) if cards else ""
        self.keys = {}
        for post in posts:
            author = _author_state(post)
            signature = post.author.signature if post.author_id else ""
            self.keys[post.pk] = {
                "author": f"frag:author:{scope}:{post.pk}:{_digest(author)}",
                "date": f"frag:date:{scope}:{post.pk}:{post.created_at.timestamp()}",
                "body": f"frag:body:{scope}:{post.pk}:{_digest(post.content, cards_state)}",
                "signature": f"frag:sig:{scope}:{_digest(author, signature, cards_state)}" if signature else None,
            }
        self.found = cache.get_many([key for keys in self.keys.values() for key in keys.values() if key])
        self.rendered = {}

    def html(self, part, post):
        key = self.keys.get(post.pk, {}).get(part)
        if key is None:  # a post that is not in the page's list (a preview): rendered on its own
            return render_part(part, post, self.cards)
        if key not in self.found:
            self.found[key] = self.rendered[key] = render_part(part, post, self.cards)
        return self.found[key]

    def save(self):
        if self.rendered:
            cache.set_many(self.rendered, FRAGMENT_SECONDS)


def render_part(part, post, cards):
    return render_to_string(f"forum/_post_{part}.html", {"post": post, "cards": cards})
