from django.urls import path, re_path

from . import views

app_name = "forum"

# Slugs are optional and Unicode; the numeric id decides, and a wrong slug redirects to the canonical URL.
SLUG = r"(?:-(?P<slug>[^/]*))?"

urlpatterns = [
    path("", views.index, name="index"),
    path("submit/", views.choose_forum, name="choose_forum"),
    path("notice/dismiss/", views.dismiss_notice, name="dismiss_notice"),
    re_path(rf"^forum/(?P<pk>\d+){SLUG}/$", views.forum, name="forum"),
    re_path(rf"^forum/(?P<pk>\d+){SLUG}/page/(?P<page>\d+)/$", views.forum, name="forum_page"),
    re_path(rf"^forum/(?P<pk>\d+){SLUG}/new/$", views.new_topic, name="new_topic"),
    re_path(rf"^topic/(?P<pk>\d+){SLUG}/$", views.topic, name="topic"),
    re_path(rf"^topic/(?P<pk>\d+){SLUG}/page/(?P<page>\d+)/$", views.topic, name="topic_page"),
    re_path(rf"^topic/(?P<pk>\d+){SLUG}/reply/$", views.reply, name="reply"),
    path("post/<int:pk>/", views.post, name="post"),
    re_path(rf"^topic/(?P<pk>\d+){SLUG}/comment/(?P<post_id>\d+)/$", views.comment, name="comment"),
]
