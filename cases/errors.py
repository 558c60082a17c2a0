"""Refusals every part of the register shares."""

from django.core.exceptions import ValidationError


class StaleEdit(ValidationError):
    """Someone saved the record after this edit began (code "stale": the API
    answers 409, socialwork/api/exceptions.py)."""
