from django.urls import re_path

from forum.urls import SLUG

from . import views

app_name = "ratings"

urlpatterns = [
    re_path(rf"^topic/(?P<pk>[0-9]+){SLUG}/rate/$", views.rate, name="rate"),
]
