from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    # Django's LogoutView accepts POST only: a link or an image cannot log anyone out.
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("second-factor/", views.second_factor, name="second_factor"),
    path("second-factor/setup/", views.second_factor_setup, name="second_factor_setup"),
    path("security/", views.account_security, name="account_security"),
    path("users/", views.user_list, name="user_list"),
    path(
        "users/<int:pk>/temporary-password/",
        views.user_temporary_password,
        name="user_temporary_password",
    ),
    path("users/<int:pk>/deactivate/", views.user_deactivate, name="user_deactivate"),
]
