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
    path("quyet-dinh/<str:kind>/<int:pk>.<str:fmt>", views.decision_print, name="decision_print"),
    path("nguoi/<int:beneficiary_id>/", views.person, name="person"),
    path(
        "nguoi/<int:beneficiary_id>/tai-khoan/",
        views.payment_account_set,
        name="payment_account_set",
    ),
    path("nguoi/<int:beneficiary_id>/the-bhyt/", views.card_issue, name="card_issue"),
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
    path("muc-chuan-he-so/", views.rates, name="rates"),
    path("muc-chuan/them/", views.standard_level_add, name="standard_level_add"),
    path("muc-chuan/<int:pk>/sua/", views.standard_level_edit, name="standard_level_edit"),
    path("muc-chuan/<int:pk>/xoa/", views.standard_level_delete, name="standard_level_delete"),
    path("he-so/them/", views.coefficient_add, name="coefficient_add"),
    path("he-so/<int:pk>/sua/", views.coefficient_edit, name="coefficient_edit"),
    path("he-so/<int:pk>/thay-doi/", views.coefficient_change, name="coefficient_change"),
    path("bao-cao/10a.xlsx", views.report_10a_xlsx, name="report_10a_xlsx"),
    path("bao-cao/10b.xlsx", views.report_10b_xlsx, name="report_10b_xlsx"),
    path("bao-cao/10d.xlsx", views.report_10d_xlsx, name="report_10d_xlsx"),
    path("bao-cao/10c.xlsx", views.report_10c_export, {"fmt": "xlsx"}, name="report_10c_xlsx"),
    path("bao-cao/10c.pdf", views.report_10c_export, {"fmt": "pdf"}, name="report_10c_pdf"),
]
