from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from . import services
from .forms import LoginForm
from .models import Role


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.user_password_changed(user=self.request.user)
        return response


def lockout(request, credentials=None, *args, **kwargs):
    """django-axes: the account is locked for a while (same words for every cause)."""
    return render(
        request,
        "accounts/login.html",
        {
            "form": LoginForm(request),
            "locked_message": _(
                "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút "
                "hoặc liên hệ cán bộ Sở để được hỗ trợ."
            ),
        },
        status=403,
    )


HOME_TEMPLATES = {
    Role.COLLABORATOR: "home/collaborator.html",
    Role.COMMUNE_OFFICIAL: "home/commune.html",
    Role.COMMUNE_LEADER: "home/commune.html",
    Role.FACILITY: "home/facility.html",
    Role.DEPARTMENT: "home/department.html",
    Role.LEADERSHIP: "home/leadership.html",
    Role.ADMIN: "home/department.html",
}


@login_required
def home(request):
    """Each role starts on its own page."""
    template = HOME_TEMPLATES.get(request.user.role, "home/department.html")
    return render(request, template, {"role": request.user.get_role_display()})
