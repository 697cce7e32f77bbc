"""The importer's steps for what members did around the posts: reactions (and the reputation they give), follows of
topics and forums, and warnings. Each writes its rows in bulk, so nothing is sent: no notification goes out for
imported content. Counters built from these rows (each post's reaction counts and summary, members' reputation) are
recomputed at the end of the run (`finish_reactions`)."""

import hashlib

from django.db import connection
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_noop

from follows.models import Follow
from forum.models import Post
from moderation.models import Warning
from reactions.models import PostReactionCount, Reaction, ReactionType
from reactions.services import recount_reputation

from . import markup
from .source import text

POST_CLASS = "IPS\\forums\\Topic\\Post"
# A reaction's emoji, guessed from its title and IPS icon file (react_like.png, ...); the first word found wins, so
# "dislike" comes before "like".
_ICONS = [("dislike", "👎"), ("down", "👎"), ("thank", "🙏"), ("haha", "😂"), ("laugh", "😂"), ("funny", "😂"),
          ("confused", "😕"), ("sad", "😢"), ("cry", "😢"), ("angry", "😠"), ("wow", "😮"), ("love", "❤️"),
          ("heart", "❤️"), ("like", "👍"), ("up", "👍")]
REACTION_WHERE = "rep_class = 'IPS\\\\forums\\\\Topic\\\\Post'"
FOLLOW_WHERE = "follow_app = 'forums' AND follow_area IN ('topic', 'forum')"
_ICON_BY_VALUE = {1: "👍", 0: "😐", -1: "👎"}


def reaction_icon(name, icon_file, value):
    probe = f"{name} {icon_file or ''}".lower()
    return next((emoji for word, emoji in _ICONS if word in probe), _ICON_BY_VALUE[value])


def follow_old_id(follow_id):
    """core_follow's key (an md5 in hex, but not every board's rows are alike) as an OldId number: 60 bits of the md5
    of the key."""
    return int(hashlib.md5(str(follow_id or "").encode()).hexdigest()[:15], 16)


def _sign(value):
    value = int(value or 0)
    return (value > 0) - (value < 0)


class SocialSteps:
    # Reactions ---------------------------------------------------------------------------------------------------
    def reaction_types(self):
        """{IPS reaction id: Agora ReactionType id}: matched by name (Like, Thanks, ... as both boards name them),
        otherwise made here with IPS's value (+1, 0, -1), order and enabled switch and an emoji for its icon."""
        if hasattr(self, "_reaction_types"):
            return self._reaction_types
        found = {}
        if self.source.has("core_reactions"):
            rows = self.source.query("SELECT * FROM {t:core_reactions} ORDER BY reaction_position, reaction_id")
            words = self.source.words(f"reaction_title_{r['reaction_id']}" for r in rows)
            for row in rows:
                name = (self.word(words, f"reaction_title_{row['reaction_id']}") or
                        f"Reaction {row['reaction_id']}")[:40]
                kind = ReactionType.objects.filter(name__iexact=name).first()
                value = _sign(row["reaction_value"])
                if kind is None:
                    kind = ReactionType.objects.create(
                        name=name, value=value, icon=reaction_icon(name, row.get("reaction_icon"), value),
                        order=100 + (row.get("reaction_position") or 0), is_enabled=bool(row.get("reaction_enabled")))
                    self.imported["reaction types added"] += 1
                elif kind.value != value:
                    self.problems["reaction types worth another value here (Agora's value kept): " + name] += 1
                found[row["reaction_id"]] = kind.pk
        self._reaction_types = found
        return found

    def _reputation_type(self, rating):
        """The type for an IPS reputation row without a reaction (boards from before reactions): +1 a like, -1 a
        dislike (made if the board has no negative reaction yet)."""
        value = _sign(rating)
        known = self.__dict__.setdefault("_reputation_types", {})
        if value in known:
            return known[value]
        kind = ReactionType.objects.filter(value=value).order_by("-is_enabled", "order", "pk").first()
        if kind is None:
            name = {1: gettext_noop("Like"), 0: gettext_noop("Neutral"), -1: gettext_noop("Dislike")}[value]
            kind, made = ReactionType.objects.get_or_create(
                name__iexact=name, defaults={"name": name, "value": value, "icon": _ICON_BY_VALUE[value],
                                             "is_enabled": value >= 0})
            self.imported["reaction types added"] += made
        known[value] = kind.pk
        return kind.pk

    def step_reactions(self):
        self.batched("reactions", "core_reputation_index", "id", self._reactions, where=REACTION_WHERE)

    def _reactions(self, rows):
        types = self.reaction_types()
        post_ids = {self.ids["post"][r["type_id"]] for r in rows if r["type_id"] in self.ids["post"]}
        authors = dict(Post.objects.filter(pk__in=post_ids).values_list("pk", "author_id"))
        have = set(Reaction.objects.filter(post__in=post_ids).values_list("post_id", "user_id"))
        reactions, old_ids = [], []
        for row in rows:
            post_id, user_id = self.ids["post"].get(row["type_id"]), self.ids["member"].get(row["member_id"])
            if post_id is None or user_id is None:
                self.problems["reactions to posts or by members not imported"] += 1
                continue
            if authors.get(post_id) == user_id:
                self.problems["reactions to one's own post (not kept)"] += 1
                continue
            kind = types.get(row.get("reaction")) if row.get("reaction") else self._reputation_type(row["rep_rating"])
            if kind is None:
                self.problems["reactions of a type the board no longer has"] += 1
                continue
            if (post_id, user_id) in have:  # one per member and post (a database constraint too)
                self.problems["second reactions by one member to one post (the first kept)"] += 1
                continue
            have.add((post_id, user_id))
            reactions.append(Reaction(post_id=post_id, user_id=user_id, kind_id=kind,
                                      created_at=self._when(row["rep_date"]) or timezone.now()))
            old_ids.append(row["id"])
        Reaction.objects.bulk_create(reactions)
        self.remember("reaction", [(old, reaction.pk) for old, reaction in zip(old_ids, reactions)])

    def finish_reactions(self):
        """Each imported post's counts and summary, and each imported member's reputation, from the reactions."""
        posts = self.board_rows("post")
        counts = list(Reaction.objects.filter(post__in=posts).order_by().values("post", "kind")
                      .annotate(n=Count("pk")))
        PostReactionCount.objects.filter(post__in=posts).delete()
        PostReactionCount.objects.bulk_create(
            [PostReactionCount(post_id=c["post"], kind_id=c["kind"], count=c["n"]) for c in counts], batch_size=2000)
        post_table, count_table = Post._meta.db_table, PostReactionCount._meta.db_table
        with connection.cursor() as cursor:
            # Only rows whose summary differs are written (a top-up run leaves the others alone).
            cursor.execute(
                f"UPDATE {post_table} AS p SET reaction_summary = COALESCE(s.summary, '{{}}'::jsonb) "
                f"FROM (SELECT ids.new_id AS post_id, (SELECT jsonb_object_agg(c.kind_id::text, c.count) "
                f"  FROM {count_table} c WHERE c.post_id = ids.new_id AND c.count > 0) AS summary "
                f"  FROM ipsimport_oldid ids WHERE ids.board_id = %s AND ids.kind = 'post') AS s "
                f"WHERE p.id = s.post_id AND p.reaction_summary IS DISTINCT FROM COALESCE(s.summary, '{{}}'::jsonb)",
                [self.board.pk])
        recount_reputation(self.board_rows("member").values_list("new_id", flat=True))

    # Follows -----------------------------------------------------------------------------------------------------
    def step_follows(self):
        """core_follow's key is an md5, so the run keeps its place by `follow_added`: rows of the last second done
        are read again, and skipped by their old id (so a follow a member removed here does not come back)."""
        self.batched_by_time("follows", "core_follow", "follow_added", "follow_id", self._follows, FOLLOW_WHERE)

    def _follows(self, rows):
        members = {self.ids["member"].get(row["follow_member_id"]) for row in rows}
        have = {(kind, member, target) for kind in ("topic", "forum") for member, target in Follow.objects.filter(
            member_id__in=members, **{f"{kind}__isnull": False}).values_list("member_id", f"{kind}_id")}
        follows, old_ids, already = [], [], []
        for row in rows:
            old_id = follow_old_id(row["follow_id"])
            if old_id in self.ids["follow"]:  # read again (the last second of the previous run)
                continue
            kind = row["follow_area"]
            target = self.ids[kind].get(row["follow_rel_id"])
            member = self.ids["member"].get(row["follow_member_id"])
            if target is None or member is None:
                self.problems["follows of content or by members not imported"] += 1
            elif (kind, member, target) in have:  # followed here already: that follow is the member's, not ours
                already.append((old_id, 0))
            else:
                have.add((kind, member, target))
                follows.append(Follow(member_id=member, **{f"{kind}_id": target},
                                      created_at=self._when(row["follow_added"]) or timezone.now()))
                old_ids.append(old_id)
        Follow.objects.bulk_create(follows)
        self.remember("follow", [(old, follow.pk) for old, follow in zip(old_ids, follows)] + already)

    # Warnings ----------------------------------------------------------------------------------------------------
    def step_warnings(self):
        self.batched("warnings", "core_members_warn_logs", "wl_id", self._warnings)

    def _warnings(self, rows):
        words = self.source.words({f"core_warn_reason_{r['wl_reason']}" for r in rows if r.get("wl_reason")})
        warnings = []
        for row in rows:
            member = self.ids["member"].get(row["wl_member"])
            if member is None:
                self.problems["warnings of members not imported"] += 1
                continue
            reason = self.word(words, f"core_warn_reason_{row['wl_reason']}") if row.get("wl_reason") else ""
            note = markup.text_only(text(row.get("wl_note_member")))
            created = self._when(row["wl_date"]) or timezone.now()
            warnings.append(Warning(
                member_id=member, by_id=self.ids["member"].get(row["wl_moderator"]),
                reason="\n\n".join(p for p in (reason, note) if p) or gettext_noop("Warned on the old board."),
                points=max(row.get("wl_points") or 0, 0), expires_at=self._when(row.get("wl_expire_date")),
                # Seen on the old board: an imported warning does not ask to be acknowledged again.
                acknowledged_at=created, created_at=created))
        Warning.objects.bulk_create(warnings)
        self.imported["warnings"] += len(warnings)
