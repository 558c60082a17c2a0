from django.urls import path

from . import views

app_name = "spreadsheets"
urlpatterns = [
    path("<slug:kind>/upload/", views.upload, name="upload"),
    path("<int:pk>/", views.job_detail, name="job"),
    path("<int:pk>/progress/", views.job_progress, name="progress"),
    path("<int:pk>/commit/", views.job_commit, name="commit"),
    path("<int:pk>/retry/", views.job_retry, name="retry"),
]
