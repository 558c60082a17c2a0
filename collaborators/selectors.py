"""Reads of the collaborator network. Every read a user can influence passes
through `scope_for`, so another commune's id is a 404 and leadership gets 403
on personal records.

Caseloads, follow-ups, services and referrals come from `cases/`: a case is
open until its status is "closed"; a follow-up is due when the case's next
deadline (kept by the case services) falls today or earlier.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypedDict

from django.conf import settings
from django.db.models import (
    Count,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from cases.models import Case, CaseStatus, Referral, ServiceDelivery
from cases.tallies import Tally, commune_tallies
from socialwork.accounts.capabilities import can, require
from socialwork.accounts.models import Role
from socialwork.accounts.scoping import scope_for
from socialwork.areas.models import AdministrativeUnit
from socialwork.areas.selectors import province_communes

from .filters import AttendanceFilter, CollaboratorFilter, TrainingCourseFilter
from .models import Attendance, Collaborator, TrainingCourse, active_q

if TYPE_CHECKING:  # django-stubs' helper; the stubs are a test dependency only
    from django_stubs_ext import WithAnnotations


def refresher_years() -> int:
    return int(getattr(settings, "COLLABORATORS_REFRESHER_YEARS", 2))


# --- Collaborators -------------------------------------------------------------


def collaborator_list(*, actor, filters: dict | None = None) -> QuerySet[Collaborator]:
    queryset = scope_for(Collaborator.objects.select_related("user", "user__area"), actor)
    if filters:
        queryset = CollaboratorFilter(filters, queryset=queryset).qs
    return queryset


def collaborator_get(*, actor, collaborator_id) -> Collaborator:
    try:
        return collaborator_list(actor=actor).get(pk=collaborator_id)
    except (Collaborator.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def can_see_profile(*, actor, collaborator: Collaborator) -> bool:
    """A collaborator sees colleagues of their commune by name only; every
    other role that can reach the row at all sees the whole profile."""
    return collaborator.user_id == actor.pk or can(actor, "collaborator.profile.read")


def can_edit_profile(*, actor, collaborator: Collaborator) -> bool:
    return collaborator.user_id == actor.pk or can(actor, "collaborator.manage")


class _Training(TypedDict):
    last_trained_on: datetime.date | None


def with_training(
    queryset: QuerySet[Collaborator],
) -> QuerySet[WithAnnotations[Collaborator, _Training]]:
    """Adds `last_trained_on`: the end of the last completed course, or None."""
    last = (
        Attendance.objects.filter(collaborator=OuterRef("pk"), completed=True)
        .order_by()
        .values("collaborator")
        .annotate(last=Max("course__ends_on"))
        .values("last")
    )
    return queryset.annotate(last_trained_on=Subquery(last))


def never_trained(*, actor) -> QuerySet[WithAnnotations[Collaborator, _Training]]:
    today = timezone.localdate()
    queryset = collaborator_list(actor=actor).filter(active_q(today))
    return with_training(queryset).filter(last_trained_on__isnull=True)


def refresher_due(
    *, actor, today: datetime.date | None = None
) -> QuerySet[WithAnnotations[Collaborator, _Training]]:
    """Trained once, but the last completed course ended more than the
    refresher interval (setting COLLABORATORS_REFRESHER_YEARS, default 2) ago."""
    today = today or timezone.localdate()
    cutoff = _years_before(today, refresher_years())
    queryset = collaborator_list(actor=actor).filter(active_q(today))
    return with_training(queryset).filter(last_trained_on__lt=cutoff)


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


# --- Training ------------------------------------------------------------------


def course_list(*, actor, filters: dict | None = None) -> QuerySet[TrainingCourse]:
    queryset = scope_for(TrainingCourse.objects.all(), actor).annotate(
        attendee_count=Count("attendances"),
        completed_count=Count("attendances", filter=Q(attendances__completed=True)),
    )
    if filters:
        queryset = TrainingCourseFilter(filters, queryset=queryset).qs
    # Meta.ordering does not reach a GROUP BY query: order it here, or the
    # pages (and the API's) list the courses in no stable order.
    return queryset.order_by("-starts_on", "id")


def course_get(*, actor, course_id) -> TrainingCourse:
    try:
        return scope_for(TrainingCourse.objects.all(), actor).get(pk=course_id)
    except (TrainingCourse.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def attendance_list(*, actor, filters: dict | None = None) -> QuerySet[Attendance]:
    queryset = scope_for(
        Attendance.objects.select_related(
            "course", "collaborator__user", "collaborator__user__area", "staff_member"
        ),
        actor,
    )
    if filters:
        queryset = AttendanceFilter(filters, queryset=queryset).qs
    return queryset


# --- Cases ----------------------------------------------------------------------------


def _open(queryset: QuerySet) -> QuerySet:
    return queryset.exclude(status=CaseStatus.CLOSED)


def _end_of_today() -> datetime.datetime:
    """The first instant of tomorrow in the portal's time zone: a deadline
    before it falls due today (or is already past)."""
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time.min))


def open_cases_for(user) -> list[Case]:
    """The open cases assigned to `user`, for reassignment before they leave."""
    return list(
        _open(Case.objects.filter(assigned_worker=user))
        .select_related("beneficiary")
        .order_by("next_deadline", "pk")
    )


def _count_subquery(queryset: QuerySet, group_by: str) -> Coalesce:
    return Coalesce(
        Subquery(
            # COUNT(*), not COUNT(id): an index without the id can count alone.
            queryset.order_by().values(group_by).annotate(n=Count("*")).values("n"),
            output_field=IntegerField(),
        ),
        Value(0),
    )


def with_caseload(queryset: QuerySet[Collaborator], *, user_ref: str = "user") -> QuerySet:
    """Adds open_cases, overdue_follow_ups (open cases whose next legal or
    planned deadline has passed) and services_this_month, each a correlated
    count: one query for the whole page."""
    today = timezone.localdate()
    cases = _open(Case.objects.filter(assigned_worker=OuterRef(user_ref)))
    overdue = cases.filter(next_deadline__lt=timezone.now())
    services = ServiceDelivery.objects.filter(
        delivered_by=OuterRef(user_ref),
        delivered_on__gte=today.replace(day=1),
        delivered_on__lte=today,
    )
    return queryset.annotate(
        open_cases=_count_subquery(cases, "assigned_worker"),
        overdue_follow_ups=_count_subquery(overdue, "assigned_worker"),
        services_this_month=_count_subquery(services, "delivered_by"),
    )


def caseload_list(*, actor, filters: dict | None = None) -> QuerySet[Collaborator]:
    require(actor, "collaborator.caseload.read")
    today = timezone.localdate()
    queryset = collaborator_list(actor=actor, filters=filters).filter(active_q(today))
    return with_caseload(queryset)


# --- Coverage (aggregates over every commune at once) ------------------------------------


@dataclass
class CoverageRow:
    commune: AdministrativeUnit
    active: int
    beneficiaries: int
    open_cases: int

    @property
    def per_thousand(self) -> float | None:
        if not self.beneficiaries:
            return None
        return round(self.active * 1000 / self.beneficiaries, 2)

    @property
    def covered(self) -> bool:
        return self.active > 0


@dataclass
class CoverageReport:
    rows: list[CoverageRow]
    total_active: int = 0
    communes: int = 0
    covered: int = 0
    uncovered: list[AdministrativeUnit] = field(default_factory=list)

    @property
    def share(self) -> float:
        """Share of communes with ≥1 active collaborator, in percent."""
        return round(100 * self.covered / self.communes, 1) if self.communes else 0.0

    @property
    def all_covered(self) -> bool:
        return self.communes > 0 and self.covered == self.communes


COVERAGE_ORDERS = {
    "name": lambda r: (r.commune.name,),
    "count": lambda r: (r.active, r.commune.name),
    "-count": lambda r: (-r.active, r.commune.name),
    "per1000": lambda r: (r.per_thousand is None, r.per_thousand or 0, r.commune.name),
    "-per1000": lambda r: (r.per_thousand is None, -(r.per_thousand or 0), r.commune.name),
}


def coverage(*, actor, order: str = "name", today: datetime.date | None = None) -> CoverageReport:
    """Per current commune of the province: active collaborators, per 1,000
    beneficiaries, open cases; communes with none. Three queries whatever the
    province's size: the communes, their active collaborators grouped, and the
    register's and cases' counts kept per commune by the database (cases.tallies).
    Counts only: leadership may read it, commune roles may not."""
    require(actor, "collaborator.coverage.read")
    today = today or timezone.localdate()
    communes = list(scope_for(province_communes(), actor))
    ids = [c.pk for c in communes]
    active = dict(
        Collaborator.objects.filter(
            active_q(today), user__area_id__in=ids, user__role=Role.COLLABORATOR
        )
        .values_list("user__area_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    tallies = commune_tallies(ids)
    rows = []
    for commune in communes:
        counted = tallies.get(commune.pk, Tally())
        rows.append(
            CoverageRow(commune, active.get(commune.pk, 0), counted.people, counted.open_cases)
        )
    rows.sort(key=COVERAGE_ORDERS.get(order, COVERAGE_ORDERS["name"]))
    covered = [r for r in rows if r.covered]
    return CoverageReport(
        rows=rows,
        total_active=sum(r.active for r in rows),
        communes=len(rows),
        covered=len(covered),
        uncovered=sorted((r.commune for r in rows if not r.covered), key=lambda c: c.name),
    )


def commune_get(*, actor, commune_id) -> AdministrativeUnit:
    """A current commune of the province that `actor` may look into (404 otherwise)."""
    try:
        commune = province_communes().get(pk=commune_id)
    except (AdministrativeUnit.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if actor.is_commune_level and actor.area_id != commune.pk:
        raise Http404
    return commune


# --- The collaborator's own home ------------------------------------------------------


@dataclass
class HomeSummary:
    collaborator: Collaborator | None
    due_follow_ups: list
    open_cases: list
    referrals: list
    attendances: list
    refresher_due: bool
    # Answers that came back on my referrals (the latest first).
    answered: list = field(default_factory=list)


def home_summary(*, user, limit: int = 5) -> HomeSummary:
    """What a collaborator sees first on their phone: a handful of small queries.
    Due follow-ups are their own open cases whose next deadline falls today or
    has passed, the most urgent first."""
    collaborator = Collaborator.objects.filter(user=user).first()
    today = timezone.localdate()
    open_mine = _open(Case.objects.filter(assigned_worker=user)).select_related("beneficiary")
    due = list(
        open_mine.filter(next_deadline__lt=_end_of_today()).order_by("next_deadline", "pk")[:limit]
    )
    mine = list(open_mine.order_by(F("next_deadline").asc(nulls_last=True), "-pk")[:limit])
    referrals = list(
        Referral.objects.filter(sender=user)
        .select_related("to_facility", "beneficiary")
        .order_by("-pk")[:limit]
    )
    attendances: list = []
    due_refresher = False
    if collaborator is not None:
        attendances = list(
            collaborator.attendances.select_related("course").order_by("-course__starts_on")[:limit]
        )
        last = collaborator.attendances.filter(completed=True).aggregate(
            last=Max("course__ends_on")
        )["last"]
        due_refresher = last is None or last < _years_before(today, refresher_years())
    answered = [r for r in referrals if r.responded_at is not None]
    return HomeSummary(collaborator, due, mine, referrals, attendances, due_refresher, answered)
