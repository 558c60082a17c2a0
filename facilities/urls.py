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
]
