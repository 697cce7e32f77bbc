"""Issue 10: input that no page can read gives the 400 page on every endpoint, never a 500. The endpoints are found
by walking the URL conf, so a new page is covered without being listed here."""

import re

import pytest
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from safety.params import parse_id

SAMPLES = {"slug": "x", "page": "2", "action": "lock", "token": "abc", "key": "abc", "code": "abc",
           "uidb36": "1", "provider": "x", "url": "x", "app_label": "forum", "model_name": "topic",
           "object_id": "1", "content_type_id": "1", "lang": "en"}


def _group_names(pattern):
    regex = pattern.pattern.regex
    return list(regex.groupindex)


def walk(patterns=None, namespace="", inherited=()):
    """(url name, names of its parameters) for every named pattern of the URL conf."""
    patterns = get_resolver().url_patterns if patterns is None else patterns
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry.url_patterns, ns, inherited + tuple(_group_names(entry)))
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", inherited + tuple(_group_names(entry))


def endpoint_urls(ids):
    """One concrete address per endpoint, with ids of rows that exist (`ids`: parameter name -> id)."""
    urls, unreachable = {}, []
    for name, params in walk():
        values = {p: str(ids.get(p, SAMPLES.get(p, "1"))) for p in params}
        for kwargs in (values, {k: v for k, v in values.items() if k != "slug"}):
            try:
                urls.setdefault(reverse(name, kwargs=kwargs), name)
                break
            except NoReverseMatch:
                continue
        else:
            unreachable.append(name)
    return urls, unreachable


@pytest.fixture
def every_endpoint(make_topic, member):
    topic = make_topic(posts=2)
    post = topic.posts.get(position=2)
    urls, unreachable = endpoint_urls({"pk": topic.pk, "post_id": post.pk})
    assert len(urls) > 80 and len(unreachable) < 5, unreachable
    return sorted(urls)


BAD_QUERIES = ["page=1%00", "q%00=1", "q=%FF%FE", "next=%ED%A0%80"]


def test_nul_and_invalid_utf8_in_a_query_string_give_400_everywhere(client, member, every_endpoint):
    client.force_login(member)
    for url in every_endpoint:
        for query in BAD_QUERIES:
            response = client.get(f"{url}?{query}")
            assert response.status_code == 400, (url, query, response.status_code)
    assert "Bad request" in response.content.decode()


def test_nul_and_invalid_utf8_in_a_form_give_400_everywhere(client, member, every_endpoint):
    client.force_login(member)
    for url in every_endpoint:
        for body in (b"content=a%00b&topic=1", b"content=\xff\xfe"):
            response = client.post(url, body, content_type="application/x-www-form-urlencoded")
            assert response.status_code == 400, (url, body, response.status_code)
        response = client.post(url, {"content": "a\x00b", "forum": "1"})  # multipart, as a file upload form sends
        assert response.status_code == 400, (url, "multipart", response.status_code)


def _multipart(name=b"content", value=b"hello", filename=None):
    """A multipart body written byte by byte (the test client would encode every string as UTF-8)."""
    disposition = b'form-data; name="' + name + b'"' + (b'; filename="' + filename + b'"' if filename else b"")
    return (b"--BOUNDARY\r\nContent-Disposition: " + disposition + b"\r\n"
            + (b"Content-Type: text/plain\r\n" if filename else b"") + b"\r\n" + value
            + b"\r\n--BOUNDARY\r\nContent-Disposition: form-data; name=\"forum\"\r\n\r\n1\r\n--BOUNDARY--\r\n")


def test_invalid_utf8_inside_a_multipart_form_field_gives_400_everywhere(client, member, every_endpoint):
    """Like the urlencoded case: bytes that are not UTF-8 in a field are refused, not turned into U+FFFD. (A part
    whose headers, its field or file name, are not UTF-8 is dropped by Django's parser before any view: the form
    then misses that field, which is never a 500.)"""
    client.force_login(member)
    bad_value = _multipart(value=b"caf\xe9 \xff\xfe")
    bad_headers = [_multipart(name=b"c\xffntent"), _multipart(name=b"file", value=b"x", filename=b"r\xe9sum\xe9.txt")]
    for url in every_endpoint:
        response = client.post(url, bad_value, content_type="multipart/form-data; boundary=BOUNDARY")
        assert response.status_code == 400, (url, response.status_code)
        assert "Bad request" in response.content.decode()
        for body in bad_headers:
            response = client.post(url, body, content_type="multipart/form-data; boundary=BOUNDARY")
            assert response.status_code < 500, (url, body, response.status_code)


def test_a_multipart_form_in_good_utf8_still_reads_the_same(client, member, make_topic):
    """U+FFFD typed on purpose, Chinese and emoji arrive as written: only bytes that are not UTF-8 are refused."""
    from forum.models import Post

    topic = make_topic(posts=1)
    client.force_login(member)
    words = "替换字符 \ufffd and 🙂"
    body = _multipart(value=f"<p>{words}</p>".encode())
    response = client.post(reverse("forum:reply", kwargs={"pk": topic.pk, "slug": topic.slug}),
                           body, content_type="multipart/form-data; boundary=BOUNDARY")
    assert response.status_code == 302
    assert Post.objects.get(topic=topic, position=2).content == f"<p>{words}</p>"


NON_ASCII_DIGITS = ["²", "٣"]
ID_PARAMS = ["page", "topic", "forum", "post", "pk", "id", "value", "q", "actor", "action", "group", "target"]


@pytest.mark.parametrize("digits", NON_ASCII_DIGITS)
def test_non_ascii_digits_in_ids_never_give_a_500(client, member, every_endpoint, digits):
    """Ids in the path are [0-9] only (404 otherwise); ids in queries and forms go through safety.params.parse_id."""
    client.force_login(member)
    params = {name: digits for name in ID_PARAMS}
    for url in every_endpoint:
        assert client.get(url, params).status_code < 500, url
        assert client.post(url, params).status_code < 500, url
        path_with_digits = re.sub(r"/[0-9]+(?=[-/])", f"/{digits}", url, count=1)
        if path_with_digits != url and not url.startswith(("/admin/", "/accounts/")):  # the board's own pages
            assert client.get(path_with_digits).status_code == 404, path_with_digits


def test_the_draft_endpoint_refuses_non_ascii_ids(client, member, make_topic):
    make_topic(posts=1)
    client.force_login(member)
    response = client.post("/editor/draft/", {"topic": "²", "content": "<p>x</p>"})
    assert response.status_code == 400 and "Say which topic" in response.json()["error"]


@pytest.mark.parametrize("value, expected", [
    ("12", 12), ("0", 0), (7, 7), ("²", None), ("٣", None), ("１", None), ("-1", None), ("1e3", None),
    (" 1", None), ("1\n", None), ("", None), (None, None), ("9" * 19, None), (True, None),
])
def test_ids_are_ascii_digits_only(value, expected):
    assert parse_id(value) == expected
