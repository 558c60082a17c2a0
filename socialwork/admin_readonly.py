"""Admin pages that only show: rows with a service (and a page) to write them
are changed there, so the rules and the history actor are never bypassed."""

from __future__ import annotations


class ReadOnlyAdmin:
    """Mix into a ModelAdmin (or inline) before it."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
