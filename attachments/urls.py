from django.urls import path

from . import views

app_name = "attachments"

urlpatterns = [
    path("attachments/upload/<int:forum>/", views.upload, name="upload"),
    path("attachments/<int:pk>/<str:name>", views.download, name="download"),
]
