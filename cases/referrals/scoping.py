"""Who sees referrals, and what a referral opens to the facility receiving it.

- department, admin: all;
- commune roles: the referrals of their commune's cases (a collaborator not
  those of a confidential case they do not work on, unless they sent it);
- facility staff: their inbox (referred to them) and what they sent;
- leadership: 403.

A facility's staff also see the people and cases referred to their facility
and their residents: `facility_people` is registered on the register's
`cases.scoping.register_facility_rule` hook, and `register()` widens the Case
policy's facility rule the same way.

Call `cases.referrals.scoping.register()` once, after
`cases.casework.scoping.register()` (it wraps the Case policy found then).
"""

from __future__ import annotations

import dataclasses

from django.db.models import Q

from facilities.selectors import user_facility_id
from socialwork.accounts.models import Role
from socialwork.accounts.scoping import ScopePolicy, policy_for, register_scope

from ..models import Case, Referral, ReferralTransition
from ..models.referrals import PROVIDER_STATUSES
from ..scoping import register_facility_rule

_NOBODY = Q(pk__in=[])


def _referral_facility(prefix: str = ""):
    def rule(user) -> Q:
        facility_id = user_facility_id(user)
        if facility_id is None:
            return _NOBODY
        return Q(**{f"{prefix}to_facility_id": facility_id}) | Q(
            **{f"{prefix}sender_facility_id": facility_id}
        )

    return rule


def _referral_commune_extra(prefix: str = ""):
    def rule(user) -> Q:
        if user.role != Role.COLLABORATOR:
            return Q()
        return (
            Q(**{f"{prefix}case__confidential": False})
            | Q(**{f"{prefix}case__assigned_worker": user.pk})
            | Q(**{f"{prefix}sender": user.pk})
        )

    return rule


def _facility_referrals(facility_id: int):
    return Referral.objects.filter(to_facility_id=facility_id, status__in=PROVIDER_STATUSES)


def _facility_admissions(facility_id: int):
    from facilities.models import Admission, AdmissionStatus

    return Admission.objects.filter(
        facility_id=facility_id, status__in=[AdmissionStatus.DOSSIER, AdmissionStatus.RESIDENT]
    )


def facility_people(user) -> Q:
    """Beneficiary rule: the people referred to the user's facility and its residents."""
    facility_id = user_facility_id(user)
    if facility_id is None:
        return _NOBODY
    return Q(pk__in=_facility_referrals(facility_id).values("beneficiary_id")) | Q(
        pk__in=_facility_admissions(facility_id).values("beneficiary_id")
    )


def facility_cases(user) -> Q:
    """Case rule: the cases referred to the user's facility and its residents' cases."""
    facility_id = user_facility_id(user)
    if facility_id is None:
        return _NOBODY
    return Q(pk__in=_facility_referrals(facility_id).values("case_id")) | Q(
        pk__in=_facility_admissions(facility_id).filter(case__isnull=False).values("case_id")
    )


def _widened(original):
    def rule(user) -> Q:
        base = original(user) if original is not None else _NOBODY
        return base | facility_cases(user)

    rule.widened_by_referrals = True  # type: ignore[attr-defined]
    return rule


_registered = False


def register() -> None:
    global _registered
    register_scope(
        Referral,
        ScopePolicy(
            commune="commune",
            commune_extra=_referral_commune_extra(),
            facility=_referral_facility(),
        ),
    )
    register_scope(
        ReferralTransition,
        ScopePolicy(
            commune="referral__commune",
            commune_extra=_referral_commune_extra("referral__"),
            facility=_referral_facility("referral__"),
        ),
    )
    try:
        case_policy = policy_for(Case)
    except LookupError:
        case_policy = None
    if case_policy is not None and not getattr(case_policy.facility, "widened_by_referrals", False):
        register_scope(
            Case, dataclasses.replace(case_policy, facility=_widened(case_policy.facility))
        )
    if not _registered:
        register_facility_rule(facility_people)
        _registered = True
    from . import tasks  # noqa: F401  (the worker learns the beat task)
