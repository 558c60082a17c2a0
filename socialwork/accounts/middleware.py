from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from . import twofactor
from .models import AccessLog
from .scoping import is_personal
from .services import (
    access_log_denied_logged,
    access_log_flush,
    current_request,
    log_access,
)


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
    """The access log's one row per request. Views and lookups add entries as they
    go (log_access: a record viewed, a list with its row count, an export, a
    refusal); at the end the entry that says most is written, in one INSERT and
    outside any transaction the view rolled back. A refusal no code logged (a 403,
    or a 404 on a URL that names a record: an id of another commune is how a
    curious or stolen login probes the register) gets its row here."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):

        request.access_log_pending = []
        token = current_request.set(request)
        try:
            response = self.get_response(request)
        except BaseException:
            access_log_flush(request)
            raise
        finally:
            current_request.reset(token)
        status = response.status_code
        user = getattr(request, "user", None)
        match = getattr(request, "resolver_match", None)
        if (
            status in (403, 404)
            and user is not None
            and user.is_authenticated
            and not access_log_denied_logged(request)
            and (status == 403 or (match and match.kwargs))  # else a mistyped address
        ):
            log_access(
                request=request,
                action=AccessLog.Action.DENIED,
                obj_or_type=f"url:{match.view_name}" if match else "url",
                object_id=",".join(str(v) for v in match.kwargs.values()) if match else "",
                detail=f"{request.method} {status}",
            )
        elif (
            request.method == "GET"
            and 200 <= status < 300
            and match
            and match.kwargs
            and user is not None
            and user.is_authenticated
            and not request.access_log_pending
            and _names_personal_record(match)
        ):
            # A record page or API retrieve whose lookup logged nothing itself.
            log_access(
                request=request,
                action=AccessLog.Action.VIEW,
                obj_or_type=f"url:{match.view_name}",
                object_id=",".join(str(v) for v in match.kwargs.values()),
            )
        access_log_flush(request)
        return response


# Record URLs that name no personal record: reference data, the user's own
# notifications, job progress polled every second, aggregates.
_NOT_PERSONAL = ("indicators:", "workcalendar:", "calendar:", "notifications:", "admin:")
_NOT_PERSONAL_SUFFIX = ("progress",)
# Pages of reference records (a facility, a training course, a commune's coverage).
_REFERENCE_PAGES = frozenset(
    {
        "facilities:detail",
        "facilities:edit",
        "collaborators:course_detail",
        "collaborators:coverage_commune",
    }
)


def _names_personal_record(match) -> bool:

    name = match.view_name or ""
    if (
        name.startswith(_NOT_PERSONAL)
        or name.endswith(_NOT_PERSONAL_SUFFIX)
        or name in _REFERENCE_PAGES
    ):
        return False
    view_class = getattr(match.func, "cls", None)
    queryset = getattr(view_class, "queryset", None)
    if queryset is not None:
        return is_personal(queryset.model)
    return True


AccessLogMiddleware = DenialLogMiddleware
