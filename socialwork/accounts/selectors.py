"""Reads of users: always through scope_for."""

from django.db.models import QuerySet

from .filters import UserFilter
from .models import User
from .scoping import scope_for


def user_list(*, actor, filters: dict | None = None) -> QuerySet[User]:
    """Users the actor may see, filtered, by name; the commune comes in the same query."""
    queryset = scope_for(User.objects.select_related("area"), actor)
    if filters is not None:
        queryset = UserFilter(filters, queryset).qs
    return queryset.order_by("last_name", "first_name", "username")
