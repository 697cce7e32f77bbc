from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from forum import permissions
from forum.http import safe_next
from forum.models import Forum, Topic

from . import services


def first_unread(request, pk):
    """"Go to first unread post": the right page of the topic, at the post. Guests land on the topic's start."""
    topic = get_object_or_404(Topic.objects.visible_to(request.user).filter(moved_to__isnull=True), pk=pk)
    if not request.user.is_authenticated:
        return redirect(topic)
    post = services.first_unread_post(request.user, topic)
    return HttpResponseRedirect(post.get_absolute_url() if post else topic.get_absolute_url())


def _back(request, fallback):
    return HttpResponseRedirect(safe_next(request, request.POST.get("next"), fallback))


@require_POST
@login_required
def mark_forum_read(request, pk):
    forum = get_object_or_404(Forum, pk=pk)
    if not permissions.can_view_forum(request.user, forum):
        raise Http404
    services.mark_forum_read(request.user, forum)
    messages.success(request, _("Every topic in %(forum)s is marked read.") % {"forum": forum.name})
    return _back(request, forum.get_absolute_url())


@require_POST
@login_required
def mark_all_read(request):
    services.mark_all_read(request.user)
    messages.success(request, _("Every topic on the board is marked read."))
    return _back(request, "/")
