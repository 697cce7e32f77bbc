from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from forum import permissions
from forum.http import client_ip, form_error_text, refused
from forum.views import get_visible_post, get_visible_topic

from . import services
from .forms import RecommendForm


def _moderated_post(request, pk, post_id):
    """(topic, post, refusal): refusal is a response when the viewer may not recommend posts here. Only published
    posts are recommended: a hidden or queued one is not there to recommend (404, as for a missing id)."""
    topic = get_visible_topic(request, pk)
    post = get_visible_post(request, topic, post_id)
    if post.state != post.State.VISIBLE:
        raise Http404
    if not permissions.can_recommend(request.user, topic):
        return topic, post, refused(request, topic, _("Only moderators can recommend posts."), 403)
    return topic, post, None


@require_POST
def recommend(request, pk, post_id, slug=None):
    topic, post, refusal = _moderated_post(request, pk, post_id)
    if refusal:
        return refusal
    form = RecommendForm(request.POST)
    if not form.is_valid():
        return refused(request, topic, form_error_text(form), 400)
    try:
        services.recommend_post(post, request.user, form.cleaned_data["note"], client_ip(request))
    except services.RecommendationRefused as refusal:
        return refused(request, topic, str(refusal), 403)
    messages.success(request, _("The post is now in Recommended Posts."))
    return HttpResponseRedirect(topic.post_url(post))


@require_POST
def unrecommend(request, pk, post_id, slug=None):
    topic, post, refusal = _moderated_post(request, pk, post_id)
    if refusal:
        return refusal
    try:
        if services.unrecommend_post(post, request.user, client_ip(request)):
            messages.success(request, _("The recommendation was removed."))
    except services.RecommendationRefused as refusal:
        return refused(request, topic, str(refusal), 403)
    return HttpResponseRedirect(topic.post_url(post))
