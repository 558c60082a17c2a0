"""Reads of the administrative map.

Units are public reference data (ScopePolicy reference=True): every signed-in
user may read them, so the helpers used by forms and imports take no user;
what an API caller lists goes through `unit_list`, which scopes.
"""

from django.conf import settings
from django.contrib.postgres.search import TrigramWordSimilarity
from django.db.models import Q, QuerySet

from socialwork.accounts.scoping import scope_for
from socialwork.search import search_key

from .filters import AdministrativeUnitFilter
from .models import AdministrativeUnit, CodeSet, Level

# Prefixes people drop when they type a unit's name ("Hòa Hiệp Bắc" for
# "Xã Hòa Hiệp Bắc"), as search keys.
COMMUNE_PREFIXES = ("xa", "phuong", "thi tran", "dac khu")
DISTRICT_PREFIXES = ("huyen", "quan", "thi xa", "thanh pho")


def portal_province() -> AdministrativeUnit | None:
    """The province this portal serves (configured by its 2025 code)."""
    return AdministrativeUnit.objects.filter(
        code_set=CodeSet.CURRENT, level=Level.PROVINCE, code=settings.PORTAL_PROVINCE_CODE
    ).first()


def province_communes() -> QuerySet[AdministrativeUnit]:
    """The current communes of the portal's province, by name."""
    return AdministrativeUnit.objects.filter(
        code_set=CodeSet.CURRENT,
        level=Level.COMMUNE,
        province__code=settings.PORTAL_PROVINCE_CODE,
        province__code_set=CodeSet.CURRENT,
    ).order_by("name")


def unit_list(*, actor, filters: dict | None = None) -> QuerySet[AdministrativeUnit]:
    """Current units (2025 two-tier map) a user lists, filtered, by code."""
    queryset = scope_for(AdministrativeUnit.objects.current(), actor)
    if filters is not None:
        queryset = AdministrativeUnitFilter(filters, queryset).qs
    return queryset.order_by("code")


def commune_search(*, query: str, province: str | None = None) -> QuerySet[AdministrativeUnit]:
    """Current communes whose name is like `query`, accents and case ignored,
    best match first. `province`: a 2025 province code."""
    key = search_key(query)
    communes = AdministrativeUnit.objects.current().communes()
    if province is not None:
        communes = communes.filter(province__code=province)
    if not key:
        return communes.none()
    # Containment catches what people type ("ea tu"); word similarity forgives
    # a typo ("hoa hiep bac" for "hòa hiệp bắc" typed "hoa hep bac").
    return (
        communes.annotate(similarity=TrigramWordSimilarity(key, "search_name"))
        .filter(Q(search_name__contains=key) | Q(search_name__trigram_word_similar=key))
        .order_by("-similarity", "name", "code")
    )


def _name_keys(name: str, prefixes: tuple[str, ...]) -> set[str]:
    """The search keys under which a unit typed as `name` may be stored."""
    key = search_key(name)
    bare = key
    for prefix in prefixes:
        if key.startswith(prefix + " "):
            bare = key[len(prefix) + 1 :]
            break
    return {key, bare} | {f"{prefix} {bare}" for prefix in prefixes}


def legacy_commune_successors(
    *, name: str, district_name: str | None = None, province_code: str | None = None
) -> QuerySet[AdministrativeUnit]:
    """The current communes an old (pre-July-2025) commune called `name` became.

    More than one candidate means the name is ambiguous or the old commune was
    split: the user picks. `district_name` narrows by the old district;
    `province_code` is a 2025 province code and keeps successors in it."""
    old = AdministrativeUnit.objects.filter(
        code_set=CodeSet.LEGACY,
        level=Level.COMMUNE,
        search_name__in=_name_keys(name, COMMUNE_PREFIXES),
    )
    if district_name:
        old = old.filter(parent__search_name__in=_name_keys(district_name, DISTRICT_PREFIXES))
    successors = (
        AdministrativeUnit.objects.current().communes().filter(succession_in__predecessor__in=old)
    )
    if province_code is not None:
        successors = successors.filter(province__code=province_code)
    return successors.distinct().order_by("name", "code")
