"""Small JSON endpoints behind the editor. Each is an enhancement: the forms post without them."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from forum import permissions
from forum.models import Forum, Topic

from . import services


def _error(message, status):
    return JsonResponse({"error": message}, status=status)


@require_POST
def draft(request):
    """Autosave: POST topic=<id> or forum=<id>, content=<editor HTML>. Empty content forgets the draft."""
    if not request.user.is_authenticated:
        return _error(_("Sign in to keep drafts on the server."), 403)
    content = request.POST.get("content", "")
    if len(content) > settings.AGORA_DRAFT_MAX_LENGTH:
        return _error(_("This draft is too long to keep."), 400)
    topic = forum = None
    if request.POST.get("topic", "").isdigit():
        topic = get_object_or_404(Topic, pk=request.POST["topic"])
        if not permissions.can_view_topic(request.user, topic):
            return _error(_("Not found."), 404)
    elif request.POST.get("forum", "").isdigit():
        forum = get_object_or_404(Forum, pk=request.POST["forum"])
    else:
        return _error(_("Say which topic or forum this draft is for."), 400)
    saved = services.save_draft(request.user, content, topic=topic, forum=forum)
    return JsonResponse({"saved": bool(saved), "updated": saved.updated_at.isoformat() if saved else None})


@require_GET
def members(request):
    """The "@" member search: up to 8 active members whose name starts with q."""
    query = request.GET.get("q", "").strip()[:50]
    found = get_user_model().objects.filter(is_active=True)
    if query:
        found = found.filter(username__istartswith=query)
    found = found.order_by("username").only("pk", "username")[:8]
    return JsonResponse({"results": [{"id": str(m.pk), "label": m.username} for m in found]})
