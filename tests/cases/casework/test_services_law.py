"""The law's order in casework (Decree 56/2017, DOMAIN §5.2 and errata 1, 3):
who owns a child's case, who does Mẫu 02, the case meeting with Mẫu 03, the
12-hour step, how a child's case closes. Kept apart from test_services.py
(which tests the same module) so the rules read as one list."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cases.casework.services.assessments import assessment_record
from cases.casework.services.cases import case_assign, case_follow_beneficiary, case_open
from cases.casework.services.decisions import decision_record, separation_decide, separation_lift
from cases.casework.services.events import event_record
from cases.casework.services.plans import plan_draft, plan_submit
from cases.casework.services.reviews import review_record
from cases.casework.services.status import case_begin_planning, case_close
from cases.models import (
    AssessmentKind,
    CaseEvent,
    CaseStatus,
    ClosureReason,
    EventKind,
    PlanStatus,
    ReviewOutcome,
)
from socialwork.notifications.models import Notification
from tests.cases.casework.factories import (
    AssessmentFactory,
    CaseFactory,
    CasePlanActionFactory,
    CasePlanFactory,
)
from tests.cases.factories import BeneficiaryFactory
from tests.factories import CommuneOfficialFactory

pytestmark = pytest.mark.django_db


def _open_child(actor, child, **kwargs):
    return case_open(
        actor=actor,
        beneficiary=child,
        source="collaborator",
        reported_at=timezone.now() - datetime.timedelta(hours=1),
        is_child_protection=True,
        **kwargs,
    ).obj


# --- Who owns a child's case ---


def test_child_case_opened_by_collaborator_is_owned_by_commune_official(
    collaborator_a, official_a, child_a
):
    case = _open_child(collaborator_a, child_a)
    assert case.assigned_worker == official_a
    assert case.assistant == collaborator_a


def test_adult_case_opened_by_collaborator_stays_theirs(collaborator_a, official_a, commune_a):
    adult = BeneficiaryFactory(commune=commune_a, birth_date=datetime.date(1950, 1, 1))
    case = case_open(
        actor=collaborator_a, beneficiary=adult, source="collaborator", reported_at=timezone.now()
    ).obj
    assert (case.assigned_worker, case.assistant) == (collaborator_a, None)


def test_child_case_left_unassigned_when_commune_has_two_officials(
    collaborator_a, official_a, child_a, commune_a
):
    CommuneOfficialFactory(area=commune_a)
    case = _open_child(collaborator_a, child_a)
    assert case.assigned_worker is None
    assert case.assistant == collaborator_a


def test_collaborator_cannot_own_a_child_case(official_a, collaborator_a, child_a):
    case = _open_child(official_a, child_a)
    with pytest.raises(ValidationError) as refused:
        case_assign(actor=official_a, case=case, worker=collaborator_a)
    assert "cộng tác viên chỉ hỗ trợ" in str(refused.value)


def test_assisting_collaborator_sees_the_confidential_child_case(
    collaborator_a, collaborator_a2, official_a, child_a
):
    from cases.casework import selectors

    case = _open_child(collaborator_a, child_a, confidential=True, confidentiality_reason="abuse")
    assert selectors.case_get(actor=collaborator_a, case_id=case.pk).pk == case.pk
    assert list(selectors.my_cases(actor=collaborator_a)) == [case]
    assert not selectors.case_base(actor=collaborator_a2).filter(pk=case.pk).exists()


# --- Mẫu 02 by the commune's worker, Mẫu 03 with the case meeting ---


def test_initial_assessment_of_a_child_is_the_commune_officials(
    collaborator_a, official_a, child_a
):
    case = _open_child(collaborator_a, child_a)
    with pytest.raises(PermissionDenied):
        assessment_record(
            actor=collaborator_a, case=case, kind="initial", assessed_on=timezone.localdate()
        )
    result = assessment_record(
        actor=official_a, case=case, kind="initial", assessed_on=timezone.localdate()
    )
    assert result.created


def test_needs_assessment_of_a_child_needs_the_meeting_date(official_a, collaborator_a, child_a):
    case = _open_child(collaborator_a, child_a)
    today = timezone.localdate()
    with pytest.raises(ValidationError) as refused:
        assessment_record(actor=official_a, case=case, kind="needs", assessed_on=today)
    assert "meeting_on" in refused.value.error_dict
    assessment = assessment_record(
        actor=official_a, case=case, kind="needs", assessed_on=today, data={"meeting_on": today}
    ).obj
    assert assessment.meeting_on == today


def test_plan_takes_the_meeting_date_of_the_needs_assessment(official_a, collaborator_a, child_a):
    case = _open_child(collaborator_a, child_a)
    today = timezone.localdate()
    assessment_record(
        actor=official_a, case=case, kind="needs", assessed_on=today, data={"meeting_on": today}
    )
    plan = plan_draft(
        actor=official_a,
        case=case,
        goals="An toàn",
        actions=[{"description": "Tư vấn", "responsible_other": "Trạm y tế", "due_on": today}],
    ).obj
    assert plan.conference_on == today


def test_adult_needs_assessment_needs_no_meeting(official_a, commune_a):
    case = CaseFactory(beneficiary=BeneficiaryFactory(commune=commune_a))
    result = assessment_record(
        actor=official_a, case=case, kind="needs", assessed_on=timezone.localdate()
    )
    assert result.obj.meeting_on is None


# --- The 12-hour step cannot be skipped ---


def test_emergency_child_case_cannot_go_to_planning_without_its_emergency_step(official_a, child_a):
    case = CaseFactory(
        beneficiary=child_a, is_child_protection=True, needs_emergency_protection=True,
        status=CaseStatus.ASSESSMENT,
    )  # fmt: skip
    AssessmentFactory(case=case, kind=AssessmentKind.NEEDS)
    with pytest.raises(ValidationError) as refused:
        case_begin_planning(actor=official_a, case=case)
    assert refused.value.code == "emergency_step"
    event_record(actor=official_a, case=case, kind=EventKind.EMERGENCY_INTERVENTION)
    case = case_begin_planning(actor=official_a, case=case)
    assert case.status == CaseStatus.PLANNING


def test_emergency_child_case_cannot_close_without_its_emergency_step(official_a, child_a):
    case = CaseFactory(
        beneficiary=child_a, is_child_protection=True, needs_emergency_protection=True,
        status=CaseStatus.ASSESSMENT,
    )  # fmt: skip
    with pytest.raises(ValidationError):
        case_close(actor=official_a, case=case, reason=ClosureReason.GOALS_MET)
    # Death closes any case.
    case = case_close(actor=official_a, case=case, reason=ClosureReason.DIED)
    assert case.status == CaseStatus.CLOSED


# --- How a child's case closes ---


@pytest.fixture
def child_case(child_a):
    return CaseFactory(
        beneficiary=child_a, is_child_protection=True, status=CaseStatus.INTERVENTION
    )


def test_child_case_closes_only_after_the_mau_06_review(official_a, child_case):
    with pytest.raises(ValidationError) as refused:
        case_close(actor=official_a, case=child_case, reason=ClosureReason.GOALS_MET)
    assert "Mẫu 06" in str(refused.value)
    review_record(
        actor=official_a,
        case=child_case,
        reviewed_on=timezone.localdate(),
        findings="Trẻ an toàn",
        outcome=ReviewOutcome.CLOSE,
        safe_and_stable=True,
    )
    child_case.refresh_from_db()
    assert (child_case.status, child_case.closure_reason) == ("closed", "goals_met")


@pytest.mark.parametrize("reason", [ClosureReason.MOVED_AWAY, ClosureReason.TRANSFERRED])
def test_a_move_does_not_close_a_child_case(official_a, child_case, reason):
    with pytest.raises(ValidationError) as refused:
        case_close(actor=official_a, case=child_case, reason=reason)
    assert "không đóng" in str(refused.value)


def test_a_refusal_does_not_close_a_child_case(official_a, child_case):
    with pytest.raises(ValidationError):
        case_close(actor=official_a, case=child_case, reason=ClosureReason.REFUSED)


def test_a_move_transfers_the_child_case_to_the_new_communes_worker(
    collaborator_a, official_a, child_a, commune_b
):
    case = _open_child(collaborator_a, child_a)
    official_b = CommuneOfficialFactory(area=commune_b)
    child_a.commune = commune_b
    child_a.save(update_fields=["commune"])
    assert case_follow_beneficiary(actor=official_a, beneficiary=child_a) == 1
    case.refresh_from_db()
    assert (case.commune, case.status) == (commune_b, CaseStatus.INTAKE)
    assert (case.assigned_worker, case.assistant) == (official_b, None)


def test_turning_16_closes_with_a_handover(official_a, commune_a):
    today = timezone.localdate()
    teen = BeneficiaryFactory(commune=commune_a, birth_date=today.replace(year=today.year - 16))
    young = BeneficiaryFactory(commune=commune_a, birth_date=today.replace(year=today.year - 15))
    case = CaseFactory(beneficiary=teen, is_child_protection=True, status=CaseStatus.MONITORING)
    with pytest.raises(ValidationError) as refused:
        case_close(actor=official_a, case=case, reason=ClosureReason.AGED_OUT)
    assert "note" in refused.value.error_dict
    case = case_close(
        actor=official_a,
        case=case,
        reason=ClosureReason.AGED_OUT,
        note="Bàn giao cho Hội Phụ nữ xã ngày hôm nay",
    )
    assert case.closure_reason == ClosureReason.AGED_OUT
    under = CaseFactory(beneficiary=young, is_child_protection=True, status=CaseStatus.MONITORING)
    with pytest.raises(ValidationError) as refused:
        case_close(actor=official_a, case=under, reason=ClosureReason.AGED_OUT, note="Bàn giao")
    assert "16" in str(refused.value)


def test_adult_case_closes_on_a_move_as_before(official_a, commune_a):
    case = CaseFactory(beneficiary=BeneficiaryFactory(commune=commune_a), status="assessment")
    case = case_close(actor=official_a, case=case, reason=ClosureReason.MOVED_AWAY)
    assert case.status == CaseStatus.CLOSED


# --- Separation: 15 days, then re-assessment, then the court where needed ---


def test_separation_over_15_days_needs_an_authoritys_basis(leader_a, child_case):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as refused:
        separation_decide(
            actor=leader_a, case=child_case, decision_number="1/QĐ", starts_on=today,
            ends_on=today + datetime.timedelta(days=16), place="Trung tâm CTXH",
        )  # fmt: skip
    assert "ends_on" in refused.value.error_dict


def test_separation_lifted_only_after_a_reassessment_then_court_request(
    leader_a, official_a, child_case
):
    today = timezone.localdate()
    event = separation_decide(
        actor=leader_a, case=child_case, decision_number="1/QĐ", starts_on=today,
        ends_on=today + datetime.timedelta(days=15), place="Trung tâm CTXH",
    ).obj  # fmt: skip
    initial = AssessmentFactory(case=child_case, kind=AssessmentKind.INITIAL)
    with pytest.raises(ValidationError):
        separation_lift(actor=leader_a, event=event, assessment=initial)
    again = AssessmentFactory(case=child_case, kind=AssessmentKind.REASSESSMENT)
    event = separation_lift(actor=leader_a, event=event, assessment=again)
    assert event.lifting_assessment == again
    court = decision_record(
        actor=leader_a, case=child_case, kind=EventKind.COURT_REQUEST, decision_number="2/UBND"
    ).obj
    assert CaseEvent.objects.filter(pk=court.pk, kind=EventKind.COURT_REQUEST).exists()
    with pytest.raises(PermissionDenied):
        decision_record(
            actor=official_a, case=child_case, kind=EventKind.COURT_REQUEST, decision_number="3"
        )


# --- Plan 5 working days, approval 2; the leader is told ---


def test_submitting_a_plan_notifies_the_communes_leader(official_a, leader_a, leader_b, child_a):
    plan = CasePlanFactory(case=CaseFactory(beneficiary=child_a, status=CaseStatus.PLANNING))
    CasePlanActionFactory(plan=plan)
    plan = plan_submit(actor=official_a, plan=plan)
    assert plan.status == PlanStatus.SUBMITTED
    sent = Notification.objects.filter(kind="case.plan_submitted", channel="in_app")
    assert [n.recipient_id for n in sent] == [leader_a.pk]
    assert sent.get().url == f"/cases/work/plans/{plan.pk}/"


def test_plan_wait_marks_late_drafting_and_overdue_approval():
    from zoneinfo import ZoneInfo

    from cases.casework.deadlines import plan_wait
    from cases.models import CasePlan

    tz = ZoneInfo("Asia/Ho_Chi_Minh")
    # Submitted on Monday 3 March 2025; the needs assessment was on Friday 21 February.
    plan = CasePlan(submitted_at=datetime.datetime(2025, 3, 3, 9, tzinfo=tz))
    wait = plan_wait(plan, datetime.datetime(2025, 3, 5, 12, tzinfo=tz), datetime.date(2025, 2, 21))
    assert (wait.working_days, wait.overdue, wait.drafted_late) == (2, False, True)
    assert wait.approval_due.date() == datetime.date(2025, 3, 5)
    wait = plan_wait(plan, datetime.datetime(2025, 3, 6, 8, tzinfo=tz), datetime.date(2025, 2, 27))
    assert (wait.working_days, wait.overdue, wait.drafted_late) == (3, True, False)
