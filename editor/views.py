"""Small JSON endpoints behind the editor. Each is an enhancement: the forms post without them."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from forum import permissions
from safety.limits import over_rate
from safety.params import parse_id

from . import services


def _error(message, status):
    return JsonResponse({"error": message}, status=status)


@require_POST
def draft(request):
    """Autosave: POST topic=<id> or forum=<id>, content=<editor HTML>. Empty content forgets the draft."""
    if not request.user.is_authenticated:
        return _error(_("Sign in to keep drafts on the server."), 403)
    if over_rate(request, "editor.draft", settings.AGORA_DRAFT_RATE):
        return _error(_("Drafts are being saved too often. Your text is still in this browser; the next save "
                        "will try again."), 429)
    content = request.POST.get("content", "")
    if len(content) > settings.AGORA_DRAFT_MAX_LENGTH:
        return _error(_("This draft is too long to keep."), 400)
    topic_id, forum_id = parse_id(request.POST.get("topic")), parse_id(request.POST.get("forum"))
    if not (topic_id or forum_id):
        return _error(_("Say which topic or forum this draft is for."), 400)
    try:
        saved = services.save_draft(request.user, content, topic_id=topic_id, forum_id=forum_id)
    except services.DraftPlaceNotFound:
        return _error(_("Not found."), 404)  # the same for a missing id and a place the member may not see
    return JsonResponse({"saved": bool(saved), "updated": saved.updated_at.isoformat() if saved else None})


@require_GET
def members(request):
    """The "@" member search, for members (who may mention): up to 8 active members whose name starts with q."""
    if not request.user.is_authenticated:
        return _error(_("Sign in to mention members."), 403)
    query = request.GET.get("q", "").strip()[:50]
    found = get_user_model().objects.filter(is_active=True)
    if query:
        found = found.filter(username__istartswith=query)
    found = found.order_by("username").only("pk", "username")[:8]
    return JsonResponse({"results": [{"id": str(m.pk), "label": m.username} for m in found]})
