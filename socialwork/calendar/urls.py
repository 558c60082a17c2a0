from django.urls import path

from . import views

app_name = "workcalendar"
urlpatterns = [
    path("holidays/", views.holiday_list, name="holidays"),
    path("holidays/add/", views.holiday_add, name="holiday_add"),
    path("holidays/<int:pk>/", views.holiday_edit, name="holiday_edit"),
    path("holidays/<int:pk>/delete/", views.holiday_delete, name="holiday_delete"),
]
