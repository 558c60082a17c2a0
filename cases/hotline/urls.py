from django.urls import path

from . import views

app_name = "hotline"
urlpatterns = [
    path("", views.call_list, name="list"),
    path("new/", views.call_create, name="create"),
    path("<int:pk>/", views.call_detail, name="detail"),
    path("<int:pk>/refer/", views.call_refer, name="refer"),
    path("<int:pk>/<str:move>/", views.call_move, name="move"),
]
