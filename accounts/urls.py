from django.urls import path, re_path

from . import views

app_name = "accounts"

urlpatterns = [
    path("terms/", views.terms, name="terms"),
    path("groups.css", views.group_badges_css, name="group_badges_css"),
    path("profile/edit/", views.edit_profile, name="edit_profile"),
    path("account/delete/", views.delete_account, name="delete_account"),
    re_path(r"^profile/(?P<pk>[0-9]+)(?:-(?P<slug>[^/]*))?/$", views.profile, name="profile"),
]
