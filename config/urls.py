from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    # One sign-in page, allauth's, with its rate limits and two-factor step: the admin's own login form is not served.
    path("admin/login/", RedirectView.as_view(pattern_name="account_login", query_string=True)),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("accounts.urls")),
    path("", include("editor.urls")),
    path("", include("guestposts.urls")),
    path("", include("moderation.urls")),
    path("", include("forum.urls")),
    path("", include("ratings.urls")),
    path("", include("sharing.urls")),
    path("", include("recommendations.urls")),
    path("", include("reactions.urls")),
    path("", include("search.urls")),
    path("", include("activity.urls")),
    path("", include("follows.urls")),
    path("", include("notifications.urls")),
    path("", include("unread.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
