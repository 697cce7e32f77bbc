import os

from django.conf import settings
from django.http import HttpResponse
from django.urls import path, re_path

from . import views

app_name = "serving"

urlpatterns = [
    path("form-token/", views.form_token, name="form_token"),
]

if "storages" not in settings.STORAGES["default"]["BACKEND"]:
    urlpatterns.append(re_path(rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.+)$", views.media, name="media"))

if os.environ.get("AGORA_BENCH_CEILING"):
    # `make bench`'s ceiling row: a constant response through the whole middleware stack and the same server.
    urlpatterns.append(path("bench/ceiling/", lambda request: HttpResponse("ok", content_type="text/plain")))
