"""Writes for attachments: storing an upload within the uploader's quota, linking files to the posts that refer to
them, removing what nothing refers to, and adding the downloads counted in the cache to the table."""

import re
import uuid
from datetime import timedelta
from html.parser import HTMLParser
from typing import NamedTuple

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Case, F, Q, Sum, Value, When
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from forum.services import PostingRefused

from .checks import UploadRefused, check_file, clean_name
from .models import Attachment, PostAttachment


# Quotas ----------------------------------------------------------------------------------------------------------
class Quota(NamedTuple):
    """A member group's limits; None is "no limit"."""

    total_bytes: int | None
    file_bytes: int | None
    files_per_post: int | None


def quota_for(user):
    """The limits of the member's group (a member without a group gets the fields' defaults)."""
    from accounts.models import MemberGroup

    group = user.primary_group if user.is_authenticated and user.primary_group_id else None
    names = ("attachment_quota_bytes", "attachment_max_file_bytes", "attachment_max_files_per_post")
    if group is None:
        return Quota(*(MemberGroup._meta.get_field(name).default for name in names))
    return Quota(*(getattr(group, name) for name in names))


def used_bytes(user):
    if not user.is_authenticated:
        return 0
    return Attachment.objects.filter(user=user).aggregate(total=Sum("size"))["total"] or 0


def size_display(size):
    """1536 -> "1.5 KB", 52428800 -> "50 MB": one decimal at most, none when it is .0."""
    units = [_("%(size)s bytes"), _("%(size)s KB"), _("%(size)s MB"), _("%(size)s GB")]
    value, unit = float(size), 0
    while value >= 1024 and unit < len(units) - 1:
        value /= 1024
        unit += 1
    rounded = round(value, 1)
    number = formats.number_format(rounded, 0 if rounded == int(rounded) else 1)
    return units[unit] % {"size": number}


def quota_line(user):
    """"12.4 MB of 50 MB used", or "12.4 MB used" for a group without a total limit."""
    used = size_display(used_bytes(user))
    total = quota_for(user).total_bytes
    if total is None:
        return _("%(used)s used") % {"used": used}
    return _("%(used)s of %(total)s used") % {"used": used, "total": size_display(total)}


# Storing an upload -----------------------------------------------------------------------------------------------
def store_upload(user, upload):
    """Check the file by its content, within the uploader's group quota, and store it through the configured
    storage (Django's storage API: local disk by default, S3-compatible storage when configured). The quota check
    holds the member's row lock, so two uploads at once cannot both squeeze under the limit."""
    quota = quota_for(user)
    limit = min(x for x in (quota.file_bytes, settings.AGORA_UPLOAD_MAX_BYTES) if x is not None)
    if upload.size > limit:
        raise UploadRefused(_("This file is too large: the limit is %(size)s a file.") % {"size": size_display(limit)})
    checked = check_file(upload.read())
    size = len(checked.data)
    if size > limit:  # a re-encoded image can come out larger than it went in
        raise UploadRefused(_("This file is too large: the limit is %(size)s a file.") % {"size": size_display(limit)})
    with transaction.atomic():
        list(get_user_model().objects.select_for_update().filter(pk=user.pk).values_list("pk"))
        used = used_bytes(user)
        if quota.total_bytes is not None and used + size > quota.total_bytes:
            raise UploadRefused(
                _("This file would take you past your upload quota (%(used)s of %(total)s used). Remove files you "
                  "no longer need from your posts, or ask an administrator.")
                % {"used": size_display(used), "total": size_display(quota.total_bytes)})
        attachment = Attachment(user=user, original_name=clean_name(upload.name, checked.ext),
                                content_type=checked.content_type, size=size, width=checked.width,
                                height=checked.height)
        attachment.file.save(f"{uuid.uuid4().hex}.{checked.ext}", ContentFile(checked.data), save=False)
        attachment.save()
    return attachment


# Linking files to posts ------------------------------------------------------------------------------------------
def url_prefix():
    """"/attachments/": where every file's address starts (the download view's URL without its id and name)."""
    return reverse("attachments:download", kwargs={"pk": 1, "name": "x"}).rsplit("1/x", 1)[0]


def _url_pattern():
    return re.compile(r"^" + re.escape(url_prefix()) + r"(\d{1,18})/")


class _References(HTMLParser):
    """The ids of our attachments that a post's HTML links to or shows, leaving out those inside quotes (a quote
    shows another post's file; it does not make it this post's)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids, self.quote_depth = [], 0

    def handle_starttag(self, tag, attrs):
        if tag == "blockquote":
            self.quote_depth += 1
            return
        if self.quote_depth:
            return
        url = dict(attrs).get("href" if tag == "a" else "src" if tag == "img" else "", None)
        if url:
            found = _url_pattern().match(url)  # the editor inserts site-relative addresses
            if found and int(found[1]) not in self.ids:
                self.ids.append(int(found[1]))

    def handle_endtag(self, tag):
        if tag == "blockquote" and self.quote_depth:
            self.quote_depth -= 1


def referenced_ids(stored_html):
    parser = _References()
    parser.feed(stored_html or "")
    parser.close()
    return parser.ids


def may_refer(stored_html, prefix=None):
    """Cheap test before any query: can this post's HTML refer to one of our files at all? (`prefix`: url_prefix(),
    worked out once for a page of posts.)"""
    return bool(stored_html) and (prefix or url_prefix()) in stored_html


def page_attachments(request, posts):
    """{post id: [Attachment]} for a page of posts, in one query the first time the request asks (the page's cache
    key, then each post's "Attachments"), and only when some post refers to a file at all (a page without
    attachments costs no query)."""
    found = getattr(request, "_agora_attachments", None)
    if found is None:
        prefix = url_prefix()
        ids = [post.pk for post in posts if may_refer(post.content, prefix)]
        found = {}
        if ids:
            for link in (PostAttachment.objects.filter(post_id__in=ids).select_related("attachment")
                         .order_by("attachment_id")):
                found.setdefault(link.post_id, []).append(link.attachment)
        if request is not None:
            request._agora_attachments = found
    return found


def link_post(post, owner_ids):
    """Make the post's attachments the files its content refers to (outside quotes) that were uploaded by one of
    `owner_ids` (its author; on an edit also the editor) or are already this post's. A file the content no longer
    refers to is unlinked; if no other post has it, the daily clean-up removes it. Raises PostingRefused when the
    post would carry more files than the author's group allows (the caller's transaction then keeps nothing)."""
    ids = referenced_ids(post.content)
    if not ids:
        if post.pk:
            post.attachments.clear()
        return []
    owners = [pk for pk in owner_ids if pk]
    files = list(Attachment.objects.filter(pk__in=ids).filter(Q(user_id__in=owners) | Q(posts=post)).distinct())
    limit = quota_for(post.author).files_per_post if post.author_id else 0
    if limit is not None and len(files) > limit:
        raise PostingRefused(_("A post may carry at most %(limit)s attached files; this one has %(count)s.")
                             % {"limit": limit, "count": len(files)})
    post.attachments.set(files)
    return files


# Clean-up --------------------------------------------------------------------------------------------------------
def remove_unlinked(older_than=None, now=None):
    """Remove files no post refers to that are older than `older_than` (a day by default): uploads for replies that
    were never sent, and files taken out of their posts. Returns how many went."""
    cutoff = (now or timezone.now()) - (older_than or timedelta(hours=settings.AGORA_ATTACHMENT_ORPHAN_HOURS))
    removed, _by_model = Attachment.objects.filter(posts__isnull=True, created_at__lt=cutoff).delete()
    return removed


def remove_if_unlinked(attachment_ids):
    """Files whose last post was deleted for good go with it."""
    return Attachment.objects.filter(pk__in=attachment_ids, posts__isnull=True).delete()[0]


def remove(attachment):
    """An administrator's removal: the file leaves every post that showed it."""
    attachment.delete()


# Download counts -------------------------------------------------------------------------------------------------
_COUNT_KEY = "attachments:v1:downloads:%d"


def count_download(attachment_id):
    """One download, counted in the (shared) cache: the GET writes nothing to the database."""
    key = _COUNT_KEY % attachment_id
    try:
        cache.incr(key)
    except ValueError:
        cache.add(key, 0, timeout=None)
        cache.incr(key)


def write_download_counts(batch=1000):
    """Add the downloads counted in the cache to the table, in one UPDATE per batch of files, and take exactly what
    was added out of the cache (downloads counted meanwhile stay for the next run). Returns the downloads written."""
    written = 0
    ids = Attachment.objects.filter(posts__isnull=False).distinct().order_by("pk").values_list("pk", flat=True)
    chunk = []
    for attachment_id in ids.iterator(chunk_size=batch):
        chunk.append(attachment_id)
        if len(chunk) == batch:
            written += _write_counts(chunk)
            chunk = []
    if chunk:
        written += _write_counts(chunk)
    return written


def _write_counts(ids):
    counted = {key: value for key, value in cache.get_many([_COUNT_KEY % i for i in ids]).items() if value}
    if not counted:
        return 0
    by_id = {int(key.rsplit(":", 1)[1]): value for key, value in counted.items()}
    with transaction.atomic():
        Attachment.objects.filter(pk__in=by_id).update(download_count=F("download_count") + Case(
            *(When(pk=pk, then=Value(n)) for pk, n in by_id.items()), default=Value(0)))
    for key, value in counted.items():
        cache.decr(key, value)
    return sum(by_id.values())
