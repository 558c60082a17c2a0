"""API viewsets of socialwork.accounts, registered on the one router."""

from socialwork.api.router import router  # noqa: F401
