from django.urls import path

from . import views

app_name = "reactions"

urlpatterns = [
    path("post/<int:pk>/react/", views.react, name="react"),
    path("post/<int:pk>/reactions/", views.who_reacted, name="who"),
]
