from django.urls import path

from . import views

app_name = "attachments"

# The download first: "file" would otherwise read as a kind of record.
urlpatterns = [
    path("file/<int:pk>/", views.download, name="download"),
    path("file/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<slug:kind>/<int:owner_id>/", views.record_attachments, name="record"),
]
