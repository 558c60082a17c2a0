"""Case management API (filled in by the case-management work)."""

from socialwork.api.router import router  # noqa: F401
