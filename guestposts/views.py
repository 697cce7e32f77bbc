from django.contrib import messages
from django.http import HttpResponseForbidden
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext as _
from django.views.decorators.http import require_POST

from forum import permissions, queries
from forum.http import client_ip
from forum.models import Post
from forum.views import get_visible_topic, render_topic

from . import services
from .forms import GuestReplyForm


@require_POST
def reply(request, pk, slug=None):
    """A guest's reply: kept out of sight, and the guest is taken to the page that says how to publish it."""
    topic = get_visible_topic(request, pk)
    last_page = queries.page_count(topic)
    form = GuestReplyForm(request.POST)
    refusal = permissions.guest_posting_refusal(request.user, topic)
    if refusal:
        messages.error(request, refusal)
        return render_topic(request, topic, last_page, guest_form=form, status=403)
    if not form.is_valid():
        return render_topic(request, topic, last_page, guest_form=form, status=400)
    try:
        services.submit(request.session, topic, form.cleaned_data["content"], form.cleaned_data["email"],
                        client_ip(request), request.build_absolute_uri("/"), get_language() or "")
    except services.GuestPostRefused as refused:
        form.add_error(None, str(refused))
        return render_topic(request, topic, last_page, guest_form=form, status=refused.status)
    return redirect("guestposts:pending")


def pending(request):
    """The page after a guest's reply: what is waiting, and the two ways to publish it (register or sign in)."""
    published = request.session.pop("guestposts_published", None)
    if published and request.user.is_authenticated:
        post = Post.objects.select_related("topic").filter(pk=published, author=request.user).first()
        if post:
            return redirect(post.get_absolute_url() if post.state == Post.State.VISIBLE else post.topic)
    waiting = list(services.session_pending(request.session))
    adopted = list(services.adopted_waiting(request.user)) if request.user.is_authenticated else []
    return render(request, "guestposts/pending.html", {
        "waiting": waiting,
        "adopted": adopted,
        "email": waiting[-1].email if waiting else "",
    })


@require_POST
def cancel(request, pk):
    if not services.cancel(request.session, pk):
        return HttpResponseForbidden(_("This reply is not one of yours, or it was already removed."))
    messages.success(request, _("Your reply and your email address have been removed."))
    return redirect("guestposts:pending")


def resume(request, token):
    """The reminder email's link."""
    if not services.resume(request.session, token):
        messages.error(request, _("This link has expired, or the reply it was for was removed."))
    return redirect("guestposts:pending")
