"""Reaction writes. Each locks the post's row first, so the reactions to one post are written one at a time: the
member's previous reaction is read under that lock, the permission is asked again there, and the post's counts and
its author's reputation move with database-side arithmetic in the same transaction. Reactions to different posts of
one author do not wait for each other: the reputation moves with F(), never read-modify-write."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F, IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from forum.models import Post

from .models import PostReactionCount, Reaction, ReactionType
from .permissions import react_refusal


class ReactionRefused(Exception):
    """The member may not react to this post (or with that reaction); the message says why."""


def _lock(post, user):
    locked = Post.objects.select_for_update(of=("self",)).select_related("topic").get(pk=post.pk)
    refusal = react_refusal(user, locked, locked.topic)
    if refusal:
        raise ReactionRefused(refusal)
    return locked


def _count(post, kind_id, delta):
    """Move one post's count of one kind; the row is made on first use (the post's lock keeps that to one)."""
    if delta > 0 and not PostReactionCount.objects.filter(post=post, kind_id=kind_id).update(
            count=F("count") + delta):
        PostReactionCount.objects.create(post=post, kind_id=kind_id, count=delta)
    elif delta < 0:
        PostReactionCount.objects.filter(post=post, kind_id=kind_id).update(count=F("count") + delta)


def _summarise(post):
    """Copy the post's counts onto the post ({kind id: count}), which the topic page reads with the post itself.
    Every writer holds the post's lock, so the copy matches the counters."""
    counts = PostReactionCount.objects.filter(post=post, count__gt=0).values_list("kind_id", "count")
    Post.objects.filter(pk=post.pk).update(reaction_summary={str(kind_id): n for kind_id, n in counts})


def _reputation(post, delta):
    if delta and post.author_id:
        get_user_model().objects.filter(pk=post.author_id).update(reputation=F("reputation") + delta)


@transaction.atomic
def react(post, user, kind):
    """Give `post` the reaction `kind` from `user`, replacing their earlier one. Returns the Reaction."""
    locked = _lock(post, user)
    kind = ReactionType.objects.filter(pk=getattr(kind, "pk", kind), is_enabled=True).first()
    if kind is None:
        raise ReactionRefused(_("That reaction is not available."))
    previous = Reaction.objects.filter(post=locked, user=user).select_related("kind").first()
    if previous is None:
        reaction = Reaction.objects.create(post=locked, user=user, kind=kind)
        _count(locked, kind.pk, 1)
        _summarise(locked)
        _reputation(locked, kind.value)
        return reaction
    if previous.kind_id != kind.pk:
        _count(locked, previous.kind_id, -1)
        _count(locked, kind.pk, 1)
        _summarise(locked)
        _reputation(locked, kind.value - previous.kind.value)
        Reaction.objects.filter(pk=previous.pk).update(kind=kind)
        previous.kind = kind
    return previous


@transaction.atomic
def unreact(post, user):
    """Take back `user`'s reaction to `post`, if any. Returns True when there was one."""
    locked = _lock(post, user)
    previous = Reaction.objects.filter(post=locked, user=user).select_related("kind").first()
    if previous is None:
        return False
    previous.delete()
    _count(locked, previous.kind_id, -1)
    _summarise(locked)
    _reputation(locked, -previous.kind.value)
    return True


def recount_reputation(user_ids=None):
    """Each member's reputation from the reactions their posts hold (after an administrator changes what a reaction
    is worth). One UPDATE for the named members, or for everyone."""
    received = (Reaction.objects.filter(post__author=OuterRef("pk")).order_by().values("post__author")
                .annotate(total=Sum("kind__value")).values("total"))
    users = get_user_model().objects.all()
    if user_ids is not None:
        users = users.filter(pk__in=list(user_ids))
    users.update(reputation=Coalesce(Subquery(received, output_field=IntegerField()), Value(0)))
