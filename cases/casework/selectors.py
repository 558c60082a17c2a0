"""Reads of cases. Every read a user can influence is scoped here
(`scope_for`), and another commune's id is a 404 that is logged."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404

from socialwork.accounts.capabilities import can, holders
from socialwork.accounts.models import AccessLog, User
from socialwork.accounts.scoping import scope_for
from socialwork.accounts.services import log_access

from ..models import (
    Assessment,
    AssessmentKind,
    Case,
    CaseEvent,
    CasePlan,
    CaseStatus,
    CaseTransition,
    EventKind,
    IssuedDocument,
    IssuedStatus,
    PlanStatus,
    Review,
    ServiceDelivery,
)
from .filters import AssessmentFilter, CaseFilter, EventFilter, PlanFilter, ServiceFilter

LIST_RELATED = ("beneficiary", "commune", "assigned_worker")


def _filtered(filterset_class, queryset: QuerySet, filters, request) -> QuerySet:
    filterset = filterset_class(data=filters or {}, queryset=queryset, request=request)
    if not filterset.is_valid():
        raise ValidationError(filterset.errors)
    return filterset.qs


def _denied(actor, object_type: str, object_id, request) -> None:
    log_access(
        request=request,
        user=actor,
        action=AccessLog.Action.DENIED,
        obj_or_type=object_type,
        object_id=object_id,
        detail="not in scope",
    )


def case_base(*, actor) -> QuerySet[Case]:
    return scope_for(Case.objects.all(), actor)


def _due_first(queryset: QuerySet[Case]) -> QuerySet[Case]:
    return queryset.order_by(F("next_deadline").asc(nulls_last=True), "id")


def case_list(*, actor, filters=None, request=None) -> QuerySet[Case]:
    """Department and commune lists: a fixed number of queries whatever the page size."""
    queryset = case_base(actor=actor).select_related(*LIST_RELATED)
    queryset = _filtered(CaseFilter, queryset, filters, request)
    return queryset.order_by("-id")


def case_list_due_first(*, actor, filters=None, request=None) -> QuerySet[Case]:
    """Open cases, earliest deadline first (served by cases_case_commune_due)."""
    queryset = (
        case_base(actor=actor).exclude(status=CaseStatus.CLOSED).select_related(*LIST_RELATED)
    )
    return _due_first(_filtered(CaseFilter, queryset, filters, request))


def my_cases(*, actor) -> QuerySet[Case]:
    """The open cases assigned to `actor` or that they assist on (a child's case
    owned by the commune official), due first."""
    queryset = (
        case_base(actor=actor)
        .filter(Q(assigned_worker=actor) | Q(assistant=actor))
        .exclude(status=CaseStatus.CLOSED)
        .select_related("beneficiary", "commune")
    )
    return _due_first(queryset)


def case_get(*, actor, case_id, request=None, for_update: bool = False) -> Case:
    """One case in `actor`'s scope; 404 otherwise, and the attempt is logged."""
    case = (
        case_base(actor=actor)
        .select_related("beneficiary", "commune", "assigned_worker", "created_by")
        .filter(pk=case_id)
        .first()
    )
    if case is None:
        _denied(actor, "cases.case", case_id, request)
        raise Http404
    log_access(request=request, user=actor, action=AccessLog.Action.VIEW, obj_or_type=case)
    return case


def assignable_workers(*, actor, case: Case) -> QuerySet[User]:
    """Who may be given the case: the active collaborators and officials of the
    case's commune, among the users `actor` may see."""
    # A child's case is owned by the commune official (DOMAIN errata 1).
    roles = holders("case.child_protection.own" if case.is_child_protection else "case.handle")
    return (
        scope_for(User.objects.all(), actor)
        .filter(is_active=True, role__in=roles, area_id=case.commune_id)
        .order_by("role", "last_name", "first_name", "id")
    )


def case_transitions(*, actor, case: Case) -> QuerySet[CaseTransition]:
    return scope_for(CaseTransition.objects.filter(case=case), actor).select_related(
        "actor", "from_commune", "to_commune"
    )


def _child_get(model, object_type: str, *, actor, pk, request, related=("case",)):
    obj = scope_for(model.objects.select_related(*related), actor).filter(pk=pk).first()
    if obj is None:
        _denied(actor, object_type, pk, request)
        raise Http404
    log_access(request=request, user=actor, action=AccessLog.Action.VIEW, obj_or_type=obj)
    return obj


def assessment_list(*, actor, filters=None, request=None) -> QuerySet[Assessment]:
    queryset = scope_for(Assessment.objects.select_related("assessed_by"), actor)
    return _filtered(AssessmentFilter, queryset, filters, request).order_by("-id")


def assessment_get(*, actor, assessment_id, request=None) -> Assessment:
    return _child_get(
        Assessment, "cases.assessment", actor=actor, pk=assessment_id, request=request
    )


def plan_list(*, actor, filters=None, request=None) -> QuerySet[CasePlan]:
    queryset = scope_for(
        CasePlan.objects.select_related("case", "case__commune", "drafted_by", "approved_by"),
        actor,
    )
    return _filtered(PlanFilter, queryset, filters, request).order_by("-id")


def plan_get(*, actor, plan_id, request=None) -> CasePlan:
    return _child_get(
        CasePlan,
        "cases.caseplan",
        actor=actor,
        pk=plan_id,
        request=request,
        related=("case", "case__commune", "case__beneficiary", "drafted_by", "approved_by"),
    )


def plan_inbox(*, actor) -> QuerySet[CasePlan]:
    """Plans awaiting the commune leader's signature, oldest first."""
    if not can(actor, "case.plan.approve"):
        return CasePlan.objects.none()
    # The needs assessment the plan answers: the 5-working-day drafting clock.
    needs_on = (
        Assessment.objects.filter(
            case=OuterRef("case"),
            kind__in=(AssessmentKind.NEEDS, AssessmentKind.REASSESSMENT),
        )
        .order_by("-assessed_on", "-id")
        .values("assessed_on")[:1]
    )
    return (
        scope_for(CasePlan.objects.filter(status=PlanStatus.SUBMITTED), actor)
        .select_related("case", "case__beneficiary", "drafted_by")
        .annotate(needs_on=Subquery(needs_on))
        .order_by("submitted_at", "id")
    )


def plans_to_draft(*, actor) -> QuerySet[Case]:
    """The commune's cases waiting for a plan (or a returned one to revise)."""
    return (
        case_base(actor=actor)
        .filter(status__in=(CaseStatus.ASSESSMENT, CaseStatus.PLANNING))
        .exclude(plans__status__in=(PlanStatus.SUBMITTED,))
        .select_related(*LIST_RELATED)
        .distinct()
        .order_by(F("next_deadline").asc(nulls_last=True), "id")
    )


def service_list(*, actor, filters=None, request=None) -> QuerySet[ServiceDelivery]:
    queryset = scope_for(
        ServiceDelivery.objects.select_related("service_type", "provider", "delivered_by"), actor
    )
    return _filtered(ServiceFilter, queryset, filters, request).order_by("-id")


def case_services(*, actor, case: Case) -> QuerySet[ServiceDelivery]:
    """The services given on a case, newest first by the day they were given."""
    return (
        scope_for(ServiceDelivery.objects.filter(case=case), actor)
        .select_related("service_type", "provider", "delivered_by")
        .order_by("-delivered_on", "-id")
    )


def service_get(*, actor, service_id, request=None) -> ServiceDelivery:
    return _child_get(
        ServiceDelivery,
        "cases.servicedelivery",
        actor=actor,
        pk=service_id,
        request=request,
        related=("service_type", "provider", "delivered_by"),
    )


def event_list(*, actor, filters=None, request=None) -> QuerySet[CaseEvent]:
    # The decisions issued under each event (a Mẫu 07 registered from its paper scan).
    issued = Prefetch("issued", queryset=IssuedDocument.objects.filter(status=IssuedStatus.ISSUED))
    queryset = scope_for(
        CaseEvent.objects.select_related("recorded_by", "decided_by").prefetch_related(issued),
        actor,
    )
    return _filtered(EventFilter, queryset, filters, request).order_by("-id")


def event_get(*, actor, event_id, request=None) -> CaseEvent:
    return _child_get(CaseEvent, "cases.caseevent", actor=actor, pk=event_id, request=request)


def review_list(*, actor, case: Case) -> QuerySet[Review]:
    return scope_for(Review.objects.filter(case=case), actor).select_related("reviewed_by")


def paper_pending_list(*, actor) -> QuerySet[CaseEvent]:
    """Mẫu 07 signed on paper in the actor's commune, waiting for the register's
    number: the date and the signer only, never the case (the clerk's inbox)."""
    from socialwork.accounts.capabilities import require

    from ..models.casework import PAPER_PENDING

    require(actor, "document.register_paper")
    events = CaseEvent.objects.filter(
        kind=EventKind.TEMPORARY_SEPARATION, details__contains={"paper": PAPER_PENDING}
    )
    if actor.is_commune_level:
        events = events.filter(case__commune_id=actor.area_id)
    return events.select_related("decided_by").order_by("occurred_at", "id")


def paper_pending_get(*, actor, event_id: int) -> CaseEvent:
    """One of them, or 404 (another commune's, a registered one, not a Mẫu 07)."""
    event = paper_pending_list(actor=actor).filter(pk=event_id).first()
    if event is None:
        raise Http404
    return event
