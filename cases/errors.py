"""Refusals every part of the register shares."""

from django.core.exceptions import ValidationError

# An import row whose old commune was split in 2025: the importer marks it, the
# selectors list it with the new communes to choose from.
SPLIT_COMMUNE = "split_commune"


class StaleEdit(ValidationError):
    """Someone saved the record after this edit began (code "stale": the API
    answers 409, socialwork/api/exceptions.py)."""
