"""Top-up runs carry over what changed on the old board since the last run, not only new rows.

Each imported member, topic and post keeps a hash of its source row (OldId.source_hash): one MD5 per group of
columns, computed by the source database, so a run reads only (key, hash) for the whole table and fetches the full
rows whose hash moved. Only the groups that moved are written: a password a member changed on the old board comes
over, but a member's last visit moving does not undo the password Agora upgraded at their sign-in, nor does a renamed
topic undo the lock a moderator set here.
"""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from accounts.models import Ban, default_group
from accounts.names import skeleton
from forum.models import Post, Topic, unicode_slug
from forum.signals import content_changed

from .models import OldId
from .oldurls import ips_slug
from .source import text
from .util import BAN_REASONS, ProgressBar, member_ban, member_email, member_last_seen, member_restriction

# kind -> (table, key, {group: columns}). A group's columns change together on the old board and are written
# together here.
TRACKED = {
    "member": ("core_members", "member_id", {
        "account": ["name", "email", "member_group_id", "signature"],
        "password": ["members_pass_hash", "members_pass_salt"],
        "standing": ["temp_ban", "members_bitoptions", "restrict_post"],
        "seen": ["last_visit", "last_activity"]}),
    "topic": ("forums_topics", "tid", {
        "title": ["title", "title_seo"], "forum": ["forum_id"], "state": ["state", "approved", "pinned", "moved_to"]}),
    "post": ("forums_posts", "pid", {
        "content": ["post", "edit_time", "post_edit_reason"], "state": ["queued"], "topic": ["topic_id"]}),
}
_MD5 = 32


def row_hash(kind):
    """The SQL for a row's hash, `row_hash`: one MD5 of each group's quoted columns (QUOTE keeps NULL apart
    from an empty string), side by side."""
    groups = TRACKED[kind][2].values()
    return "CONCAT(" + ", ".join(
        "MD5(CONCAT_WS(',', " + ", ".join(f"QUOTE({column})" for column in columns) + "))" for columns in groups
    ) + ") AS row_hash"


def changed_groups(kind, old, new):
    names = list(TRACKED[kind][2])
    return {name for index, name in enumerate(names)
            if old[index * _MD5:(index + 1) * _MD5] != new[index * _MD5:(index + 1) * _MD5]}


class Changes:
    def step_changes(self):
        """After every new row is in (a changed post may quote a new one): members, topics, then posts."""
        for kind, handle in (("member", self._changed_members), ("topic", self._changed_topics),
                             ("post", self._changed_posts)):
            self.refresh_changed(kind, handle)

    def refresh_changed(self, kind, handle):
        table, key, _groups = TRACKED[kind]
        if not self.source.has(table):
            return
        stored = dict(OldId.objects.filter(board=self.board, kind=kind).values_list("old_id", "source_hash"))
        changed, seen = {}, set()
        for rows in self.source.batches(table, key, 0, 20000, f"{key}, {row_hash(kind)}"):
            for row in rows:
                seen.add(row[key])
                old = stored.get(row[key])
                if old is None or old == row["row_hash"]:
                    continue
                # A row imported before hashes were kept: its hash is recorded now, compared from the next run on.
                changed[row[key]] = changed_groups(kind, old, row["row_hash"]) if old else set()
        self.note_gone(kind, table, stored, seen)  # carried over by the deletions step
        if not changed:
            return
        ids = sorted(changed)
        bar = ProgressBar(self.out, f"changed {kind}s", len(ids))
        for start in range(0, len(ids), self.batch_size):
            chunk = ids[start:start + self.batch_size]
            marks = ",".join(["%s"] * len(chunk))
            rows = self.source.query(f"SELECT *, {row_hash(kind)} FROM {{t:{table}}} WHERE {key} IN ({marks}) "
                                     f"ORDER BY {key}", chunk)
            updated = [row for row in rows if changed[row[key]]]
            with transaction.atomic():  # the rows and their new hashes together: an interrupted run resumes
                if updated:
                    handle(updated, {row[key]: changed[row[key]] for row in updated})
                hashes = {row[key]: row["row_hash"] for row in rows}
                olds = list(OldId.objects.filter(board=self.board, kind=kind, old_id__in=hashes))
                for old in olds:
                    old.source_hash = hashes[old.old_id]
                OldId.objects.bulk_update(olds, ["source_hash"])
            self.imported[f"{kind}s updated"] += len(updated)
            bar.add(len(rows))
        bar.close()

    # Members -------------------------------------------------------------------------------------------------
    def _changed_members(self, rows, groups):
        User = get_user_model()
        users = User.objects.in_bulk([self.ids["member"][row["member_id"]] for row in rows])
        for row in rows:
            user, changed = users.get(self.ids["member"][row["member_id"]]), groups[row["member_id"]]
            if user is None:  # deleted here meanwhile
                continue
            fields = {}
            if "account" in changed:
                fields.update(self._changed_account(user, row))
            if "password" in changed:
                self.set_member_password(user, row)
                fields["password"] = user.password
            if "standing" in changed:
                fields.update(member_restriction(row))
                self._changed_ban(user, row)
            if "seen" in changed:
                fields["last_seen"] = member_last_seen(row)
            User.objects.filter(pk=user.pk).update(**fields)

    def _changed_account(self, user, row):
        fields = {"primary_group_id": self.member_group_of(row) or self.ids["group"].get(self.member_group) or
                  default_group(), "signature": self.signature(row)}
        email = member_email(row)
        if email != user.email:
            try:
                with transaction.atomic():
                    EmailAddress.objects.filter(user=user, email__iexact=user.email).update(email=email)
            except IntegrityError:  # another account here has that address: kept on the member, not as theirs
                self.problems["changed email addresses another account here has (not made their address)"] += 1
            fields["email"] = email
        name = text(row["name"])[:150]
        if name and name != user.username:
            if get_user_model().objects.filter(username__iexact=name).exclude(pk=user.pk).exists():
                self.problems["members renamed on the old board to a name taken here (old name kept)"] += 1
            else:
                fields.update(username=name, name_key=skeleton(name))
                self.usernames[user.pk] = name
                OldId.objects.filter(board=self.board, kind="member", old_id=row["member_id"]).update(
                    old_slug=(row.get("members_seo_name") or ips_slug(name))[:255])
        return fields

    def _changed_ban(self, user, row):
        """A ban the old board added or lifted; bans set here by Agora's moderators are left alone."""
        mine = Ban.objects.filter(kind=Ban.Kind.MEMBER, member=user, reason__in=BAN_REASONS)
        ban = member_ban(row)
        if ban is None:
            mine.delete()
        elif not mine.update(reason=ban[0], expires_at=ban[1]):
            Ban.objects.create(kind=Ban.Kind.MEMBER, member=user, reason=ban[0], expires_at=ban[1])

    # Topics --------------------------------------------------------------------------------------------------
    def _changed_topics(self, rows, groups):
        topics = Topic.objects.in_bulk([self.ids["topic"][row["tid"]] for row in rows])
        deleted = self._deletion_dates("IPS\\forums\\Topic", [r["tid"] for r in rows if r["approved"] == -2])
        for row in rows:
            topic, changed = topics.get(self.ids["topic"][row["tid"]]), groups[row["tid"]]
            if topic is None:  # purged from the recycle bin here meanwhile
                continue
            fields = {}
            if "title" in changed:
                title = text(row["title"])[:255] or "…"
                fields.update(title=title, slug=unicode_slug(title, "topic"))
                OldId.objects.filter(board=self.board, kind="topic", old_id=row["tid"]).update(
                    old_slug=(row["title_seo"] or ips_slug(row["title"]))[:255])
            if "forum" in changed and not topic.moved_to_id:
                forum_id = self.ids["forum"].get(row["forum_id"])
                if forum_id:
                    fields["forum_id"] = forum_id
                else:
                    self.problems["topics moved on the old board to a forum not imported (left where they were)"] += 1
            if "state" in changed:
                if row["state"] in ("link", "merged"):  # moved or merged since: a pointer to where it went
                    target = self.ids["topic"].get(int(str(row["moved_to"] or "").partition("&")[0] or 0))
                    if target and target != topic.pk:
                        fields["moved_to_id"] = target
                    else:
                        self.problems["moved or merged topics whose target was not imported"] += 1
                elif not topic.moved_to_id:
                    fields.update(self.topic_state(row, deleted))
            if fields:
                Topic.objects.filter(pk=topic.pk).update(**fields)

    # Posts ---------------------------------------------------------------------------------------------------
    def _changed_posts(self, rows, groups):
        self._load_attachments(rows)
        posts = Post.objects.in_bulk([self.ids["post"][row["pid"]] for row in rows])
        deleted = self._deletion_dates("IPS\\forums\\Topic\\Post", [r["pid"] for r in rows if r["queued"] == -2])
        contents, moved, topics = {}, [], set()
        for row in rows:
            post, changed = posts.get(self.ids["post"][row["pid"]]), groups[row["pid"]]
            if post is None:  # purged from the recycle bin here meanwhile
                continue
            fields = {}
            if "content" in changed:
                fields.update(content=self.post_content(row), edited_at=self._when(row["edit_time"]),
                              edit_reason=text(row["post_edit_reason"])[:255])
                contents[post.pk] = fields["content"]
            if "state" in changed:
                state, reason, deleted_at = self.post_state(row, deleted)
                fields.update(state=state, state_reason=reason, deleted_at=deleted_at)
            if "topic" in changed:  # moved to another topic (a split or a merge): last there, renumbered at the end
                topic_id = self.ids["topic"].get(row["topic_id"])
                if topic_id is None:
                    self.problems["posts moved on the old board to a topic not imported (left where they were)"] += 1
                elif topic_id != post.topic_id:
                    self._positions({topic_id})
                    self.last_position[topic_id] += 1
                    fields.update(topic_id=topic_id, position=self.last_position[topic_id])
                    moved.append(post.pk)
                    topics |= {post.topic_id, topic_id}
            if fields:
                Post.objects.filter(pk=post.pk).update(**fields)
        self.link_attachments(contents, changed=True)
        if moved:  # what follows posts between topics here (recommendations) follows these too
            content_changed.send(Post, action="merge", actor=None, topic_ids=sorted(topics), post_ids=moved)

