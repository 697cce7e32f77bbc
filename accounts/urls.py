from django.urls import path, re_path

from . import views

app_name = "accounts"

urlpatterns = [
    path("terms/", views.terms, name="terms"),
    re_path(r"^profile/(?P<pk>\d+)(?:-(?P<slug>[^/]*))?/$", views.profile, name="profile"),
]
