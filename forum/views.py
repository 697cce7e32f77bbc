"""The board's pages: index, forum, topic, permalinks, replying and starting topics. Reads go through the visibility
querysets (forum.models), writes through forum.services. Features built on forum (ratings, sharing, the editor,
guest posting...) draw their own part of these pages through their template tags: this module imports none of them."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import EmptyPage
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import permissions, queries, services, signals
from .forms import ReplyForm, TopicForm
from .fragments import PostArticles
from .http import client_ip, safe_next
from .models import Forum, Post, Topic
from .pagination import page_links


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
        topics = queries.forum_topics(forum, number, request.user)
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
    """The topic the viewer may open, loaded for its page; otherwise a 404 exactly like a missing id. A moved topic's
    old address raises MovedTopic, a 404 for every view except those that follow it (the topic page, "Link to
    comment"). Deleted topics open for those who hold the delete tool there (from the recycle bin)."""
    topic = queries.topics_for_page(request.user).filter(pk=pk).first()
    if topic is None:
        raise Http404
    if topic.moved_to_id:
        raise MovedTopic(topic.moved_to_id)
    return topic


class MovedTopic(Http404):
    """The topic was moved or merged: its address leads to where it went."""


def get_visible_post(request, topic, post_id):
    """A post of `topic` that the viewer may see (the same rule as the topic's pages), or a 404 like a missing id."""
    post = queries.visible_posts(request.user, topic).filter(pk=post_id).first()
    if post is None:
        raise Http404
    return post


def render_topic(request, topic, number, status=200, **extra):
    """The topic page. `extra` carries a bound form back with its errors (`reply_form` here, `guest_form` from
    guestposts), so nothing the person wrote is lost."""
    pages = queries.page_count(topic)
    tools = permissions.viewer(request.user).tools(topic.forum_id)
    posts = queries.topic_posts(topic, number, request.user)
    cards = queries.embed_cards(request.user, [p.content for p in posts]
                                + [p.author.signature for p in posts if p.author_id])
    can_report = permissions.can_report(request.user)
    articles = PostArticles(request, topic, posts, cards, tools, can_report)
    response = render(request, "forum/topic.html", {
        "topic": topic,
        "forum": topic.forum,
        "tools": tools,
        "can_report": can_report,
        "posts": posts,
        "cards": cards,
        "post_articles": articles,
        "post_fragments": articles.fragments,
        "page_number": number,
        "page_count": pages,
        "page_links": page_links(number, pages),
        "reply_refusal": permissions.reply_refusal(request.user, topic),
        "reply_form": ReplyForm(),
        **extra,
    }, status=status)
    articles.save()
    return response


def topic(request, pk, slug=None, page=None):
    try:
        topic = get_visible_topic(request, pk)
    except MovedTopic as moved:
        # Followed only where the viewer may open the topic it went to (its address carries its title).
        return redirect(get_visible_topic(request, moved.args[0]))
    number = _page_number(page)
    pages = queries.page_count(topic)
    if not 1 <= number <= pages:
        # Out of range: past the end, the last page is what the person was most likely after.
        return redirect(topic.get_page_url(min(max(number, 1), pages)))
    if slug != topic.slug or (page is not None and number == 1):
        return redirect(topic.get_page_url(number), permanent=True)
    services.count_view(topic)
    # Read progress (unread app): at most one small write for a member, none for a guest.
    signals.topic_viewed.send(Topic, topic=topic, viewer=request.user, page=number)
    return render_topic(request, topic, number)


def comment(request, pk, post_id, slug=None):
    """"Link to comment": the page that holds the post today, plus its anchor, whatever was hidden or added since."""
    try:
        topic = get_visible_topic(request, pk)
    except MovedTopic:  # merged away: the post now lives in another topic
        current = get_object_or_404(Post.objects.only("topic_id"), pk=post_id).topic_id
        if current == int(pk):
            raise Http404
        return comment(request, current, post_id)
    return redirect(topic.post_url(get_visible_post(request, topic, post_id)))


@require_POST
def reply(request, pk, slug=None):
    topic = get_visible_topic(request, pk)
    form = ReplyForm(request.POST)
    last_page = queries.page_count(topic)
    refusal = permissions.reply_refusal(request.user, topic)
    if refusal:
        messages.error(request, refusal)
        return render_topic(request, topic, last_page, status=403, reply_form=form)
    if not form.is_valid():
        return render_topic(request, topic, last_page, status=400, reply_form=form)
    try:
        post, _created = services.post_once(
            form.cleaned_data["submission_key"], request.user,
            lambda: services.reply(topic, request.user, form.cleaned_data["content"], client_ip(request)))
    except services.PostingRefused as refused:
        messages.error(request, str(refused))
        return render_topic(request, topic, last_page, status=refused.status, reply_form=form)
    _tell_if_held(request, post)
    return HttpResponseRedirect(post.get_absolute_url())


def _tell_if_held(request, post):
    if post.state == post.State.PENDING:
        messages.info(request, _("Your post is awaiting approval by a moderator: %(reason)s")
                      % {"reason": _(post.state_reason)})


def post(request, pk):
    """/post/<id>/: where a quote or an embed points; the same rules as "Link to comment" (a post the viewer may
    not see is a 404 like a missing id, whichever of the two it is)."""
    topic_id = Post.objects.filter(pk=pk).values_list("topic_id", flat=True).first()
    if topic_id is None:
        raise Http404
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
                first_post, _created = services.post_once(
                    form.cleaned_data["submission_key"], request.user,
                    lambda: services.create_topic(forum, request.user, form.cleaned_data["title"],
                                                  form.cleaned_data["content"], client_ip(request))
                    .posts.get(position=1))
            except services.PostingRefused as refused:  # changed since the form was shown: the text stays
                refusal, status = str(refused), refused.status
            else:
                _tell_if_held(request, first_post)
                return redirect(first_post.topic)
        else:
            status = 400
    return render(request, "forum/new_topic.html", {"forum": forum, "form": form, "refusal": refusal},
                  status=status)


@csrf_exempt  # only the visitor's own cookie: works from a cached guest page without JavaScript (serving app)
@require_POST
def dismiss_notice(request):
    """"Important Information" for guests: dismissed once, remembered in a cookie (works without JavaScript)."""
    response = HttpResponseRedirect(safe_next(request, request.POST.get("next")))
    response.set_cookie(settings.AGORA_NOTICE_COOKIE, "1", max_age=365 * 24 * 3600, samesite="Lax",
                        secure=request.is_secure())
    return response
