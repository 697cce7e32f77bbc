from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

urlpatterns = [
    # One sign-in page, allauth's, with its rate limits and two-factor step: the admin's own login form is not served.
    path("admin/login/", RedirectView.as_view(pattern_name="account_login", query_string=True)),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    # Guests' pages come from a shared cache and carry no CSRF token; choosing a language only sets the visitor's own
    # cookie (nothing stored, nothing a forged request could gain), so it works without JavaScript.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("", include("accounts.urls")),
    path("", include("editor.urls")),
    path("", include("attachments.urls")),
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
    path("", include("serving.urls")),  # the form-token endpoint, and uploads kept on this server's disk
]
