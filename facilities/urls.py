from django.urls import path

from . import views

app_name = "facilities"
urlpatterns = [
    path("", views.facility_list, name="list"),
    path("new/", views.facility_create, name="create"),
    path("<int:facility_id>/", views.facility_detail, name="detail"),
    path("<int:facility_id>/edit/", views.facility_edit, name="edit"),
    path("<int:facility_id>/staff/new/", views.staff_create, name="staff_create"),
    path("staff/<int:staff_id>/", views.staff_edit, name="staff_edit"),
    path("<int:facility_id>/residents/", views.facility_residents, name="residents"),
    path("<int:facility_id>/admit/", views.admission_create, name="admit"),
    path("<int:facility_id>/dossier/", views.admission_open_dossier, name="open_dossier"),
    path("admissions/<int:admission_id>/", views.admission_detail, name="admission_detail"),
    path("admissions/<int:admission_id>/<str:move>/", views.admission_move, name="admission_move"),
]
