from django.urls import path

from . import views

app_name = "allowances"
urlpatterns = [
    path("", views.home, name="home"),
    path("ho-so/moi/<int:beneficiary_id>/", views.application_new, name="application_new"),
    path("ho-so/<int:pk>/", views.application_detail, name="application_detail"),
    path("ho-so/<int:pk>/xet/", views.application_review, name="application_review"),
    path("ho-so/<int:pk>/quyet-dinh/", views.application_decide, name="application_decide"),
    path("ho-so/<int:pk>/khieu-nai/", views.application_objection, name="application_objection"),
    path("niem-yet/", views.posting, name="posting"),
    path("danh-sach/lap/", views.payment_list_generate, name="payment_list_generate"),
    path("danh-sach/<int:pk>/", views.payment_list_detail, name="payment_list"),
    path("danh-sach/<int:pk>/khoa/", views.payment_list_lock, name="payment_list_lock"),
    path(
        "danh-sach/<int:pk>/tai/<str:fmt>/",
        views.payment_list_export,
        name="payment_list_export",
    ),
    path("bao-cao/", views.report_page, name="reports"),
    path("bao-cao/10a.xlsx", views.report_10a_xlsx, name="report_10a_xlsx"),
]
