from django.urls import path

from . import views

app_name = "editor"

urlpatterns = [
    path("editor/draft/", views.draft, name="draft"),
    path("editor/members/", views.members, name="members"),
]
