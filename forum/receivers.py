"""Who may read what changes in more places than the permission grid and a member's group: a moderator assignment
(its member or group may see hidden and queued posts), a member group's administrator or moderator flag, and a staff
member's two-factor authentication (staff without it hold no power and read as members of the default group). Each is
announced as `signals.access_changed` for the members concerned, whatever page or command made the change (the admin,
an import, the shell), so the apps that remember what a member could see (the bell's count) recheck it."""

from allauth.mfa.signals import authenticator_added, authenticator_removed
from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from accounts.models import MemberGroup

from .models import Moderator
from .signals import access_changed


def _members_of(user_ids=(), group_ids=()):
    """The ids of the named members and of the members of the named groups (their primary group, the one that counts
    for permissions)."""
    ids = {pk for pk in user_ids if pk}
    group_ids = [pk for pk in group_ids if pk]
    if group_ids:
        ids |= set(get_user_model().objects.filter(primary_group_id__in=group_ids).values_list("pk", flat=True))
    return sorted(ids)


def _announce(sender, member_ids):
    if member_ids:
        access_changed.send(sender, member_ids=member_ids, forum_ids=[], actor=None)


# Moderator assignments ---------------------------------------------------------------------------------------------
@receiver(pre_save, sender=Moderator, dispatch_uid="forum.moderator_before")
def _moderator_before(sender, instance, raw=False, **kwargs):
    """Remember whom the assignment named before: moving it from one member (or group) to another changes both."""
    before = None
    if instance.pk and not raw:
        before = Moderator.objects.filter(pk=instance.pk).values_list("user_id", "group_id").first()
    instance._agora_before = before


@receiver(post_save, sender=Moderator, dispatch_uid="forum.moderator_saved")
def _moderator_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    before = getattr(instance, "_agora_before", None) or (None, None)
    _announce(Moderator, _members_of([instance.user_id, before[0]], [instance.group_id, before[1]]))


@receiver(post_delete, sender=Moderator, dispatch_uid="forum.moderator_deleted")
def _moderator_deleted(sender, instance, **kwargs):
    _announce(Moderator, _members_of([instance.user_id], [instance.group_id]))


# A member group's staff flags --------------------------------------------------------------------------------------
STAFF_FLAGS = ("is_admin", "is_moderator")


@receiver(pre_save, sender=MemberGroup, dispatch_uid="forum.group_before")
def _group_before(sender, instance, raw=False, **kwargs):
    before = None
    if instance.pk and not raw:
        before = MemberGroup.objects.filter(pk=instance.pk).values_list(*STAFF_FLAGS).first()
    instance._agora_flags_before = before


@receiver(post_save, sender=MemberGroup, dispatch_uid="forum.group_saved")
def _group_saved(sender, instance, created, raw=False, **kwargs):
    before = getattr(instance, "_agora_flags_before", None)
    if raw or created or before is None:
        return  # a new group has no members yet
    if tuple(getattr(instance, flag) for flag in STAFF_FLAGS) != tuple(before):
        _announce(MemberGroup, _members_of(group_ids=[instance.pk]))


# Two-factor authentication -----------------------------------------------------------------------------------------
@receiver(authenticator_added, dispatch_uid="forum.mfa_added")
@receiver(authenticator_removed, dispatch_uid="forum.mfa_removed")
def _mfa_changed(sender, user, **kwargs):
    """Staff gain (or lose) their powers, hidden posts and staff forums with two-factor: recheck what they read."""
    _announce(type(user), [user.pk])
