"""API viewsets of socialwork.indicators, registered on the one router."""

from socialwork.api.router import router  # noqa: F401
