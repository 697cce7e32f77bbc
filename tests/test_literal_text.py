"""Without JavaScript, what is typed in the plain textarea is text: `x<y and y>z` keeps every character."""

import pytest
from django.urls import reverse

from forum.models import Post


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def reply_url(topic):
    return reverse("forum:reply", kwargs={"pk": topic.pk, "slug": topic.slug})


def test_the_reply_box_says_it_sends_text_until_the_editor_takes_over(client, make_topic, member):
    client.force_login(member)
    html = client.get(make_topic().get_absolute_url()).content.decode()
    assert '<input type="hidden" name="content_format" value="text" data-content-format>' in html


def test_text_from_the_plain_textarea_is_kept_literally(client, make_topic, member):
    topic = make_topic()
    client.force_login(member)
    text = "x<y and y>z, <b>not bold</b> & more\nsecond line\n\nnext paragraph"
    response = client.post(reply_url(topic), {"content": text, "content_format": "text"})
    assert response.status_code == 302
    post = Post.objects.get(topic=topic, position=2)
    assert post.content == ("<p>x&lt;y and y&gt;z, &lt;b&gt;not bold&lt;/b&gt; &amp; more<br>second line</p>"
                            "<p>next paragraph</p>")
    page = client.get(topic.get_absolute_url()).content.decode()
    assert "x&lt;y and y&gt;z, &lt;b&gt;not bold&lt;/b&gt;" in page


def test_html_marked_by_the_editor_is_html(client, make_topic, member):
    topic = make_topic()
    client.force_login(member)
    client.post(reply_url(topic), {"content": "<p><strong>bold</strong></p>", "content_format": "html"})
    assert Post.objects.get(topic=topic, position=2).content == "<p><strong>bold</strong></p>"


def test_a_refused_text_reply_comes_back_as_the_text_typed(client, make_topic, member):
    topic = make_topic()
    client.force_login(member)
    text = "a<b " + "😀" * 80
    response = client.post(reply_url(topic), {"content": text, "content_format": "text"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "a&lt;b " in html and 'name="content_format" value="text"' in html


def test_the_edit_form_sends_the_stored_html_as_html(client, make_topic, member):
    topic = make_topic()
    client.force_login(member)
    post = topic.posts.get()
    html = client.get(reverse("moderation:edit_post", kwargs={"pk": post.pk})).content.decode()
    assert 'name="content_format" value="html"' in html
