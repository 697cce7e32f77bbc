"""Member profiles: last seen, recent posts the viewer may see, display name, signature, avatar; name checks;
deleting one's account."""

from io import BytesIO

import pytest
from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from accounts.models import User
from accounts.names import name_refusal, skeleton
from forum import services
from forum.models import Post, Topic

from .budgets import TOPIC_PAGE_QUERIES


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def png_upload(name="me.png", size=(300, 200), kind="PNG"):
    data = BytesIO()
    Image.new("RGB", size, "red").save(data, kind)
    return SimpleUploadedFile(name, data.getvalue(), content_type=f"image/{kind.lower()}")


def edit(client, **data):
    return client.post(reverse("accounts:edit_profile"), {"display_name": "", "signature": "", **data})


def test_profile_shows_last_seen_and_only_posts_the_viewer_may_see(client, make_topic, member, make_member):
    visible = make_topic(title="Open topic")
    hidden = make_topic(title="Hidden topic")
    Topic.objects.filter(pk=hidden.pk).update(is_hidden=True)
    client.force_login(member)  # signing in sets "last seen"
    html = client.get(member.get_absolute_url()).content.decode()
    assert "Last seen" in html and "Not recently" not in html
    client.logout()
    html = client.get(member.get_absolute_url()).content.decode()
    assert visible.title in html and hidden.title not in html
    client.force_login(make_member("mod", group="Moderators"))
    assert hidden.title in client.get(member.get_absolute_url()).content.decode()


def test_member_sets_display_name_and_signature_shown_under_posts_without_extra_queries(
        client, member, make_topic, django_assert_max_num_queries):
    client.force_login(member)
    response = edit(client, display_name="李华 Li Hua",
                    signature='Regards <script>alert(1)</script><a href="javascript:x">link</a>')
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.display_name == "李华 Li Hua"
    assert "<script>" not in member.signature and "javascript:" not in member.signature
    topic = make_topic(posts=30)
    with django_assert_max_num_queries(TOPIC_PAGE_QUERIES["member"]):  # the topic page's ceiling
        html = client.get(topic.get_absolute_url()).content.decode()
    assert "李华 Li Hua" in html and html.count('class="signature"') == 25


def test_avatar_upload_is_checked_and_reencoded(client, member):
    client.force_login(member)
    assert edit(client, avatar=png_upload()).status_code == 302
    member.refresh_from_db()
    with Image.open(member.avatar.path) as image:
        assert image.size == (256, 256) and image.format == "PNG"
    html = client.get(member.get_absolute_url()).content.decode()
    assert f'src="{member.avatar.url}"' in html


@pytest.mark.parametrize("upload, message", [
    (SimpleUploadedFile("evil.png", b"<?php echo 1; ?>", content_type="image/png"), "not an image we can read"),
    (SimpleUploadedFile("big.png", b"0" * (2 * 1024 * 1024 + 1), content_type="image/png"), "too large"),
])
def test_bad_avatars_are_refused_with_a_message(client, member, upload, message):
    client.force_login(member)
    response = edit(client, avatar=upload, display_name="Kept")
    assert response.status_code == 400 and message in response.content.decode()
    assert 'value="Kept"' in response.content.decode()
    member.refresh_from_db()
    assert not member.avatar


def test_members_without_avatar_get_a_generated_one(client, member, make_topic):
    topic = make_topic()
    html = client.get(topic.get_absolute_url()).content.decode()
    assert '<svg class="avatar"' in html and ">M</text>" in html


@pytest.mark.parametrize("name", ["李华", "王小明", "José", "Nguyễn Văn An", "李华 Li", "Zoë"])
def test_unicode_names_are_welcome(name):
    assert name_refusal(name) is None


@pytest.mark.parametrize("name, message", [
    ("ad\u200bmin", "invisible characters"),
    ("abc\u202egpj.exe", "direction of the text"),
    ("\u3164", "invisible characters"),
    ("pаypal", "different alphabets"),  # Cyrillic а
    ("Zalgo\u0301\u0302\u0303", "too many accents"),
])
def test_hiding_and_impersonating_names_are_refused(name, message):
    assert message in name_refusal(name)


def test_signup_refuses_a_confusable_username_with_a_clear_message(client, make_member):
    make_member("alice")  # ("admin" is now refused as reserved for the board: tests/test_hostile_text.py)
    response = client.post("/accounts/signup/", {
        "username": "ａｌｉｃｅ", "email": "x@example.org", "password1": "a sturdy passphrase 42",
        "password2": "a sturdy passphrase 42", "accept_terms": "on"})
    assert "looks the same as another member" in response.content.decode()
    response = client.post("/accounts/signup/", {
        "username": "李华", "email": "li@example.org", "password1": "a sturdy passphrase 42",
        "password2": "a sturdy passphrase 42", "accept_terms": "on"})
    assert response.status_code == 302 and User.objects.filter(username="李华").exists()


def test_display_name_cannot_imitate_another_member(client, make_member, member):
    make_member("boardadmin", group="Administrators")
    client.force_login(member)
    response = edit(client, display_name="BoardAdmin")
    assert response.status_code == 400 and "looks the same as another member" in response.content.decode()
    response = edit(client, display_name="b\u200doardadmin")
    assert "invisible characters" in response.content.decode()
    assert skeleton("Bоard_Admin") == skeleton("boardadmin")  # Cyrillic о, underscore


def test_edit_profile_needs_sign_in(client):
    response = edit(client, display_name="x")
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_deleting_an_account_keeps_posts_under_a_former_member_name_and_removes_personal_data(
        client, member, make_topic, django_capture_on_commit_callbacks):
    topic = make_topic()
    services.reply(topic, member, "<p>My reply</p>", ip_address="203.0.113.9")
    client.force_login(member)
    edit(client, avatar=png_upload())
    member.refresh_from_db()
    avatar_path = member.avatar.path
    response = client.post(reverse("accounts:delete_account"), {"password": "wrong", "confirm": "on"})
    assert response.status_code == 400 and User.objects.filter(pk=member.pk).exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:delete_account"),
                               {"password": "correct horse battery", "confirm": "on"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=member.pk).exists()
    assert not EmailAddress.objects.filter(email="member@example.org").exists()
    posts = Post.objects.filter(topic=topic)
    assert posts.count() == 2 and {p.author_name for p in posts} == {"Former member"}
    assert not posts.filter(ip_address__isnull=False).exists()
    import os
    assert not os.path.exists(avatar_path)
    html = client.get(topic.get_absolute_url()).content.decode()
    assert "My reply" in html and "Former member" in html


def test_deleting_an_account_can_keep_the_username_on_posts(client, member, make_topic):
    topic = make_topic()
    client.force_login(member)
    client.post(reverse("accounts:delete_account"),
                {"password": "correct horse battery", "confirm": "on", "keep_name": "on"})
    assert Post.objects.get(topic=topic).author_name == "member"
    assert client.get(reverse("accounts:delete_account")).status_code == 302  # signed out
