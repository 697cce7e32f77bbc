from django.urls import re_path

from forum.urls import SLUG

from . import views

app_name = "sharing"

CODE = r"(?P<code>[0-9A-Za-z]{1,16})"

urlpatterns = [
    re_path(r"^s/$", views.create, name="create"),
    re_path(rf"^s/{CODE}$", views.follow, name="follow"),
    re_path(rf"^s/{CODE}/info/$", views.shown, name="shown"),
    re_path(rf"^topic/(?P<pk>[0-9]+){SLUG}/share/wechat/$", views.wechat, name="wechat"),
    re_path(rf"^topic/(?P<pk>[0-9]+){SLUG}/comment/(?P<post_id>[0-9]+)/share/wechat/$", views.wechat, name="wechat_post"),
    re_path(rf"^topic/(?P<pk>[0-9]+){SLUG}/comment/(?P<post_id>[0-9]+)/share/$", views.share_post, name="share_post"),
]
