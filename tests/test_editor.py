"""Server side of the post editor: the sanitizer against hostile input (a table and a property test), mentions,
embeds, quotes, the emoji limit, the body limits, one post per form, drafts and the member search (uploads: test_attachments.py)."""

import re
import uuid

import pytest
from django.contrib.auth.models import AnonymousUser
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

from editor.models import Draft
from forum.queries import embed_cards
from forum.content import count_emoji, render_post_html, sanitize_html
from forum.models import Post

# ---- hostile input: a broad table ----

HOSTILE = [
    "<script>alert(1)</script>", "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<img src=x onerror="alert(1)">', '<img src="x" ONERROR=alert(1)>', "<img/src=x/onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>', '<a href="  javascript:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>', '<a href="java\tscript:alert(1)">x</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>', '<img src="data:image/png;base64,iVBORw0KGgo=">',
    '<img src="vbscript:msgbox(1)">', '<p style="color:red">x</p>', "<style>*{display:none}</style>",
    '<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ"></iframe>', '<iframe srcdoc="<script>alert(1)</script>">',
    '<svg onload="alert(1)"><circle r=1 /></svg>', "<svg><a xlink:href='javascript:alert(1)'>x</a></svg>",
    "<math><maction actiontype='statusline' xlink:href='javascript:alert(1)'>x</maction></math>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">", "<template><script>alert(1)</script></template>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>", "<<script>script>alert(1)<</script>/script>",
    '<div data-embed-url="javascript:alert(1)">x</div>', '<div class="embed" data-embed-url="//evil.example/">x</div>',
    '<div data-embed-url="https://www.youtube.com/watch?v=dQw4w9WgXcQ"><iframe src="https://evil.example"></iframe>'
    "<script>alert(1)</script></div>",
    '<span data-type="mention" data-id="1" onclick="alert(1)">@x</span>',
    '<a class="mention" data-mention="1" href="javascript:alert(1)">@x</a>',
    '<blockquote data-quote-author="\\"><script>alert(1)</script>" data-quote-post="1 onmouseover=alert(1)">q</blockquote>',
    '<base href="https://evil.example/">', '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<link rel="stylesheet" href="https://evil.example/x.css">', '<object data="x.swf"></object>',
    '<embed src="x.swf">', '<form action="https://evil.example"><button>x</button></form>',
    '<input autofocus onfocus="alert(1)">', '<details open ontoggle="alert(1)">', '<video><source onerror="alert(1)">',
    '<body onload="alert(1)">', '<p id="content" class="admin">x</p>', '<a href="https://x.example" target="_blank">x</a>',
    '<img src="https://x.example/a.png" srcset="javascript:alert(1) 1x">', '<code class="language-x onclick">x</code>',
    "<!--><script>alert(1)</script>-->", "<![CDATA[<script>alert(1)</script>]]>", "\x00<script>alert(1)</script>",
]

ALLOWED = {"p", "br", "strong", "b", "em", "i", "s", "u", "code", "pre", "blockquote", "ul", "ol", "li", "a", "img",
           "h2", "h3", "h4", "hr", "span", "div"}
_TAG = re.compile(r"<(/?)([a-zA-Z][\w:-]*)([^>]*)>")
_BAD_ATTRIBUTE = re.compile(
    r"\s(on\w+|style|id|target|srcset|formaction|xlink:href)\s*="
    r"|=\s*[\"']?\s*(javascript|vbscript|data|blob):", re.IGNORECASE)


def assert_inert(output, allowed=ALLOWED):
    """No executable construct: every tag is on the allowlist, no tag has an event handler, style, id or a
    script URL, and no "<" is left unescaped outside a tag."""
    for closing, tag, attributes in _TAG.findall(output):
        assert tag.lower() in allowed, (tag, output)
        assert not _BAD_ATTRIBUTE.search(attributes), (attributes, output)
    assert "<" not in _TAG.sub("", output), output


# The one element the page adds on display: the click-to-load button of an allowlisted video host.
_OUR_PLAY_BUTTON = re.compile(
    r'<button type="button" class="embed-play" data-embed-src="https://(www\.youtube-nocookie\.com/embed/'
    r'|player\.vimeo\.com/video/)[\w-]+\?[\w=&;]*" aria-label="[^"<>]*"><span class="embed-play-icon" aria-hidden="true">'
    r'</span><span class="embed-provider">(YouTube|Vimeo)</span><span class="embed-title">[^<>]*</span></button>')


def assert_rendered_inert(stored):
    # The page adds <bdi> around the quoted member's name in a quote's "X said:" line.
    assert_inert(_OUR_PLAY_BUTTON.sub("", render_post_html(stored)), ALLOWED | {"bdi"})


@pytest.mark.django_db
@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_html_never_survives(payload):
    assert_inert(sanitize_html(payload))
    assert_rendered_inert(sanitize_html(payload))


_PIECES = st.sampled_from([
    "<", ">", "/", "=", '"', "'", " ", "script", "img", "a", "svg", "iframe", "div", "span", "style", "on",
    "onerror", "href", "src", "javascript:", "data:", "java\tscript:", "&#106;", "&lt;", "<!--", "-->", "<![CDATA[",
    "data-embed-url", "data-type", "mention", "data-id", "1", "class", "embed", "blockquote", "data-quote-author",
    "https://www.youtube.com/watch?v=dQw4w9WgXcQ", "alert(1)", "p", "\x00", "😀",
])


@pytest.mark.django_db
@hsettings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_PIECES | st.text(max_size=5), max_size=40).map("".join))
def test_no_sanitizer_output_is_executable(raw):
    output = sanitize_html(raw)
    assert_inert(output)
    assert_rendered_inert(output)
    assert_inert(sanitize_html(output))  # sanitizing again (an edit) stays inert too


# ---- what the editor produces is kept ----

@pytest.mark.django_db
def test_editor_output_is_kept():
    html = ('<h2>T</h2><p><strong>b</strong> <em>i</em> <s>s</s></p><ul><li><p>one</p></li></ul>'
            '<blockquote data-quote-author="alice" data-quote-post="3"><p>q</p></blockquote><hr>'
            '<img src="/media/attachments/2026/11/x.png" alt="x">')
    assert sanitize_html(html) == html


@pytest.mark.django_db
def test_mentions_are_verified_and_stored_as_profile_links(make_member):
    alice = make_member("alice")
    out = sanitize_html(f'<p>hi <span data-type="mention" data-id="{alice.pk}" data-label="x">@x</span> and '
                        '<span data-type="mention" data-id="999999" data-label="ghost">@ghost</span></p>')
    assert f'<a href="/profile/{alice.pk}-alice/" class="mention" data-mention="{alice.pk}">@alice</a>' in out
    assert "@ghost" in out and "999999" not in out
    alice.username = "alicia"
    alice.save()
    again = sanitize_html(out)  # an edit re-sanitizes: the mention follows the member's id
    assert f'href="/profile/{alice.pk}-alicia/"' in again and "@alicia" in again


@pytest.mark.django_db
def test_embeds_are_markers_from_an_allowlist(make_topic):
    topic = make_topic(posts=1, title="Cards work")
    out = sanitize_html('<div class="embed" data-embed-url="https://vimeo.com/76979871"><iframe></iframe></div>'
                        '<div class="embed" data-embed-url="https://evil.example/x">x</div>'
                        f'<div class="embed" data-embed-url="http://localhost:8000/topic/{topic.pk}-x/">y</div>')
    assert '<div class="embed" data-embed-url="https://vimeo.com/76979871">' in out and "<iframe" not in out
    assert '<p><a href="https://evil.example/x" rel="nofollow ugc noopener">https://evil.example/x</a></p>' in out
    # The card is not stored: only the marker, so hiding or moving the topic later changes every card at once.
    assert f'<div class="embed" data-embed-url="http://localhost:8000/topic/{topic.pk}-x/"></div>' in out
    assert "Cards work" not in out
    cards = embed_cards(AnonymousUser(), [out])
    shown = render_post_html(out, cards)
    assert 'data-embed-src="https://player.vimeo.com/video/76979871?dnt=1&amp;autoplay=1"' in shown
    assert "embed-card" in shown and "Cards work" in shown and "Post 1" in shown and "<iframe" not in shown


@pytest.mark.django_db
def test_quotes_show_who_said_it_with_a_link_back():
    shown = render_post_html(sanitize_html('<blockquote data-quote-author="a&lt;b" data-quote-post="7"><p>q</p>'
                                           "</blockquote>"))
    assert '<p class="quote-citation"><a href="/post/7/"><bdi>a&lt;b</bdi> said:</a></p>' in shown


def test_emoji_are_counted_as_grapheme_clusters():
    assert count_emoji("😀👍🏽👨‍👩‍👧") == 3
    assert count_emoji("plain text 123") == 0


# ---- posting: limits, errors that keep the text, one post per form ----

@pytest.fixture
def poster(client, member, make_topic):
    topic = make_topic(posts=1)
    client.force_login(member)
    return client, topic


def reply(client, topic, content, key=None):
    return client.post(f"/topic/{topic.pk}-{topic.slug}/reply/",
                       {"content": content, "submission_key": key or str(uuid.uuid4())})


@pytest.mark.parametrize("content, message", [
    ("", "Please write something before posting."),
    ("   \n\t  ", "Please write something before posting."),
    ("<p> </p><p><br></p>", "Please write something before posting."),
    ("<p>" + "😀" * 76 + " my words</p>", "Only 75 emoji are allowed. Your post has 76."),
])
def test_bad_bodies_get_a_form_error_and_keep_the_text(poster, content, message):
    client, topic = poster
    response = reply(client, topic, content)
    html = response.content.decode()
    assert response.status_code == 400 and message in html
    if "my words" in content:
        assert "my words" in html  # still in the textarea, where the editor picks it up
    assert Post.objects.filter(topic=topic).count() == 1


def test_too_long_body_is_refused_and_kept(poster, settings):
    settings.AGORA_POST_MAX_LENGTH = 50
    client, topic = poster
    response = reply(client, topic, "<p>" + "long words " * 10 + "</p>")
    assert response.status_code == 400 and "Your post is too long" in response.content.decode()
    assert "long words long words" in response.content.decode()


def test_75_emoji_are_fine(poster):
    client, topic = poster
    assert reply(client, topic, "<p>" + "😀" * 75 + "</p>").status_code == 302


def test_double_submit_makes_one_post(poster):
    client, topic = poster
    key = str(uuid.uuid4())
    first = reply(client, topic, "<p>once</p>", key)
    second = reply(client, topic, "<p>once</p>", key)
    assert first.status_code == second.status_code == 302 and first.url == second.url
    assert Post.objects.filter(topic=topic).count() == 2


def test_double_submit_of_a_new_topic_makes_one_topic(client, member, board):
    client.force_login(member)
    key = str(uuid.uuid4())
    data = {"title": "Once", "content": "<p>only once</p>", "submission_key": key}
    urls = {client.post(f"/forum/{board.pk}-{board.slug}/new/", data).url for _ in range(2)}
    assert len(urls) == 1 and board.topics.count() == 1


def test_post_redirect_finds_the_page(client, make_topic):
    topic = make_topic(posts=30)
    post = topic.posts.get(position=27)
    response = client.get(f"/post/{post.pk}/")
    assert response.status_code == 302 and response.url == post.get_absolute_url()


# ---- drafts ----

def test_drafts_are_saved_restored_and_cleared_by_posting(poster, member):
    client, topic = poster
    assert client.post("/editor/draft/", {"topic": topic.pk, "content": "<p>half</p>"}).status_code == 200
    assert client.post("/editor/draft/", {"topic": topic.pk, "content": "<p>half done</p>"}).status_code == 200
    assert Draft.objects.get(user=member, topic=topic).content == "<p>half done</p>"
    assert 'data-server-draft="&lt;p&gt;half done&lt;/p&gt;"' in client.get(topic.get_absolute_url()).content.decode()
    reply(client, topic, "<p>done</p>")
    assert not Draft.objects.filter(user=member).exists()


def test_new_topic_drafts_are_per_forum(client, member, board):
    client.force_login(member)
    client.post("/editor/draft/", {"forum": board.pk, "content": "<p>idea</p>"})
    assert 'data-server-draft="&lt;p&gt;idea&lt;/p&gt;"' in client.get(
        f"/forum/{board.pk}-{board.slug}/new/").content.decode()
    client.post("/editor/draft/", {"forum": board.pk, "content": ""})
    assert not Draft.objects.exists()


def test_guests_keep_no_server_drafts_and_csrf_is_checked(client, member, make_topic):
    from django.test import Client

    topic = make_topic(posts=1)
    assert client.post("/editor/draft/", {"topic": topic.pk, "content": "x"}).status_code == 403
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(member)
    assert strict.post("/editor/draft/", {"topic": topic.pk, "content": "x"}).status_code == 403
    assert not Draft.objects.exists()


# ---- member search ----

def test_member_search(client, make_member):
    make_member("alice")
    make_member("alfred")
    make_member("bob")
    make_member("aldo", is_active=False)
    assert client.get("/editor/members/?q=al").status_code == 403  # guests cannot list members
    client.force_login(make_member("carol"))
    labels = [r["label"] for r in client.get("/editor/members/?q=al").json()["results"]]
    assert labels == ["alfred", "alice"]


@pytest.mark.django_db
def test_the_video_placeholder_shows_the_provider_and_the_title_when_known():
    titled = render_post_html('<div class="embed" data-embed-url="https://vimeo.com/76979871">'
                              '<a href="https://vimeo.com/76979871">The New Vimeo Player</a></div>')
    assert '<span class="embed-provider">Vimeo</span><span class="embed-title">The New Vimeo Player</span>' in titled
    assert 'aria-label="Play video (Vimeo): The New Vimeo Player"' in titled
    url = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    bare = render_post_html(f'<div class="embed" data-embed-url="{url}"><a href="{url}">{url}</a></div>')
    assert f'<span class="embed-provider">YouTube</span><span class="embed-title">{url}</span>' in bare
