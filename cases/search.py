"""Name and number search over the register, as one queryset filter: the
FilterSet's `q` and the selectors both narrow with it (its own module so that
cases.filters and cases.selectors need not import each other). How a name is
matched, forgiving typos, and what it costs: cases/name_search.py.
"""

from __future__ import annotations

import re

from django.db.models import Q, QuerySet

from socialwork.accounts.phones import normalize_phone

from . import name_search
from .models import Beneficiary

_IDENTIFIER = re.compile(r"^[0-9 .+\-]{6,}$")


def apply_search(
    queryset: QuerySet[Beneficiary],
    query: str,
    *,
    in_one_commune: bool = False,
    categories: list[int] | None = None,
) -> QuerySet[Beneficiary]:
    """Narrow `queryset` to what `query` names, best match first.

    A run of digits is a CCCD, an old ID, a phone number or a household
    code; anything else is a name, matched accent-free, in any word order,
    forgiving typos. Applied after the other filters, so it ranks only the
    filtered set. `categories`: the queryset is filtered to these groups'
    people (the search may then walk the group's links: name_search)."""
    query = (query or "").strip()
    if not query:
        return queryset
    if _IDENTIFIER.match(query):
        digits = re.sub(r"[^0-9]", "", query)
        phone = normalize_phone(query) or digits
        return queryset.filter(
            Q(cccd=digits) | Q(old_id_number=digits) | Q(phone=phone) | Q(household__code=query)
        ).order_by("-id")
    return name_search.search(queryset, query, in_one_commune=in_one_commune, categories=categories)


def in_one_commune(actor, filters) -> bool:
    """A commune's worker, or a list filtered to one commune: the search then
    reads that commune's people (its cost follows the commune)."""
    return bool(getattr(actor, "is_commune_level", False) or (filters or {}).get("commune"))
