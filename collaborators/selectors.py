"""Reads of the collaborator network. Every read a user can influence passes
through `scope_for`, so another commune's id is a 404 and leadership gets 403
on personal records.

Cases, services, referrals and beneficiaries live in `cases/`, which lands
after this app: they are looked up with `apps.get_model` and, until they
exist, the numbers they would give are None ("—" on the pages).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db.models import (
    Count,
    IntegerField,
    Max,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from socialwork.accounts.models import Role
from socialwork.accounts.scoping import scope_for
from socialwork.areas.models import AdministrativeUnit
from socialwork.areas.selectors import province_communes

from .filters import AttendanceFilter, CollaboratorFilter, TrainingCourseFilter
from .models import Attendance, Collaborator, TrainingCourse, active_q

# Roles that may read aggregate counts across the province (no names).
COUNT_ROLES = frozenset({Role.DEPARTMENT, Role.ADMIN, Role.LEADERSHIP})
# Roles that manage the network (create, edit, end, record training).
MANAGER_ROLES = frozenset({Role.DEPARTMENT, Role.ADMIN})


def is_manager(user) -> bool:
    return bool(
        user and user.is_authenticated and (user.is_superuser or user.role in MANAGER_ROLES)
    )


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
    return actor.role != Role.COLLABORATOR or collaborator.user_id == actor.pk


def can_edit_profile(*, actor, collaborator: Collaborator) -> bool:
    return is_manager(actor) or collaborator.user_id == actor.pk


def with_training(queryset: QuerySet[Collaborator]) -> QuerySet[Collaborator]:
    """Adds `last_trained_on`: the end of the last completed course, or None."""
    last = (
        Attendance.objects.filter(collaborator=OuterRef("pk"), completed=True)
        .order_by()
        .values("collaborator")
        .annotate(last=Max("course__ends_on"))
        .values("last")
    )
    return queryset.annotate(last_trained_on=Subquery(last))


def never_trained(*, actor) -> QuerySet[Collaborator]:
    today = timezone.localdate()
    queryset = collaborator_list(actor=actor).filter(active_q(today))
    return with_training(queryset).filter(last_trained_on__isnull=True)


def refresher_due(*, actor, today: datetime.date | None = None) -> QuerySet[Collaborator]:
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
    return queryset


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


def attendance_get(*, actor, attendance_id) -> Attendance:
    try:
        return attendance_list(actor=actor).get(pk=attendance_id)
    except (Attendance.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


# --- Cases (guarded until cases/ lands) ----------------------------------------------

# Names the cases helper may choose; the first that exists is used.
_WORKER_FIELDS = ("assigned_to", "assigned_worker", "worker", "assignee")
_FOLLOW_UP_FIELDS = ("next_follow_up_on", "next_follow_up", "follow_up_due_on", "next_deadline")
_SERVICE_DATE_FIELDS = ("delivered_on", "provided_on", "date")
_SERVICE_BY_FIELDS = ("delivered_by", "recorded_by", "worker", "created_by")
_REFERRAL_BY_FIELDS = ("sent_by", "created_by", "referred_by")
_CLOSED = "closed"


def _model(app_label: str, name: str) -> type[Model] | None:
    try:
        return apps.get_model(app_label, name)
    except LookupError:
        return None


def _field(model: type[Model], candidates: tuple[str, ...]) -> str | None:
    for name in candidates:
        try:
            model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        return name
    return None


@dataclass(frozen=True)
class _CaseShape:
    model: type[Model]
    worker: str
    follow_up: str | None


def _case_shape() -> _CaseShape | None:
    case = _model("cases", "Case")
    if case is None:
        return None
    worker = _field(case, _WORKER_FIELDS)
    if worker is None:
        return None
    return _CaseShape(case, worker, _field(case, _FOLLOW_UP_FIELDS))


def _open(queryset: QuerySet) -> QuerySet:
    return queryset.exclude(status=_CLOSED)


def open_cases_for(user) -> list:
    """The open cases assigned to `user` (empty until cases.Case exists)."""
    shape = _case_shape()
    if shape is None:
        return []
    return list(_open(shape.model.objects.filter(**{shape.worker: user})).order_by("pk"))


def _count_subquery(queryset: QuerySet, group_by: str) -> Coalesce:
    return Coalesce(
        Subquery(
            queryset.order_by().values(group_by).annotate(n=Count("pk")).values("n"),
            output_field=IntegerField(),
        ),
        Value(0),
    )


def with_caseload(queryset: QuerySet[Collaborator], *, user_ref: str = "user") -> QuerySet:
    """Adds open_cases, overdue_follow_ups and services_this_month (None until
    cases land), each a correlated count: one query for the whole page."""
    none = Value(None, output_field=IntegerField())
    shape = _case_shape()
    today = timezone.localdate()
    annotations = {"open_cases": none, "overdue_follow_ups": none, "services_this_month": none}
    if shape is not None:
        cases = _open(shape.model.objects.filter(**{shape.worker: OuterRef(user_ref)}))
        annotations["open_cases"] = _count_subquery(cases, shape.worker)
        if shape.follow_up:
            overdue = cases.filter(**{f"{shape.follow_up}__lt": today})
            annotations["overdue_follow_ups"] = _count_subquery(overdue, shape.worker)
    service = _model("cases", "ServiceDelivery")
    if service is not None:
        by = _field(service, _SERVICE_BY_FIELDS)
        on = _field(service, _SERVICE_DATE_FIELDS)
        if by and on:
            month = service.objects.filter(
                **{by: OuterRef(user_ref), f"{on}__gte": today.replace(day=1), f"{on}__lte": today}
            )
            annotations["services_this_month"] = _count_subquery(month, by)
    return queryset.annotate(**annotations)


def caseload_list(*, actor, filters: dict | None = None) -> QuerySet[Collaborator]:
    if not is_manager(actor) and actor.role not in (Role.COMMUNE_OFFICIAL, Role.COMMUNE_LEADER):
        raise PermissionDenied
    today = timezone.localdate()
    queryset = collaborator_list(actor=actor, filters=filters).filter(active_q(today))
    return with_caseload(queryset)


# --- Coverage (aggregates over every commune at once) ------------------------------------


@dataclass
class CoverageRow:
    commune: AdministrativeUnit
    active: int
    beneficiaries: int | None
    open_cases: int | None

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
    beneficiaries, open cases; communes with none. One query for all communes.
    Counts only: leadership may read it, commune roles may not."""
    if not (actor.is_superuser or actor.role in COUNT_ROLES):
        raise PermissionDenied
    today = today or timezone.localdate()
    communes = scope_for(province_communes(), actor)
    active = Collaborator.objects.filter(
        active_q(today), user__area=OuterRef("pk"), user__role=Role.COLLABORATOR
    )
    annotations = {
        "active_count": _count_subquery(active, "user__area"),
        "beneficiary_count": Value(None, output_field=IntegerField()),
        "open_case_count": Value(None, output_field=IntegerField()),
    }
    beneficiary = _model("cases", "Beneficiary")
    if beneficiary is not None and _field(beneficiary, ("commune",)):
        people = beneficiary.objects.filter(commune=OuterRef("pk"))
        annotations["beneficiary_count"] = _count_subquery(people, "commune")
    shape = _case_shape()
    if shape is not None and _field(shape.model, ("commune",)):
        cases = _open(shape.model.objects.filter(commune=OuterRef("pk")))
        annotations["open_case_count"] = _count_subquery(cases, "commune")
    rows = [
        CoverageRow(c, c.active_count, c.beneficiary_count, c.open_case_count)
        for c in communes.annotate(**annotations)
    ]
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
    due_follow_ups: list | None
    open_cases: list | None
    referrals: list | None
    attendances: list
    refresher_due: bool


def home_summary(*, user, limit: int = 5) -> HomeSummary:
    """What a collaborator sees first on their phone: a handful of small queries."""
    collaborator = Collaborator.objects.filter(user=user).first()
    today = timezone.localdate()
    shape = _case_shape()
    due = mine = None
    if shape is not None:
        open_mine = _open(shape.model.objects.filter(**{shape.worker: user}))
        mine = list(open_mine.order_by("-pk")[:limit])
        if shape.follow_up:
            due = list(
                open_mine.filter(**{f"{shape.follow_up}__lte": today}).order_by(shape.follow_up)[
                    :limit
                ]
            )
    referrals = None
    referral = _model("cases", "Referral")
    by = referral is not None and _field(referral, _REFERRAL_BY_FIELDS)
    if by:
        referrals = list(referral.objects.filter(**{by: user}).order_by("-pk")[:limit])
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
    return HomeSummary(collaborator, due, mine, referrals, attendances, due_refresher)
