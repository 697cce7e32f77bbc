"""Follow and unfollow. The views check that the member may see what they follow; these functions only write."""

from django.db import IntegrityError, transaction

from .models import Follow


def _target(target):
    from forum.models import Forum

    return {"forum": target} if isinstance(target, Forum) else {"topic": target}


def follow(member, target):
    """Follow a topic or a forum; following twice leaves one row (a database constraint decides)."""
    try:
        with transaction.atomic():
            Follow.objects.get_or_create(member=member, **_target(target))
    except IntegrityError:  # a second request got there first
        pass


def unfollow(member, target):
    Follow.objects.filter(member=member, **_target(target)).delete()


def followers(target):
    """The ids of the members who follow a topic or a forum."""
    return Follow.objects.filter(**_target(target)).values_list("member_id", flat=True)
