"""Uploading from the editor (JSON, an enhancement: a form posts without it) and downloading through the board."""

from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from forum import permissions
from forum.models import Forum, Post

from . import services
from .checks import UploadRefused
from .models import Attachment


def describe(attachment, user):
    """What the editor needs to insert the file and show the member where they stand."""
    return {
        "id": attachment.pk, "url": attachment.get_absolute_url(), "name": attachment.original_name,
        "size": attachment.size, "size_display": services.size_display(attachment.size),
        "is_image": attachment.is_image, "width": attachment.width, "height": attachment.height,
        "quota": services.quota_line(user),
    }


@require_POST
def upload(request, forum):
    forum = get_object_or_404(Forum, pk=forum)
    if not permissions.can_view_forum(request.user, forum):
        return JsonResponse({"error": _("Not found.")}, status=404)
    refusal = permissions.upload_refusal(request.user, forum)
    if refusal:
        return JsonResponse({"error": refusal}, status=403)
    upload = request.FILES.get("file")
    if upload is None:
        return JsonResponse({"error": _("Choose a file to upload.")}, status=400)
    try:
        attachment = services.store_upload(request.user, upload)
    except UploadRefused as refused:
        return JsonResponse({"error": str(refused), "quota": services.quota_line(request.user)}, status=400)
    return JsonResponse(describe(attachment, request.user), status=201)


@require_GET
def quota(request):
    """The member's quota line for the editor: {"quota": "12.4 MB of 50 MB used"}."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": _("Sign in to attach files.")}, status=403)
    response = JsonResponse({"quota": services.quota_line(request.user)})
    response["Cache-Control"] = "private, no-store"
    return response


def _forums_showing(attachment, user):
    """The forums of the posts that show this file and that `user` may see (the one visibility rule)."""
    return set(Post.objects.visible_to(user).filter(attachments=attachment)
               .values_list("topic__forum_id", flat=True))


@require_GET
def download(request, pk, name):
    """The file, if the viewer may see a post that shows it and download in that post's forum. A file they may not
    see answers exactly as a missing one does (404); its uploader always gets it (an upload not yet in a post too)."""
    attachment = Attachment.objects.filter(pk=pk).first()
    if attachment is None:
        raise Http404
    user = request.user
    if not (user.is_authenticated and attachment.user_id == user.pk):
        forums = _forums_showing(attachment, user)
        if not forums:
            raise Http404
        if not any(permissions.may_download(user, forum_id) for forum_id in forums):
            return render(request, "attachments/not_allowed.html", status=403)
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404
    response = FileResponse(handle, as_attachment=not attachment.is_image, filename=attachment.original_name,
                            content_type=attachment.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    # Even if a browser were talked into rendering the file, it would run nothing and load nothing.
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
    response["Cache-Control"] = "private, max-age=3600"
    if not attachment.is_image:
        services.count_download(attachment.pk)
    return response
