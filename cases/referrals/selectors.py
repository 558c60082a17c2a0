"""Reads of referrals, always scoped to the reader (`scope_for`)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import BooleanField, Case, Q, QuerySet, Value, When
from django.utils import timezone

from facilities.selectors import user_facility_id
from socialwork.accounts.scoping import get_scoped_or_404, scope_for

from ..models import Referral, ReferralStatus, ReferralTransition
from . import deadlines
from .filters import ReferralFilter

R = ReferralStatus
LIST_RELATED = ("to_facility", "service_type", "beneficiary", "commune", "sender")
# What the receiver still has to deal with.
INBOX_STATUSES = (R.SENT, R.RECEIVED, R.ACCEPTED, R.IN_SERVICE)


def _filtered(queryset: QuerySet, filters, request=None) -> QuerySet:
    filterset = ReferralFilter(data=filters or {}, queryset=queryset, request=request)
    if not filterset.is_valid():
        raise ValidationError(filterset.errors)
    return filterset.qs


def with_overdue(queryset: QuerySet[Referral]) -> QuerySet[Referral]:
    return queryset.annotate(
        is_overdue=Case(
            When(deadlines.overdue_q(timezone.now()), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def referral_list(*, actor, filters=None, request=None) -> QuerySet[Referral]:
    """Every referral `actor` may see (department: the province; commune roles: their commune)."""
    queryset = scope_for(Referral.objects.all(), actor).select_related(*LIST_RELATED)
    return with_overdue(_filtered(queryset, filters, request)).order_by("-sent_at", "-id")


def referral_inbox(*, actor, filters=None, request=None) -> QuerySet[Referral]:
    """The facility's incoming referrals: urgent on top, new first (index
    cases_referral_inbox).

    Referrals to the actor's own facility are the first branch of its scope
    rule (cases.referrals.scoping), so the inbox filters on that alone: the
    rule's OR repeated on top made the planner expect a couple of rows and
    join every waiting referral before sorting (tests/bench/test_network.py)."""
    facility_id = user_facility_id(actor)
    if facility_id is None or not actor.is_active:
        return Referral.objects.none()
    queryset = Referral.objects.filter(to_facility_id=facility_id, status__in=INBOX_STATUSES)
    queryset = _filtered(queryset.select_related(*LIST_RELATED), filters, request)
    return with_overdue(queryset).order_by("priority", "-sent_at", "-id")


def referral_sent(*, actor, filters=None, request=None) -> QuerySet[Referral]:
    """What the actor (or their facility) sent, declined ones first until
    they are re-referred or closed."""
    facility_id = user_facility_id(actor)
    mine = Q(sender=actor.pk)
    if facility_id is not None:
        mine |= Q(sender_facility_id=facility_id)
    queryset = scope_for(Referral.objects.all(), actor).filter(mine)
    queryset = _filtered(queryset.select_related(*LIST_RELATED), filters, request)
    return with_overdue(queryset).order_by(
        Case(When(status=R.DECLINED, then=Value(0)), default=Value(1)), "-sent_at", "-id"
    )


def referral_get(*, actor, referral_id: int, request=None) -> Referral:
    queryset = Referral.objects.select_related(
        *LIST_RELATED, "case", "sender_facility", "consent", "previous", "responded_by"
    )
    return get_scoped_or_404(with_overdue(queryset), actor, request, pk=referral_id)


def referral_transitions(*, actor, referral: Referral) -> QuerySet[ReferralTransition]:
    return (
        scope_for(ReferralTransition.objects.all(), actor)
        .filter(referral=referral)
        .select_related("actor")
    )


def case_referrals(*, actor, case_id: int) -> QuerySet[Referral]:
    return referral_list(actor=actor).filter(case_id=case_id)


def providers_for(*, actor, case, service_type) -> QuerySet:
    """The active providers offering `service_type` (their ServiceType links),
    nearest first: the case's commune, then the rest of the province, by name.
    The sender's own facility is left out (a referral goes elsewhere). With no
    service chosen yet, every active provider, nearest first."""
    from facilities.models import Facility

    queryset = Facility.objects.filter(is_active=True).select_related("commune")
    if service_type is not None:
        queryset = queryset.filter(services=service_type)
    own = user_facility_id(actor)
    if own is not None:
        queryset = queryset.exclude(pk=own)
    return queryset.annotate(
        distance=Case(When(commune_id=case.commune_id, then=Value(0)), default=Value(1))
    ).order_by("distance", "name", "id")
