"""The person page's allowance section: `{% person_allowances b as a %}`.

The register (cases) sits below allowances and may not import them; its
person page loads this tag instead, so the section comes from here, read
through the allowance selectors (scoped to the reader) in two queries."""

from django import template

from socialwork.allowances import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def person_allowances(context, beneficiary, limit: int = 5) -> dict:
    actor = context["request"].user
    return {
        "entitlements": list(
            selectors.entitlement_list(actor=actor)
            .filter(beneficiary=beneficiary)
            .order_by("-start_month", "-pk")[:limit]
        ),
        "applications": list(
            selectors.application_list(actor=actor)
            .filter(beneficiary=beneficiary)
            .order_by("-pk")[:limit]
        ),
    }
