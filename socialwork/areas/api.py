"""API viewsets of socialwork.areas, registered on the one router."""

from socialwork.api.router import router  # noqa: F401
