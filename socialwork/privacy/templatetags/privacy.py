from django import template

from socialwork.privacy import selectors

register = template.Library()


@register.simple_tag
def who_viewed(object_type: str, object_id, person: bool = False):
    return selectors.who_viewed(object_type=object_type, object_id=object_id, person=bool(person))
