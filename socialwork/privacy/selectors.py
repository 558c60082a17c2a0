"""Reads of the breach register, and what the access log says was exposed."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from socialwork.accounts.models import AccessLog
from socialwork.accounts.scoping import get_scoped_or_404, scope_for

from .filters import AccessLogFilter
from .models import DataBreach, SubjectRequest

EXPOSURE_ROWS = 200


def breach_list(*, actor) -> QuerySet[DataBreach]:
    return scope_for(DataBreach.objects.select_related("suspected_user"), actor)


def breach_get(*, actor, pk: int, request=None) -> DataBreach:
    return get_scoped_or_404(
        DataBreach.objects.select_related("suspected_user", "registered_by"),
        actor,
        request=request,
        pk=pk,
    )


def breach_exposure(*, breach: DataBreach) -> dict:
    """What the suspected account viewed, exported or was refused in the window:
    totals by kind of record (rows and distinct records) and the latest rows."""
    if breach.suspected_user_id is None:
        return {"by_type": [], "rows": [], "total": 0}
    logs = AccessLog.objects.filter(user_id=breach.suspected_user_id)
    if breach.window_start:
        logs = logs.filter(created_at__gte=breach.window_start)
    if breach.window_end:
        logs = logs.filter(created_at__lte=breach.window_end)
    by_type = list(
        logs.values("object_type", "action")
        .annotate(rows=Count("id"), records=Count("object_id", distinct=True))
        .order_by("object_type", "action")
    )
    return {
        "by_type": by_type,
        "rows": list(logs.order_by("-created_at", "-id")[:EXPOSURE_ROWS]),
        "total": sum(row["rows"] for row in by_type),
    }


# --- The access log as the data-protection unit reads it ----------------------------------

WHO_VIEWED_ROWS = 20


def access_log_rows(*, filters: dict | None = None, request=None):
    """Views, lists, exports and refusals, newest first, filtered (AccessLogFilter)."""

    queryset = AccessLog.objects.select_related("user", "commune").order_by("-created_at", "-id")
    filterset = AccessLogFilter(filters or {}, queryset=queryset, request=request)
    if not filterset.is_valid():
        from django.core.exceptions import ValidationError

        raise ValidationError(filterset.errors)
    return filterset


def who_viewed(*, object_type: str, object_id, person: bool = False) -> list[AccessLog]:
    """Who opened, exported or was refused this record (or anything about this
    person), latest first."""
    logs = AccessLog.objects.select_related("user")
    if person:
        logs = logs.filter(person_id=object_id)
    else:
        logs = logs.filter(object_type=object_type, object_id=str(object_id))
    return list(logs.order_by("-created_at", "-id")[:WHO_VIEWED_ROWS])


def request_list(*, actor):

    return scope_for(SubjectRequest.objects.all(), actor)


def request_get(*, actor, pk: int, request=None):

    return get_scoped_or_404(SubjectRequest.objects.all(), actor, request=request, pk=pk)
