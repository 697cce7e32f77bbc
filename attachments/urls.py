from django.urls import path

from . import views

app_name = "attachments"

urlpatterns = [
    path("attachments/upload/<int:forum>/", views.upload, name="upload"),
    path("attachments/quota/", views.quota, name="quota"),
    path("attachments/<int:pk>/<str:name>", views.download, name="download"),
]
