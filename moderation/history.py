"""Readable history: the moderation log as sentences (the whole board for administrators; one topic for its
forum's moderators; one member for those who hold member tools) and a post's edit history as a word-level diff."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from accounts.models import User
from forum import permissions
from forum.models import Forum, Post, Topic
from safety.params import parse_id

from . import log_sentences, services, textdiff
from .models import ModerationLog, PostRevision


def may_use_member_page(user):
    """The member page's own rule (moderation.views.member): a member tool anywhere, or an administrator."""
    if not user.is_authenticated:
        return False
    perms = permissions.viewer(user)
    return perms.is_admin or any(perms.may_anywhere(tool) for tool in ("warn", "suspend", "ban"))


def target_links(user, entries):
    """{entry pk: URL} for the targets this viewer may open, in one query per kind of target on the page."""
    wanted = {}
    for entry in entries:
        wanted.setdefault(entry.target_type, set()).add(entry.target_id)
    urls = {}
    if wanted.get("topic"):
        for topic in Topic.objects.visible_to(user, with_deleted=True).filter(pk__in=wanted["topic"]):
            urls[("topic", topic.pk)] = topic.get_absolute_url()
    if wanted.get("post"):
        for post in (Post.objects.visible_to(user, with_deleted=True).filter(pk__in=wanted["post"])
                     .select_related("topic")):
            urls[("post", post.pk)] = post.topic.post_url(post)
    if wanted.get("user"):
        member_page = may_use_member_page(user)
        for member in User.objects.filter(pk__in=wanted["user"]).only("pk", "username"):
            urls[("user", member.pk)] = (reverse("moderation:member", kwargs={"pk": member.pk}) if member_page
                                         else member.get_absolute_url())
    if wanted.get("forum"):
        for forum in Forum.objects.filter(pk__in=wanted["forum"]):
            if permissions.can_view_forum(user, forum):
                urls[("forum", forum.pk)] = forum.get_absolute_url()
    if wanted.get("ban") and services.may_manage_bans(user):
        urls.update({("ban", pk): reverse("moderation:bans") for pk in wanted["ban"]})
    if wanted.get("boardsettings") and permissions.is_board_admin(user):
        urls[("boardsettings", 1)] = reverse("moderation:board_settings")
    return {entry.pk: urls.get((entry.target_type, entry.target_id)) for entry in entries}


def readable(user, entries):
    """[{entry, sentence, changes}] for a page of log entries."""
    entries = list(entries)
    links = target_links(user, entries)
    return [{"entry": entry, "sentence": log_sentences.sentence(entry, links[entry.pk]),
             "changes": log_sentences.settings_changes(entry) if entry.action == "board_settings" else []}
            for entry in entries]


def _scope(request):
    """-> (entries the viewer may read, the topic or member asked for, heading kind). Administrators read it all;
    a topic's history is open to its forum's moderators, a member's to holders of member tools (and shows, to
    those who are not administrators, the entries of the forums they moderate and board-wide member actions)."""
    user = request.user
    topic_id, member_id = parse_id(request.GET.get("topic")), parse_id(request.GET.get("member"))
    entries = ModerationLog.objects.select_related("forum").order_by("-created_at", "-pk")
    if topic_id is not None:
        topic = get_object_or_404(Topic.objects.visible_to(user, with_deleted=True), pk=topic_id)
        if not permissions.is_moderator(user, topic.forum):
            raise PermissionDenied
        posts = Post.objects.visible_to(user, with_deleted=True).filter(topic_id=topic.pk).values("pk")
        return entries.filter(Q(target_type="topic", target_id=topic.pk)
                              | Q(target_type="post", target_id__in=posts)), topic, "topic"
    if member_id is not None:
        if not may_use_member_page(user):
            raise PermissionDenied
        member = get_object_or_404(User, pk=member_id)
        entries = entries.filter(
            Q(target_type="user", target_id=member.pk) | Q(actor_id=member.pk)
            | Q(target_type="post", target_id__in=Post.objects.visible_to(user, with_deleted=True)
                .filter(author=member).values("pk"))
            | Q(target_type="topic", target_id__in=Topic.objects.visible_to(user, with_deleted=True)
                .filter(author=member).values("pk")))
        forum_ids = permissions.viewer(user).moderated_forums()
        if not permissions.is_board_admin(user) and forum_ids is not None:
            entries = entries.filter(Q(forum_id__in=forum_ids) | Q(forum__isnull=True))
        return entries, member, "member"
    if not permissions.is_board_admin(user):
        raise PermissionDenied
    return entries, None, ""


def moderation_log(request):
    entries, subject, kind = _scope(request)
    action, actor, forum_id = (request.GET.get("action", ""), request.GET.get("actor", "").strip(),
                               request.GET.get("forum", ""))
    if action:
        entries = entries.filter(action=action)
    if actor:
        entries = entries.filter(actor_name__iexact=actor)
    if parse_id(forum_id) is not None:
        entries = entries.filter(forum_id=parse_id(forum_id))
    page = Paginator(entries, 50).get_page(parse_id(request.GET.get("page")))
    codes = set(ModerationLog.objects.order_by().values_list("action", flat=True).distinct())
    codes |= set(log_sentences.SENTENCES)
    actions = sorted(((code, log_sentences.action_label(code)) for code in codes), key=lambda item: str(item[1]))
    keep = request.GET.copy()
    keep.pop("page", None)
    return render(request, "moderation/log.html", {
        "page": page, "rows": readable(request.user, page), "actions": actions,
        "forums": [f for f in Forum.objects.order_by("name") if permissions.can_view_forum(request.user, f)],
        "filters": {"action": action, "actor": actor, "forum": forum_id}, "query": keep.urlencode(),
        "subject": subject, "kind": kind, "is_admin": permissions.is_board_admin(request.user),
    })


def post_history(request, pk):
    post = get_object_or_404(
        Post.objects.visible_to(request.user, with_deleted=True).select_related("topic__forum", "author"), pk=pk)
    if not (request.user.is_authenticated and permissions.may_moderate(request.user, post.topic.forum, "edit")):
        raise PermissionDenied
    revisions = list(PostRevision.objects.filter(post=post).order_by("-created_at", "-pk"))
    # Each revision holds the content before an edit; the version after it is the next revision, or the post.
    versions = []
    newer = post.content
    for revision in revisions:
        pieces = textdiff.word_diff(revision.content, newer)
        versions.append({"revision": revision, "pieces": pieces, "changed": textdiff.changed(pieces)})
        newer = revision.content
    return render(request, "moderation/history.html", {"post": post, "topic": post.topic, "versions": versions})
