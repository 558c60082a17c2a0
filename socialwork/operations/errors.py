"""Error pages, and the database outage answered with a 503.

The 404/403 pages extend the site's layout (the database is up: the menu
works). The 500 and 503 pages use a layout of their own that needs no
database, no session and no user, since they are shown when those fail.

A database outage (OperationalError/InterfaceError reaching the top, from a
view or from a middleware loading the session) becomes a 503 page saying the
portal will be back shortly. Django converts exceptions into responses at
every middleware layer, so the exception is noted on the request by a
`got_request_exception` receiver and `DatabaseUnavailableMiddleware`, placed
outside the session middleware, replaces whatever response came back. That
also drops the session middleware's "delete the session cookie" (it takes
an unreadable session for an empty one): users stay logged in through an
outage. Nothing needs restarting: the next request opens a new connection."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token

from .health import healthz

logger = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30
_FLAG = "_operations_database_unavailable"


def _language(request) -> str:
    # From the URL, the language cookie or the browser: no session, no database.
    try:
        return translation.get_language_from_request(request)
    except Exception:  # a broken request still gets a page
        return settings.LANGUAGE_CODE


def _standalone(request, template: str, status: int, context: dict | None = None) -> HttpResponse:
    """Render without context processors (they may read the database)."""
    with translation.override(_language(request)):
        body = loader.get_template(template).render(
            {
                "PORTAL_NAME": settings.PORTAL_NAME,
                "PORTAL_DEPARTMENT_NAME": settings.PORTAL_DEPARTMENT_NAME,
                "LANGUAGE_CODE": translation.get_language(),
                **(context or {}),
            }
        )
    response = HttpResponse(body, status=status, content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


def database_unavailable_response(request) -> HttpResponse:
    if request.path.startswith("/api/"):
        with translation.override(_language(request)):
            response = JsonResponse(
                {"detail": _("Cơ sở dữ liệu tạm thời không truy cập được. Vui lòng thử lại sau.")},
                status=503,
            )
    else:
        response = _standalone(
            request, "503.html", 503, {"retry_after": RETRY_AFTER_SECONDS, "path": request.path}
        )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


@requires_csrf_token
def server_error(request, template_name: str = "500.html") -> HttpResponse:
    """handler500: a plain page in the user's language, never a traceback."""
    if getattr(request, _FLAG, False):
        return database_unavailable_response(request)
    return _standalone(request, template_name, 500)


def note_exception(sender, request=None, **kwargs) -> None:
    """got_request_exception: remember that the database is what failed."""
    import sys

    exc = sys.exc_info()[1]
    if request is not None and isinstance(exc, DATABASE_ERRORS):
        setattr(request, _FLAG, True)
        # The driver's message names the host; the class is enough here.
        logger.error("database unavailable during a request (%s)", type(exc).__name__)


def connect() -> None:
    got_request_exception.connect(note_exception, dispatch_uid="operations-database-errors")


class DatabaseUnavailableMiddleware:
    """Outside SessionMiddleware: a request that met a database outage gets
    the 503 page, whatever inner layer the exception came from."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            response = self.get_response(request)
        except DATABASE_ERRORS:
            setattr(request, _FLAG, True)
            response = None
        if response is None or getattr(request, _FLAG, False):
            return database_unavailable_response(request)
        return response

    def process_exception(self, request, exception):
        # A view's exception reaches here before Django's debug page: even
        # with DEBUG on, an outage shows the 503 page.
        if isinstance(exception, DATABASE_ERRORS):
            setattr(request, _FLAG, True)
            return database_unavailable_response(request)
        return None


class HealthCheckMiddleware:
    """/healthz, answered first: no session, no login, no host check (a load
    balancer asks by IP address), no HTTPS redirect. Names what failed, never
    a driver's message."""

    PATHS = frozenset({"/healthz", "/healthz/"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path in self.PATHS and request.method in ("GET", "HEAD"):
            healthy, body = healthz()
            response = JsonResponse(body, status=200 if healthy else 503)
            response["Cache-Control"] = "no-store"
            return response
        return self.get_response(request)


def bad_request(request, exception=None) -> HttpResponse:
    """handler400."""
    return _standalone(request, "400.html", 400)


def csrf_failure(request, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: an expired form, said plainly (the reason is for logs)."""
    return _standalone(request, "403_csrf.html", 403)
