"""`{{ error|shown }}`: an import row's message in the reader's language."""

from django import template

from ..messages import shown as _shown

register = template.Library()


@register.filter
def shown(entry) -> str:
    return _shown(entry)
