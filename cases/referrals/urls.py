from django.urls import path

from . import views

app_name = "referrals"
urlpatterns = [
    path("", views.referral_list, name="list"),
    path("inbox/", views.referral_inbox, name="inbox"),
    path("new/", views.referral_send, name="send"),
    path("<int:pk>/", views.referral_detail, name="detail"),
    path("<int:pk>/<str:move>/", views.referral_move, name="move"),
]
