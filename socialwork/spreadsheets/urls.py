from django.urls import path

from . import views

app_name = "spreadsheets"
urlpatterns = [
    path("<slug:kind>/upload/", views.upload, name="upload"),
    path("<slug:kind>/template.xlsx", views.template, name="template"),
    path("<int:pk>/", views.job_detail, name="job"),
    path("<int:pk>/failed.xlsx", views.failed_rows, name="failed_rows"),
    path("<int:pk>/progress/", views.job_progress, name="progress"),
    path("<int:pk>/commit/", views.job_commit, name="commit"),
    path("<int:pk>/retry/", views.job_retry, name="retry"),
]
