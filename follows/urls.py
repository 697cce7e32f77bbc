from django.urls import path

from . import views

app_name = "follows"

urlpatterns = [
    path("follow/topic/<int:pk>/", views.follow_topic, name="topic"),
    path("follow/forum/<int:pk>/", views.follow_forum, name="forum"),
    path("followed/", views.followed, name="followed"),
]
