"""The importer's content steps: topics, posts, moved/merged topics, ratings, and the finishing pass (positions
in date order, counters recomputed, what was not imported)."""

import html
import ipaddress
import re
import uuid

from django.contrib.auth import get_user_model
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import Count, IntegerField, Max, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_noop

from attachments.checks import UploadRefused, check_file, clean_name
from attachments.models import Attachment, PostAttachment
from attachments.services import may_refer, referenced_ids
from forum.content import sanitize_html
from forum.models import Forum, Post, Topic, unicode_slug
from moderation import counters
from ratings.models import Rating
from serving import pagecache

from . import markup
from .changes import row_hash
from .models import OldId
from .oldurls import ips_slug
from .source import repair_mojibake, text
from .util import ProgressBar, when

RATING_WHERE = "class = 'IPS\\\\forums\\\\Topic'"
_FILE_IDS = re.compile(r"data-fileid=[\"']?(\d+)|\[attachment=(\d+):")
# What the old board holds that Agora has no feature for: counted in the report (dry runs too), not imported.
NO_SUCH_FEATURE = [
    ("core_polls", "1=1", "polls"), ("core_message_topics", "1=1", "private conversations"),
    ("core_tags", "tag_meta_app = 'forums'", "tags"),
    ("core_follow", "follow_app = 'core' AND follow_area = 'member'", "follows of members"),
]
NOT_YET = [("forums_archive_posts", "archived posts")]


def _ip(value):
    try:
        return str(ipaddress.ip_address((value or "").strip()))
    except ValueError:
        return None


class ContentSteps:
    def _when(self, epoch):
        return when(epoch)

    def _deletion_dates(self, content_class, ids):
        if not ids or not self.source.has("core_deletion_log"):
            return {}
        marks = ",".join(["%s"] * len(ids))
        rows = self.source.query(
            f"SELECT dellog_content_id AS id, dellog_deleted_date AS at FROM {{t:core_deletion_log}} "
            f"WHERE dellog_content_class = %s AND dellog_content_id IN ({marks})", [content_class, *ids])
        return {r["id"]: self._when(r["at"]) for r in rows}

    # Topics ------------------------------------------------------------------------------------------------
    def step_topics(self):
        self.batched("topics", "forums_topics", "tid", self._topics, columns="*, " + row_hash("topic"),
                     where="state NOT IN ('link', 'merged')")

    def topic_state(self, row, deleted):
        """The Topic fields IPS's `state`, `approved` and `pinned` give (deleted: {tid: date} for approved -2)."""
        return {"is_pinned": bool(row["pinned"]), "is_locked": row["state"] == "closed",
                "is_hidden": row["approved"] == -1, "is_pending": row["approved"] in (0, -3),
                "deleted_at": (deleted.get(row["tid"]) or timezone.now()) if row["approved"] == -2 else None}

    def _topics(self, rows):
        rows = [r for r in rows if r["tid"] not in self.ids["topic"]]
        deleted = self._deletion_dates("IPS\\forums\\Topic", [r["tid"] for r in rows if r["approved"] == -2])
        kept, topics = [], []
        for row in rows:
            forum_id = self.ids["forum"].get(row["forum_id"])
            if forum_id is None:
                self.problems["topics in forums that were not imported"] += 1
                continue
            if row.get("topic_archive_status"):
                self.problems["archived topics (their posts are in the archive, not imported)"] += 1
            if row["approved"] == -3:
                self.problems["topics by guests awaiting registration (kept as awaiting approval)"] += 1
            title = text(row["title"])[:255] or "…"
            created = self._when(row["start_date"]) or timezone.now()
            topics.append(Topic(
                forum_id=forum_id, title=title, slug=unicode_slug(title, "topic"),
                author_id=self.ids["member"].get(row["starter_id"]), author_name=text(row["starter_name"])[:150],
                created_at=created, last_post_at=created, view_count=max(row["views"] or 0, 0),
                **self.topic_state(row, deleted)))
            kept.append(row)
        Topic.objects.bulk_create(topics)
        self.remember("topic", [(r["tid"], t.pk) for r, t in zip(kept, topics)],
                      {r["tid"]: r["title_seo"] or ips_slug(r["title"]) for r in kept}, {r["tid"]: r for r in kept})

    # Posts -------------------------------------------------------------------------------------------------
    def step_posts(self):
        self.last_position = {}
        self.batched("posts", "forums_posts", "pid", self._posts,
                     columns="pid, topic_id, author_id, author_name, post_date, post, ip_address, queued, "
                             "edit_time, post_edit_reason, " + row_hash("post"))

    def post_state(self, row, deleted):
        """(state, state reason, deleted at) for IPS's `queued` (deleted: {pid: date} for queued -2)."""
        if row["queued"] == 1:
            return Post.State.PENDING, gettext_noop("Held for approval on the old board."), None
        if row["queued"] == -3:
            self.problems["guest posts awaiting registration (kept as awaiting approval)"] += 1
            return Post.State.PENDING, gettext_noop("Written by a guest who had not registered yet (old board)."), None
        if row["queued"] == -1:
            return Post.State.HIDDEN, "", None
        if row["queued"] == -2:
            return Post.State.DELETED, "", deleted.get(row["pid"]) or timezone.now()
        return Post.State.VISIBLE, "", None

    def post_content(self, row):
        return sanitize_html(markup.rewrite(repair_mojibake(row["post"] or ""), self) + self._unshown_files(row))

    def _unshown_files(self, row):
        """Links, at the end of the post, to the files core_attachments_map attaches to it that its HTML does not
        show: the post then refers to them, so they are linked to it (link_attachments), listed under it, and kept
        by an edit here (which links a post to the files its content refers to)."""
        shown = {int(a or b) for a, b in _FILE_IDS.findall(row["post"] or "")}
        links = []
        for attach_id in getattr(self, "_mapped", {}).get(row["pid"], ()):
            if attach_id in shown:
                continue
            if attach_id not in self._attachments:
                self.problems["attachments mapped to posts but not in core_attachments (left out)"] += 1
                continue
            found = self.attachment(attach_id)
            if found:
                url, _is_image, name = found
            else:
                url = f"{self.base_url}/applications/core/interface/file/attachment.php?id={attach_id}"
                name = text(self._attachments[attach_id]["attach_file"]) or str(attach_id)
                self.problems["attachments left at the old address"] += 1
            links.append(f'<p><a href="{html.escape(url)}">{html.escape(name)}</a></p>')
        return "".join(links)

    def link_attachments(self, contents, changed=False):
        """Link the posts ({post id: content}) to the imported files their content shows, as the attachments app
        does for a post written here (whose post_saved the bulk writes do not send). For `changed` posts, files the
        content no longer shows are unlinked (the daily clean-up then removes those no post has)."""
        wanted = {post_id: referenced_ids(content) if may_refer(content) else [] for post_id, content in
                  contents.items()}
        known = set(Attachment.objects.filter(pk__in={a for ids in wanted.values() for a in ids})
                    .values_list("pk", flat=True))
        for post_id, ids in wanted.items() if changed else ():
            PostAttachment.objects.filter(post_id=post_id).exclude(attachment_id__in=ids).delete()
        PostAttachment.objects.bulk_create(
            [PostAttachment(post_id=post_id, attachment_id=a) for post_id, ids in wanted.items() for a in ids
             if a in known], ignore_conflicts=True)

    def _post_ids(self, count):
        """Ids for new posts, taken from the table's own sequence before the rows exist, so that a quote of a post
        in the same batch can point at it."""
        with connection.cursor() as cursor:
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                           [Post._meta.db_table, count])
            return [row[0] for row in cursor.fetchall()]

    def _positions(self, topic_ids):
        missing = [t for t in topic_ids if t not in self.last_position]
        if missing:
            # The posts themselves, not Topic.last_position: that is recounted only at the end of a run.
            found = dict(Post.objects.filter(topic_id__in=missing).order_by().values("topic_id")
                         .annotate(top=Max("position")).values_list("topic_id", "top"))
            for topic_id in missing:
                self.last_position[topic_id] = found.get(topic_id) or 0

    def _posts(self, rows):
        rows = [r for r in rows if r["pid"] not in self.ids["post"]]
        kept = []
        for row in rows:
            if row["topic_id"] in self.ids["topic"]:
                kept.append(row)
            else:
                self.problems["posts in topics that were not imported"] += 1
        if not kept:
            return
        new_ids = self._post_ids(len(kept))
        pending_ids = dict(zip((r["pid"] for r in kept), new_ids))
        self.ids["post"].update(pending_ids)  # before rewriting: quotes within the batch resolve
        self._load_attachments(kept)
        self._positions({self.ids["topic"][r["topic_id"]] for r in kept})
        deleted = self._deletion_dates("IPS\\forums\\Topic\\Post", [r["pid"] for r in kept if r["queued"] == -2])
        posts = []
        for row, new_id in zip(kept, new_ids):
            topic_id = self.ids["topic"][row["topic_id"]]
            self.last_position[topic_id] += 1
            state, reason, deleted_at = self.post_state(row, deleted)
            posts.append(Post(
                pk=new_id, topic_id=topic_id, position=self.last_position[topic_id],
                author_id=self.ids["member"].get(row["author_id"]) if row["author_id"] else None,
                author_name=text(row["author_name"])[:150], content=self.post_content(row),
                created_at=self._when(row["post_date"]) or timezone.now(),
                edited_at=self._when(row["edit_time"]), edit_reason=text(row["post_edit_reason"])[:255],
                state=state, state_reason=reason, deleted_at=deleted_at, ip_address=_ip(row["ip_address"])))
        Post.objects.bulk_create(posts)
        self.remember("post", list(pending_ids.items()), rows={r["pid"]: r for r in kept})
        self.link_attachments({post.pk: post.content for post in posts})

    # Attachments -------------------------------------------------------------------------------------------
    def _load_attachments(self, rows):
        """The core_attachments rows the batch's posts show or have in core_attachments_map (location
        forums_Forums, id2 the post), in one query each."""
        if not hasattr(self, "_attachments"):
            self._attachments = {}
        wanted = {int(a or b) for r in rows for a, b in _FILE_IDS.findall(r["post"] or "")}
        self._mapped = {}  # {pid: [attach_id]} for this batch's posts
        if rows and self.source.has("core_attachments_map"):
            pids = [r["pid"] for r in rows]
            # By post alone, not also by topic (id1), which would use more of IPS's index but miss the rows of a
            # post moved to another topic, should the board not have updated them.
            for found in self.source.query(
                    f"SELECT attachment_id, id2 FROM {{t:core_attachments_map}} WHERE location_key = 'forums_Forums' "
                    f"AND id2 IN ({','.join(['%s'] * len(pids))}) ORDER BY attachment_id", pids):
                mapped = self._mapped.setdefault(found["id2"], [])
                if found["attachment_id"] not in mapped:
                    mapped.append(found["attachment_id"])
                    wanted.add(found["attachment_id"])
        wanted -= set(self._attachments)
        if not wanted or not self.source.has("core_attachments"):
            return
        marks = ",".join(["%s"] * len(wanted))
        for row in self.source.query(f"SELECT * FROM {{t:core_attachments}} WHERE attach_id IN ({marks})",
                                     list(wanted)):
            self._attachments[row["attach_id"]] = row

    def attachment(self, attach_id):
        """(Agora URL, is image, name) for an attachment copied here, else None (the old address stays)."""
        row = getattr(self, "_attachments", {}).get(attach_id)
        if row is None or not self.uploads:
            return None
        if self.dry_run:  # files are not copied by a dry run (a rollback could not take them back)
            self.imported["attachment files to copy"] += attach_id not in self.ids["attachment"]
            return None
        name = text(row["attach_file"])
        new_id = self.ids["attachment"].get(attach_id)
        if new_id is None:
            stored = self._store_attachment(row)
            if stored is None:
                return None
            self.remember("attachment", [(attach_id, stored.pk)])
            new_id = stored.pk
        stored = Attachment.objects.filter(pk=new_id).first()
        # Served through the board (its download permission and the post's visibility), linked to the post once
        # the post is written (link_attachments).
        return (stored.get_absolute_url(), stored.is_image, name) if stored else None

    def _store_attachment(self, row):
        """The file checked by its content as any upload is (attachments.checks: images decoded and re-encoded,
        other kinds by signature, only the board's allowed kinds), within the per-file limit, and stored where the
        attachments app keeps files. The uploader's group quota is not applied: the old board allowed the file."""
        path = self._upload_path(row["attach_location"] or "")
        if path is None:
            self.problems["attachment files missing from --uploads (left at the old address)"] += 1
            return None
        if path.stat().st_size > settings.AGORA_UPLOAD_MAX_BYTES:
            self.problems["attachments over the per-file limit (left at the old address)"] += 1
            return None
        try:
            checked = check_file(path.read_bytes())
        except UploadRefused:
            self.problems["attachments of a kind Agora does not keep (left at the old address)"] += 1
            return None
        attachment = Attachment(
            user_id=self.ids["member"].get(row["attach_member_id"]), size=len(checked.data),
            original_name=clean_name(text(row["attach_file"]), checked.ext), content_type=checked.content_type,
            width=checked.width, height=checked.height, created_at=self._when(row["attach_date"]) or timezone.now())
        attachment.file.save(f"{uuid.uuid4().hex}.{checked.ext}", ContentFile(checked.data), save=False)
        attachment.save()
        self.imported["attachment files"] += 1
        return attachment

    # Moved and merged topics -------------------------------------------------------------------------------
    def step_moved_topics(self):
        self.batched("moved_topics", "forums_topics", "tid", self._moved, columns="*, " + row_hash("topic"),
                     where="state IN ('link', 'merged')", label="moved topics")

    def _moved(self, rows):
        pairs = []
        for row in rows:
            if row["tid"] in self.ids["topic"]:
                continue
            target_tid = int(str(row["moved_to"] or "").partition("&")[0] or 0)
            target = self.ids["topic"].get(target_tid)
            forum_id = self.ids["forum"].get(row["forum_id"])
            if target is None or forum_id is None:
                self.problems["moved or merged topics whose target was not imported"] += 1
                continue
            title = text(row["title"])[:255] or "…"
            created = self._when(row["start_date"]) or timezone.now()
            stub = Topic.objects.create(
                forum_id=forum_id, title=title, author_id=self.ids["member"].get(row["starter_id"]),
                author_name=text(row["starter_name"])[:150], created_at=created,
                last_post_at=self._when(row.get("moved_on")) or created, moved_to_id=target)
            pairs.append((row["tid"], stub.pk))
        self.remember("topic", pairs, {r["tid"]: r["title_seo"] or ips_slug(r["title"]) for r in rows},
                      {r["tid"]: r for r in rows})

    # Ratings -----------------------------------------------------------------------------------------------
    def step_ratings(self):
        self.batched("ratings", "core_ratings", "id", self._ratings, where=RATING_WHERE)

    def _ratings(self, rows):
        topics = {self.ids["topic"].get(row["item_id"]) for row in rows}
        have = set(Rating.objects.filter(topic__in=topics - {None}).values_list("topic_id", "user_id"))
        ratings, pairs = [], []
        for row in rows:
            topic_id, user_id = self.ids["topic"].get(row["item_id"]), self.ids["member"].get(row["member"])
            if topic_id is None or user_id is None:
                self.problems["ratings of topics or by members not imported"] += 1
                continue
            if (topic_id, user_id) in have:  # one per member and topic: rated here already, or twice there
                pairs.append((row["id"], None))
                continue
            have.add((topic_id, user_id))
            at = self._when(row["rating_date"]) or timezone.now()
            ratings.append(Rating(topic_id=topic_id, user_id=user_id, value=min(max(int(row["rating"]), 1), 5),
                                  created_at=at, updated_at=at))
            pairs.append((row["id"], ratings[-1]))
        Rating.objects.bulk_create(ratings)
        self.remember("rating", [(old, rating.pk if rating else 0) for old, rating in pairs])

    # The end -----------------------------------------------------------------------------------------------
    def board_rows(self, kind):
        return OldId.objects.filter(board=self.board, kind=kind).values("new_id")

    def finish(self):
        """Positions in date order, then every counter recomputed the way repair_counters computes them."""
        bar = ProgressBar(self.out, "counters", 1)
        with transaction.atomic():
            self._renumber()
            topics = Topic.objects.filter(pk__in=self.board_rows("topic"))
            counters.recount_topics(topics)
            counters.recount_forums(Forum.objects.filter(pk__in=self.board_rows("forum")))
            counters.recount_users(get_user_model().objects.filter(pk__in=self.board_rows("member")))
            rated = Rating.objects.filter(topic=OuterRef("pk")).order_by().values("topic")
            topics.update(
                rating_total=Coalesce(Subquery(rated.annotate(s=Sum("value")).values("s"),
                                               output_field=IntegerField()), Value(0)),
                rating_count=Coalesce(Subquery(rated.annotate(c=Count("pk")).values("c"),
                                               output_field=IntegerField()), Value(0)))
            self.finish_reactions()
            # Written in bulk, without the signals that retire cached guest pages: every such page goes at once.
            pagecache.board_changed()
            self.board.finished_at = timezone.now()
            self.board.report = self.report()
            self.board.save(update_fields=["finished_at", "report"])
        bar.add(1)
        bar.close()

    def _renumber(self):
        """Posts numbered 1..n in each imported topic by date (then id), through a high offset so that no two rows
        ever share a (topic, position)."""
        table, offset = Post._meta.db_table, 1_000_000_000
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} AS p SET position = ranked.n + %s FROM ("
                f"  SELECT id, row_number() OVER (PARTITION BY topic_id ORDER BY created_at, id) AS n FROM {table}"
                f"  WHERE position IS NOT NULL AND topic_id IN ("
                f"    SELECT new_id FROM {OldId._meta.db_table} WHERE board_id = %s AND kind = 'topic')"
                f") AS ranked WHERE p.id = ranked.id AND p.position <> ranked.n",
                [offset, self.board.pk])
            cursor.execute(f"UPDATE {table} SET position = position - %s WHERE position > %s", [offset, offset])

    def not_imported(self):
        for table, where, label in NO_SUCH_FEATURE:
            count = self.source.count(table, where)
            if count:
                self.problems[f"{label} not imported (no such feature)"] += count
        for table, label in NOT_YET:
            count = self.source.count(table)
            if count:
                self.problems[f"{label} not imported yet"] += count
