from django.urls import path

from . import feeds, views

app_name = "activity"

urlpatterns = [
    path("activity/", views.activity, name="activity"),
    path("feeds/topics/", feeds.TopicsFeed(), name="board_feed"),
    path("feeds/forum/<int:pk>/", feeds.ForumFeed(), name="forum_feed"),
    path("feeds/topic/<int:pk>/", feeds.TopicFeed(), name="topic_feed"),
    path("sitemap.xml", views.sitemap_index, name="sitemap"),
    path("sitemap-<section>.xml", views.sitemap_section, name="sitemap_section"),
    path("robots.txt", views.robots_txt, name="robots"),
]
