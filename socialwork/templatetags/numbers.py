"""`{{ amount|grouped }}`: socialwork.numbers.grouped in templates."""

from django import template

from socialwork import numbers

register = template.Library()


@register.filter
def grouped(value):
    return numbers.grouped(value)
