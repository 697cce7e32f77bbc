"""IPS post HTML -> the HTML Agora's editor makes, ready for forum.content.sanitize_html (which still decides what
is kept). What cannot be mapped is left as text or a plain link and counted in `problems`.

Agora's forms, from forum/content.py: quotes are <blockquote data-quote-author data-quote-post>, mentions
<span class="mention" data-type="mention" data-id>, embeds <div class="embed" data-embed-url>, code
<pre><code class="language-x">.
"""

import re
from collections import Counter
from urllib.parse import urlsplit

from bs4 import BeautifulSoup

from . import oldurls

# IPS's default emoticons (typed text) and the emoji a reader expects; any other emoticon keeps its typed text.
EMOTICON_EMOJI = {
    ":)": "🙂", ":-)": "🙂", ":(": "🙁", ":-(": "🙁", ";)": "😉", ":D": "😀", ":P": "😛", ":p": "😛",
    ":o": "😮", ":O": "😮", "8)": "😎", ":blink:": "😳", ":huh:": "🤔", ":wub:": "😍", ":unsure:": "😕",
    ":rolleyes:": "🙄", ":mellow:": "😐", ":angry:": "😠", ":lol:": "😆", ":wacko:": "🤪", ":ph34r:": "🥷",
    ":sleep:": "😴", ":wink:": "😉", ":cool:": "😎",
}

_LEGACY_QUOTE = re.compile(r"\[quote([^\]]*)\](.*?)\[/quote\]", re.IGNORECASE | re.DOTALL)
_LEGACY_ATTR = re.compile(r"(\w+)\s*=\s*(?:'([^']*)'|\"([^\"]*)\"|([^\s\]]+))")
_LEGACY_MEMBER = re.compile(r"\[member=['\"]?([^'\"\]]{1,150})['\"]?\]", re.IGNORECASE)
_LEGACY_ATTACHMENT = re.compile(r"\[attachment=(\d+):([^\]]*)\]", re.IGNORECASE)
_FILESTORE = re.compile(r"<fileStore\.(\w+)>")
# What makes a post worth parsing: IPS's own markup, links to the old board, embeds, code, media.
_NEEDS_PARSING = re.compile(r"<(?:img|iframe|pre|blockquote|a\b|video|audio|object|embed|script|style|form)|"
                            r"class=\S*ips|data-(?:ips|mention|fileid|emoticon|embed)", re.IGNORECASE)


class Context:
    """What the rewrite needs to know about the import so far. Subclassed by the importer; the look-ups return
    None for anything not (yet) imported."""

    def __init__(self, base_url, uploads_url=None):
        self.base_url = base_url.rstrip("/")
        self.uploads_url = (uploads_url or self.base_url + "/uploads").rstrip("/")
        self.problems = Counter()

    def member(self, old_id):  # -> (new id, name) or None
        return None

    def member_by_name(self, name):  # -> (new id, name) or None
        return None

    def post_id(self, old_pid):  # -> new post id or None
        return None

    def link(self, old_link):  # oldurls.OldLink -> Agora path or None
        return None

    def attachment(self, attach_id):  # -> (url, is_image, name) or None
        return None


def _escape_attr(value):
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def _legacy(raw, ctx):
    """IPB 3 leftovers in a board upgraded without rebuilding its posts."""
    if "[" not in raw and "<#" not in raw:
        return raw
    if "<#EMO_DIR#>" in raw:
        ctx.problems["IPB 3 emoticon paths"] += raw.count("<#EMO_DIR#>")
        raw = raw.replace("<#EMO_DIR#>", f"{ctx.uploads_url}/emoticons")

    def quote(match):
        attrs = {m[1].lower(): next(v for v in m.groups()[1:] if v is not None)
                 for m in _LEGACY_ATTR.finditer(match[1])}
        ctx.problems["IPB 3 quotes converted"] += 1
        extra = "".join(f' data-ipsquote-{key}="{_escape_attr(attrs[name])}"'
                        for name, key in (("name", "username"), ("post", "contentcommentid")) if attrs.get(name))
        return f"<blockquote class=\"ipsQuote\" data-ipsquote{extra}>{match[2]}</blockquote>"

    while True:  # innermost first, so nested quotes nest
        replaced = _LEGACY_QUOTE.sub(quote, raw)
        if replaced == raw:
            break
        raw = replaced
    raw = _LEGACY_MEMBER.sub(lambda m: f'<a data-mentionname="{_escape_attr(m[1])}">@{m[1]}</a>', raw)
    return _LEGACY_ATTACHMENT.sub(
        lambda m: f'<a class="ipsAttachLink" data-fileid="{m[1]}">{m[2] or m[1]}</a>', raw)


def _old_url(value, ctx):
    return value.replace("<___base_url___>", ctx.base_url)


def _internal(url, ctx):
    """An old board address -> its Agora path, or None."""
    if not url.startswith(ctx.base_url + "/") and url != ctx.base_url:
        return None
    parts = urlsplit(url[len(ctx.base_url):] or "/")
    found = oldurls.parse(parts.path, parts.query, parts.fragment)
    return ctx.link(found) if found else None


def _youtube_or_vimeo(src):
    """An embedded player's address -> the watch page Agora's embed allowlist knows, or None."""
    parts = urlsplit(src if "//" in src else "https:" + src)
    host = (parts.hostname or "").lower()
    if host.endswith(("youtube.com", "youtube-nocookie.com")) and parts.path.startswith("/embed/"):
        return "https://www.youtube.com/watch?v=" + parts.path.split("/")[2]
    if host == "player.vimeo.com" and parts.path.startswith("/video/"):
        return "https://vimeo.com/" + parts.path.split("/")[2]
    if host in ("www.youtube.com", "youtube.com", "youtu.be", "vimeo.com", "www.vimeo.com"):
        return src
    return None


def rewrite(raw, ctx):
    """IPS HTML -> Agora editor HTML (not yet sanitized)."""
    raw = _FILESTORE.sub(lambda m: ctx.uploads_url, _legacy(raw or "", ctx).replace("<___base_url___>", ctx.base_url))
    if not _NEEDS_PARSING.search(raw):
        return raw  # plain paragraphs and formatting: the sanitizer has nothing of IPS's to undo
    has = raw.__contains__
    soup = BeautifulSoup(raw, "html.parser")

    for img in soup.find_all("img", attrs={"data-emoticon": True}) if has("data-emoticon") else ():
        typed = (img.get("alt") or img.get("title") or "").strip()
        img.replace_with(EMOTICON_EMOJI.get(typed, typed))
    for span in soup.find_all("span", class_="ipsEmoji") if has("ipsEmoji") else ():
        span.unwrap()
    for tag in soup.find_all(["img", "iframe"]) if has("<img") or has("<iframe") else ():
        for lazy in ("data-src", "data-embed-src"):
            if tag.get(lazy):
                tag["src"] = tag[lazy]
        if tag.get("srcset"):
            del tag["srcset"]

    for quote in soup.find_all("blockquote") if has("<blockquote") else ():
        if not (quote.has_attr("data-ipsquote") or "ipsQuote" in (quote.get("class") or [])):
            continue
        for citation in quote.find_all("div", class_="ipsQuote_citation"):
            citation.decompose()
        for contents in quote.find_all("div", class_="ipsQuote_contents"):
            contents.unwrap()
        author = (quote.get("data-ipsquote-username") or "").strip()
        old_pid = quote.get("data-ipsquote-contentcommentid") or ""
        new_pid = ctx.post_id(int(old_pid)) if old_pid.isdigit() else None
        if old_pid and new_pid is None:
            ctx.problems["quotes of posts not imported"] += 1
        quote.attrs = {}
        if author:
            quote["data-quote-author"] = author
        if new_pid:
            quote["data-quote-post"] = str(new_pid)

    mentions = soup.find_all("a", attrs={"data-mentionid": True}) + soup.find_all(
        "a", attrs={"data-mentionname": True}) if has("data-mention") else []
    for link in mentions:
        if link.get("data-mentionid", "").isdigit():
            member = ctx.member(int(link["data-mentionid"]))
        else:
            member = ctx.member_by_name(link.get("data-mentionname", ""))
        if member is None:
            ctx.problems["mentions of members not imported"] += 1
            link.replace_with(link.get_text())
            continue
        new_id, name = member
        mention = soup.new_tag("span", attrs={"class": "mention", "data-type": "mention", "data-id": str(new_id),
                                              "data-label": name})
        mention.string = "@" + name
        link.replace_with(mention)

    if has("data-fileid"):
        _attachments(soup, ctx)
    if has("<iframe"):
        _embeds(soup, ctx)

    for spoiler in soup.find_all("div", class_="ipsSpoiler") if has("ipsSpoiler") else ():
        # Agora has no spoiler block yet: the text is shown, under a "Spoiler" line, and counted.
        ctx.problems["spoilers shown openly (no spoiler block in Agora yet)"] += 1
        header = spoiler.find("div", class_="ipsSpoiler_header")
        label = header.get_text(" ", strip=True) if header else ""
        if header:
            header.decompose()
        for contents in spoiler.find_all("div", class_="ipsSpoiler_contents"):
            contents.unwrap()
        spoiler.name, spoiler.attrs = "blockquote", {}
        title = soup.new_tag("p")
        strong = soup.new_tag("strong")
        strong.string = label or "Spoiler"
        title.append(strong)
        spoiler.insert(0, title)

    for pre in soup.find_all("pre") if has("<pre") else ():
        classes = pre.get("class") or []
        language = next((c[len("lang-"):] for c in classes if c.startswith("lang-")), "")
        code_text = pre.get_text()
        pre.clear()
        pre.attrs = {}
        code = soup.new_tag("code")
        if language and re.fullmatch(r"[A-Za-z0-9+#-]{1,30}", language):
            code["class"] = "language-" + language
        code.string = code_text
        pre.append(code)

    for link in soup.find_all("a", href=True) if has(ctx.base_url) else ():
        target = _internal(link["href"], ctx)
        if target:
            link["href"] = target
        elif link["href"].startswith(ctx.base_url) and "/interface/file/attachment.php" not in link["href"]:
            ctx.problems["links to the old board left as they were"] += 1

    dropped = ["video", "audio", "object", "embed", "script", "style", "form", "iframe"]
    for leftover in soup.find_all(dropped) if any(has("<" + name) for name in dropped) else ():
        ctx.problems[f"<{leftover.name}> elements dropped"] += 1
        leftover.decompose()
    return str(soup)


def _attachments(soup, ctx):
    for node in soup.find_all(attrs={"data-fileid": True}):
        if node.parent is None:  # replaced together with its image
            continue
        if node.name == "a" and node.find("img", attrs={"data-fileid": True}):
            continue  # an image attachment's link: the image below decides
        fileid = node.get("data-fileid", "")
        found = ctx.attachment(int(fileid)) if fileid.isdigit() else None
        if node.name == "img":
            holder = node.parent if node.parent is not None and node.parent.name == "a" else node
            src = found[0] if found else node.get("src", "")
            if not found:
                ctx.problems["attachments left at the old address"] += 1
            img = soup.new_tag("img", attrs={"src": src, "alt": node.get("alt") or (found[2] if found else "")})
            for size in ("width", "height"):
                if (node.get(size) or "").isdigit():
                    img[size] = node[size]
            holder.replace_with(img)
        elif node.name == "a":
            if found:
                node["href"] = found[0]
            else:
                node["href"] = node.get("href") or (
                    f"{ctx.base_url}/applications/core/interface/file/attachment.php?id={fileid}")
                ctx.problems["attachments left at the old address"] += 1
            node.attrs = {"href": node["href"]}


def _embeds(soup, ctx):
    for iframe in soup.find_all("iframe"):
        src = iframe.get("src", "")
        holder = iframe
        for ancestor in list(iframe.parents)[:2]:  # div.ipsEmbeddedVideo > div > iframe
            if ancestor.name == "div" and any(c.startswith("ipsEmbedded") for c in ancestor.get("class") or []):
                holder = ancestor
        target = None
        if iframe.has_attr("data-embedcontent"):
            target = _internal(src, ctx)
            if target is None:
                ctx.problems["embeds of content not imported"] += 1
        else:
            target = _youtube_or_vimeo(src)
            if target is None:
                ctx.problems["embeds shown as links (provider not on Agora's list)"] += 1
        if target:
            marker = soup.new_tag("div", attrs={"class": "embed", "data-embed-url": target})
        else:
            marker = soup.new_tag("p")
            link = soup.new_tag("a", href=src)
            link.string = src
            marker.append(link)
        holder.replace_with(marker)
    for div in soup.find_all("div", class_="ipsEmbeddedOther"):
        if div.find("iframe") is None and not div.get_text(strip=True):
            div.decompose()


def text_only(raw):
    """IPS HTML (a forum description) -> its text."""
    return BeautifulSoup(raw or "", "html.parser").get_text(" ", strip=True)

