"""The rich-text pipeline. Every call to bleach lives here, so that bleach (whose 6.4.0 is its last release) can
be replaced in this one module. Content is sanitized once, when written; pages render the stored HTML.
"""

import html
import re
from functools import partial

import bleach
from bleach.linkifier import LinkifyFilter

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
        return name in {"href", "title"}
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
            name == "data-embed-url" and value.startswith(("https://", "http://")))
    return False


def _link_rel(attrs, new=False):
    href = attrs.get((None, "href"), "")
    if href.lower().startswith(("http://", "https://")):
        attrs[(None, "rel")] = LINK_REL
    else:
        attrs.pop((None, "rel"), None)
    return attrs


_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=_allowed_attribute,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
    filters=[partial(LinkifyFilter, callbacks=[_link_rel], skip_tags={"pre", "code"}, parse_email=False)],
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
    return _cleaner.clean(raw).strip()


def plain_text(stored_html, limit=None):
    """The text of stored HTML, for excerpts, meta descriptions and search."""
    text = _text_only.clean(re.sub(r"<(br|/p|/li|/h[2-4]|/blockquote|/pre)\b[^>]*>", " ", stored_html or ""))
    text = " ".join(html.unescape(text).split())
    if limit and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def is_blank(stored_html):
    """True when sanitized HTML shows nothing: no text and no image."""
    return not plain_text(stored_html) and "<img" not in stored_html
