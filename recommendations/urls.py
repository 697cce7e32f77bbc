from django.urls import re_path

from forum.urls import SLUG

from . import views

app_name = "recommendations"

POST = rf"^topic/(?P<pk>[0-9]+){SLUG}/comment/(?P<post_id>[0-9]+)"

urlpatterns = [
    re_path(rf"{POST}/recommend/$", views.recommend, name="recommend"),
    re_path(rf"{POST}/unrecommend/$", views.unrecommend, name="unrecommend"),
]
