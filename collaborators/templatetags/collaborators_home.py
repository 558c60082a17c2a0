"""The collaborator's phone home: `{% include "collaborators/home_tiles.html" %}`
loads its own data through this tag, so the home view needs no change."""

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from collaborators import selectors

register = template.Library()


def optional_url(name: str) -> str | None:
    """The URL, or None while the app that serves it has not landed."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


@register.simple_tag(takes_context=True)
def collaborator_home(context):
    user = context["request"].user
    return {
        "summary": selectors.home_summary(user=user),
        "now": timezone.now(),
        "register_url": optional_url("cases:beneficiary_register"),
        "my_cases_url": optional_url("casework:my_cases"),
        "referrals_url": optional_url("referrals:list"),
    }
