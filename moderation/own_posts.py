"""A member deletes their own post, or their own topic while no one has replied: into the recycle bin (moderators
can restore it), counters recounted for the rows it touched, and a line in the moderation log, all in one
transaction. The permission (forum.permissions.delete_own_refusal) is asked again under the topic's lock."""

from django.db import transaction
from django.utils import timezone

from forum.models import Post, Topic
from forum.permissions import delete_own_refusal

from . import counters
from .log import log
from .services import ModerationError, _changed, _lock_topics


@transaction.atomic
def delete_own_post(post, actor, ip_address=None):
    """Returns the topic the post was in; raises ModerationError (and changes nothing) when it may not be done."""
    (topic,) = _lock_topics(post.topic)
    post = Post.objects.select_for_update().get(pk=post.pk)
    refusal = delete_own_refusal(actor, post, topic)
    if refusal:
        raise ModerationError(refusal)
    now = timezone.now()
    if post.position == 1:
        Topic.objects.filter(pk=topic.pk).update(deleted_at=now)
        Topic.objects.filter(moved_to=topic).delete()
        counters.refresh(forum_ids=[topic.forum_id], authors_of_topics=[topic.pk])
        log(actor, "topic_delete_own", topic, ip_address, "", topic.forum)
        _changed("delete", actor, topic_ids=[topic.pk])
    else:
        Post.objects.filter(pk=post.pk).update(state=Post.State.DELETED, deleted_at=now)
        counters.refresh(topic_ids=[topic.pk], forum_ids=[topic.forum_id], user_ids=[actor.pk])
        log(actor, "post_delete_own", post, ip_address, "", topic.forum)
        _changed("delete", actor, topic_ids=[topic.pk], post_ids=[post.pk])
    return topic
