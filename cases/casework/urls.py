from django.urls import path

from . import views

app_name = "casework"
urlpatterns = [
    path("", views.my_cases, name="my_cases"),
    path("list/", views.case_list, name="case_list"),
    path("new/", views.case_open, name="case_open"),
    path("inbox/", views.plan_inbox, name="plan_inbox"),
    path("<int:pk>/", views.case_detail, name="case_detail"),
    path("<int:pk>/edit/", views.case_edit, name="case_edit"),
    path("<int:pk>/assign/", views.case_assign, name="case_assign"),
    path("<int:pk>/move/<str:move>/", views.case_move, name="case_move"),
    path("<int:pk>/visit/", views.home_visit, name="home_visit"),
    path("<int:pk>/service/", views.service_add, name="service_add"),
    path("<int:pk>/emergency/", views.emergency_add, name="emergency_add"),
    path("<int:pk>/assessment/", views.assessment_add, name="assessment_add"),
    path("<int:pk>/plan/", views.plan_add, name="plan_add"),
    path("<int:pk>/separation/", views.separation_add, name="separation_add"),
    path("<int:pk>/review/", views.review_add, name="review_add"),
    path("<int:pk>/print/<str:form>.<str:fmt>", views.case_print, name="case_print"),
    path("events/<int:pk>/extend/", views.separation_extend, name="separation_extend"),
    path("events/<int:pk>/lift/", views.separation_lift, name="separation_lift"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/preview.pdf", views.plan_preview, name="plan_preview"),
    path("plans/<int:pk>/<str:move>/", views.plan_move, name="plan_move"),
]
