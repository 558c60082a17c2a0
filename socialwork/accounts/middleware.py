from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from . import twofactor
from .models import AccessLog


def _second_factor_paths():
    return {reverse("accounts:second_factor"), reverse("accounts:second_factor_setup")}


class SecondFactorMiddleware:
    """A user of a role that needs two factors reaches nothing but the code page
    (and logout) until this session has passed it. Token-authenticated API calls
    never carry a session user here: the token endpoint asks for the code itself."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and twofactor.needs_second_factor(user)
            and not twofactor.session_is_verified(request.session)
        ):
            allowed = {reverse("accounts:logout"), *_second_factor_paths()}
            if request.path not in allowed and not request.path.startswith(
                ("/static/", "/i18n/", "/favicon")
            ):
                if request.path.startswith("/api/"):
                    return JsonResponse(
                        {"detail": _("Cần nhập mã xác thực hai lớp trên trình duyệt trước.")},
                        status=403,
                    )
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse('accounts:second_factor')}?{query}")
        return self.get_response(request)


class ForcePasswordChangeMiddleware:
    """A user with a temporary password changes it before doing anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.must_change_password:
            allowed = {
                reverse("accounts:password_change"),
                reverse("accounts:logout"),
                *_second_factor_paths(),
            }
            if request.path not in allowed and not request.path.startswith(("/static/", "/i18n/")):
                return redirect("accounts:password_change")
        return self.get_response(request)


class DenialLogMiddleware:
    """Every refusal an identified user meets leaves one access-log row, whatever
    the app: a 403, or a 404 on a URL that names a record (an id of another
    commune is how a curious or stolen login probes the register). Lookups that
    logged their own miss (get_scoped_or_404) are not logged twice."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        status = response.status_code
        if status not in (403, 404) or getattr(request, "access_denial_logged", False):
            return response
        user = getattr(request, "user", None)
        match = getattr(request, "resolver_match", None)
        if user is None or not user.is_authenticated:
            return response
        if status == 404 and not (match and match.kwargs):
            return response  # a mistyped address, not a record refused
        from .services import log_access

        log_access(
            request=request,
            action=AccessLog.Action.DENIED,
            obj_or_type=f"url:{match.view_name}" if match else "url",
            object_id=",".join(str(v) for v in match.kwargs.values()) if match else "",
            detail=f"{request.method} {status}",
        )
        return response
