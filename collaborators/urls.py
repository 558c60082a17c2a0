from django.urls import path

from . import views

app_name = "collaborators"
urlpatterns = [
    path("", views.collaborator_list, name="list"),
    path("new/", views.collaborator_create, name="create"),
    path("<int:pk>/", views.collaborator_detail, name="detail"),
    path("<int:pk>/edit/", views.collaborator_edit, name="edit"),
    path("<int:pk>/end/", views.collaborator_end, name="end"),
    path("coverage/", views.coverage, name="coverage"),
    path("coverage/<int:commune_id>/", views.coverage_commune, name="coverage_commune"),
    path("workload/", views.workload, name="workload"),
    path("training/", views.course_list, name="courses"),
    path("training/new/", views.course_create, name="course_create"),
    path("training/<int:pk>/", views.course_detail, name="course_detail"),
    path("training/status/", views.training_status, name="training_status"),
    path("import/", views.collaborator_import, name="import"),
    path("import/<int:job_id>/logins/", views.import_logins, name="import_logins"),
    path("export/", views.collaborator_export, name="export"),
]
