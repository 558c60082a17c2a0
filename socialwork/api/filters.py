"""Filters the apps' FilterSets share, so a query parameter is validated
before it reaches a query: a year the database can hold, ids that are ids."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from django_filters.fields import ModelChoiceField

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


class StrictBooleanSelect(forms.NullBooleanSelect):
    """The page's any/yes/no select; a value it does not know is passed on
    as typed, so the field can refuse it instead of reading it as "any"."""

    KNOWN = {"true": True, "True": True, "1": True, "2": True, True: True,
             "false": False, "False": False, "0": False, "3": False, False: False,
             "": None, "unknown": None, None: None}  # fmt: skip

    def value_from_datadict(self, data, files, name):
        value = data.get(name)
        return self.KNOWN.get(value, value)


class StrictNullBooleanField(forms.NullBooleanField):
    widget = StrictBooleanSelect

    def to_python(self, value):
        if value is None or isinstance(value, bool):
            return value
        raise forms.ValidationError(
            _("Giá trị không hợp lệ: hãy dùng true hoặc false."), code="invalid"
        )


class BooleanFilter(django_filters.BooleanFilter):
    """true or false (1 or 0); left out or "unknown", no filter. Anything else
    ("perhaps") is a 400 naming the parameter, not a filter silently dropped."""

    field_class = StrictNullBooleanField


class NamedChoiceIterator(forms.models.ModelChoiceIterator):
    """A select's options read as (key, name) rows, not one model per option:
    a hundred communes or eighty categories on every filter page."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.field.null_label is not None:
            yield (self.field.null_value, self.field.null_label)
        yield from self.queryset.values_list(self.field.to_field_name or "pk", "name")


class NamedModelChoiceField(ModelChoiceField):
    iterator = NamedChoiceIterator


class NamedModelChoiceFilter(django_filters.ModelChoiceFilter):
    """A choice of rows shown by their `name` (what their __str__ shows), for
    reference tables such as the communes and the categories."""

    field_class = NamedModelChoiceField
