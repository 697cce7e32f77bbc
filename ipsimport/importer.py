"""The import itself: steps run in order, each over its source table in key order and in batches. Every batch is
one transaction that also records the step's progress, so an interrupted run resumes after the last batch it
committed and a later run reads only rows newer than the last one imported (a board is copied once, then topped
up on switch-over day). The old-id table (OldId) makes every step idempotent besides.

The source is only ever read (see source.py). A dry run does the whole import in one transaction and rolls it
back, so its report (rows and problems) is exactly what a real run would do, and nothing is written.
"""

import json
import re
import sys
from collections import Counter
from contextlib import nullcontext
from pathlib import Path

from allauth.account.models import EmailAddress
from django import forms
from django.contrib.auth import get_user_model
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from accounts.avatars import process_avatar
from accounts.models import Ban, MemberGroup, default_group
from accounts.names import skeleton
from forum.content import sanitize_html
from forum.models import TOOL_NAMES, Category, Forum, ForumPermission, Moderator

from . import markup
from .changes import Changes, row_hash
from .content_steps import ContentSteps
from .deletions import Deletions
from .hashers import django_password
from .models import OldId, Progress
from .oldurls import ips_slug
from .social_steps import SocialSteps
from .source import repair_mojibake, text
from .util import ProgressBar, member_ban, member_email, member_last_seen, member_restriction, when


class Rollback(Exception):
    """Raised at the end of a dry run to undo everything it wrote."""


class Importer(ContentSteps, SocialSteps, Changes, Deletions, markup.Context):
    STEPS = ["groups", "forums", "members", "moderators", "topics", "posts", "moved_topics", "ratings", "reactions",
             "follows", "warnings", "changes", "deletions"]

    def __init__(self, source, board, *, uploads=None, uploads_url=None, dry_run=False, batch_size=500,
                 stdout=None, admin_groups=(4,), guest_group=2, member_group=3):
        super().__init__(board.base_url, uploads_url)
        self.source, self.board = source, board
        self.uploads, self.dry_run, self.batch_size = uploads, dry_run, batch_size
        self.out = stdout or sys.stdout
        self.admin_groups, self.guest_group, self.member_group = set(admin_groups), guest_group, member_group
        self.imported = Counter()
        self.ids = {}  # kind -> {old id: new id}
        self.usernames = {}  # new member id -> username, for mentions written into posts
        self._names = None

    # The run -----------------------------------------------------------------------------------------------
    def run(self):
        for kind in OldId.Kind.values:
            self.ids[kind] = dict(OldId.objects.filter(board=self.board, kind=kind).values_list("old_id", "new_id"))
        self._languages = self.source.languages() if self.source.has("core_sys_lang") else []
        self.default_lang = self._languages[0][0] if self._languages else 1
        try:
            with transaction.atomic() if self.dry_run else nullcontext():
                for step in self.STEPS:
                    getattr(self, "step_" + step)()
                self.not_imported()
                self.finish()
                if self.dry_run:
                    raise Rollback
        except Rollback:
            pass
        return self.report()

    def report(self):
        return {"imported": dict(self.imported), "problems": dict(self.problems)}

    def batched(self, step, table, key, handle, columns="*", where="1=1", label=None):
        """Run `handle(rows)` over the table's rows newer than the step's progress, one transaction a batch."""
        if not self.source.has(table):
            return
        progress, _created = Progress.objects.get_or_create(board=self.board, step=step)
        total = self.source.count(table, f"{key} > %s AND ({where})", (progress.last_id,))
        bar = ProgressBar(self.out, label or step, total)
        for rows in self.source.batches(table, key, progress.last_id, self.batch_size, columns, where):
            with transaction.atomic():
                handle(rows)
                progress.last_id, progress.rows = rows[-1][key], progress.rows + len(rows)
                progress.updated_at = timezone.now()
                progress.save(update_fields=["last_id", "rows", "updated_at"])
            bar.add(len(rows))
        bar.close()

    def batched_by_time(self, step, table, time_key, tie_key, handle, where="1=1"):
        """`batched` for a table whose key is not a growing number (core_follow's is an md5): rows in order of a
        timestamp, then the key. The progress keeps the timestamp, so a later run reads the last second done again
        (`handle` must skip rows already imported)."""
        if not self.source.has(table):
            return
        progress, _created = Progress.objects.get_or_create(board=self.board, step=step)
        total = self.source.count(table, f"{time_key} >= %s AND ({where})", (progress.last_id,))
        bar = ProgressBar(self.out, step, total)
        after = (progress.last_id, "")
        while True:
            rows = self.source.query(
                f"SELECT * FROM {{t:{table}}} WHERE ({where}) AND ({time_key} > %s OR ({time_key} = %s AND "
                f"{tie_key} > %s)) ORDER BY {time_key}, {tie_key} LIMIT %s", (after[0], after[0], after[1],
                                                                              self.batch_size))
            if not rows:
                break
            with transaction.atomic():
                handle(rows)
                progress.last_id, progress.rows = rows[-1][time_key] or 0, progress.rows + len(rows)
                progress.updated_at = timezone.now()
                progress.save(update_fields=["last_id", "rows", "updated_at"])
            after = (rows[-1][time_key] or 0, rows[-1][tie_key])
            bar.add(len(rows))
        bar.close()

    def remember(self, kind, pairs, slugs=None, rows=None):
        """Record old id -> new id for these rows (in the batch's transaction). `rows` ({old id: source row}) give
        the rows' hashes (TRACKED kinds), from which a later run sees what changed."""
        slugs, hashes = slugs or {}, {old: row.get("row_hash") or "" for old, row in (rows or {}).items()}
        OldId.objects.bulk_create([OldId(board=self.board, kind=kind, old_id=old, new_id=new,
                                         old_slug=(slugs.get(old) or "")[:255], source_hash=hashes.get(old, ""))
                                   for old, new in pairs])
        self.ids[kind].update(pairs)
        made = sum(1 for _old, new in pairs if new)  # new id 0: seen, nothing made here
        if made:
            self.imported[kind] += made

    def word(self, words, key):
        """A language string in the board's default language."""
        by_lang = words.get(key) or {}
        return text(by_lang.get(self.default_lang) or next(iter(by_lang.values()), ""))

    # Look-ups for markup.rewrite -------------------------------------------------------------------------
    def member(self, old_id):
        new_id = self.ids["member"].get(old_id)
        if new_id is None:
            return None
        if new_id not in self.usernames:
            self.usernames[new_id] = get_user_model().objects.filter(pk=new_id).values_list(
                "username", flat=True).first() or ""
        return new_id, self.usernames[new_id]

    def member_by_name(self, name):
        if self._names is None:
            self._names = {}
        key = text(name).casefold()
        if key not in self._names:
            found = get_user_model().objects.filter(
                username__iexact=text(name), pk__in=self.board_rows("member")).values_list("pk", "username")
            self._names[key] = next(iter(found), None)
        return self._names[key]

    def post_id(self, old_pid):
        return self.ids["post"].get(old_pid)

    def link(self, old):
        kind = {"profile": "member"}.get(old.kind, old.kind)
        if old.comment is not None:
            new_post = self.ids["post"].get(old.comment)
            if new_post:
                return f"/post/{new_post}/"
        new_id = self.ids[kind].get(old.old_id)
        if new_id is None:
            return None
        return {"topic": "/topic/{}/", "forum": "/forum/{}/", "member": "/profile/{}/"}[kind].format(new_id)

    # Members and groups ----------------------------------------------------------------------------------
    def step_groups(self):
        rows = self.source.query("SELECT g_id, prefix, suffix FROM {t:core_groups} ORDER BY g_id")
        words = self.source.words(f"core_group_{r['g_id']}" for r in rows)
        self.moderator_groups = {r["id"] for r in self.source.query(
            "SELECT id FROM {t:core_moderators} WHERE type = 'g'")} if self.source.has("core_moderators") else set()
        pairs = []
        for row in rows:
            if row["g_id"] == self.guest_group or row["g_id"] in self.ids["group"]:
                continue
            name = self.word(words, f"core_group_{row['g_id']}") or f"Group {row['g_id']}"
            group = MemberGroup.objects.filter(name__iexact=name).first()
            if group is None:
                group = MemberGroup.objects.create(
                    name=name[:100], badge_colour=badge_colour(row["prefix"]) or "#4b5563", order=100 + row["g_id"],
                    is_admin=row["g_id"] in self.admin_groups,
                    is_moderator=row["g_id"] in self.moderator_groups or row["g_id"] in self.admin_groups)
            pairs.append((row["g_id"], group.pk))
        with transaction.atomic():
            self.remember("group", pairs)

    def step_members(self):
        self.batched("members", "core_members", "member_id", self._members, columns="*, " + row_hash("member"))

    def _members(self, rows):
        User = get_user_model()
        rows = [r for r in rows if r["member_id"] not in self.ids["member"]]
        wanted = {text(r["name"]) for r in rows}
        taken = {n.casefold() for n in User.objects.filter(username__in=wanted).values_list("username", flat=True)}
        fallback_group = self.ids["group"].get(self.member_group) or default_group()
        users, bans = [], []
        for row in rows:
            name = text(row["name"])[:150] or f"member{row['member_id']}"
            if name.casefold() in taken:
                self.problems["usernames already taken here (the old id was added)"] += 1
                name = f"{name[:130]}-{row['member_id']}"
            taken.add(name.casefold())
            user = User(username=name, name_key=skeleton(name), date_joined=when(row["joined"]) or timezone.now(),
                        email=member_email(row), primary_group_id=self.member_group_of(row) or fallback_group,
                        last_seen=member_last_seen(row), **member_restriction(row))
            self.set_member_password(user, row)
            if row.get("mod_posts"):
                self.problems["members whose posts IPS held for approval (not kept)"] += 1
            if row.get("member_title"):
                self.problems["member titles (Agora has none)"] += 1
            users.append(user)
        User.objects.bulk_create(users)
        pairs = [(row["member_id"], user.pk) for row, user in zip(rows, users)]
        self.remember("member", pairs, {r["member_id"]: r["members_seo_name"] or ips_slug(r["name"]) for r in rows},
                      {r["member_id"]: r for r in rows})
        emails = []
        for row, user in zip(rows, users):
            self.usernames[user.pk] = user.username
            bits = row["members_bitoptions"] or 0
            if user.email:
                emails.append(EmailAddress(user=user, email=user.email, primary=True,
                                           verified=not bits & 1073741824))
            ban = member_ban(row)
            if ban:
                bans.append(Ban(kind=Ban.Kind.MEMBER, member=user, reason=ban[0], expires_at=ban[1]))
        # Duplicate addresses (IPS allowed them) stay on the member but can't be a second verified address.
        EmailAddress.objects.bulk_create(emails, ignore_conflicts=True)
        Ban.objects.bulk_create(bans)
        self.imported["bans"] += len(bans)
        self._signatures_and_avatars(rows, users)

    def member_group_of(self, row):
        return self.ids["group"].get(row["member_group_id"])

    def set_member_password(self, user, row):
        user.password = django_password(row["members_pass_hash"], row["members_pass_salt"]) or ""
        if not user.password:
            user.set_unusable_password()
            self.problems["members without a password here (external sign-in): they reset it"] += 1

    def signature(self, row):
        return sanitize_html(markup.rewrite(repair_mojibake(row["signature"]), self)) if (
            row.get("signature") or "").strip() else ""

    def _signatures_and_avatars(self, rows, users):
        User = get_user_model()
        for row, user in zip(rows, users):
            changed = []
            if (row.get("signature") or "").strip():
                user.signature = self.signature(row)
                changed.append("signature")
            if self.uploads and not self.dry_run and row.get("pp_photo_type") == "custom" and row.get("pp_main_photo"):
                if self._avatar(user, row["pp_main_photo"]):
                    changed.append("avatar")
            if changed:
                User.objects.filter(pk=user.pk).update(**{f: getattr(user, f) for f in changed})

    def _avatar(self, user, location):
        path = self._upload_path(location)
        if path is None:
            self.problems["avatars whose file is missing"] += 1
            return False
        try:
            with open(path, "rb") as handle:
                stored = process_avatar(File(handle, name=path.name), user)
        except forms.ValidationError:
            self.problems["avatars that are not readable images"] += 1
            return False
        user.avatar.save(stored.name, stored, save=False)
        self.imported["avatars"] += 1
        return True

    def _upload_path(self, location):
        root = Path(self.uploads).resolve()
        path = (root / location.lstrip("/")).resolve()
        return path if path.is_file() and root in path.parents else None

    def step_moderators(self):
        """IPS moderators of one member, and members whose secondary group moderates, get a moderator
        assignment here (Agora's roles follow the primary group only)."""

        progress, _created = Progress.objects.get_or_create(board=self.board, step="moderators")
        if progress.rows:
            return
        assigned = []
        if self.source.has("core_moderators"):
            for row in self.source.query("SELECT type, id, perms FROM {t:core_moderators} WHERE type = 'm'"):
                user_id = self.ids["member"].get(row["id"])
                if user_id is None:
                    continue
                try:
                    perms = json.loads(row["perms"] or "{}")
                except ValueError:
                    perms = {}
                forums = perms.get("forums") if isinstance(perms, dict) else None
                assigned.append((user_id, None if forums in (None, "*", -1) else
                                 [self.ids["forum"][f] for f in forums if f in self.ids["forum"]]))
        moderating = self.moderator_groups | self.admin_groups
        if moderating:
            for row in self.source.query("SELECT member_id, mgroup_others FROM {t:core_members} "
                                         "WHERE mgroup_others <> ''"):
                others = {int(g) for g in str(row["mgroup_others"]).split(",") if g.strip().isdigit()}
                if others & moderating and row["member_id"] in self.ids["member"]:
                    assigned.append((self.ids["member"][row["member_id"]], None))
        with transaction.atomic():
            for user_id, forums in assigned:
                moderator = Moderator.objects.create(user_id=user_id, all_forums=forums is None, tools=TOOL_NAMES)
                if forums:
                    moderator.forums.set(forums)
            progress.rows = max(len(assigned), 1)
            progress.save(update_fields=["rows"])
        self.imported["moderators"] += len(assigned)

    # Categories, forums, permissions ---------------------------------------------------------------------
    def step_forums(self):
        rows = self.source.query("SELECT * FROM {t:forums_forums} ORDER BY position, id")
        by_id = {r["id"]: r for r in rows}
        words = self.source.words([f"forums_forum_{r['id']}" for r in rows] +
                                  [f"forums_forum_{r['id']}_desc" for r in rows])
        agora_codes = {lang_id: agora_language(short) for lang_id, short, _default in self._languages}
        dropped = {short for lang_id, short, _default in self._languages if agora_codes[lang_id] is None}
        if dropped:
            self.problems["languages Agora does not offer (their titles were not kept): " +
                          ", ".join(sorted(dropped))] += 1

        def translations(key):
            """{"zh-hans": {"name": ..., "description": ...}} from the board's other languages."""
            found = {}
            for suffix, field in (("", "name"), ("_desc", "description")):
                default = self.word(words, key + suffix)
                for lang_id, value in (words.get(key + suffix) or {}).items():
                    code = agora_codes.get(lang_id)
                    value = text(value) if field == "name" else markup.text_only(text(value))
                    if code and lang_id != self.default_lang and value and value != (
                            default if field == "name" else markup.text_only(default)):
                        found.setdefault(code, {})[field] = value[:200] if field == "name" else value
            return found

        def root(row):
            seen = set()
            while row["parent_id"] not in (-1, None) and row["parent_id"] in by_id and row["id"] not in seen:
                seen.add(row["id"])
                row = by_id[row["parent_id"]]
            return row

        order = {r["id"]: index for index, r in enumerate(_tree_order(rows))}
        perms = self._forum_permissions()
        with transaction.atomic():
            for row in sorted(rows, key=lambda r: order[r["id"]]):
                name = self.word(words, f"forums_forum_{row['id']}") or text(row.get("name_seo")) or str(row["id"])
                if row["parent_id"] in (-1, None):
                    if row["id"] not in self.ids["category"]:
                        category = Category.objects.create(name=name[:200], order=order[row["id"]],
                                                           translations=translations(f"forums_forum_{row['id']}"))
                        self.remember("category", [(row["id"], category.pk)], {row["id"]: row.get("name_seo")})
                    continue
                if row["id"] in self.ids["forum"]:
                    continue
                if row.get("redirect_on"):
                    self.problems["redirect forums (Agora has none; their links were not kept)"] += 1
                    continue
                if row.get("password") or row.get("min_posts_view") or row.get("can_view_others") == 0:
                    self.problems["forums with a password, a post minimum or hidden others' topics (made plain)"] += 1
                top = root(row)
                if top["id"] not in self.ids["category"]:
                    continue
                if top["id"] != row["parent_id"]:
                    self.problems["subforums placed in their category (Agora has no subforums)"] += 1
                forum = Forum(category_id=self.ids["category"][top["id"]], name=name[:200], order=order[row["id"]],
                              description=markup.text_only(self.word(words, f"forums_forum_{row['id']}_desc")),
                              allow_rating=bool(row.get("forum_allow_rating", 1)),
                              translations=translations(f"forums_forum_{row['id']}"))
                forum.save()
                self.remember("forum", [(row["id"], forum.pk)], {row["id"]: row.get("name_seo") or ips_slug(name)})
                self._permissions(forum, perms.get(row["id"]))

    def _forum_permissions(self):
        if not self.source.has("core_permission_index"):
            return {}
        rows = self.source.query("SELECT * FROM {t:core_permission_index} WHERE app = 'forums' "
                                 "AND perm_type = 'forum'")
        return {r["perm_type_id"]: r for r in rows}

    def _permissions(self, forum, row):
        """IPS's per-forum grid (perm_view see, perm_2 read, perm_3 start, perm_4 reply, perm_5 attachments) ->
        one ForumPermission row for guests and for each member group here."""

        if row is None:
            return

        def allowed(column, ips_group):
            value = (row.get(column) or "").strip()
            return value == "*" or str(ips_group) in value.split(",")

        columns = {"can_see": "perm_view", "can_read": "perm_2", "can_start": "perm_3", "can_reply": "perm_4",
                   "can_upload": "perm_5"}
        agora_to_ips = {}
        for ips_group, agora_group in self.ids["group"].items():
            agora_to_ips.setdefault(agora_group, []).append(ips_group)
        rows = []
        for group_id in [None] + list(MemberGroup.objects.values_list("pk", flat=True)):
            ips_groups = [self.guest_group] if group_id is None else agora_to_ips.get(group_id, [self.member_group])
            values = {name: any(allowed(column, g) for g in ips_groups) for name, column in columns.items()}
            values["can_rate"] = values["can_reply"] and group_id is not None
            values["can_post_without_approval"] = group_id is not None
            rows.append(ForumPermission(forum=forum, group_id=group_id, **values))
        ForumPermission.objects.bulk_create(rows)


def agora_language(ips_code):
    """An IPS language ("en_US", "zh_CN") -> the Agora language code that shows it, or None."""
    code = (ips_code or "").replace("-", "_").lower()
    if code.startswith("en"):
        return "en"
    if code in ("zh_cn", "zh_sg", "zh_hans", "zh"):
        return "zh-hans"
    return None


def _tree_order(rows):
    """Forums in the order IPS shows them: each category, then its forums depth-first, by position."""
    children = {}
    for row in rows:
        children.setdefault(row["parent_id"], []).append(row)
    ordered, seen = [], set()

    def walk(parent):
        for row in sorted(children.get(parent, []), key=lambda r: (r["position"], r["id"])):
            if row["id"] in seen:
                continue
            seen.add(row["id"])
            ordered.append(row)
            walk(row["id"])

    walk(-1)
    ordered += [r for r in rows if r["id"] not in seen]  # orphans and cycles last
    return ordered


_COLOUR = re.compile(r"color\s*:\s*(#[0-9a-fA-F]{3,6}\b|rgb\(\s*\d+\s*,\s*\d+\s*,\s*\d+\s*\)|[a-zA-Z]+)")
# The CSS basic colour names, as dark shades where the colour itself is too light under white badge text.
_NAMED = {"red": "#b91c1c", "green": "#15803d", "blue": "#1d4ed8", "navy": "#1e3a8a", "purple": "#7e22ce",
          "maroon": "#7f1d1d", "olive": "#4d7c0f", "teal": "#0f766e", "orange": "#c2410c", "black": "#111827",
          "gray": "#4b5563", "grey": "#4b5563", "fuchsia": "#a21caf", "lime": "#4d7c0f", "aqua": "#0e7490",
          "silver": "#4b5563", "darkred": "#7f1d1d", "darkgreen": "#14532d", "darkblue": "#1e3a8a"}


def badge_colour(prefix):
    """The colour in a group's prefix styling (<span style='color:#c00'>) as #rrggbb, or None."""
    match = _COLOUR.search(prefix or "")
    if not match:
        return None
    value = match[1].lower()
    if value.startswith("#"):
        digits = value[1:]
        return "#" + ("".join(c * 2 for c in digits) if len(digits) == 3 else digits) if len(digits) in (3, 6) \
            else None
    if value.startswith("rgb"):
        return "#" + "".join(f"{min(int(n), 255):02x}" for n in re.findall(r"\d+", value))
    return _NAMED.get(value)

