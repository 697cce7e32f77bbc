"""Who may do what, as plain functions of (user, object). Views and templates ask here and nowhere else.

The `*_refusal` functions return None when the action is allowed, or a sentence for the person explaining why not;
the `can_*` functions are their yes/no form for templates.
"""

from django.conf import settings
from django.utils.translation import gettext as _


def is_board_admin(user):
    return user.is_authenticated and user.is_board_admin


def is_moderator(user):
    return user.is_authenticated and (user.is_board_admin or bool(
        user.primary_group_id and user.primary_group.is_moderator))


def has_verified_email(user):
    from allauth.account.models import EmailAddress

    return EmailAddress.objects.filter(user=user, verified=True).exists()


def _posting_refusal(user):
    if not user.is_authenticated:
        return _("Sign in or register to post.")
    if not user.is_active:
        return _("Your account is not active.")
    if settings.AGORA_REQUIRE_VERIFIED_EMAIL_TO_POST and not has_verified_email(user):
        return _("Please confirm your email address before posting. We sent you a link when you registered.")
    return None


def can_view_forum(user, forum):
    return True


def can_view_topic(user, topic):
    return not topic.is_hidden or is_moderator(user)


def start_topic_refusal(user, forum):
    return _posting_refusal(user)


def reply_refusal(user, topic):
    if topic.is_locked and not is_moderator(user):
        return _("This topic is locked. It no longer accepts replies.")
    return _posting_refusal(user)


def upload_refusal(user):
    """Images are uploaded by members who may post; guests insert images from a URL instead."""
    if not user.is_authenticated or not settings.AGORA_MEMBERS_MAY_UPLOAD:
        return _("You cannot paste images directly. Upload or insert images from URL.")
    return _posting_refusal(user)


def can_upload(user):
    return upload_refusal(user) is None


def guest_posting_refusal(user, topic):
    """May this visitor write a reply now and register later? Only guests, only where the forum allows it."""
    if user.is_authenticated:
        return _("You are signed in: reply with your account.")
    if not topic.forum.allow_guest_posts:
        return _("Sign in or register to post.")
    if topic.is_locked or topic.is_hidden:
        return _("This topic is locked. It no longer accepts replies.")
    return None


def adopted_post_approval_reason(user, forum):
    """Why a reply written before registering waits for a moderator once adopted, or None to publish it.
    One place for the lead to join with the approval rules of the moderation work (issue 6)."""
    if forum.guest_posts_need_approval and not is_moderator(user):
        return _("This forum asks a moderator to approve replies written before registering.")
    return None


def rate_refusal(user, topic):
    """Why `user` may not rate `topic`, or None. The one rule for ratings: the per-forum permission grid can take
    over the group check here without any caller changing."""
    if not topic.forum.allow_rating:
        return _("Rating is turned off in this forum.")
    if not user.is_authenticated:
        return _("Sign in to rate this topic.")
    if not user.is_active:
        return _("Your account is not active.")
    if topic.is_hidden:
        return _("This topic is hidden, so it cannot be rated.")
    if topic.is_locked:
        return _("This topic is locked, so it can no longer be rated.")
    if user.primary_group_id and not user.primary_group.can_rate:
        return _("Your member group may not rate topics.")
    return None


def can_rate(user, topic):
    return rate_refusal(user, topic) is None


def can_recommend(user, topic):
    """Recommending a post of `topic` (and taking the recommendation back) is a moderator's tool."""
    return is_moderator(user)
