"""Filters the apps' FilterSets share, so a query parameter is validated
before it reaches a query: a year the database can hold, ids that are ids."""

import django_filters
from django import forms

# A year the register can mean: the oldest births to the plans' horizon.
MIN_YEAR = 1900
MAX_YEAR = 2100


class YearFilter(django_filters.NumberFilter):
    """A whole year between MIN_YEAR and MAX_YEAR ("0" or "2025.5" is a 400
    with the form's message, not a date the database cannot build)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", MIN_YEAR)
        kwargs.setdefault("max_value", MAX_YEAR)
        super().__init__(*args, **kwargs)
