"""Name and number search over the register, as one queryset filter: the
FilterSet's `q` and the selectors both narrow with it (its own module so that
cases.filters and cases.selectors need not import each other).

Name search narrows with the trigram index on the accent-free key (every
typed word, or trigram similarity for a typo), then ranks by similarity:
never a sequential scan over the province.
"""

from __future__ import annotations

import re

from django.contrib.postgres.search import TrigramSimilarity
from django.db.models import Q, QuerySet, TextField, Value
from django.db.models.functions import Concat

from socialwork.accounts.phones import normalize_phone
from socialwork.search import search_key

from .models import Beneficiary

_IDENTIFIER = re.compile(r"^[0-9 .+\-]{6,}$")


# --- Search -------------------------------------------------------------------


def _word(token: str) -> Q:
    """The name has a word beginning with `token`.

    `search_key LIKE '%token%'` is what the trigram index serves (GIN
    intersects the trigrams of all the words, skipping through common ones
    such as "nguyen"); the word-start check on " " || key only rechecks the
    rows the index found. Under three letters a token has no trigram: it is
    only rechecked."""
    condition = Q(spaced__contains=" " + token)
    if len(token) >= 3:
        condition &= Q(search_key__contains=token)
    return condition


def _every_word(tokens: list[str]) -> Q:
    condition = Q()
    for token in tokens:
        condition &= _word(token)
    return condition


def apply_search(queryset: QuerySet[Beneficiary], query: str) -> QuerySet[Beneficiary]:
    """Narrow `queryset` to what `query` names, best match first.

    A run of digits is a CCCD, an old ID, a phone number or a household
    code; anything else is a name, matched accent-free, in any word order.

    Vietnamese names repeat (DESIGN.md pitfalls): trigram similarity over the
    province would compare "nguyen van duc" with every Nguyễn Văn. So the
    search narrows first to the names holding every typed word (the start of
    a word is enough: "nguyen van d"), and ranks only those by similarity.
    Only when nobody in the filtered set has them all (a typo) does it fall
    back to similar names that hold all the words but one, and a word with
    the first letter of the missing one. Either way
    the trigram index serves it, in two queries (the check, then the page)."""
    query = (query or "").strip()
    if not query:
        return queryset
    if _IDENTIFIER.match(query):
        digits = re.sub(r"[^0-9]", "", query)
        phone = normalize_phone(query) or digits
        return queryset.filter(
            Q(cccd=digits) | Q(old_id_number=digits) | Q(phone=phone) | Q(household__code=query)
        ).order_by("-id")
    key = search_key(query)
    if not key:
        return queryset.none()
    tokens = key.split(" ")
    queryset = queryset.alias(spaced=Concat(Value(" "), "search_key", output_field=TextField()))
    narrowed = queryset.filter(_every_word(tokens))
    if not narrowed.exists():
        similar = Q(search_key__trigram_similar=key)
        if len(tokens) > 1:
            # A typo rarely changes a word's first letter: the mistyped word
            # keeps it, which spares ranking every Nguyễn Thị of the province.
            all_but_one = Q()
            for skipped, word in enumerate(tokens):
                others = tokens[:skipped] + tokens[skipped + 1 :]
                all_but_one |= _every_word(others) & Q(spaced__contains=" " + word[0])
            similar &= all_but_one
        narrowed = queryset.filter(similar)
    return narrowed.annotate(similarity=TrigramSimilarity("search_key", Value(key))).order_by(
        "-similarity", "-id"
    )
