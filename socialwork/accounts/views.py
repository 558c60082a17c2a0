from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import selectors, services, twofactor
from .capabilities import requires
from .filters import UserFilter
from .forms import LOCKED_OUT, LoginForm
from .models import Role, User
from .scoping import get_scoped_or_404


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        response = super().form_valid(form)
        # The parent view has rotated the session key by now: keep only that session.
        services.user_password_changed(
            user=self.request.user, keep_session_key=self.request.session.session_key
        )
        messages.success(self.request, _("Đã đổi mật khẩu."))
        return response


def lockout(request, original_response=None, credentials=None, *args, **kwargs):
    """django-axes: too many failures for this login from this address. The
    same words whether the login exists or not."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": str(LOCKED_OUT)}, status=403)
    return render(
        request,
        "accounts/login.html",
        {"form": LoginForm(request), "locked_message": LOCKED_OUT},
        status=403,
    )


HOME_TEMPLATES = {
    Role.COLLABORATOR: "home/collaborator.html",
    Role.COMMUNE_OFFICIAL: "home/commune.html",
    Role.COMMUNE_LEADER: "home/commune.html",
    Role.COMMUNE_CLERK: "home/commune.html",
    Role.FACILITY: "home/facility.html",
    Role.DEPARTMENT: "home/department.html",
    Role.LEADERSHIP: "home/leadership.html",
    Role.ADMIN: "home/department.html",
    Role.DATA_PROTECTION: "home/data_protection.html",
}


@login_required
def home(request):
    """Each role starts on its own page."""
    template = HOME_TEMPLATES.get(request.user.role, "home/department.html")
    return render(
        request,
        template,
        {
            "role": request.user.get_role_display(),
        },
    )


@login_required
@requires("users.manage")
def user_list(request):
    """The department's list of logins: by role, commune, or a search."""
    filterset = UserFilter(request.GET, queryset=User.objects.none())
    try:
        users = selectors.user_list(actor=request.user, filters=request.GET)
    except ValidationError:
        users = User.objects.none()  # the form says which filter is wrong
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "accounts/user_list.html",
        {"filter": filterset, "page": page, "query": query.urlencode()},
    )


@login_required
@require_http_methods(["GET", "POST"])
@requires("users.manage")
def user_temporary_password(request, pk: int):
    """Set a temporary password and show it once (never stored in clear, never cached)."""
    target = get_scoped_or_404(User.objects.select_related("area"), request.user, request, pk=pk)
    context = {"target": target}
    if request.method == "POST":
        context["password"] = services.user_set_temporary_password(user=target, actor=request.user)
    response = render(request, "accounts/user_temporary_password.html", context)
    add_never_cache_headers(response)
    return response


@login_required
@require_http_methods(["GET", "POST"])
@requires("users.manage")
def user_deactivate(request, pk: int):
    target = get_scoped_or_404(User.objects.select_related("area"), request.user, request, pk=pk)
    if request.method == "POST":
        services.user_deactivate(user=target, actor=request.user)
        messages.success(
            request,
            _("Đã khóa tài khoản %(name)s và đăng xuất trên mọi thiết bị.")
            % {"name": target.get_full_name() or target.username},
        )
        return redirect("accounts:user_list")
    return render(request, "accounts/user_deactivate.html", {"target": target})


# --- two-factor sign-in ------------------------------------------------------------------


def _after_second_factor(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect("home")


@login_required
@require_http_methods(["GET", "POST"])
def second_factor(request):
    """The code from the authenticator app (or a recovery code), after the password."""
    if not twofactor.needs_second_factor(request.user):
        return redirect("home")
    if not twofactor.has_device(request.user):
        return redirect("accounts:second_factor_setup")
    error = None
    if request.method == "POST":
        device = twofactor.user_for_code(request.user, request.POST.get("code", ""))
        if device is not None:
            otp_login(request, device)
            return _after_second_factor(request)
        error = twofactor.WRONG_CODE
    return render(
        request,
        "accounts/second_factor.html",
        {"error": error, "next": request.GET.get("next", "")},
        status=400 if error else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def second_factor_setup(request):
    """Set up the authenticator: scan the QR code (or type the key), enter the
    first code, keep the recovery codes. A verified user may set up a new phone."""
    user = request.user
    if not twofactor.needs_second_factor(user):
        return redirect("home")
    if twofactor.has_device(user) and not twofactor.session_is_verified(request.session):
        return redirect("accounts:second_factor")
    error = None
    device = None
    if request.method == "POST":
        device = TOTPDevice.objects.filter(
            user=user, confirmed=False, pk=request.session.get("otp_setup_device")
        ).first()
        if device is not None:
            try:
                codes = twofactor.totp_device_confirm(
                    user=user, device=device, code=request.POST.get("code", "")
                )
            except ValidationError as refused:
                error = refused.messages[0]
            else:
                request.session.pop("otp_setup_device", None)
                otp_login(request, device)
                return render(request, "accounts/recovery_codes.html", {"codes": codes})
        else:
            error = twofactor.WRONG_CODE
    if device is None:
        device = twofactor.totp_device_start(user=user)
        request.session["otp_setup_device"] = device.pk
    return render(
        request,
        "accounts/second_factor_setup.html",
        {
            "qr": mark_safe(twofactor.provisioning_svg(device)),  # noqa: S308 (segno's own SVG)
            "secret": twofactor.typed_secret(device),
            "error": error,
        },
        status=400 if error else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def account_security(request):
    """Two-factor status, new recovery codes, a new phone."""
    if not twofactor.needs_second_factor(request.user):
        return redirect("home")
    if request.method == "POST":
        codes = twofactor.recovery_codes_renew(user=request.user)
        return render(request, "accounts/recovery_codes.html", {"codes": codes})
    return render(request, "accounts/account_security.html")
