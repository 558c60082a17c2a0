from rest_framework.pagination import CursorPagination as BaseCursorPagination

from socialwork.accounts.models import AccessLog
from socialwork.accounts.scoping import is_personal
from socialwork.accounts.services import log_access


def log_list(request, model, rows: int) -> None:
    """A page of personal records read through the API: one access-log row for the
    request, with how many rows it returned (not one row per record)."""
    if is_personal(model):
        log_access(
            request=request,
            action=AccessLog.Action.LIST,
            obj_or_type=model,
            object_id="",
            row_count=rows,
        )


class CursorPagination(BaseCursorPagination):
    """Cursor pagination: stable and index-friendly on lists of a million rows."""

    ordering = "-id"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def paginate_queryset(self, queryset, request, view=None):
        page = super().paginate_queryset(queryset, request, view)
        if page is not None:
            log_list(request, queryset.model, len(page))
        return page
