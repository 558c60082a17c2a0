import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from cases.casework import deadlines
from cases.casework.services.decisions import separation_decide
from cases.casework.services.reminders import deadlines_notify
from cases.models import AssessmentKind, CaseStatus, DeadlineKind, PlanStatus
from socialwork.calendar import workdays
from socialwork.calendar.models import PublicHoliday
from socialwork.notifications.models import Notification
from tests.cases.casework.factories import (
    AssessmentFactory,
    CasePlanActionFactory,
    CasePlanFactory,
)

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture(autouse=True)
def _fresh_calendar():
    workdays.clear_cache()
    yield
    workdays.clear_cache()


def test_emergency_is_12_hours_through_the_night(case_a):
    case_a.is_child_protection = case_a.needs_emergency_protection = True
    case_a.reported_at = datetime.datetime(2026, 11, 20, 22, 30, tzinfo=VN)  # a Friday night
    (first,) = deadlines.case_deadlines(case_a)
    assert first.kind == DeadlineKind.EMERGENCY
    assert first.due_at == datetime.datetime(2026, 11, 21, 10, 30, tzinfo=VN)


def test_plan_draft_is_5_working_days_skipping_holidays(case_a):
    case_a.status = CaseStatus.ASSESSMENT
    AssessmentFactory(
        case=case_a, kind=AssessmentKind.NEEDS, assessed_on=datetime.date(2026, 11, 20)
    )
    (first,) = deadlines.case_deadlines(case_a)
    assert first.due_at.astimezone(VN).date() == datetime.date(2026, 11, 27)
    PublicHoliday.objects.create(date=datetime.date(2026, 11, 25), name="Nghỉ bù")
    workdays.clear_cache()
    (first,) = deadlines.case_deadlines(case_a)
    assert (first.kind, first.due_at.astimezone(VN).date()) == (
        "plan_draft",
        datetime.date(2026, 11, 30),
    )


def test_plan_approval_is_2_working_days_from_submission(case_a):
    case_a.status = CaseStatus.PLANNING
    CasePlanFactory(
        case=case_a,
        status=PlanStatus.SUBMITTED,
        submitted_at=datetime.datetime(2026, 11, 20, 16, 0, tzinfo=VN),
    )
    (first,) = deadlines.case_deadlines(case_a)
    assert first.kind == DeadlineKind.PLAN_APPROVAL
    assert first.due_at.astimezone(VN).date() == datetime.date(2026, 11, 24)


def test_separation_end_and_closed_cases_have_none(case_a, leader_a):
    start = timezone.localdate()
    separation_decide(
        actor=leader_a,
        case=case_a,
        decision_number="1/QĐ",
        starts_on=start,
        ends_on=start + datetime.timedelta(days=15),
        place="Trung tâm CTXH",
    )
    kinds = [d.kind for d in deadlines.case_deadlines(case_a)]
    assert kinds == [DeadlineKind.SEPARATION_END]
    case_a.status = CaseStatus.CLOSED
    assert deadlines.case_deadlines(case_a) == []


def test_warning_two_hours_before_an_hour_deadline():
    due = datetime.datetime(2026, 11, 21, 10, 30, tzinfo=VN)
    assert deadlines.warning_starts(
        deadlines.Deadline("emergency", due)
    ) == due - datetime.timedelta(hours=2)


def test_warning_one_working_day_before_a_day_deadline():
    # Due Monday 30/11: the reminder starts on Friday 27/11 (the working day before).
    due = workdays.end_of_day(datetime.date(2026, 11, 30))
    start = deadlines.warning_starts(deadlines.Deadline("plan_draft", due))
    assert start.astimezone(VN).date() == datetime.date(2026, 11, 27)


def _overdue_emergency(case, hours_ago: float):
    type(case).objects.filter(pk=case.pk).update(
        is_child_protection=True,
        needs_emergency_protection=True,
        reported_at=timezone.now() - datetime.timedelta(hours=hours_ago),
    )
    case.refresh_from_db()
    deadlines.case_refresh_deadline(case)


def test_notify_reminds_worker_and_official_once(case_a, collaborator_a, official_a, leader_a):
    _overdue_emergency(case_a, 13)
    assert deadlines.is_overdue(case_a)
    assert deadlines_notify() == 2
    assert deadlines_notify() == 0  # deduplicated
    rows = Notification.objects.filter(channel="in_app", kind="case.deadline")
    assert {n.recipient for n in rows} == {collaborator_a, official_a}
    assert all("Quá hạn" in n.title and str(case_a.pk) in n.title for n in rows)


def test_notify_soon_then_overdue_are_two_reminders(case_a, collaborator_a):
    _overdue_emergency(case_a, 11)  # due in an hour: within the 2-hour warning
    assert deadlines_notify() == 1
    later = timezone.now() + datetime.timedelta(hours=2)
    assert deadlines_notify(now=later) == 1
    titles = sorted(Notification.objects.filter(channel="in_app").values_list("title", flat=True))
    assert titles[0].startswith("Quá hạn") and titles[1].startswith("Sắp đến hạn")


def test_nothing_to_say_far_from_the_deadline(case_a):
    _overdue_emergency(case_a, 1)  # 11 hours left
    assert deadlines_notify() == 0


def test_beat_task_calls_the_service(case_a, collaborator_a):
    from cases.casework.tasks import notify_deadlines

    _overdue_emergency(case_a, 13)
    assert notify_deadlines.apply().get() == 1


def test_plan_factories_make_a_valid_plan():
    action = CasePlanActionFactory()
    assert action.plan.case.status == CaseStatus.PLANNING


def test_the_frequent_task_reminds_of_the_emergency_clock(case_a, collaborator_a, official_a):
    from cases.casework.tasks import notify_emergency_deadlines

    _overdue_emergency(case_a, 11)  # due in an hour, at night or on a holiday alike
    assert notify_emergency_deadlines.apply().get() == 2
    assert notify_emergency_deadlines.apply().get() == 0  # deduplicated
    # The quarter-hour run sends nothing twice either.
    assert deadlines_notify() == 0


def test_the_frequent_task_leaves_day_deadlines_to_the_quarter_hour_run(case_a, collaborator_a):
    case_a.status = CaseStatus.ASSESSMENT
    case_a.save()
    AssessmentFactory(
        case=case_a,
        kind=AssessmentKind.NEEDS,
        assessed_on=timezone.localdate() - datetime.timedelta(days=20),
    )
    deadlines.case_refresh_deadline(case_a)
    assert case_a.next_deadline_kind == DeadlineKind.PLAN_DRAFT
    assert deadlines_notify(kinds=deadlines.HOUR_KINDS) == 0
    assert deadlines_notify() == 1


def test_the_frequent_task_skips_emergencies_passed_long_ago(case_a, collaborator_a):
    _overdue_emergency(case_a, 12 + 30)  # the quarter-hour run reminded of it then
    assert deadlines_notify(kinds=deadlines.HOUR_KINDS) == 0
    assert deadlines_notify() == 1


def test_the_emergency_clock_reminds_by_sms_too_and_day_deadlines_do_not(case_a, collaborator_a):
    type(collaborator_a).objects.filter(pk=collaborator_a.pk).update(phone="0912345670")
    _overdue_emergency(case_a, 11)
    deadlines_notify(kinds=deadlines.HOUR_KINDS)
    sms = Notification.objects.filter(kind="case.deadline", channel="sms")
    assert list(sms.values_list("recipient", flat=True)) == [collaborator_a.pk]
    assert "Sắp đến hạn" in sms.get().title
