"""API viewsets of socialwork.spreadsheets, registered on the one router."""

from socialwork.api.router import router  # noqa: F401
