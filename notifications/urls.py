from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("notifications/", views.index, name="index"),
    path("notifications/<int:pk>/open/", views.open_notification, name="open"),
    path("notifications/read/", views.mark_read, name="mark_read"),
    path("notifications/read-all/", views.mark_all_read, name="mark_all_read"),
    path("notifications/count/", views.count, name="count"),
    path("notifications/settings/", views.preferences, name="settings"),
    path("notifications/ignore/", views.ignore, name="ignore"),
    path("notifications/ignore/<int:pk>/remove/", views.unignore, name="unignore"),
    path("notifications/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
