from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("accounts.urls")),
    path("", include("editor.urls")),
    path("", include("attachments.urls")),
    path("", include("guestposts.urls")),
    path("", include("moderation.urls")),
    path("", include("forum.urls")),
    path("", include("ratings.urls")),
    path("", include("sharing.urls")),
    path("", include("recommendations.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
