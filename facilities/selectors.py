"""Reads of the facility network, always scoped to the reader."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from socialwork.accounts.capabilities import can
from socialwork.accounts.models import Role
from socialwork.accounts.scoping import scope_for

from .filters import AdmissionFilter, FacilityFilter, ServiceTypeFilter, StaffFilter
from .models import (
    Admission,
    AdmissionStatus,
    Facility,
    ServiceType,
    SocialWorkAssignment,
    StaffAssignment,
    StaffMember,
)

DOING_SOCIAL_WORK = [SocialWorkAssignment.FULL_TIME, SocialWorkAssignment.PART_TIME]


def user_facility_id(user) -> int | None:
    """The facility a facility-staff login works for, or None."""
    if not user or not user.is_authenticated or user.role != Role.FACILITY:
        return None
    # Cached on the user object: scoping asks this once per queryset.
    if not hasattr(user, "_facility_id"):
        # A member who has left keeps the link for the record but loses access.
        today = timezone.localdate()
        user._facility_id = (
            StaffMember.objects.filter(user=user)
            .filter(Q(left_on__isnull=True) | Q(left_on__gte=today))
            .values_list("facility_id", flat=True)
            .first()
        )
    return user._facility_id


def _on(day: datetime.date | None) -> datetime.date:
    return day or timezone.localdate()


def _valid_on(day: datetime.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}valid_from__lte": day}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": day})
    )


def _employed_on(day: datetime.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}started_on__lte": day}) & (
        Q(**{f"{prefix}left_on__isnull": True}) | Q(**{f"{prefix}left_on__gte": day})
    )


def _social_work_staff_count(day: datetime.date) -> Coalesce:
    # From the unit's staff to each one's assignments (both by index): joining
    # all assignments to the staff instead read the whole table per unit.
    doing = StaffAssignment.objects.filter(
        _valid_on(day), staff_id=OuterRef("pk"), assignment__in=DOING_SOCIAL_WORK
    )
    counted = (
        StaffMember.objects.filter(_employed_on(day), Exists(doing), facility_id=OuterRef("pk"))
        .order_by()
        .values("facility_id")
        .annotate(n=Count("*"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _filtered(filterset_class, queryset: QuerySet, filters) -> QuerySet:
    """The FilterSet applied, or a ValidationError naming each bad parameter
    (the API answers 400 with it, the page shows it) rather than ignoring it."""
    filterset = filterset_class(filters or {}, queryset=queryset)
    if not filterset.is_valid():
        raise ValidationError(filterset.errors)
    return filterset.qs


def facility_list(
    *, actor, filters: dict | None = None, day: datetime.date | None = None
) -> QuerySet[Facility]:
    """The network register as `actor` may see it, with the number of staff
    doing social work on `day` (default today)."""
    queryset = scope_for(Facility.objects.all(), actor)
    queryset = _filtered(FacilityFilter, queryset, filters)
    return (
        queryset.select_related("commune")
        .annotate(social_work_staff=_social_work_staff_count(_on(day)), **_network_columns())
        .order_by("name", "id")
    )


def _count(queryset: QuerySet, by: str) -> Coalesce:
    # count(*), not count(id): the index a count reads need not hold the id.
    counted = (
        queryset.filter(**{by: OuterRef("pk")})
        .order_by()
        .values(by)
        .annotate(n=Count("*"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _network_columns() -> dict:
    """The overview's columns: residents now, open referrals to the unit and
    urgent ones unanswered past their deadline (one subquery each)."""
    from cases.models import Referral
    from cases.referrals.deadlines import overdue_q
    from cases.referrals.selectors import INBOX_STATUSES

    return {
        "residents": _count(
            Admission.objects.filter(status=AdmissionStatus.RESIDENT), "facility_id"
        ),
        "open_referrals": _count(
            Referral.objects.filter(status__in=INBOX_STATUSES), "to_facility_id"
        ),
        "overdue_referrals": _count(Referral.objects.filter(overdue_q()), "to_facility_id"),
    }


def facility_get(*, actor, facility_id: int) -> Facility:
    queryset = scope_for(Facility.objects.select_related("commune"), actor).prefetch_related(
        Prefetch("services", queryset=ServiceType.objects.order_by("sort_order", "code"))
    )
    return get_object_or_404(queryset, pk=facility_id)


def service_type_list(*, actor, filters: dict | None = None) -> QuerySet[ServiceType]:
    queryset = scope_for(ServiceType.objects.all(), actor)
    return ServiceTypeFilter(filters or {}, queryset=queryset).qs.order_by("sort_order", "code")


def _current_assignment(day: datetime.date) -> Subquery:
    return Subquery(
        StaffAssignment.objects.filter(_valid_on(day), staff_id=OuterRef("pk"))
        .order_by("-valid_from")
        .values("assignment")[:1]
    )


def staff_list(
    *, actor, filters: dict | None = None, day: datetime.date | None = None
) -> QuerySet[StaffMember]:
    """Staff `actor` may see, each with their social-work assignment on `day`."""
    queryset = scope_for(StaffMember.objects.all(), actor)
    queryset = queryset.annotate(current_assignment=_current_assignment(_on(day)))
    queryset = _filtered(StaffFilter, queryset, filters)
    return queryset.select_related("facility").order_by("full_name", "id")


def staff_get(*, actor, staff_id: int) -> StaffMember:
    queryset = scope_for(StaffMember.objects.select_related("facility", "user"), actor)
    queryset = queryset.annotate(current_assignment=_current_assignment(timezone.localdate()))
    queryset = queryset.prefetch_related(
        Prefetch("assignments", queryset=StaffAssignment.objects.order_by("-valid_from"))
    )
    return get_object_or_404(queryset, pk=staff_id)


def facility_staff(*, actor, facility: Facility) -> QuerySet[StaffMember] | None:
    """The staff shown on a facility's page, or None where the reader may not
    see staff at all (commune roles, leadership)."""
    if not can(actor, "facility.staff.read"):
        return None
    return staff_list(actor=actor).filter(facility=facility)


# --- Residents ---------------------------------------------------------------

ADMISSION_RELATED = ("facility", "beneficiary", "case", "referral")


def admission_list(*, actor, filters: dict | None = None) -> QuerySet[Admission]:

    queryset = scope_for(Admission.objects.all(), actor).select_related(*ADMISSION_RELATED)
    queryset = _filtered(AdmissionFilter, queryset, filters)
    return queryset.order_by("-admitted_on", "-id")


def admission_get(*, actor, admission_id: int, request=None) -> Admission:
    from socialwork.accounts.scoping import get_scoped_or_404

    queryset = Admission.objects.select_related(*ADMISSION_RELATED, "handover_commune")
    return get_scoped_or_404(queryset, actor, request, pk=admission_id)


def facility_residents(*, actor, facility: Facility) -> QuerySet[Admission]:
    """Residents and open dossiers of one facility, as `actor` may see them."""
    return admission_list(actor=actor).filter(
        facility=facility, status__in=[AdmissionStatus.RESIDENT, AdmissionStatus.DOSSIER]
    )


def occupancy_series(*, facility: Facility, months: int = 12) -> list[tuple[datetime.date, int]]:
    """Residents on the first day of each of the last `months` months, and
    today: one query over generate_series, not a loop over residents. The
    numbers are aggregates (no personal data), shown to who sees the facility."""
    from django.db import connection

    today = timezone.localdate()
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT d::date, (
                SELECT count(*) FROM facilities_admission a
                WHERE a.facility_id = %(facility)s AND a.admitted_on <= d
                  AND (a.discharged_on IS NULL OR a.discharged_on > d)
            )
            FROM generate_series(
                date_trunc('month', %(today)s::date) - make_interval(months => %(months)s),
                %(today)s::date, interval '1 month'
            ) AS d
            UNION ALL
            SELECT %(today)s::date, (
                SELECT count(*) FROM facilities_admission a
                WHERE a.facility_id = %(facility)s AND a.admitted_on <= %(today)s
                  AND (a.discharged_on IS NULL OR a.discharged_on > %(today)s)
            )
            ORDER BY 1
            """,
            {"facility": facility.pk, "today": today, "months": months - 1},
        )
        return [(row[0], row[1]) for row in cursor.fetchall()]
