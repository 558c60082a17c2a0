"""API viewsets of socialwork.allowances, registered on the one router."""

from socialwork.api.router import router  # noqa: F401
