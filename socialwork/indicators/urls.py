from django.urls import path

from . import views

app_name = "indicators"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("targets/", views.targets, name="targets"),
    path("locks/", views.locks, name="locks"),
    path("recompute/", views.recompute, name="recompute"),
    path("runs/<int:run_id>/", views.run_detail, name="run"),
    path("runs/<int:run_id>/retry/", views.run_retry, name="run_retry"),
    path("report.<str:fmt>", views.report_export, name="report"),
    path("ranking/", views.ranking, name="ranking"),
    path("communes/<int:unit_id>/", views.commune_detail, name="commune"),
    path("<str:code>/", views.indicator_detail, name="indicator"),
]
