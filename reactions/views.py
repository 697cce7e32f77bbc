from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from forum.models import Post
from forum.http import form_error_text, refused, wants_json

from . import queries, services
from .forms import ReactForm
from .models import Reaction
from .permissions import react_refusal
from .templatetags.reactions import post_reactions

WHO_PER_PAGE = 50


def _visible_post(request, pk):
    """The post as the viewer may see it (with its topic and forum), or 404."""
    return get_object_or_404(Post.objects.visible_to(request.user).select_related("topic__forum"), pk=pk)


@require_POST
def react(request, pk):
    post = _visible_post(request, pk)
    topic = post.topic
    refusal = react_refusal(request.user, post, topic)
    if refusal:
        return refused(request, topic, refusal, 403)
    form = ReactForm(request.POST)
    if not form.is_valid():
        return refused(request, topic, form_error_text(form), 400)
    try:
        if form.cleaned_data["remove"]:
            services.unreact(post, request.user)
            message = _("Your reaction was removed.")
        else:
            reaction = services.react(post, request.user, form.cleaned_data["kind"])
            message = _("You reacted with “%(name)s”.") % {"name": reaction.kind.display_name}
    except services.ReactionRefused as refusal:
        return refused(request, topic, str(refusal), 400 if request.user.is_authenticated else 403)
    if wants_json(request):
        post.refresh_from_db(fields=["reaction_summary"])
        context = {"topic": topic, "posts": [post], "request": request, "csrf_token": get_token(request)}
        html = render_to_string("reactions/_post_reactions.html", post_reactions(context, post), request=request)
        return JsonResponse({"html": html, "message": message})
    messages.success(request, message)
    return HttpResponseRedirect(topic.post_url(post))


def who_reacted(request, pk):
    """Who reacted to a post, newest first, paginated; `?kind=` narrows it to one reaction."""
    post = _visible_post(request, pk)
    topic = post.topic
    types = queries.reaction_types()
    summary = post.reaction_summary or {}
    tabs = [(kind, summary[str(kind.pk)]) for kind in types if summary.get(str(kind.pk))]
    reactions = Reaction.objects.filter(post=post).select_related("user", "kind").order_by("-created_at", "-pk")
    chosen = None
    if request.GET.get("kind"):
        chosen = next((kind for kind in types if str(kind.pk) == request.GET["kind"]), None)
        if chosen is None:
            raise Http404(_("There is no such reaction."))
        reactions = reactions.filter(kind=chosen)
    page = Paginator(reactions, WHO_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "reactions/who_reacted.html", {
        "post": post, "topic": topic, "tabs": tabs, "chosen": chosen, "page": page,
        "total": sum(n for _kind, n in tabs),
    })
