"""The addresses an Invision Community board handed out, read back into (kind, old id, old slug, old post id).

With friendly URLs:     /topic/15-some-title/  /topic/15-some-title/page/2/  ?do=findComment&comment=100
                        /forum/3-off-topic/     /profile/5-bob/
Without them:           /index.php?/topic/15-some-title/&do=findComment&comment=100
IPB 3's query forms:    /index.php?showtopic=15  ?showtopic=15&view=findpost&p=100  ?showforum=3  ?showuser=5
"""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote

_PATH = re.compile(r"^/?(topic|forum|profile)/(\d{1,18})(?:-([^/?&#]*))?(?:/|$)")
_IPB3 = {"showtopic": "topic", "showforum": "forum", "showuser": "profile"}


@dataclass(frozen=True)
class OldLink:
    kind: str  # "topic", "forum" or "profile"
    old_id: int
    slug: str = ""
    comment: int | None = None  # an IPS post id (findComment, embedComment, findpost or #comment-N)


def _int(value):
    return int(value) if value and value.isdigit() and len(value) <= 18 else None


def parse(path, query="", fragment=""):
    """`path` relative to the old board's root ("topic/15-x/", "/index.php"), its query string and fragment;
    None when this is no IPS content address."""
    path = unquote(path or "")
    query = query or ""
    if path.strip("/").endswith("index.php") or path.strip("/") == "":
        # Without friendly URLs the path travels in the query string, before the first "&".
        first, _sep, rest = query.partition("&")
        if first.startswith("/"):
            path, query = unquote(first), rest
        else:
            params = parse_qs(query)
            for name, kind in _IPB3.items():
                old_id = _int((params.get(name) or [""])[0])
                if old_id:
                    comment = _int((params.get("p") or [""])[0]) if kind == "topic" else None
                    return OldLink(kind, old_id, "", comment)
            return None
    match = _PATH.match(path)
    if not match:
        return None
    params = parse_qs(query)
    comment = None
    if match[1] == "topic":
        if (params.get("do") or [""])[0] == "findComment":
            comment = _int((params.get("comment") or [""])[0])
        elif (params.get("do") or [""])[0] == "embed":
            comment = _int((params.get("embedComment") or [""])[0])
        if comment is None and fragment.startswith("comment-"):
            comment = _int(fragment[len("comment-"):])
    return OldLink(match[1], int(match[2]), (match[3] or "").lower(), comment)


def is_friendly(path):
    """A friendly-URL path (/topic/<id>-<slug>/...): the shape Agora's own addresses have too."""
    return bool(_PATH.match(unquote(path or "")))


def ips_slug(text):
    """IPS's own slug of a title, for rows that lack one: tags dropped, lower case, spaces to "-", ASCII
    punctuation removed, other letters (Chinese, accented) kept."""
    text = re.sub(r"<[^>]*>", "", text or "").lower()
    text = re.sub(r"[!-,./:-@\[-`{-~]", "", text)
    return re.sub(r"\s+", "-", text.strip())
