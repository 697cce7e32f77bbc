from django.contrib import messages
from django.http import HttpResponseRedirect, JsonResponse
from django.utils.translation import gettext as _, ngettext
from django.views.decorators.http import require_POST

from forum import permissions
from forum.http import form_error_text, refused, wants_json
from forum.views import get_visible_topic

from . import services
from .forms import RatingForm
from .queries import rating_summary


def _back_to(request, topic):
    """Back to the page of the topic the form was on; only that topic's own pages are accepted."""
    target = request.POST.get("next", "")
    return target if target.startswith(topic.get_absolute_url()) and "//" not in target else topic.get_absolute_url()


@require_POST
def rate(request, pk, slug=None):
    topic = get_visible_topic(request, pk)
    refusal = permissions.rate_refusal(request.user, topic)
    if refusal:
        return refused(request, topic, refusal, 403)
    form = RatingForm(request.POST)
    if not form.is_valid():
        return refused(request, topic, form_error_text(form), 400)
    try:
        if form.cleaned_data["remove"]:
            topic = services.remove_rating(topic, request.user)
            value, message = None, _("Your rating was removed.")
        else:
            value = form.cleaned_data["value"]
            topic = services.rate_topic(topic, request.user, value)
            message = ngettext("You rated this topic %(count)s star.", "You rated this topic %(count)s stars.",
                               value) % {"count": value}
    except services.RatingRefused as refusal:
        return refused(request, topic, str(refusal), 403)
    if wants_json(request):
        return JsonResponse({"value": value, "count": topic.rating_count, "summary": rating_summary(topic),
                             "message": message})
    messages.success(request, message)
    return HttpResponseRedirect(_back_to(request, topic) + "#rating")
