from django.conf import settings
from django.contrib import messages
from django.core.paginator import EmptyPage
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from editor import forms as editor_forms
from editor import services as editor_services
from ratings.queries import rating_panel
from recommendations.queries import for_topic as recommended_posts

from . import permissions, queries, services
from .forms import ReplyForm, TopicForm
from .models import Forum, Post, Topic
from .pagination import page_links


def client_ip(request):
    return request.META.get("REMOTE_ADDR") or None


def wants_json(request):
    """Our fetch() calls ask for JSON; a plain form post (whose Accept header also allows */*) gets a page."""
    return request.headers.get("Accept", "").startswith("application/json")


def refused(request, topic, message, status):
    """An action that was not done (refused or bad input): the reason, in words, with the right status."""
    if wants_json(request):
        return JsonResponse({"error": message}, status=status)
    return render(request, "forum/not_done.html", {"topic": topic, "message": message}, status=status)


def _page_number(page):
    return int(page) if page is not None else 1


def index(request):
    categories = list(queries.board_index())
    for category in categories:
        # Forums the viewer may not see are left out (permissions are loaded once, not per forum).
        category.visible_forums = [f for f in category.forums.all() if permissions.can_view_forum(request.user, f)]
    return render(request, "forum/index.html", {"categories": categories})


def forum(request, pk, slug=None, page=None):
    forum = get_object_or_404(Forum.objects.select_related("category"), pk=pk)
    if not permissions.can_view_forum(request.user, forum):
        raise Http404
    number = _page_number(page)
    if slug != forum.slug or (page is not None and number == 1):
        return redirect(forum.get_page_url(number), permanent=True)
    tools = permissions.viewer(request.user).tools(forum.pk)
    try:
        topics = queries.forum_topics(forum, number, viewer=request.user, tools=tools)
    except EmptyPage:
        raise Http404(_("That page does not exist."))
    return render(request, "forum/forum.html", {
        "forum": forum,
        "tools": tools,
        "move_forums": Forum.objects.exclude(pk=forum.pk).order_by("name") if "move" in tools else (),
        "topics": topics,
        "page_links": page_links(topics.number, topics.paginator.num_pages),
        "can_start_topic": permissions.start_topic_refusal(request.user, forum) is None,
    })


def get_visible_topic(request, pk):
    """The topic the viewer may see, loaded for its page; 404 otherwise. A moved topic's old address raises
    MovedTopic, a 404 for every view except those that follow it (the topic page, "Link to comment")."""
    topic = get_object_or_404(queries.topics_for_page(), pk=pk)
    if topic.moved_to_id:
        raise MovedTopic(topic.moved_to_id)
    if not (permissions.can_view_forum(request.user, topic.forum) and permissions.can_view_topic(request.user, topic)):
        raise Http404
    return topic


class MovedTopic(Http404):
    """The topic was moved or merged: its address leads to where it went."""


def get_visible_post(topic, post_id):
    """A post of `topic` as its pages show it (hidden and pending posts are on no page), or 404."""
    return get_object_or_404(Post, pk=post_id, topic=topic, state=Post.State.VISIBLE)


def topic_tools_context(request, topic):
    """Rating, Recommended Posts and sharing on the topic page: two queries for members, one for guests."""
    recommendations = recommended_posts(topic)
    return {
        "rating": rating_panel(topic, request.user),
        "recommendations": recommendations,
        "recommended_ids": {r.post_id for r in recommendations},
        "can_recommend": permissions.can_recommend(request.user, topic),
    }


def _guest_form(request, topic, guest_form):
    """The "post now, register later" form, for guests where the forum allows it (guestposts app)."""
    if guest_form is None and permissions.guest_posting_refusal(request.user, topic) is None:
        from guestposts.forms import GuestReplyForm

        guest_form = GuestReplyForm()
    return editor_forms.enhance(guest_form, request.user, topic=topic) if guest_form is not None else None


def _render_topic(request, topic, number, reply_form=None, status=200, guest_form=None):
    pages = queries.page_count(topic)
    tools = permissions.viewer(request.user).tools(topic.forum_id)
    return render(request, "forum/topic.html", {
        "topic": topic,
        "forum": topic.forum,
        "tools": tools,
        "can_report": permissions.can_report(request.user),
        "posts": queries.topic_posts(topic, number, viewer=request.user, tools=tools),
        "page_number": number,
        "page_count": pages,
        "page_links": page_links(number, pages),
        "reply_refusal": permissions.reply_refusal(request.user, topic),
        "reply_form": editor_forms.enhance(reply_form or ReplyForm(), request.user, topic=topic),
        "guest_form": _guest_form(request, topic, guest_form),
        **topic_tools_context(request, topic),
    }, status=status)


def topic(request, pk, slug=None, page=None):
    try:
        topic = get_visible_topic(request, pk)
    except MovedTopic as moved:
        return redirect(get_object_or_404(Topic, pk=moved.args[0]))
    number = _page_number(page)
    pages = queries.page_count(topic)
    if not 1 <= number <= pages:
        # Out of range: past the end, the last page is what the person was most likely after.
        return redirect(topic.get_page_url(min(max(number, 1), pages)))
    if slug != topic.slug or (page is not None and number == 1):
        return redirect(topic.get_page_url(number), permanent=True)
    services.count_view(topic)
    return _render_topic(request, topic, number)


def comment(request, pk, post_id, slug=None):
    """"Link to comment": the page that holds the post today, plus its anchor, whatever was hidden or added since."""
    try:
        topic = get_visible_topic(request, pk)
    except MovedTopic:  # merged away: the post now lives in another topic
        current = get_object_or_404(Post.objects.only("topic_id"), pk=post_id).topic_id
        if current == int(pk):
            raise Http404
        return comment(request, current, post_id)
    return redirect(topic.post_url(get_visible_post(topic, post_id)))


@require_POST
def reply(request, pk, slug=None):
    topic = get_visible_topic(request, pk)
    form = ReplyForm(request.POST)
    last_page = queries.page_count(topic)
    refusal = permissions.reply_refusal(request.user, topic)
    if refusal:
        messages.error(request, refusal)
        return _render_topic(request, topic, last_page, form, status=403)
    if not form.is_valid():
        return _render_topic(request, topic, last_page, form, status=400)
    try:
        post, _created = editor_services.post_once(
            form.cleaned_data["submission_key"], request.user,
            lambda: services.reply(topic, request.user, form.cleaned_data["content"], client_ip(request)))
    except services.PostingRefused as refused:
        messages.error(request, str(refused))
        return _render_topic(request, topic, last_page, form, status=403)
    editor_services.clear_draft(request.user, topic=topic)
    _tell_if_held(request, post)
    return HttpResponseRedirect(post.get_absolute_url())


def _tell_if_held(request, post):
    if post.state == post.State.PENDING:
        messages.info(request, _("Your post is awaiting approval by a moderator: %(reason)s")
                      % {"reason": _(post.state_reason)})


def post(request, pk):
    """/post/<id>/: where a quote or an embed points; the same rules as "Link to comment"."""
    topic_id = get_object_or_404(Post.objects.only("topic_id"), pk=pk).topic_id
    return comment(request, topic_id, pk)


def choose_forum(request):
    """"Create New..." -> Topic: pick the forum to post in."""
    forums = [f for f in Forum.objects.select_related("category").order_by("category__order", "order", "pk")
              if permissions.can_view_forum(request.user, f)]
    return render(request, "forum/choose_forum.html", {
        "forums": forums, "refusal": permissions.start_topic_refusal(request.user, None),
    })


def new_topic(request, pk, slug=None):
    forum = get_object_or_404(Forum.objects.select_related("category"), pk=pk)
    if not permissions.can_view_forum(request.user, forum):
        raise Http404
    refusal = permissions.start_topic_refusal(request.user, forum)
    form = TopicForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if refusal:
            status = 403
        elif form.is_valid():
            try:
                first_post, _created = editor_services.post_once(
                    form.cleaned_data["submission_key"], request.user,
                    lambda: services.create_topic(forum, request.user, form.cleaned_data["title"],
                                                  form.cleaned_data["content"], client_ip(request))
                    .posts.get(position=1))
            except services.PostingRefused as refused:  # e.g. more attached files than the group allows
                form.add_error(None, str(refused))
                status = 400
            else:
                editor_services.clear_draft(request.user, forum=forum)
                _tell_if_held(request, first_post)
                return redirect(first_post.topic)
        else:
            status = 400
    editor_forms.enhance(form, request.user, forum=forum)
    return render(request, "forum/new_topic.html", {"forum": forum, "form": form, "refusal": refusal},
                  status=status)


@require_POST
def dismiss_notice(request):
    """"Important Information" for guests: dismissed once, remembered in a cookie (works without JavaScript)."""
    target = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "/"
    response = HttpResponseRedirect(target)
    response.set_cookie(settings.AGORA_NOTICE_COOKIE, "1", max_age=365 * 24 * 3600, samesite="Lax",
                        secure=request.is_secure())
    return response
