from django.urls import path

from . import views

app_name = "exports"
urlpatterns = [
    path("", views.export_list, name="list"),
    path("<int:pk>/", views.export_job, name="job"),
    path("<int:pk>/download/", views.export_download, name="download"),
    path("<int:pk>/retry/", views.export_retry, name="retry"),
]
