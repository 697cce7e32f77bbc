from django.urls import path, re_path

from . import views

app_name = "guestposts"

urlpatterns = [
    re_path(r"^topic/(?P<pk>[0-9]+)(?:-(?P<slug>[^/]*))?/guest-reply/$", views.reply, name="reply"),
    path("guest-posts/", views.pending, name="pending"),
    path("guest-posts/challenge/", views.challenge, name="challenge"),
    path("guest-posts/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("guest-posts/resume/<str:token>/", views.resume, name="resume"),
]
