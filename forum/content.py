"""The rich-text pipeline. Every call to bleach lives here, so that bleach (whose 6.4.0 is its last release) can
be replaced in this one module. Content is sanitized once, when written; pages render the stored HTML.
"""

import html
import re
from functools import partial
from urllib.parse import parse_qs, urlsplit

import bleach
import regex
from bleach.html5lib_shim import Filter
from bleach.linkifier import LinkifyFilter
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

# What the editor produces and nothing more. Anything else is stripped (its text kept).
ALLOWED_TAGS = frozenset({
    "p", "br", "strong", "b", "em", "i", "s", "u", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "img", "h2", "h3", "h4", "hr", "span", "div",
})
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"

_DIGITS = re.compile(r"\d{1,9}")
_CODE_LANGUAGE = re.compile(r"language-[A-Za-z0-9+#-]{1,30}")
_BLOCK_TAG = re.compile(r"<\s*(p|div|ul|ol|li|h[1-6]|blockquote|pre|br|hr)\b", re.IGNORECASE)


def _allowed_attribute(tag, name, value):
    """Attribute allowlist; values are checked too, so a class or data- attribute can't smuggle in styling
    hooks or ids of our own."""
    if tag == "a":
        # class/data-mention only mark a mention; _MentionFilter rebuilds every mention from the member's id.
        return name in {"href", "title"} or (name == "class" and value == "mention") or (
            name == "data-mention" and bool(_DIGITS.fullmatch(value)))
    if tag == "img":
        return name in {"src", "alt", "title"} or (name in {"width", "height"} and bool(_DIGITS.fullmatch(value)))
    if tag == "ol":
        return name == "start" and bool(_DIGITS.fullmatch(value))
    if tag == "code":
        return name == "class" and bool(_CODE_LANGUAGE.fullmatch(value))
    if tag == "blockquote":
        return name == "data-quote-author" or (name == "data-quote-post" and bool(_DIGITS.fullmatch(value)))
    if tag == "span":
        return (name in {"class", "data-type"} and value == "mention") or (
            name == "data-id" and bool(_DIGITS.fullmatch(value))) or name == "data-label"
    if tag == "div":
        return (name == "class" and value == "embed") or (
            name == "data-embed-url" and _is_embed_candidate(value))
    return False


def _link_rel(attrs, new=False):
    href = attrs.get((None, "href"), "")
    if href.lower().startswith(("http://", "https://")):
        attrs[(None, "rel")] = LINK_REL
    else:
        attrs.pop((None, "rel"), None)
    return attrs


def _is_embed_candidate(url):
    return url.startswith(("https://", "http://")) or (url.startswith("/") and not url.startswith("//"))


# ---- Embeds: a marker <div class="embed" data-embed-url="..."> is all that is stored. ----

_YOUTUBE_ID = re.compile(r"[\w-]{11}")
_INTERNAL_TOPIC = re.compile(r"^/topic/(\d{1,18})(?:-[^/]*)?/(?:page/\d+/)?$")
_INTERNAL_COMMENT = re.compile(r"^/topic/\d{1,18}(?:-[^/]*)?/comment/(\d{1,18})/$")
_INTERNAL_POST = re.compile(r"^/post/(\d{1,18})/$")
_COMMENT_FRAGMENT = re.compile(r"^comment-(\d{1,18})$")


def _own_host(host):
    hosts = set(settings.ALLOWED_HOSTS) | {"localhost", "127.0.0.1", "testserver"}
    return "*" in hosts or host in hosts or any(h.startswith(".") and host.endswith(h) for h in hosts)


def classify_embed(url):
    """The allowlist of embeds: ("youtube", id), ("vimeo", id), ("topic", id), ("post", id) or None.
    Nothing else is ever embedded; the same decision is made when a post is written and when it is shown."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    if parts.scheme in ("http", "https"):
        if host in ("youtube.com", "www.youtube.com", "m.youtube.com"):
            if parts.path == "/watch":
                vid = (parse_qs(parts.query).get("v") or [""])[0]
            elif parts.path.startswith(("/shorts/", "/embed/")):
                vid = parts.path.split("/")[2]
            else:
                vid = ""
            return ("youtube", vid) if _YOUTUBE_ID.fullmatch(vid) else None
        if host == "youtu.be":
            vid = parts.path.strip("/")
            return ("youtube", vid) if _YOUTUBE_ID.fullmatch(vid) else None
        if host in ("vimeo.com", "www.vimeo.com"):
            vid = parts.path.strip("/")
            return ("vimeo", vid) if vid.isdigit() and len(vid) < 15 else None
        if not _own_host(host):
            return None
    elif parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    comment = _COMMENT_FRAGMENT.match(parts.fragment)
    match = _INTERNAL_POST.match(parts.path) or _INTERNAL_COMMENT.match(parts.path)
    if match:
        return ("post", int(match[1]))
    match = _INTERNAL_TOPIC.match(parts.path)
    if match:
        return ("post", int(comment[1])) if comment else ("topic", int(match[1]))
    return None


def video_player_url(kind, ident):
    """Privacy-friendly player hosts only; the iframe is made by the page's script when the reader clicks."""
    if kind == "youtube":
        return f"https://www.youtube-nocookie.com/embed/{ident}?autoplay=1"
    if kind == "vimeo":
        return f"https://player.vimeo.com/video/{ident}?dnt=1&autoplay=1"
    return None


def _members(ids):
    if not ids:
        return {}
    return {u.pk: u for u in get_user_model().objects.filter(pk__in=ids, is_active=True)}


def _attr(token, name):
    return (token.get("data") or {}).get((None, name))


class _MarkerFilter(Filter):
    """Runs after the sanitizer. Rebuilds every mention and embed marker from what the server knows:
    a mention of a member who exists becomes a link to their profile (by id, so it survives a rename), any other
    mention is left as its text; an embed whose URL is on the allowlist keeps its marker, empty (a card for one of
    this board's topics or posts is made when a page is shown, for its reader: render_post_html), any other becomes
    a plain link. Whatever the author put inside is dropped."""

    def __init__(self, source, members):
        super().__init__(source)
        self.members = members

    def _mention_or_embed(self, token):
        if token["type"] != "StartTag":
            return None
        if token["name"] == "span" and _attr(token, "data-type") == "mention":
            return "mention"
        if token["name"] == "a" and _attr(token, "data-mention"):
            return "mention"
        if token["name"] == "div" and _attr(token, "data-embed-url"):
            return "embed"
        return None

    def _skip_inner(self, stream, name):
        """Consume up to the matching end tag, returning the text inside."""
        depth, text = 1, []
        for token in stream:
            if token["type"] == "StartTag" and token["name"] == name:
                depth += 1
            elif token["type"] == "EndTag" and token["name"] == name:
                depth -= 1
                if not depth:
                    break
            elif token["type"] in ("Characters", "SpaceCharacters"):
                text.append(token["data"])
        return "".join(text)

    def __iter__(self):
        stream = iter(Filter.__iter__(self))
        for token in stream:
            kind = self._mention_or_embed(token)
            if kind is None:
                yield token
                continue
            if kind == "mention":
                ident = _attr(token, "data-id") or _attr(token, "data-mention") or ""
                inner = self._skip_inner(stream, token["name"])
                member = self.members.get(int(ident)) if ident.isdigit() else None
                if member is None:
                    yield {"type": "Characters", "data": inner}
                    continue
                yield {"type": "StartTag", "name": "a", "namespace": None, "data": {
                    (None, "href"): member.get_absolute_url(), (None, "class"): "mention",
                    (None, "data-mention"): str(member.pk)}}
                yield {"type": "Characters", "data": "@" + member.username}
                yield {"type": "EndTag", "name": "a", "namespace": None}
                continue
            url = _attr(token, "data-embed-url")
            self._skip_inner(stream, "div")
            found = classify_embed(url)
            link_attrs = {(None, "href"): url}
            if url.startswith("http"):
                link_attrs[(None, "rel")] = LINK_REL
            if found is None:
                yield {"type": "StartTag", "name": "p", "namespace": None, "data": {}}
                yield {"type": "StartTag", "name": "a", "namespace": None, "data": link_attrs}
                yield {"type": "Characters", "data": url}
                yield {"type": "EndTag", "name": "a", "namespace": None}
                yield {"type": "EndTag", "name": "p", "namespace": None}
                continue
            yield {"type": "StartTag", "name": "div", "namespace": None,
                   "data": {(None, "class"): "embed", (None, "data-embed-url"): url}}
            if found[0] not in ("topic", "post"):
                yield {"type": "StartTag", "name": "a", "namespace": None, "data": link_attrs}
                yield {"type": "Characters", "data": url}
                yield {"type": "EndTag", "name": "a", "namespace": None}
            yield {"type": "EndTag", "name": "div", "namespace": None}


_LINKIFY = partial(LinkifyFilter, callbacks=[_link_rel], skip_tags={"pre", "code"}, parse_email=False)
_MENTION_IDS = re.compile(r"data-(?:id|mention)\s*=\s*[\"']?(\d{1,9})")


def _cleaner(raw):
    """The bleach Cleaner for one text: the allowlist, then the markers rebuilt from the database (one query for
    members, only when the text mentions someone), then linkify."""
    members = _members({int(i) for i in _MENTION_IDS.findall(raw)})
    return bleach.Cleaner(
        tags=ALLOWED_TAGS, attributes=_allowed_attribute, protocols=ALLOWED_PROTOCOLS, strip=True,
        strip_comments=True, filters=[partial(_MarkerFilter, members=members), _LINKIFY],
    )
_text_only = bleach.Cleaner(tags=set(), strip=True, strip_comments=True)

# Elements whose whole content is dropped, not just the tags: their text is code or styling, never prose.
_DROP_WITH_CONTENT = re.compile(
    r"<(script|style|template|iframe|object|embed|svg|math|noscript|textarea|title)\b.*?</\1\s*>",
    re.IGNORECASE | re.DOTALL,
)


def text_to_html(text):
    """Plain text from a textarea: blank lines make paragraphs, single newlines make line breaks."""
    paragraphs = re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip())
    return "".join("<p>" + p.strip().replace("\n", "<br>") + "</p>" for p in paragraphs if p.strip())


def sanitize_html(raw):
    """Untrusted HTML (or plain text) in, HTML safe to store and render out."""
    raw = (raw or "").replace("\x00", "")
    while True:  # again until stable, so that removing one element cannot splice the halves of another
        shorter = _DROP_WITH_CONTENT.sub("", raw)
        if shorter == raw:
            break
        raw = shorter
    if not _BLOCK_TAG.search(raw):
        raw = text_to_html(raw)
    return _cleaner(raw).clean(raw).strip()


# ---- Emoji: the same count as the editor's (grapheme clusters holding an Extended_Pictographic). ----

MAX_EMOJI = 75
_GRAPHEME = regex.compile(r"\X")
_PICTOGRAPHIC = regex.compile(r"\p{Extended_Pictographic}")


def count_emoji(text):
    return sum(1 for cluster in _GRAPHEME.findall(text or "") if _PICTOGRAPHIC.search(cluster))


# ---- Display: markers become players or cards, from the allowlist, when the page is made. ----

_EMBED_MARKER = re.compile(r'<div class="embed" data-embed-url="([^"]*)">(.*?)</div>', re.DOTALL)


def internal_embeds(stored_html):
    """{("topic"|"post", id)} that stored HTML embeds: what forum.queries.embed_cards looks up for a page."""
    if 'class="embed"' not in (stored_html or ""):
        return set()
    found = (classify_embed(html.unescape(match[1])) for match in _EMBED_MARKER.finditer(stored_html))
    return {ref for ref in found if ref and ref[0] in ("topic", "post")}


def _card_html(marker_url, card):
    """A card for one of this board's topics or posts, from what its reader may see (forum.queries.embed_cards)."""
    card_url, title, author, excerpt = (html.escape(part) for part in card)
    quote_author = f' data-quote-author="{author}"' if author else ""
    return (f'<div class="embed embed-card" data-embed-url="{marker_url}"><a href="{card_url}">{title}</a>'
            f'<blockquote{quote_author}><p>{excerpt}</p></blockquote></div>')


def render_embeds(stored_html, cards=None):
    """Stored HTML -> HTML for the page. A video marker gets a button that loads the player (from a privacy-friendly
    host) only when clicked; an internal link becomes a card from `cards` (what this reader may see), or a plain
    link when there is none, exactly as for a missing id. No query, no bleach: the input is our own."""
    if 'class="embed"' not in stored_html:
        return stored_html

    def expand(match):
        url = html.unescape(match[1])
        found = classify_embed(url)
        if not found:
            return match[0]
        if found[0] in ("topic", "post"):
            card = (cards or {}).get(found)
            if card is None:
                return f'<p><a href="{match[1]}">{match[1]}</a></p>'
            return _card_html(match[1], card)
        player = html.escape(video_player_url(*found))
        label = html.escape(_("Play video: %(url)s") % {"url": url})
        return (f'<div class="embed embed-video" data-embed-url="{match[1]}">'
                f'<button type="button" class="embed-play" data-embed-src="{player}" aria-label="{label}">'
                f'<span aria-hidden="true">▶</span></button>{match[2]}</div>')

    return _EMBED_MARKER.sub(expand, stored_html)


def plain_text(stored_html, limit=None):
    """The text of stored HTML, for excerpts, meta descriptions and search."""
    text = _text_only.clean(re.sub(r"<(br|/p|/li|/h[2-4]|/blockquote|/pre)\b[^>]*>", " ", stored_html or ""))
    text = " ".join(html.unescape(text).split())
    if limit and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def is_blank(stored_html):
    """True when sanitized HTML shows nothing: no text, no image and no embed (a card's marker is empty when stored)."""
    return not plain_text(stored_html) and "<img" not in stored_html and 'class="embed"' not in stored_html


_QUOTE_OPEN = re.compile(r"<blockquote([^>]*)>")
_QUOTE_AUTHOR = re.compile(r'data-quote-author="([^"]*)"')
_QUOTE_POST = re.compile(r'data-quote-post="(\d+)"')


def _cite(match):
    author, post = _QUOTE_AUTHOR.search(match[1]), _QUOTE_POST.search(match[1])
    if not author:
        return match[0]
    said = html.escape(_("%(name)s said:") % {"name": html.unescape(author[1])})
    if post:
        said = f'<a href="/post/{post[1]}/">{said}</a>'
    return f'{match[0]}<p class="quote-citation">{said}</p>'


def render_post_html(stored_html, cards=None):
    """What a page shows for a stored post (or signature): embeds their players or cards (`cards`, looked up once
    for the whole page by forum.queries.embed_cards for its reader), quotes their "name said:" line with a link back
    to the quoted post. Pure string work on our own stored HTML (no query)."""
    return _QUOTE_OPEN.sub(_cite, render_embeds(stored_html or "", cards))
