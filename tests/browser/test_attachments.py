"""Attachments in a real browser: a member attaches a PDF and an image to a reply, sees them listed with the quota
line, posts, and another member downloads the PDF."""

import base64
import os

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")
# AGORA_SCREENSHOTS=/some/folder keeps pictures of the editor and the posted reply, to look at by hand.
SCREENSHOTS = os.environ.get("AGORA_SCREENSHOTS")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_attach_a_pdf_and_an_image_and_another_member_downloads_the_pdf(site, make_topic, member, make_member,
                                                                         settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    group = member.primary_group
    group.attachment_quota_bytes = 50 * 1024 * 1024
    group.save()
    topic = make_topic(title="Files topic")
    sign_in(site, member)
    site.goto(site.base_url + topic.get_absolute_url())
    site.get_by_role("button", name="Reply to this topic...").click()
    quota = site.locator(".fe-quota")
    expect(quota).to_have_text("0 bytes of 50 MB used")
    site.keyboard.type("The report and a picture")
    site.set_input_files(".fe-upload-input", files=[
        {"name": "Quarterly report.pdf", "mimeType": "application/pdf", "buffer": PDF},
        {"name": "dot.png", "mimeType": "image/png", "buffer": PNG},
    ])
    files = site.locator(".fe-attachment-list li")
    expect(files).to_have_count(2)
    expect(files.first).to_contain_text("Quarterly_report.pdf")
    expect(quota).to_contain_text("of 50 MB used")
    expect(quota).not_to_have_text("0 bytes of 50 MB used")
    if SCREENSHOTS:
        site.screenshot(path=f"{SCREENSHOTS}/attachments-editor.png", full_page=True)
    site.get_by_role("button", name="Submit Reply").click()
    site.wait_for_load_state()

    post = site.locator(".post").last
    attachments = post.get_by_role("region", name="Attachments")
    expect(attachments).to_be_visible()
    expect(attachments.get_by_role("link", name="Quarterly_report.pdf")).to_be_visible()
    expect(attachments).to_contain_text("0 downloads")
    expect(post.locator(".post-body img")).to_have_js_property("naturalWidth", 1)
    if SCREENSHOTS:
        post.screenshot(path=f"{SCREENSHOTS}/attachments-post.png")

    reader = site.context.browser.new_context(base_url=site.base_url)
    other = reader.new_page()
    other.route("**/*", lambda route: route.continue_() if route.request.url.startswith(site.base_url)
                else route.abort())
    other.base_url = site.base_url
    sign_in(other, make_member("bob"))
    other.goto(site.base_url + topic.get_absolute_url())
    with other.expect_download() as download:
        other.locator(".post").last.get_by_role("region", name="Attachments").get_by_role(
            "link", name="Quarterly_report.pdf").click()
    assert download.value.suggested_filename == "Quarterly_report.pdf"
    with open(download.value.path(), "rb") as saved:
        assert saved.read() == PDF
    other.goto("about:blank")
    reader.close()
