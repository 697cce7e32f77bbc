from django.urls import path

from . import views

app_name = "unread"

urlpatterns = [
    path("topic/<int:pk>/unread/", views.first_unread, name="first_unread"),
    path("forum/<int:pk>/mark-read/", views.mark_forum_read, name="mark_forum_read"),
    path("mark-all-read/", views.mark_all_read, name="mark_all_read"),
]
