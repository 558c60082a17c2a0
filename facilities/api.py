"""API viewsets of facilities, registered on the one router."""

from socialwork.api.router import router  # noqa: F401
