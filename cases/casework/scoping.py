"""Who sees which case (see socialwork/accounts/scoping.py).

- department and admin: the province;
- commune official and leader: every case of their commune;
- collaborator: their commune's cases, but a confidential one (abuse,
  violence, trafficking: Decree 56 Art. 24) only when assigned to it or
  assisting on it;
- facility staff: the cases assigned to them and those they opened (from a
  hotline call, say: whoever opens a case keeps access to it);
- leadership: nothing (403).

`register()` is called from CasesConfig.ready().
"""

from __future__ import annotations

from django.db.models import Q

from socialwork.accounts.capabilities import can
from socialwork.accounts.models import Role
from socialwork.accounts.scoping import ScopePolicy, register_scope

from ..models import (
    Assessment,
    Case,
    CaseEvent,
    CasePlan,
    CasePlanAction,
    CaseStatus,
    CaseTransition,
    IssuedDocument,
    Review,
    ServiceDelivery,
    SignedFile,
)
from ..scoping import register_facility_rule, register_sensitive_rule


def case_visibility(user, prefix: str = "") -> Q:
    """The extra rule for commune-level users on Case (or a model reaching it by `prefix`)."""
    if user.role != Role.COLLABORATOR:
        return Q()
    return (
        Q(**{f"{prefix}confidential": False})
        | Q(**{f"{prefix}assigned_worker": user.pk})
        | Q(**{f"{prefix}assistant": user.pk})
    )


def facility_own_cases(user, prefix: str = "") -> Q:
    """A facility user's own cases: assigned to them, or opened by them."""
    return Q(**{f"{prefix}assigned_worker": user.pk}) | Q(**{f"{prefix}created_by": user.pk})


def _case_rule(prefix: str):
    def extra(user) -> Q:
        return case_visibility(user, prefix)

    def facility(user) -> Q:
        return facility_own_cases(user, prefix)

    return extra, facility


def _service_extra(user) -> Q:
    if user.role != Role.COLLABORATOR:
        return Q()
    return (
        Q(case__isnull=True)
        | Q(case__confidential=False)
        | Q(case__assigned_worker=user.pk)
        | Q(case__assistant=user.pk)
        | Q(delivered_by=user.pk)
    )


def _assigned_people(user) -> Q:
    # The people whose open case a user works on: they need the person's record.
    return Q(
        pk__in=Case.objects.filter(Q(assigned_worker=user.pk) | Q(assistant=user.pk))
        .exclude(status=CaseStatus.CLOSED)
        .values("beneficiary_id")
    )


def _facility_people(user) -> Q:
    # A facility user sees the people of the open cases they work on or opened.
    return Q(
        pk__in=Case.objects.filter(facility_own_cases(user))
        .exclude(status=CaseStatus.CLOSED)
        .values("beneficiary_id")
    )


def may_see_reporter(user, case: Case) -> bool:
    """Decree 56 Art. 24: the reporter of a confidential case is known only to
    intake staff: who recorded the report, the commune's child-protection
    official, and department staff cleared for sensitive data."""
    if not case.confidential:
        return True
    if case.created_by_id == user.pk:
        return True
    if can(user, "person.sensitive.granted"):
        return bool(user.can_view_sensitive)
    return can(user, "case.reporter.read", commune=case.commune_id)


_registered = False


def register() -> None:
    global _registered
    extra, facility = _case_rule("")
    register_scope(Case, ScopePolicy(commune="commune", commune_extra=extra, facility=facility))
    extra, facility = _case_rule("case__")
    for model in (Assessment, CasePlan, CaseEvent, Review, CaseTransition):
        register_scope(
            model, ScopePolicy(commune="case__commune", commune_extra=extra, facility=facility)
        )
    extra, facility = _case_rule("plan__case__")
    register_scope(
        CasePlanAction,
        ScopePolicy(commune="plan__case__commune", commune_extra=extra, facility=facility),
    )
    # The register of issued documents and their signed files: the issuing commune.
    register_scope(IssuedDocument, ScopePolicy(commune="agency"))
    register_scope(SignedFile, ScopePolicy(commune="issued__agency"))
    register_scope(
        ServiceDelivery,
        ScopePolicy(
            commune="commune",
            commune_extra=_service_extra,
            facility=lambda user: facility_own_cases(user, "case__") | Q(delivered_by=user.pk),
        ),
    )
    from .transfers import register_transfer_scope  # transfers > printing > scoping

    register_transfer_scope()
    if not _registered:
        # The register's rules are lists: add ours once.
        register_sensitive_rule(_assigned_people)
        register_facility_rule(_facility_people)
        _registered = True
    from . import tasks  # noqa: F401  (the worker learns the beat task)
