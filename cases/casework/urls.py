from django.urls import path

from . import signing_views, transfer_views, views

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
    path("events/<int:pk>/paper/", signing_views.paper_register, name="paper_register"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    # Handing work on (transfer_views): reassignment, transfer to another commune.
    path("reassign/", transfer_views.reassign, name="reassign"),
    path("<int:pk>/transfer/", transfer_views.transfer_request, name="transfer_request"),
    path("transfers/", transfer_views.transfer_inbox, name="transfer_inbox"),
    path("transfers/<int:pk>/", transfer_views.transfer_detail, name="transfer_detail"),
    path("transfers/<int:pk>/accept/", transfer_views.transfer_accept, name="transfer_accept"),
    path("transfers/<int:pk>/decline/", transfer_views.transfer_decline, name="transfer_decline"),
    path("transfers/<int:pk>/cancel/", transfer_views.transfer_cancel, name="transfer_cancel"),
    path(
        "transfers/<int:pk>/dossier.pdf", transfer_views.transfer_dossier, name="transfer_dossier"
    ),
    path("plans/<int:pk>/sign/", signing_views.plan_sign, name="plan_sign"),
    path("plans/<int:pk>/preview.pdf", views.plan_preview, name="plan_preview"),
    path("plans/<int:pk>/<str:move>/", views.plan_move, name="plan_move"),
    path("previews/<int:pk>.pdf", signing_views.preview_pdf, name="preview_pdf"),
    path("issued/", signing_views.seal_inbox, name="seal_inbox"),
    path("issued/paper/", signing_views.paper_inbox, name="paper_inbox"),
    path("issued/paper/<int:pk>/", signing_views.paper_register_clerk, name="paper_register_clerk"),
    path("issued/<int:pk>/", signing_views.issued_detail, name="issued_detail"),
    path("issued/<int:pk>/seal/", signing_views.issued_seal, name="issued_seal"),
    path("signed/<int:pk>.pdf", signing_views.signed_file, name="signed_file"),
]
