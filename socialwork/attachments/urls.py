from django.urls import path

from . import views

app_name = "attachments"

urlpatterns = [
    path("<slug:kind>/<int:owner_id>/", views.record_attachments, name="record"),
    path("file/<int:pk>/", views.download, name="download"),
]
