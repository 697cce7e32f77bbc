"""The rich-text pipeline. Every call to bleach lives here, so that bleach (whose 6.4.0 is its last release) can
be replaced in this one module. Content is sanitized once, when written; pages render the stored HTML.
"""

import html
import re
from functools import partial
from urllib.parse import parse_qs, urlsplit, urlunsplit

import bleach
import regex
from bleach import html5lib_shim
from bleach.html5lib_shim import Filter
from bleach.linkifier import LinkifyFilter
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from safety.text import has_visible

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


def _without_userinfo(url):
    """The URL without "user@" before its host: "https://bank.example@evil.example/" leads to evil.example."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if parts.scheme.lower() in ("http", "https") and "@" in parts.netloc:
        return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))
    return url


def _link_rel(attrs, new=False):
    href = attrs.get((None, "href"), "")
    clean = _without_userinfo(href)
    if clean != href:
        attrs[(None, "href")] = clean
        if attrs.get("_text") == href:
            attrs["_text"] = clean
        href = clean
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


class _LinearTreeWalker(html5lib_shim.getTreeWalker("etree")):
    """html5lib's etree walker, but each open element remembers its place among its siblings: the original finds
    it again with list.index() whenever it climbs back up, which makes 10,000 paragraphs cost 10,000² steps."""

    def getFirstChild(self, node):
        element, key, parents, flag = node if isinstance(node, tuple) else (node, None, [], None)
        if flag in ("text", "tail"):
            return None
        if element.text:
            return element, key, parents, "text"
        if len(element):
            parents.append((element, key))
            return element[0], 0, parents, None
        return None

    def getNextSibling(self, node):
        if not isinstance(node, tuple):
            return None
        element, key, parents, flag = node
        if flag == "text":
            if len(element):
                parents.append((element, key))
                return element[0], 0, parents, None
            return None
        if element.tail and flag != "tail":
            return element, key, parents, "tail"
        if key < len(parents[-1][0]) - 1:
            return parents[-1][0][key + 1], key + 1, parents, None
        return None

    def getParentNode(self, node):
        if not isinstance(node, tuple):
            return None
        element, key, parents, flag = node
        if flag == "text":
            return (element, key, parents, None) if parents else element
        parent, parent_key = parents.pop()
        return (parent, parent_key, parents, None) if parents else parent


def _cleaner(raw):
    """The bleach Cleaner for one text: the allowlist, then the markers rebuilt from the database (one query for
    members, only when the text mentions someone), then linkify."""
    members = _members({int(i) for i in _MENTION_IDS.findall(raw)})
    cleaner = bleach.Cleaner(
        tags=ALLOWED_TAGS, attributes=_allowed_attribute, protocols=ALLOWED_PROTOCOLS, strip=True,
        strip_comments=True, filters=[partial(_MarkerFilter, members=members), _LINKIFY],
    )
    cleaner.walker = _LinearTreeWalker
    return cleaner


_text_only = bleach.Cleaner(tags=set(), strip=True, strip_comments=True)


def text_to_html(text):
    """Plain text from a textarea: blank lines make paragraphs, single newlines make line breaks."""
    paragraphs = re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip())
    return "".join("<p>" + p.strip().replace("\n", "<br>") + "</p>" for p in paragraphs if p.strip())


# ---- Bounded cost: one linear pass before the sanitizer. ----
# html5lib's tree builder (inside bleach) scans the stack of open elements for many tags, so its cost grows with
# size × depth: 100,000 characters of "<ul><li>" cost minutes. This pass, linear in the input, hands bleach markup
# whose elements are balanced and at most MAX_NESTING deep, so bleach's cost is linear in size too. It tokenizes
# as HTML does (a "<" starts a tag only before a letter, "/", "!" or "?"; quoted attribute values may hold ">"),
# and escapes every "<" it does not keep as a tag, so that removing a tag can never join two halves into a new one.
MAX_NESTING = 32
_VOID_TAGS = frozenset({"br", "hr", "img"})
# Their whole content is dropped, not just the tags: their text is code or styling, never prose. The raw-text ones
# swallow the rest of the input when they are not closed, as in a browser; the others lose only their tag then.
_RAW_TEXT_TAGS = frozenset({"script", "style", "iframe", "noscript", "textarea", "title", "xmp", "noembed",
                            "noframes", "plaintext"})
_DROP_WITH_CONTENT_TAGS = _RAW_TEXT_TAGS | {"template", "object", "svg", "math"}
# Formatting elements that may carry no attribute: kept bare, so that html5lib's list of open formatting elements
# (which it rebuilds, element by element, after a block closes them) cannot grow with distinct attribute values.
_BARE_TAGS = frozenset({"b", "strong", "em", "i", "s", "u"})
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_TAG_NAME_END = re.compile(r"[\t\n\f\r /]|>")
_TAG_END = re.compile(r"""[>"'=]""")
_SPACES = re.compile(r"[\t\n\f\r ]*")


def _tag_end(raw, pos):
    """The index just past the ">" that closes the tag whose name ends at `pos`, or -1 (the input ends first).
    Quotes open an attribute value only right after "=", as in HTML."""
    while True:
        match = _TAG_END.search(raw, pos)
        if match is None:
            return -1
        if match[0] == ">":
            return match.end()
        if match[0] == "=":
            pos = _SPACES.match(raw, match.end()).end()
            if raw[pos:pos + 1] in ('"', "'"):
                close = raw.find(raw[pos], pos + 1)
                if close < 0:
                    return -1
                pos = close + 1
        else:
            pos = match.end()


def _flatten(raw):
    """(balanced markup for the sanitizer, True when elements nested deeper than MAX_NESTING were flattened).
    Tags the sanitizer would strip anyway are dropped here (their text kept), comments too; tags opened deeper
    than MAX_NESTING are dropped (their text kept); an end tag closes what is open inside its element, and one
    that closes nothing is dropped."""
    lower = raw.translate(_ASCII_LOWER)  # same length as raw, unlike str.lower()
    out, stack, too_deep = [], [], False
    next_close = {}  # name -> where its next end tag starts (-1: none left), so unclosed ones cost one search each

    def find_close(name, start):
        found = next_close.get(name)
        if found is None or (found != -1 and found < start):
            found = next_close[name] = lower.find("</" + name, start)
        return found

    pos = text_start = 0
    size = len(raw)
    while (pos := raw.find("<", pos)) >= 0:
        nxt = raw[pos + 1:pos + 2]
        closing = nxt == "/"
        first = raw[pos + 2:pos + 3] if closing else nxt
        if raw.startswith("<!--", pos):  # a comment ("<!-->" included): dropped
            end = raw.find("-->", pos + 2)
            end = size if end < 0 else end + 3
            name = None
        elif nxt in ("!", "?") or (closing and first and not (first.isascii() and first.isalpha())):
            end = raw.find(">", pos)  # a bogus comment, as HTML parses it: dropped
            end = size if end < 0 else end + 1
            name = None
        elif first.isascii() and first.isalpha():
            name_start = pos + 2 if closing else pos + 1
            name_end = _TAG_NAME_END.search(raw, name_start)
            name_end = size if name_end is None else name_end.start()
            name = lower[name_start:name_end]
            end = _tag_end(raw, name_end)
            if end < 0:
                break  # a tag cut off by the end of the input: left as text
        else:
            pos += 1  # "a < b": text
            continue
        out.append(raw[text_start:pos].replace("<", "&lt;"))
        tag, pos = raw[pos:end], end
        if name and not closing and name in _DROP_WITH_CONTENT_TAGS:
            close = find_close(name, end)
            after = -1 if close < 0 else _tag_end(raw, close + 2 + len(name))
            if after >= 0:
                pos = after
            elif name in _RAW_TEXT_TAGS:
                pos = size
        text_start = pos
        if name not in ALLOWED_TAGS:
            continue
        if closing:
            while name in stack:  # at most MAX_NESTING names to look through
                out.append(f"</{stack[-1]}>")
                if stack.pop() == name:
                    break
        elif name in _VOID_TAGS:
            out.append(tag)
        elif len(stack) >= MAX_NESTING:
            too_deep = True
        else:
            stack.append(name)
            out.append(f"<{name}>" if name in _BARE_TAGS else tag)
    out.append(raw[text_start:].replace("<", "&lt;"))
    out.extend(f"</{name}>" for name in reversed(stack))
    return "".join(out), too_deep


def too_deeply_nested(raw):
    """True when `raw` nests elements deeper than MAX_NESTING (forms refuse it with a clear error; the sanitizer
    flattens it)."""
    return _flatten((raw or "").replace("\x00", ""))[1]


def sanitize_html(raw):
    """Untrusted HTML (or plain text) in, HTML safe to store and render out, at a cost linear in its size."""
    raw = _flatten((raw or "").replace("\x00", ""))[0]
    if not _BLOCK_TAG.search(raw):
        raw = _flatten(text_to_html(raw))[0]  # its paragraphs may cut through an element: balanced again
    return SanitizedHTML(_cleaner(raw).clean(raw).strip())


class SanitizedHTML(str):
    """What sanitize_html returned: the services store it as it is instead of sanitizing it a second time."""


def ensure_sanitized(content):
    return content if isinstance(content, SanitizedHTML) else sanitize_html(content)


# ---- Emoji: the same count as the editor's (grapheme clusters holding an Extended_Pictographic). ----

MAX_EMOJI = 75
_GRAPHEME = regex.compile(r"\X")
_PICTOGRAPHIC = regex.compile(r"\p{Extended_Pictographic}")


def count_emoji(text):
    return sum(1 for cluster in _GRAPHEME.findall(text or "") if _PICTOGRAPHIC.search(cluster))


# ---- Display: markers become players or cards, from the allowlist, when the page is made. ----

_EMBED_MARKER = re.compile(r'<div class="embed" data-embed-url="([^"]*)">(.*?)</div>', re.DOTALL)


_VIDEO_PROVIDERS = {"youtube": "YouTube", "vimeo": "Vimeo"}


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
        provider = _VIDEO_PROVIDERS[found[0]]
        # The marker's link text is the video's title when whoever wrote it knew one (else it is the URL).
        text = html.unescape(re.sub(r"<[^>]*>", "", match[2])).strip()
        title = text if text and text != url else ""
        label = html.escape(_("Play video (%(provider)s): %(title)s") % {"provider": provider, "title": title or url})
        return (f'<div class="embed embed-video" data-embed-url="{match[1]}">'
                f'<button type="button" class="embed-play" data-embed-src="{player}" aria-label="{label}">'
                f'<span class="embed-play-icon" aria-hidden="true"></span>'
                f'<span class="embed-provider">{provider}</span>'
                f'<span class="embed-title">{html.escape(title or url)}</span></button>{match[2]}</div>')

    return _EMBED_MARKER.sub(expand, stored_html)


def plain_text(stored_html, limit=None):
    """The text of stored HTML, for excerpts, meta descriptions and search."""
    text = _text_only.clean(re.sub(r"<(br|/p|/li|/h[2-4]|/blockquote|/pre)\b[^>]*>", " ", stored_html or ""))
    text = " ".join(html.unescape(text).split())
    if limit and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def is_blank(stored_html):
    """True when sanitized HTML shows nothing: no visible text (zero-width spaces and the like are not), no image
    and no embed (a card's marker is empty when stored)."""
    return not has_visible(plain_text(stored_html)) and "<img" not in stored_html and 'class="embed"' not in stored_html


_QUOTE_OPEN = re.compile(r"<blockquote([^>]*)>")
_QUOTE_AUTHOR = re.compile(r'data-quote-author="([^"]*)"')
_QUOTE_POST = re.compile(r'data-quote-post="(\d+)"')


def _cite(match):
    author, post = _QUOTE_AUTHOR.search(match[1]), _QUOTE_POST.search(match[1])
    if not author:
        return match[0]
    # The quoted member's name isolated from the sentence's direction (as safety.text.isolate does).
    said = html.escape(_("%(name)s said:")).replace(
        "%(name)s", f"<bdi>{html.escape(html.unescape(author[1]))}</bdi>", 1)
    if post:
        said = f'<a href="/post/{post[1]}/">{said}</a>'
    return f'{match[0]}<p class="quote-citation">{said}</p>'


_IMG = re.compile(r"<img\b([^>]*)>")
_IMG_SRC = re.compile(r'\bsrc="([^"]*)"')
_IMG_ALT = re.compile(r'\balt="([^"]*)"')


def _media_hosts():
    """Where the board's own media are stored when not on the site itself (settings.AGORA_MEDIA_ORIGINS, which the
    Content-Security-Policy's img-src allows too)."""
    return {urlsplit(origin).hostname for origin in settings.AGORA_MEDIA_ORIGINS}


def render_external_images(stored_html):
    """An image from another host is not fetched when the page is read (which would tell that host who reads the
    topic): it is shown as a link the reader may follow. Images served by the board stay images."""
    if "<img" not in stored_html:
        return stored_html

    def swap(match):
        src = _IMG_SRC.search(match[1])
        url = html.unescape(src[1]) if src else ""
        host = (urlsplit(url).hostname or "") if url.lower().startswith(("http://", "https://")) else ""
        if not host or _own_host(host) or host in _media_hosts():
            return match[0]
        alt = _IMG_ALT.search(match[1])
        label = _("Image from %(host)s: %(description)s") % {"host": host, "description": html.unescape(alt[1])} \
            if alt and alt[1] else _("Image from %(host)s") % {"host": host}
        return (f'<a class="external-image" href="{html.escape(url)}" rel="{LINK_REL}">'
                f'<span aria-hidden="true">🖼</span> {html.escape(label)}</a>')

    return _IMG.sub(swap, stored_html)


def render_post_html(stored_html, cards=None):
    """What a page shows for a stored post (or signature): embeds their players or cards (`cards`, looked up once
    for the whole page by forum.queries.embed_cards for its reader), quotes their "name said:" line with a link back
    to the quoted post, images from other hosts a link (render_external_images). Pure string work on our own stored
    HTML (no query)."""
    return render_external_images(_QUOTE_OPEN.sub(_cite, render_embeds(stored_html or "", cards)))


# ---- Who a stored post speaks to: its mentions and quotes, as _MarkerFilter and the editor store them. ----

_STORED_MENTION = re.compile(r'<a [^>]*data-mention="(\d+)"')
_STORED_QUOTE = re.compile(r'<blockquote [^>]*data-quote-post="(\d+)"')


def mentioned_member_ids(stored_html):
    """The ids of the members a stored post mentions (each mention is a profile link carrying the member's id)."""
    return {int(i) for i in _STORED_MENTION.findall(stored_html or "")}


def quoted_post_ids(stored_html):
    """The ids of the posts a stored post quotes."""
    return {int(i) for i in _STORED_QUOTE.findall(stored_html or "")}
