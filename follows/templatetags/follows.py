from django import template
from django.db.models import Count, Q
from django.urls import reverse

from forum.models import Forum

from ..models import Follow
from ..receivers import FOLLOWER_COUNT, FOLLOWING

register = template.Library()


@register.inclusion_tag("follows/_follow_button.html", takes_context=True)
def follow_button(context, target):
    """"Follow" with the number of followers, on a topic or a forum page. A topic from the topic page's query knows
    both already (receivers.topic_page_columns); otherwise one query, whoever is looking."""
    request = context["request"]
    user = request.user
    is_forum = isinstance(target, Forum)
    rows = Follow.objects.filter(**{"forum" if is_forum else "topic": target})
    if hasattr(target, FOLLOWER_COUNT) and (hasattr(target, FOLLOWING) or not user.is_authenticated):
        counts = {"count": getattr(target, FOLLOWER_COUNT), "mine": getattr(target, FOLLOWING, False)}
    elif user.is_authenticated:
        counts = rows.aggregate(count=Count("pk"), mine=Count("pk", filter=Q(member_id=user.pk)))
    else:
        counts = {"count": rows.count(), "mine": 0}
    return {
        "target": target,
        "is_forum": is_forum,
        "count": counts["count"],
        "following": bool(counts["mine"]),
        "action": reverse("follows:forum" if is_forum else "follows:topic", kwargs={"pk": target.pk}),
        "next": request.get_full_path(),
        "user": user,
        "csrf_token": context.get("csrf_token"),
    }
