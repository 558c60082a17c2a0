"""The one translation of errors to HTTP answers for the whole API.

Services and selectors raise Django's exceptions; views and serializers let
them pass, and this handler (REST_FRAMEWORK["EXCEPTION_HANDLER"]) answers:

- Django `ValidationError` → 400, body `{"field": ["message", …]}`; errors
  that belong to no field under `non_field_errors` (DRF's
  NON_FIELD_ERRORS_KEY). DRF's own validation errors, and a body that is not
  JSON, get the same shape, so a client parses one form whatever raised it.
- a `ValidationError` with code "stale" (the services' StaleEdit: someone
  saved the record after this edit began) → 409, `{"detail": "message"}`.
- Django `PermissionDenied` → 403, `Http404` and `DoesNotExist` → 404, both
  `{"detail": "message"}`. A malformed id never reaches a query: the
  viewsets' lookup regexes answer 404 at the router.

401 (no or bad credentials) keeps DRF's `{"detail": …}` with the
`WWW-Authenticate` header of the token authentication.
"""

from django.core.exceptions import NON_FIELD_ERRORS, ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

STALE_CODE = "stale"


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = STALE_CODE


def _details(error: DjangoValidationError) -> list[exceptions.ErrorDetail]:
    return [
        exceptions.ErrorDetail(str(message), code=item.code or "invalid")
        for item in error.error_list
        for message in item.messages
    ]


def validation_detail(error: DjangoValidationError) -> dict[str, list]:
    """A Django ValidationError as `{"field": [messages]}` (its codes kept)."""
    if not hasattr(error, "error_dict"):
        return {api_settings.NON_FIELD_ERRORS_KEY: _details(error)}
    detail: dict[str, list] = {}
    for field, errors in error.error_dict.items():
        key = api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else field
        detail.setdefault(key, []).extend(_details(DjangoValidationError(errors)))
    return detail


def _is_stale(error: DjangoValidationError) -> bool:
    return not hasattr(error, "error_dict") and any(
        item.code == STALE_CODE for item in error.error_list
    )


def _as_field_dict(detail):
    """DRF's ValidationError may carry a bare list or a string; the contract is
    always a dict of lists."""
    if isinstance(detail, dict):
        return {
            key: value if isinstance(value, list | dict) else [value]
            for key, value in detail.items()
        }
    if isinstance(detail, list):
        return {api_settings.NON_FIELD_ERRORS_KEY: detail}
    return {api_settings.NON_FIELD_ERRORS_KEY: [detail]}


def _translate(exc: Exception) -> Exception:
    if isinstance(exc, exceptions.ParseError):
        # A body that is not JSON (or not UTF-8): DRF's text is English and
        # Python's decoder's; the 400 keeps the one shape.
        return exceptions.ValidationError(
            {api_settings.NON_FIELD_ERRORS_KEY: [_("Nội dung gửi lên không phải JSON hợp lệ.")]},
            code="parse_error",
        )
    if isinstance(exc, DjangoValidationError):
        if _is_stale(exc):
            return Conflict(exc.messages[0])
        return exceptions.ValidationError(validation_detail(exc))
    if isinstance(exc, PermissionDenied):
        return exceptions.PermissionDenied(*exc.args[:1])
    if isinstance(exc, ObjectDoesNotExist | Http404):
        return exceptions.NotFound()
    return exc


def exception_handler(exc, context):
    exc = _translate(exc)
    if isinstance(exc, exceptions.ValidationError):
        exc.detail = _as_field_dict(exc.detail)
    return drf_exception_handler(exc, context)
