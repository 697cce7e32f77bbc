"""Issue 10: an animated image is charged for every frame, before any pixel is decoded (editor uploads and avatars)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image, ImageFile

from attachments.models import Attachment


def animated(frames, size=(40, 40), kind="GIF"):
    images = [Image.new("RGB", size, (i * 7 % 256, 0, 0)) for i in range(frames)]
    out = io.BytesIO()
    images[0].save(out, kind, save_all=True, append_images=images[1:], duration=50, loop=0)
    return out.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def no_decoding(monkeypatch):
    """Decoding pixels fails: a refusal that arrives anyway was decided from the headers alone."""
    def refuse(self):
        raise AssertionError("pixels were decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", refuse)


@pytest.fixture
def upload(board):
    """Upload from the editor of a reply in `board` (attachments' upload endpoint)."""
    def send(client, data, name="a.gif"):
        return client.post(reverse("attachments:upload", args=[board.pk]),
                           {"file": SimpleUploadedFile(name, data, "image/gif")})
    return send


@pytest.mark.parametrize("kind", ["GIF", "WEBP", "PNG"])
def test_total_pixels_of_all_frames_are_budgeted_before_decoding(client, member, media, settings, no_decoding, kind,
                                                               upload):
    settings.AGORA_UPLOAD_MAX_TOTAL_PIXELS = 40 * 40 * 10
    client.force_login(member)
    response = upload(client, animated(12, kind=kind))
    assert response.status_code == 400
    assert "This animated image is too large: its 12 frames" in response.json()["error"]
    assert not Attachment.objects.exists()


def test_frame_count_is_limited(client, member, media, settings, no_decoding, upload):
    settings.AGORA_UPLOAD_MAX_FRAMES = 5
    client.force_login(member)
    response = upload(client, animated(8, size=(4, 4)))
    assert response.status_code == 400
    assert response.json()["error"] == "This animated image has too many frames: the limit is 5."


def test_one_large_frame_is_refused_with_its_size(client, member, media, settings, no_decoding, upload):
    settings.AGORA_UPLOAD_MAX_PIXELS = 1000
    client.force_login(member)
    response = upload(client, animated(1, size=(50, 40)))
    assert response.status_code == 400 and "too many pixels: 50 × 40" in response.json()["error"]


def test_an_animation_within_the_budget_is_kept_animated(client, member, media, upload):
    client.force_login(member)
    response = upload(client, animated(6))
    assert response.status_code == 201
    with Image.open(Attachment.objects.get().file.path) as image:
        assert image.n_frames == 6


def test_avatars_have_the_same_budget(client, member, media, monkeypatch, no_decoding):
    monkeypatch.setattr("accounts.avatars.MAX_TOTAL_PIXELS", 40 * 40 * 10)
    client.force_login(member)
    response = client.post(reverse("accounts:edit_profile"), {
        "display_name": "Kept", "signature": "",
        "avatar": SimpleUploadedFile("me.gif", animated(12), content_type="image/gif")})
    page = response.content.decode()
    assert response.status_code == 400 and "This animated image is too large" in page and 'value="Kept"' in page
    member.refresh_from_db()
    assert not member.avatar
