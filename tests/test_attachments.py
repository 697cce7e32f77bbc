"""Attachments: files checked by content and stored through the storage API, linked to the posts that show them,
removed with their posts or when never sent, within each group's quota, downloaded through the board with the
forum's "download" permission and the post's visibility, and counted without a write on GET."""

import io
import re
import zipfile
from datetime import timedelta
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from attachments.models import Attachment
from forum.models import Forum, ForumPermission, Post


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def jpeg(exif=True):
    image = Image.new("RGB", (4, 3), "red")
    out = io.BytesIO()
    if exif:
        tags = Image.Exif()
        tags[0x010F] = "SpyCam"  # Make
        image.save(out, "JPEG", exif=tags)
    else:
        image.save(out, "JPEG")
    return out.getvalue()


def zip_bytes():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("notes.txt", "hello")
    return out.getvalue()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    cache.clear()
    return tmp_path


def upload(client, forum, name, data, content_type="application/octet-stream"):
    return client.post(reverse("attachments:upload", kwargs={"forum": forum.pk}),
                       {"file": SimpleUploadedFile(name, data, content_type)})


def reply(client, topic, content):
    return client.post(reverse("forum:reply", kwargs={"pk": topic.pk, "slug": topic.slug}), {"content": content})


def stored(media, attachment):
    return media / attachment.file.name


def set_quota(member, **limits):
    group = member.primary_group
    for name, value in limits.items():
        setattr(group, f"attachment_{name}", value)
    group.save()


# ---- checked by content ----

def test_an_image_is_decoded_stripped_of_exif_and_stored(client, member, board, media):
    client.force_login(member)
    data = jpeg()
    assert b"SpyCam" in data
    response = upload(client, board, "holiday photo.jpg", data, "image/jpeg")
    assert response.status_code == 201
    attachment = Attachment.objects.get()
    body = response.json()
    assert body["url"] == attachment.get_absolute_url() and body["is_image"] is True
    assert attachment.user == member and attachment.posts.count() == 0
    kept = stored(media, attachment).read_bytes()
    assert b"SpyCam" not in kept and Image.open(io.BytesIO(kept)).size == (4, 3)
    assert attachment.original_name == "holiday_photo.jpg" and attachment.content_type == "image/jpeg"


@pytest.mark.parametrize("name, data, content_type", [
    ("report.pdf", PDF, "application/pdf"),
    ("bundle.zip", zip_bytes(), "application/zip"),
    ("notes.txt", "读我 read me\n".encode(), "text/plain; charset=utf-8"),
])
def test_pdfs_archives_and_text_are_accepted_by_their_content(client, member, board, name, data, content_type):
    client.force_login(member)
    response = upload(client, board, name, data)
    assert response.status_code == 201, response.json()
    attachment = Attachment.objects.get()
    assert attachment.content_type == content_type and attachment.size == len(data) and not attachment.is_image


@pytest.mark.parametrize("name, data, message", [
    ("invoice.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + bytes(range(256)), "cannot be attached"),  # an .exe
    ("paper.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>", "cannot be attached"),
    ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "cannot be attached"),
    ("fake.png", b"\x89PNG not really", "cannot be attached"),
    ("broken.zip", b"PK\x03\x04 not a zip at all", "cannot be attached"),
])
def test_what_is_not_an_allowed_kind_is_refused_whatever_its_name(client, member, board, name, data, message):
    client.force_login(member)
    response = upload(client, board, name, data, "application/pdf")
    assert response.status_code == 400 and message in response.json()["error"]
    assert not Attachment.objects.exists()


def test_kinds_follow_the_board_setting(client, member, board, settings):
    settings.AGORA_ATTACHMENT_TYPES = ["jpg", "png"]
    client.force_login(member)
    assert upload(client, board, "report.pdf", PDF).status_code == 400
    assert upload(client, board, "p.jpg", jpeg()).status_code == 201


def test_names_are_cleaned_and_carry_the_real_extension(client, member, board):
    client.force_login(member)
    upload(client, board, "../../etc/my notes?.pdf", "just text".encode())
    assert Attachment.objects.get().original_name == "my_notes.txt"


# ---- who may upload: the forum's permission grid ----

def test_upload_follows_the_groups_upload_column(client, member, board):
    other = Forum.objects.create(category=board.category, name="Uploads off")
    ForumPermission.objects.create(forum=other, group=member.primary_group, can_upload=False)
    client.force_login(member)
    response = upload(client, other, "r.pdf", PDF)
    assert response.status_code == 403 and "may not attach files in this forum" in response.json()["error"]
    assert upload(client, board, "r.pdf", PDF).status_code == 201
    assert Attachment.objects.count() == 1


def test_guests_may_not_upload_and_get_no_upload_button(client, board, make_topic):
    topic = make_topic()
    response = upload(client, board, "p.jpg", jpeg())
    assert response.status_code == 403 and not Attachment.objects.exists()
    assert "data-upload-url" not in client.get(topic.get_absolute_url()).content.decode()


def test_upload_needs_a_post(client, member, board):
    client.force_login(member)
    assert client.get(reverse("attachments:upload", kwargs={"forum": board.pk})).status_code == 405


# ---- quotas per member group ----

def test_total_quota_allows_exactly_the_limit_and_not_a_byte_more(client, member, board):
    set_quota(member, quota_bytes=20)
    client.force_login(member)
    assert upload(client, board, "a.txt", b"x" * 12).status_code == 201
    assert upload(client, board, "b.txt", b"y" * 8).status_code == 201  # 20 of 20
    response = upload(client, board, "c.txt", b"z")
    assert response.status_code == 400 and "past your upload quota" in response.json()["error"]
    assert response.json()["quota"] == "20 bytes of 20 bytes used"
    assert Attachment.objects.count() == 2


def test_per_file_limit_is_exact(client, member, board):
    set_quota(member, max_file_bytes=10)
    client.force_login(member)
    assert upload(client, board, "ok.txt", b"x" * 10).status_code == 201
    response = upload(client, board, "big.txt", b"x" * 11)
    assert response.status_code == 400 and "too large" in response.json()["error"]


def test_quotas_differ_by_group(client, make_member, board):
    member = make_member("plain")
    moderator = make_member("mod", group="Moderators")
    set_quota(member, quota_bytes=5)
    client.force_login(moderator)
    assert upload(client, board, "a.txt", b"x" * 6).status_code == 201
    client.force_login(member)
    assert upload(client, board, "a.txt", b"x" * 6).status_code == 400


def test_the_editor_shows_the_quota_line(client, member, make_topic):
    set_quota(member, quota_bytes=50 * 1024 * 1024)
    Attachment.objects.create(user=member, file="attachments/x.txt", original_name="x.txt",
                              content_type="text/plain", size=int(12.4 * 1024 * 1024))
    topic = make_topic()
    client.force_login(member)
    page = client.get(topic.get_absolute_url()).content.decode()
    assert f'data-upload-quota-url="{reverse("attachments:quota")}"' in page
    assert client.get(reverse("attachments:quota")).json() == {"quota": "12.4 MB of 50 MB used"}
    set_quota(member, quota_bytes=None)
    assert client.get(reverse("attachments:quota")).json() == {"quota": "12.4 MB used"}
    client.logout()
    assert client.get(reverse("attachments:quota")).status_code == 403


def test_files_per_post_limit_is_exact_and_keeps_the_text(client, member, make_topic):
    set_quota(member, max_files_per_post=2)
    topic = make_topic()
    client.force_login(member)
    urls = [upload(client, topic.forum, f"f{n}.txt", b"text %d" % n).json()["url"] for n in range(3)]
    links = "".join(f'<p><a href="{u}">f</a></p>' for u in urls)
    response = reply(client, topic, links)
    assert response.status_code == 403
    assert "at most 2 attached files" in response.content.decode()
    assert "f0.txt" not in response.content.decode() or urls[0] in response.content.decode()  # the text comes back
    assert topic.posts.count() == 1
    assert reply(client, topic, links.rsplit("<p>", 1)[0]).status_code == 302
    assert Post.objects.get(topic=topic, position=2).attachments.count() == 2


# ---- linking to posts ----

def test_a_reply_links_its_files_and_lists_them(client, member, make_topic):
    topic = make_topic()
    client.force_login(member)
    pdf = upload(client, topic.forum, "Report.pdf", PDF).json()
    image = upload(client, topic.forum, "dot.jpg", jpeg()).json()
    response = reply(client, topic, f'<p><a href="{pdf["url"]}">Report.pdf</a></p><p><img src="{image["url"]}"></p>')
    post = Post.objects.get(topic=topic, position=2)
    assert sorted(post.attachments.values_list("pk", flat=True)) == sorted([pdf["id"], image["id"]])
    page = client.get(response.url).content.decode()
    assert "<h4" in page and "Attachments</h4>" in page
    assert f'<a href="{pdf["url"]}" download>Report.pdf</a>' in page and "0 downloads" in page


def test_a_quote_does_not_copy_the_file_and_nobody_claims_anothers_upload(client, member, make_member, make_topic):
    topic = make_topic()
    client.force_login(member)
    url = upload(client, topic.forum, "r.pdf", PDF).json()["url"]
    reply(client, topic, f'<p><a href="{url}">r.pdf</a></p>')
    original = Post.objects.get(topic=topic, position=2)
    bob = make_member("bob")
    client.force_login(bob)
    reply(client, topic, f'<blockquote data-quote-post="{original.pk}"><p><a href="{url}">r.pdf</a></p></blockquote>'
                         f"<p>Thanks</p>")
    reply(client, topic, f'<p>mine now: <a href="{url}">r.pdf</a></p>')
    assert Post.objects.get(topic=topic, position=3).attachments.count() == 0
    assert Post.objects.get(topic=topic, position=4).attachments.count() == 0
    assert Attachment.objects.get().posts.get() == original


def test_an_edit_reuses_the_posts_files_adds_new_ones_and_drops_removed_ones(client, member, make_topic):
    topic = make_topic()
    client.force_login(member)
    first = upload(client, topic.forum, "a.pdf", PDF).json()["url"]
    reply(client, topic, f'<p><a href="{first}">a</a></p>')
    post = Post.objects.get(topic=topic, position=2)
    second = upload(client, topic.forum, "b.pdf", PDF).json()["url"]
    edit = reverse("moderation:edit_post", kwargs={"pk": post.pk})
    response = client.post(edit, {"content": f'<p><a href="{first}">a</a> and <a href="{second}">b</a></p>'})
    assert response.status_code == 302
    assert sorted(a.original_name for a in post.attachments.all()) == ["a.pdf", "b.pdf"]
    client.post(edit, {"content": f'<p><a href="{second}">b</a> only</p>'})
    assert [a.original_name for a in post.attachments.all()] == ["b.pdf"]
    assert Attachment.objects.count() == 2  # "a" waits for the daily clean-up, in case the edit is undone


def test_an_edit_over_the_files_per_post_limit_is_refused_with_the_text_kept(client, member, make_topic):
    set_quota(member, max_files_per_post=1)
    topic = make_topic()
    client.force_login(member)
    a, b = (upload(client, topic.forum, f"{n}.pdf", PDF).json()["url"] for n in "ab")
    reply(client, topic, f'<p><a href="{a}">a</a></p>')
    post = Post.objects.get(topic=topic, position=2)
    response = client.post(reverse("moderation:edit_post", kwargs={"pk": post.pk}),
                           {"content": f'<p><a href="{a}">a</a><a href="{b}">b</a> edited</p>'})
    assert response.status_code == 400 and "at most 1 attached files" in response.content.decode()
    post.refresh_from_db()
    assert "edited" not in post.content and post.attachments.count() == 1


# ---- clean-up ----

def test_uploads_for_a_reply_never_sent_go_after_a_day(client, member, make_topic, media,
                                                        django_capture_on_commit_callbacks):
    topic = make_topic()
    client.force_login(member)
    sent = upload(client, topic.forum, "sent.pdf", PDF).json()
    reply(client, topic, f'<p><a href="{sent["url"]}">sent</a></p>')
    upload(client, topic.forum, "old.pdf", PDF)
    upload(client, topic.forum, "fresh.pdf", PDF)
    Attachment.objects.exclude(original_name="fresh.pdf").update(created_at=timezone.now() - timedelta(hours=25))
    old = Attachment.objects.get(original_name="old.pdf")
    assert stored(media, old).exists()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("attachments_daily", stdout=StringIO())
    assert sorted(Attachment.objects.values_list("original_name", flat=True)) == ["fresh.pdf", "sent.pdf"]
    assert not stored(media, old).exists()


def test_files_of_a_post_purged_from_the_recycle_bin_go_with_it(client, member, make_topic, media,
                                                                 django_capture_on_commit_callbacks):
    topic = make_topic()
    client.force_login(member)
    mine = upload(client, topic.forum, "mine.pdf", PDF).json()["url"]
    shared = upload(client, topic.forum, "shared.pdf", PDF).json()["url"]
    reply(client, topic, f'<p><a href="{mine}">m</a><a href="{shared}">s</a></p>')
    reply(client, topic, f'<p><a href="{shared}">s again</a></p>')
    doomed = Post.objects.get(topic=topic, position=2)
    files = {a.original_name: stored(media, a) for a in Attachment.objects.all()}
    Post.objects.filter(pk=doomed.pk).update(state=Post.State.DELETED, deleted_at=timezone.now() - timedelta(days=40))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_recycle_bin", stdout=StringIO())
    assert list(Attachment.objects.values_list("original_name", flat=True)) == ["shared.pdf"]
    assert not files["mine.pdf"].exists() and files["shared.pdf"].exists()


def test_deleting_an_account_keeps_the_files_of_its_posts_and_drops_unsent_uploads(client, member, make_topic,
                                                                                   django_capture_on_commit_callbacks):
    from accounts.services import delete_account

    topic = make_topic()
    client.force_login(member)
    posted = upload(client, topic.forum, "posted.pdf", PDF).json()["url"]
    reply(client, topic, f'<p><a href="{posted}">p</a></p>')
    upload(client, topic.forum, "unsent.pdf", PDF)
    with django_capture_on_commit_callbacks(execute=True):
        delete_account(member)
    kept = Attachment.objects.get()
    assert kept.original_name == "posted.pdf" and kept.user is None and kept.posts.count() == 1


# ---- downloading: permission, visibility, headers, counts ----

@pytest.fixture
def posted_pdf(client, member, make_topic):
    """A visible reply by `member` carrying a PDF; returns (attachment, topic)."""
    topic = make_topic()
    client.force_login(member)
    url = upload(client, topic.forum, "Report.pdf", PDF).json()["url"]
    reply(client, topic, f'<p><a href="{url}">Report.pdf</a></p>')
    client.logout()
    return Attachment.objects.get(), topic


def test_another_member_downloads_the_pdf_as_an_attachment(client, make_member, posted_pdf):
    attachment, _topic = posted_pdf
    client.force_login(make_member("bob"))
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Report.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def test_images_show_inline_and_text_is_never_served_as_html(client, member, make_topic):
    topic = make_topic()
    client.force_login(member)
    image = upload(client, topic.forum, "dot.jpg", jpeg()).json()
    text = upload(client, topic.forum, "page.html", "hello <b>there</b>".encode()).json()
    reply(client, topic, f'<p><img src="{image["url"]}"><a href="{text["url"]}">t</a></p>')
    shown = client.get(image["url"])
    assert shown["Content-Type"] == "image/jpeg" and shown["Content-Disposition"].startswith("inline")
    served = client.get(text["url"])
    assert served["Content-Type"] == "text/plain; charset=utf-8"
    assert served["Content-Disposition"] == 'attachment; filename="page.txt"'


def test_a_file_in_a_staff_only_forum_is_a_404_like_a_missing_id(client, make_member, posted_pdf):
    attachment, topic = posted_pdf
    bob = make_member("bob")
    ForumPermission.objects.create(forum=topic.forum, group=bob.primary_group, can_see=False, can_read=False)
    ForumPermission.objects.create(forum=topic.forum, group=None, can_see=False, can_read=False)
    for who in (bob, None):
        client.logout()
        if who:
            client.force_login(who)
        missing_url = reverse("attachments:download", kwargs={"pk": attachment.pk + 999, "name": "Report.pdf"})
        hidden, missing = client.get(attachment.get_absolute_url()), client.get(missing_url)
        assert hidden.status_code == missing.status_code == 404
        # The same page, but for the address it was asked for (the language switch comes back to it) and the
        # masked CSRF token, which differs on every response.
        def same(response, url):
            return re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "", response.content.decode().replace(url, "URL"))
        assert same(hidden, attachment.get_absolute_url()) == same(missing, missing_url)


def test_a_file_of_a_hidden_post_or_an_unsent_upload_is_a_404_for_others(client, make_member, posted_pdf, member):
    attachment, topic = posted_pdf
    Post.objects.filter(attachments=attachment).update(state=Post.State.HIDDEN)
    client.force_login(make_member("bob"))
    assert client.get(attachment.get_absolute_url()).status_code == 404
    client.force_login(member)  # the uploader keeps their own file
    assert client.get(attachment.get_absolute_url()).status_code == 200
    client.force_login(member)
    unsent = upload(client, topic.forum, "draft.pdf", PDF).json()["url"]
    assert client.get(unsent).status_code == 200
    client.force_login(make_member("carol"))
    assert client.get(unsent).status_code == 404


def test_the_download_column_of_the_grid_is_asked(client, make_member, posted_pdf):
    attachment, topic = posted_pdf
    bob = make_member("bob")
    ForumPermission.objects.create(forum=topic.forum, group=bob.primary_group, can_download=False)
    client.force_login(bob)
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 403
    assert "may not download attachments in this forum" in response.content.decode()


def test_downloads_are_counted_in_the_cache_and_written_by_the_command(client, make_member, posted_pdf):
    attachment, topic = posted_pdf
    client.force_login(make_member("bob"))
    client.get(attachment.get_absolute_url())  # warm up: session, permissions
    with CaptureQueriesContext(connection) as queries:
        response = client.get(attachment.get_absolute_url())
        b"".join(response.streaming_content)
    writes = [q["sql"] for q in queries if not q["sql"].lstrip().upper().startswith(("SELECT", "SAVEPOINT",
                                                                                          "RELEASE"))]
    assert writes == []
    attachment.refresh_from_db()
    assert attachment.download_count == 0
    out = StringIO()
    call_command("attachment_downloads", stdout=out)
    assert "2 downloads written" in out.getvalue()
    attachment.refresh_from_db()
    assert attachment.download_count == 2
    call_command("attachment_downloads", stdout=out)  # nothing counted twice
    attachment.refresh_from_db()
    assert attachment.download_count == 2
    assert "2 downloads" in client.get(topic.get_absolute_url()).content.decode()


def test_topic_page_with_attachments_costs_at_most_one_query_more_whatever_their_number(client, member, make_topic):
    def queries_for(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    topic = make_topic(posts=3)
    client.force_login(member)
    bare = queries_for(topic.get_absolute_url())
    url = upload(client, topic.forum, "a.pdf", PDF).json()["url"]
    reply(client, topic, f'<p><a href="{url}">a</a></p>')
    one = queries_for(topic.get_absolute_url())
    for n in range(3):
        url = upload(client, topic.forum, f"{n}.pdf", PDF).json()["url"]
        reply(client, topic, f'<p><a href="{url}">{n}</a></p>')
    assert queries_for(topic.get_absolute_url()) == one <= bare + 1


# ---- administrators ----

def test_administrators_see_usage_per_member_and_remove_files(client, admin_user, member, board, media,
                                                              django_capture_on_commit_callbacks):
    client.force_login(member)
    upload(client, board, "a.txt", b"x" * 1536)
    attachment = Attachment.objects.get()
    client.force_login(admin_user)
    page = client.get(reverse("admin:attachments_attachment_usage")).content.decode()
    assert "member" in page and "1.5 KB" in page
    assert client.get(reverse("admin:attachments_attachment_changelist")
                      + f"?user__exact={member.pk}").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:attachments_attachment_delete", args=[attachment.pk]), {"post": "yes"})
    assert response.status_code == 302 and not Attachment.objects.exists()
    assert not stored(media, attachment).exists()
    client.force_login(member)
    assert client.get(reverse("admin:attachments_attachment_usage")).status_code == 302


def test_the_grid_has_upload_and_download_columns_that_apply(client, admin_user, make_member, posted_pdf):
    attachment, topic = posted_pdf
    url = reverse("moderation:forum_permissions", kwargs={"pk": topic.forum.pk})
    client.force_login(admin_user)
    page = client.get(url).content.decode()
    assert "Upload" in page and "Download" in page
    bob = make_member("bob")
    allowed = ("can_see", "can_read", "can_reply", "can_upload")  # download left unticked for members
    assert client.post(url, {f"{bob.primary_group_id}:{name}": "on" for name in allowed}).status_code == 302
    client.force_login(bob)
    assert client.get(attachment.get_absolute_url()).status_code == 403
    assert upload(client, topic.forum, "r.pdf", PDF).status_code == 201


def test_a_private_attachments_storage_is_chosen_when_configured(settings, tmp_path):
    """The storage is picked when the model loads (the process starts), from STORAGES["attachments"] if named."""
    from django.core.files.storage import storages

    from attachments.models import attachment_storage

    assert attachment_storage() is storages["default"]
    settings.STORAGES = {**settings.STORAGES, "attachments": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path / "private")}}}
    assert attachment_storage().location == str(tmp_path / "private")


def test_the_attachment_list_and_the_quota_line_in_simplified_chinese(client, member, make_topic):
    topic = make_topic()
    client.force_login(member)
    url = upload(client, topic.forum, "r.pdf", PDF).json()["url"]
    reply(client, topic, f'<p><a href="{url}">r</a></p>')
    page = client.get(topic.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="zh-Hans").content.decode()
    assert "附件</h4>" in page and "45 字节 · 0 次下载" in page
    quota = client.get(reverse("attachments:quota"), HTTP_ACCEPT_LANGUAGE="zh-Hans").json()["quota"]
    assert quota == "已使用 45 字节，共 50 MB"
