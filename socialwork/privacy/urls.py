from django.urls import path

from . import views

app_name = "privacy"
urlpatterns = [
    path("breaches/", views.breach_list, name="breach_list"),
    path("breaches/add/", views.breach_add, name="breach_add"),
    path("breaches/<int:pk>/", views.breach_detail, name="breach_detail"),
    path("breaches/<int:pk>/advance/", views.breach_advance, name="breach_advance"),
]
