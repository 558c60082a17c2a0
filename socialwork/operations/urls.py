from django.urls import path

from . import views

app_name = "operations"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("worker/", views.worker_check, name="worker"),
]
