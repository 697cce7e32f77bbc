"""The work done outside the request, by the django-tasks worker (`manage.py db_worker`): a reply stays fast however
many members follow its topic."""

from django_tasks import task

from . import emails, services


@task()
def deliver_post(post_id):
    """Notify everyone a newly visible post concerns (followers, mentioned and quoted members)."""
    return services.deliver_post(post_id)


@task()
def deliver_post_to(post_id, kinds):
    """One share of a widely followed post's delivery: [(member id, kind), ...]."""
    return services.deliver_post_to_members(post_id, kinds)


@task()
def deliver_edit_mentions(post_id, member_ids, editor_id):
    """Tell the members an edit newly mentions."""
    return services.deliver_edit_mentions(post_id, member_ids, editor_id)


@task()
def recheck(post_ids, topic_ids):
    """Content changed state or place: the bells of the members told about it count only what they may still see."""
    return services.recheck(post_ids, topic_ids)


@task()
def recheck_access(forum_ids, member_ids):
    """A forum's permission grid or members' groups changed: the bells of the members concerned count only what they
    may still see (and again what they may see once more)."""
    return services.recheck(forum_ids=forum_ids, member_ids=member_ids)


@task()
def send_emails(notification_ids):
    return emails.send_immediate(notification_ids)


@task()
def send_digests():
    return emails.send_digests()
