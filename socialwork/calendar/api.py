"""API viewsets of socialwork.calendar, registered on the one router."""

from socialwork.api.router import router  # noqa: F401
