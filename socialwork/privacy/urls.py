from django.urls import path

from . import views

app_name = "privacy"
urlpatterns = [
    path("breaches/", views.breach_list, name="breach_list"),
    path("breaches/add/", views.breach_add, name="breach_add"),
    path("breaches/<int:pk>/", views.breach_detail, name="breach_detail"),
    path("breaches/<int:pk>/advance/", views.breach_advance, name="breach_advance"),
    path("access-log/", views.access_log, name="access_log"),
    path("requests/", views.request_list, name="request_list"),
    path("requests/add/", views.request_add, name="request_add"),
    path("requests/<int:pk>/", views.request_detail, name="request_detail"),
    path("requests/<int:pk>/report/", views.request_report, name="request_report"),
    path("requests/<int:pk>/<str:move>/", views.request_move, name="request_move"),
    path("processing/", views.processing_record, name="processing"),
]
