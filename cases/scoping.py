"""Who may see the register: scope policies and the sensitive-data rule.

Imported from `CasesConfig.ready()`. Facility staff see nobody yet: the
facility app extends `FACILITY_RULES` with a rule giving their residents and
the people referred to them (see `register_facility_rule`).
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Q

from socialwork.accounts.capabilities import can, holders
from socialwork.accounts.models import Role
from socialwork.accounts.scoping import ScopePolicy, register_scope

from .models import (
    Beneficiary,
    BeneficiaryCategory,
    Category,
    Consent,
    Ethnicity,
    Household,
    HouseholdPoverty,
)

# Each rule maps a facility user to a Q over Beneficiary (e.g. residents:
# Q(admissions__facility=user.facility, admissions__left_on__isnull=True)).
FACILITY_RULES: list[Callable[[object], Q]] = []
# Each rule maps a user to a Q over Beneficiary of the people whose sensitive
# data they need (the case's assigned worker, once cases exist).
SENSITIVE_RULES: list[Callable[[object], Q]] = []


def register_facility_rule(rule: Callable[[object], Q]) -> None:
    FACILITY_RULES.append(rule)


def register_sensitive_rule(rule: Callable[[object], Q]) -> None:
    SENSITIVE_RULES.append(rule)


def facility_beneficiaries(user) -> Q:
    """People a facility user may see; nobody until a rule is registered."""
    query = Q(pk__in=[])
    for rule in FACILITY_RULES:
        query |= rule(user)
    return query


def _prefixed(prefix: str) -> Callable[[object], Q]:
    # The same rule seen from a model that points at Beneficiary.
    def rule(user) -> Q:
        inner = facility_beneficiaries(user)
        return Q(**{f"{prefix}__in": Beneficiary.objects.filter(inner).values("pk")})

    return rule


def can_view_sensitive(user, beneficiary: Beneficiary) -> bool:
    """DOMAIN §8: only those who need it see sensitive data; others see 'restricted'.

    The beneficiary must already be in the user's scope (selectors ensure it).
    """
    if not user.is_authenticated:
        return False
    # The record rule: the table says which roles, the grant or the commune which rows.
    if can(user, "person.sensitive.granted"):
        return bool(user.can_view_sensitive)
    if user.role in holders("person.sensitive.commune"):
        return can(user, "person.sensitive.commune", commune=beneficiary.commune_id)
    if user.role == Role.FACILITY and FACILITY_RULES:
        return Beneficiary.objects.filter(facility_beneficiaries(user), pk=beneficiary.pk).exists()
    if SENSITIVE_RULES:
        query = Q(pk__in=[])
        for rule in SENSITIVE_RULES:
            query |= rule(user)
        return Beneficiary.objects.filter(query, pk=beneficiary.pk).exists()
    return False


def register() -> None:
    register_scope(Beneficiary, ScopePolicy(commune="commune", facility=facility_beneficiaries))
    register_scope(Household, ScopePolicy(commune="commune", facility=_prefixed("members")))
    register_scope(
        HouseholdPoverty,
        ScopePolicy(commune="household__commune", facility=_prefixed("household__members")),
    )
    register_scope(
        BeneficiaryCategory,
        ScopePolicy(commune="beneficiary__commune", facility=_prefixed("beneficiary")),
    )
    register_scope(
        Consent, ScopePolicy(commune="beneficiary__commune", facility=_prefixed("beneficiary"))
    )
    register_scope(Category, ScopePolicy(reference=True))
    register_scope(Ethnicity, ScopePolicy(reference=True))


def may_filter_sensitive(user) -> bool:
    """May list people by sensitive category (all of them are in the user's scope)."""
    if not user.is_authenticated:
        return False
    if can(user, "person.sensitive.granted"):
        return bool(user.can_view_sensitive)
    return can(user, "person.sensitive.commune")
