from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_POST

from forum import permissions
from forum.http import safe_next
from forum.models import Forum, Topic

from . import services
from .models import Follow


def _back(request, fallback):
    return HttpResponseRedirect(safe_next(request, request.POST.get("next"), fallback))


def _visible_forum(request, pk):
    forum = get_object_or_404(Forum, pk=pk)
    if not permissions.can_view_forum(request.user, forum):
        raise Http404
    return forum


@require_POST
@login_required
def follow_topic(request, pk):
    topic = get_object_or_404(Topic.objects.visible_to(request.user).filter(moved_to__isnull=True), pk=pk)
    if request.POST.get("action") == "unfollow":
        services.unfollow(request.user, topic)
    else:
        services.follow(request.user, topic)
    return _back(request, topic.get_absolute_url())


@require_POST
@login_required
def follow_forum(request, pk):
    forum = _visible_forum(request, pk)
    if request.POST.get("action") == "unfollow":
        services.unfollow(request.user, forum)
    else:
        services.follow(request.user, forum)
    return _back(request, forum.get_absolute_url())


@login_required
def followed(request):
    """The member's followed content: forums they may still see, topics through the one visibility rule."""
    follows = Follow.objects.filter(member=request.user)
    topics = (Topic.objects.visible_to(request.user)
              .filter(pk__in=follows.filter(topic__isnull=False).values("topic_id"))
              .select_related("forum", "last_post").order_by("-last_post_at"))
    forums = [f for f in Forum.objects.filter(pk__in=follows.filter(forum__isnull=False).values("forum_id"))
              .select_related("category").order_by("category__order", "order", "pk")
              if permissions.can_view_forum(request.user, f)]
    return render(request, "follows/followed.html", {"topics": topics, "forums": forums})
