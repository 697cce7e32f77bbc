from django.conf import settings
from django.urls import path, re_path

from . import views

app_name = "serving"

urlpatterns = [
    path("form-token/", views.form_token, name="form_token"),
]

if "storages" not in settings.STORAGES["default"]["BACKEND"]:
    urlpatterns.append(re_path(rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.+)$", views.media, name="media"))
