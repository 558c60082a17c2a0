from django.urls import path

from . import views

app_name = "pwa"
urlpatterns = [
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("sw.js", views.service_worker, name="service-worker"),
    path("offline/", views.offline, name="offline"),
    path("outbox/key/", views.outbox_key, name="outbox-key"),
    path("outbox/open/", views.outbox_open, name="outbox-open"),
]
