"""Who may react to a post: asked by the page (to show the form) and by the service again, under the post's lock."""

from django.utils import formats
from django.utils.translation import gettext as _

from forum.models import Post
from forum.permissions import viewer


def react_refusal(user, post, topic):
    """Why `user` may not react to `post` (of `topic`), or None. Members only, never on their own post, only on
    visible posts, and only where the "react" column of the forum's permission grid allows their group."""
    if not user.is_authenticated:
        return _("Sign in to react to posts.")
    if not user.is_active:
        return _("Your account is not active.")
    if user.is_suspended:
        return _("Your account is suspended until %(when)s.") % {
            "when": formats.date_format(user.suspended_until, "DATETIME_FORMAT")}
    perms = viewer(user)
    if perms.ban():
        return _("Your account is banned.")
    if post.author_id == user.pk:
        return _("You cannot react to your own post.")
    if post.state != Post.State.VISIBLE or topic.is_hidden or topic.deleted_at:
        return _("Only visible posts take reactions.")
    if not perms.forum_perm(topic.forum_id, "can_react"):
        return _("Your member group may not react to posts in this forum.")
    return None


def may_react_in(user, topic):
    """The forum-wide part of react_refusal, for a whole page: False means no post of it offers the form."""
    if not (user.is_authenticated and user.is_active) or user.is_suspended:
        return False
    return viewer(user).forum_perm(topic.forum_id, "can_react") and not viewer(user).ban()
