"""API viewsets of socialwork.notifications, registered on the one router."""

from socialwork.api.router import router  # noqa: F401
