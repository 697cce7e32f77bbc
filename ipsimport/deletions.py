"""Top-up runs carry over what the old board deleted since the last run. Which rows are gone is found by reading
the source table's keys and comparing them with the old ids kept here (the `changes` step reads those keys for
members, topics and posts anyway; this step reads them for reactions, ratings and follows).

- Posts and topics go to the recycle bin, as Agora's own delete does (moderation.services.delete_post and
  delete_topic): a post is marked deleted with the reason "Deleted on the old board."; a topic gets its deletion
  date (its posts stay as they were, so restoring the topic brings it back whole) and the "moved" pointers to it
  are removed. Nothing vanishes: the moderation log says so ("The board moved the post … to the recycle bin"), and a
  moderator can restore it until the recycle bin is purged. Pointers deleted there
  are removed (they are not content). Each deletion is carried over once (OldId.GONE): content restored here stays.
- Members are removed as Agora removes an account (accounts.services.delete_account, keeping their name on their
  posts, as IPS keeps a deleted member's posts as a guest's), unless they have signed in here since: then the
  account is theirs on Agora and stays (counted in the report).
- Reactions, ratings and follows are removed. Only the rows the import made are touched: a reaction, rating or
  follow a member made here has no old id (a follow or rating they already had here is recorded with new id 0).
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from accounts.services import delete_account
from follows.models import Follow
from forum.models import Post, Topic
from forum.signals import content_changed
from moderation import counters
from moderation.log import log
from ratings.models import Rating
from reactions.models import Reaction

from .models import OldId
from .content_steps import RATING_WHERE
from .social_steps import FOLLOW_WHERE, REACTION_WHERE, follow_old_id

# kind -> (model, table, key, where)
REMOVED = {
    "reaction": (Reaction, "core_reputation_index", "id", REACTION_WHERE),
    "rating": (Rating, "core_ratings", "id", RATING_WHERE),
    "follow": (Follow, "core_follow", "follow_id", FOLLOW_WHERE),
}
DELETED_THERE = gettext_noop("Deleted on the old board.")


class Deletions:
    def note_gone(self, kind, table, stored, seen):
        """The old ids of `stored` ({old id: hash or new id}) the source no longer has and not yet carried over."""
        gone = [old for old, value in stored.items() if old not in seen and value != OldId.GONE]
        if gone and not seen:  # an empty table where rows were imported: a wrong database, not a deletion
            self.problems[f"{table} is empty on the old board (nothing deleted here)"] += 1
            gone = []
        self.__dict__.setdefault("gone", {})[kind] = gone
        return gone

    def step_deletions(self):
        for kind, (model, table, key, where) in REMOVED.items():
            self._removed(kind, model, table, key, where)
        gone = self.__dict__.get("gone", {})
        with transaction.atomic():
            self._gone_content(gone.get("topic", []), gone.get("post", []))
        self._gone_members(gone.get("member", []))

    def _removed(self, kind, model, table, key, where):
        stored = dict(OldId.objects.filter(board=self.board, kind=kind).values_list("old_id", "new_id"))
        if not stored or not self.source.has(table):
            return
        seen = set()
        for rows in self.source.batches(table, key, "" if kind == "follow" else 0, 20000, key, where):
            seen.update(follow_old_id(r[key]) if kind == "follow" else r[key] for r in rows)
        gone = self.note_gone(kind, table, stored, seen)
        for start in range(0, len(gone), 1000):
            chunk = gone[start:start + 1000]
            with transaction.atomic():
                _total, by_model = model.objects.filter(pk__in=[stored[old] for old in chunk if stored[old]]).delete()
                removed = by_model.get(model._meta.label, 0)
                OldId.objects.filter(board=self.board, kind=kind, old_id__in=chunk).delete()
            for old in chunk:
                self.ids[kind].pop(old, None)
            if removed:
                self.imported[f"{kind}s deleted on the old board (removed here)"] += removed

    def _gone_content(self, gone_topics, gone_posts):
        if not gone_topics and not gone_posts:
            return
        now = timezone.now()
        topics = Topic.objects.in_bulk([self.ids["topic"][old] for old in gone_topics])
        pointers = {t.pk for t in topics.values() if t.moved_to_id}
        to_bin = [t.pk for t in topics.values() if not t.moved_to_id and t.deleted_at is None]
        # Posts gone with their topic stay as they were inside it (the topic is restored whole, or purged whole).
        posts = list(Post.objects.filter(pk__in=[self.ids["post"][old] for old in gone_posts])
                     .exclude(state=Post.State.DELETED).exclude(topic_id__in=topics)
                     .values_list("pk", "topic_id", "topic__forum_id", "author_id"))
        Post.objects.filter(pk__in=[p[0] for p in posts]).update(
            state=Post.State.DELETED, state_reason=DELETED_THERE, deleted_at=now)
        Topic.objects.filter(pk__in=to_bin).update(deleted_at=now)
        pointers |= set(Topic.objects.filter(moved_to__in=to_bin).values_list("pk", flat=True))
        binned_forums = set(Topic.objects.filter(pk__in=[*to_bin, *pointers]).values_list("forum_id", flat=True))
        dropped = set(OldId.objects.filter(board=self.board, kind="topic", new_id__in=pointers)
                      .values_list("old_id", flat=True))
        OldId.objects.filter(board=self.board, kind="topic", new_id__in=pointers).delete()
        Topic.objects.filter(pk__in=pointers).delete()
        for old in dropped:
            self.ids["topic"].pop(old, None)
        for kind, olds in (("topic", set(gone_topics) - dropped), ("post", gone_posts)):
            OldId.objects.filter(board=self.board, kind=kind, old_id__in=olds).update(source_hash=OldId.GONE)
        counters.refresh(topic_ids={p[1] for p in posts}, forum_ids={p[2] for p in posts} | binned_forums,
                         user_ids={p[3] for p in posts if p[3]}, authors_of_topics=to_bin)
        # In the moderation log, as "The board moved the post … to the recycle bin", with the reason.
        for target in [*Topic.objects.filter(pk__in=to_bin).select_related("forum"),
                       *Post.objects.filter(pk__in=[p[0] for p in posts]).select_related("topic__forum")]:
            is_topic = isinstance(target, Topic)
            log(None, "topic_delete" if is_topic else "post_delete", target, reason=DELETED_THERE,
                forum=target.forum if is_topic else target.topic.forum)
        if to_bin:
            content_changed.send(Post, action="delete", actor=None, topic_ids=to_bin, post_ids=[])
        if posts:
            content_changed.send(Post, action="delete", actor=None, topic_ids=sorted({p[1] for p in posts}),
                                 post_ids=[p[0] for p in posts])
        for label, count in (("topics deleted on the old board (to the recycle bin here)", len(to_bin)),
                             ("posts deleted on the old board (to the recycle bin here)", len(posts)),
                             ("moved-topic pointers removed here (deleted there, or leading to a topic deleted there)",
                              len(pointers))):
            if count:
                self.imported[label] += count

    def _gone_members(self, gone):
        users = get_user_model().objects.in_bulk([self.ids["member"][old] for old in gone])
        for old in gone:
            user = users.get(self.ids["member"][old])
            with transaction.atomic():
                if user is not None and user.last_login is not None:
                    self.problems["members deleted on the old board who have signed in here (kept)"] += 1
                    OldId.objects.filter(board=self.board, kind="member", old_id=old).update(source_hash=OldId.GONE)
                    continue
                if user is not None:
                    delete_account(user, keep_name=True)
                    self.imported["members deleted on the old board (removed here)"] += 1
                OldId.objects.filter(board=self.board, kind="member", old_id=old).delete()
            self.ids["member"].pop(old, None)
