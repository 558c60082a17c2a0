"""The legal timers of a case (Decree 56, DOMAIN §5.2), on the working-day calendar.

- child emergency: 12 hours from `reported_at` to the first emergency
  intervention or temporary separation (hours run through nights and holidays);
- plan drafted (submitted) within 5 working days of the needs assessment;
- plan approved within 2 working days of its submission;
- a temporary separation ends 15 days after it starts unless extended.

`case_deadlines(case)` lists what is pending; `case_refresh_deadline(case)`
stores the earliest on the case (`next_deadline`, `next_deadline_kind`), which
lists sort and flag on. Services call it after every change that matters.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from socialwork.calendar.workdays import (
    add_hours,
    add_working_days,
    end_of_day,
    is_working_day,
    working_day_deadline,
    working_days_between,
)

from ..models import (
    AssessmentKind,
    Case,
    CaseEvent,
    CasePlan,
    CaseStatus,
    DeadlineKind,
    EventKind,
    PlanStatus,
)
from ..models.casework import EMERGENCY_RESPONSES

EMERGENCY_HOURS = 12
PLAN_DRAFT_WORKING_DAYS = 5
PLAN_APPROVAL_WORKING_DAYS = 2
# When a reminder goes out before the deadline.
HOUR_DEADLINE_WARNING = datetime.timedelta(hours=2)
DAY_DEADLINE_WARNING_WORKING_DAYS = 1
HOUR_KINDS = frozenset({DeadlineKind.EMERGENCY})


@dataclass(frozen=True)
class Deadline:
    kind: str
    due_at: datetime.datetime

    @property
    def label(self) -> str:
        return str(DeadlineKind(self.kind).label)


def case_deadlines(case: Case) -> list[Deadline]:
    """The pending legal deadlines of `case`, earliest first."""
    if case.status == CaseStatus.CLOSED:
        return []
    found: list[Deadline] = []
    events = CaseEvent.objects.filter(case=case)
    if (
        case.is_child_protection
        and case.needs_emergency_protection
        and not events.filter(kind__in=EMERGENCY_RESPONSES).exists()
    ):
        found.append(Deadline(DeadlineKind.EMERGENCY, add_hours(case.reported_at, EMERGENCY_HOURS)))
    plan = CasePlan.objects.filter(case=case).order_by("-drafted_at", "-id").first()
    if plan is not None and plan.status == PlanStatus.SUBMITTED:
        found.append(
            Deadline(
                DeadlineKind.PLAN_APPROVAL,
                working_day_deadline(plan.submitted_at, PLAN_APPROVAL_WORKING_DAYS),
            )
        )
    elif case.status in (CaseStatus.ASSESSMENT, CaseStatus.PLANNING):
        needs = (
            case.assessments.filter(kind__in=(AssessmentKind.NEEDS, AssessmentKind.REASSESSMENT))
            .order_by("-assessed_on", "-id")
            .first()
        )
        # Waiting for a plan: none since the needs assessment, or the last one returned.
        waiting = needs is not None and (
            plan is None
            or plan.status in (PlanStatus.DRAFT, PlanStatus.RETURNED)
            or timezone.localdate(plan.drafted_at) < needs.assessed_on
        )
        if waiting:
            found.append(
                Deadline(
                    DeadlineKind.PLAN_DRAFT,
                    working_day_deadline(needs.assessed_on, PLAN_DRAFT_WORKING_DAYS),
                )
            )
    for separation in events.filter(kind=EventKind.TEMPORARY_SEPARATION, lifted_at__isnull=True):
        found.append(Deadline(DeadlineKind.SEPARATION_END, end_of_day(separation.ends_on)))
    return sorted(found, key=lambda d: d.due_at)


def case_refresh_deadline(case: Case) -> Case:
    """Store the earliest pending deadline on the case (no version bump: not an edit)."""
    pending = case_deadlines(case)
    first = pending[0] if pending else None
    case.next_deadline = first.due_at if first else None
    case.next_deadline_kind = first.kind if first else ""
    Case.objects.filter(pk=case.pk).update(
        next_deadline=case.next_deadline, next_deadline_kind=case.next_deadline_kind
    )
    return case


def warning_starts(deadline: Deadline) -> datetime.datetime:
    """When a reminder is due: 2 hours before an hour deadline, one working day
    before a day deadline."""
    if deadline.kind in HOUR_KINDS:
        return deadline.due_at - HOUR_DEADLINE_WARNING
    return day_warning_start(deadline.due_at)


def day_warning_start(due_at: datetime.datetime) -> datetime.datetime:
    # The start of the working day before the due day (or of the due day itself
    # when nothing works in between): one working day of notice.
    due_day = timezone.localtime(due_at).date()
    day = due_day - datetime.timedelta(days=1)
    while not is_working_day(day) and day > due_day - datetime.timedelta(days=14):
        day -= datetime.timedelta(days=1)
    return end_of_day(day - datetime.timedelta(days=1)) + datetime.timedelta(microseconds=1)


@dataclass(frozen=True)
class PlanWait:
    """How long a submitted plan has waited for the leader's signature."""

    working_days: int
    approval_due: datetime.datetime
    overdue: bool
    # Submitted after the 5 working days from the needs assessment.
    drafted_late: bool


def plan_wait(plan: CasePlan, now: datetime.datetime | None = None, needs_on=None) -> PlanWait:
    """Decree 56 Art. 28: the plan within 5 working days of the needs
    assessment (`needs_on`), its approval within 2 of submission."""
    now = now or timezone.now()
    due = working_day_deadline(plan.submitted_at, PLAN_APPROVAL_WORKING_DAYS)
    drafted_late = needs_on is not None and plan.submitted_at > working_day_deadline(
        needs_on, PLAN_DRAFT_WORKING_DAYS
    )
    return PlanWait(
        working_days=max(0, working_days_between(plan.submitted_at, now)),
        approval_due=due,
        overdue=now > due,
        drafted_late=drafted_late,
    )


def is_overdue(case: Case, now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    return case.next_deadline is not None and case.next_deadline < now


def horizon(now: datetime.datetime) -> datetime.datetime:
    """Deadlines due before this may need a reminder now (a cheap index range)."""
    return end_of_day(add_working_days(now, DAY_DEADLINE_WARNING_WORKING_DAYS + 1))
