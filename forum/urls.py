from django.urls import path, re_path

from . import views

app_name = "forum"

# Slugs are optional and Unicode; the numeric id decides, and a wrong slug redirects to the canonical URL.
SLUG = r"(?:-(?P<slug>[^/]*))?"

urlpatterns = [
    path("", views.index, name="index"),
    path("submit/", views.choose_forum, name="choose_forum"),
    path("notice/dismiss/", views.dismiss_notice, name="dismiss_notice"),
    re_path(rf"^forum/(?P<pk>[0-9]+){SLUG}/$", views.forum, name="forum"),
    re_path(rf"^forum/(?P<pk>[0-9]+){SLUG}/page/(?P<page>[0-9]+)/$", views.forum, name="forum_page"),
    re_path(rf"^forum/(?P<pk>[0-9]+){SLUG}/new/$", views.new_topic, name="new_topic"),
    re_path(rf"^topic/(?P<pk>[0-9]+){SLUG}/$", views.topic, name="topic"),
    re_path(rf"^topic/(?P<pk>[0-9]+){SLUG}/page/(?P<page>[0-9]+)/$", views.topic, name="topic_page"),
    re_path(rf"^topic/(?P<pk>[0-9]+){SLUG}/reply/$", views.reply, name="reply"),
    path("post/<int:pk>/", views.post, name="post"),
    re_path(rf"^topic/(?P<pk>[0-9]+){SLUG}/comment/(?P<post_id>[0-9]+)/$", views.comment, name="comment"),
]
