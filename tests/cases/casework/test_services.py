import datetime
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cases.casework.services.assessments import assessment_record
from cases.casework.services.cases import (
    case_assign,
    case_follow_beneficiary,
    case_open,
    case_update,
)
from cases.casework.services.decisions import separation_decide, separation_extend, separation_lift
from cases.casework.services.deliveries import service_record
from cases.casework.services.events import event_record
from cases.casework.services.plans import (
    plan_approve,
    plan_draft,
    plan_return,
    plan_submit,
    plan_update,
)
from cases.casework.services.reviews import review_record
from cases.casework.services.status import (
    case_begin_assessment,
    case_begin_intervention,
    case_close,
    case_reopen,
)
from cases.errors import StaleEdit
from cases.models import (
    AssessmentKind,
    Case,
    CaseStatus,
    CaseTransition,
    ClosureReason,
    EventKind,
    IntakeSource,
    PlanStatus,
    ReviewOutcome,
    ServiceDelivery,
)
from facilities.models import ServiceType
from tests.cases.casework.factories import AssessmentFactory, CaseFactory, CasePlanFactory
from tests.factories import CollaboratorUserFactory

pytestmark = pytest.mark.django_db

ACTIONS = [
    {
        "description": "Tư vấn tâm lý",
        "responsible_other": "Trạm y tế xã",
        "due_on": datetime.date(2027, 1, 15),
        "cost_estimate": 2_000_000,
    }
]


def _open(actor, person, **kwargs):
    defaults = {
        "actor": actor,
        "beneficiary": person,
        "source": IntakeSource.COLLABORATOR,
        "reported_at": timezone.now() - datetime.timedelta(hours=2),
        "summary": "Trẻ bị bạo lực",
    }
    return case_open(**(defaults | kwargs))


def _through_to_submitted(case, official):
    AssessmentFactory(case=case, kind=AssessmentKind.NEEDS)
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.ASSESSMENT)
    plan = plan_draft(actor=official, case=case, goals="An toàn", actions=ACTIONS).obj
    return plan_submit(actor=official, plan=plan)


def test_open_assigns_the_collaborator_and_records_intake(child_a, collaborator_a):
    result = _open(
        collaborator_a, child_a, is_child_protection=True, needs_emergency_protection=True
    )
    case = result.obj
    assert result.created
    assert case.commune_id == child_a.commune_id
    # A child's case: the collaborator assists; the commune official (none
    # here) owns it (test_services_law.py).
    assert (case.assigned_worker, case.assistant) == (None, collaborator_a)
    assert case.transitions.get().to_status == CaseStatus.INTAKE
    assert case.next_deadline_kind == "emergency"
    assert case.next_deadline == case.reported_at + datetime.timedelta(hours=12)


def test_open_is_idempotent_by_client_uuid(child_a, collaborator_a):
    key = uuid.uuid4()
    first = _open(collaborator_a, child_a, client_uuid=key)
    second = _open(collaborator_a, child_a, client_uuid=key)
    assert (first.created, second.created) == (True, False)
    assert second.obj.pk == first.obj.pk
    assert Case.objects.count() == 1


def test_someone_elses_key_is_refused(child_a, collaborator_a, collaborator_a2):
    key = uuid.uuid4()
    _open(collaborator_a, child_a, client_uuid=key)
    with pytest.raises(ValidationError):
        _open(collaborator_a2, child_a, client_uuid=key)


def test_report_time_in_the_future_is_refused(child_a, collaborator_a):
    with pytest.raises(ValidationError) as exc:
        _open(collaborator_a, child_a, reported_at=timezone.now() + datetime.timedelta(hours=3))
    assert "tương lai" in exc.value.message_dict["reported_at"][0]
    assert not Case.objects.exists()


def test_hotline_report_needs_call_reference(child_a, official_a):
    with pytest.raises(ValidationError) as exc:
        _open(official_a, child_a, source=IntakeSource.HOTLINE_111)
    assert "call_reference" in exc.value.message_dict


def test_closing_an_intake_case_is_forbidden(case_a, collaborator_a):
    with pytest.raises(ValidationError) as exc:
        case_close(actor=collaborator_a, case=case_a, reason=ClosureReason.GOALS_MET)
    assert exc.value.code == "forbidden_transition"
    assert "Tiếp nhận" in exc.value.messages[0]
    case_a.refresh_from_db()
    assert case_a.status == CaseStatus.INTAKE


def test_reopening_without_a_reason_is_refused(case_a, collaborator_a):
    Case.objects.filter(pk=case_a.pk).update(
        status=CaseStatus.CLOSED, closed_on=timezone.localdate(), closure_reason="goals_met"
    )
    with pytest.raises(ValidationError) as exc:
        case_reopen(actor=collaborator_a, case=case_a, reason="  ")
    assert "lý do" in exc.value.message_dict["reason"][0]
    reopened = case_reopen(actor=collaborator_a, case=case_a, reason="Tái diễn bạo lực")
    assert reopened.status == CaseStatus.ASSESSMENT
    assert reopened.closed_on is None
    assert reopened.transitions.first().note == "Tái diễn bạo lực"


def test_family_refusal_does_not_close_a_child_case(case_a, collaborator_a):
    Case.objects.filter(pk=case_a.pk).update(status=CaseStatus.ASSESSMENT, is_child_protection=True)
    with pytest.raises(ValidationError) as exc:
        case_close(actor=collaborator_a, case=case_a, reason=ClosureReason.REFUSED)
    assert "Tòa án" in exc.value.message_dict["reason"][0]


def test_stale_edit_is_refused_and_nothing_overwritten(case_a, collaborator_a, official_a):
    version = case_a.version
    case_update(
        actor=official_a, case=case_a, data={"summary": "Bản của công chức"}, version=version
    )
    with pytest.raises(StaleEdit):
        case_update(actor=collaborator_a, case=case_a, data={"summary": "Bản cũ"}, version=version)
    case_a.refresh_from_db()
    assert case_a.summary == "Bản của công chức"


def test_each_transition_is_recorded_with_who(case_a, collaborator_a):
    case_begin_assessment(actor=collaborator_a, case=case_a)
    row = CaseTransition.objects.filter(case=case_a).first()
    assert (row.from_status, row.to_status, row.actor) == ("intake", "assessment", collaborator_a)


def test_assessment_moves_intake_to_assessment_and_starts_plan_timer(case_a, collaborator_a):
    today = timezone.localdate()
    result = assessment_record(
        actor=collaborator_a,
        case=case_a,
        kind=AssessmentKind.NEEDS,
        assessed_on=today,
        data={"needs": "Đi học lại"},
    )
    case_a.refresh_from_db()
    assert result.obj.needs == "Đi học lại"
    assert case_a.status == CaseStatus.ASSESSMENT
    assert case_a.next_deadline_kind == "plan_draft"


def test_plan_cycle_signed_by_the_leader(case_a, official_a, leader_a):
    plan = _through_to_submitted(case_a, official_a)
    case_a.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED
    assert case_a.next_deadline_kind == "plan_approval"
    plan = plan_approve(actor=leader_a, plan=plan, decision_number="15/QĐ-UBND")
    case_a.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    assert plan.approved_by == leader_a
    assert case_a.status == CaseStatus.INTERVENTION
    assert case_a.next_deadline is None


def test_signing_a_plan_never_submitted_is_refused(case_a, leader_a):
    plan = CasePlanFactory(case=case_a)
    with pytest.raises(ValidationError) as exc:
        plan_approve(actor=leader_a, plan=plan, decision_number="1/QĐ")
    assert "đã trình" in exc.value.messages[0]
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


def test_leader_of_another_commune_cannot_sign(case_a, official_a, leader_b):
    plan = _through_to_submitted(case_a, official_a)
    with pytest.raises(PermissionDenied):
        plan_approve(actor=leader_b, plan=plan, decision_number="1/QĐ")


def test_double_submit_is_refused(case_a, official_a):
    plan = _through_to_submitted(case_a, official_a)
    with pytest.raises(ValidationError):
        plan_submit(actor=official_a, plan=plan)


def test_return_needs_comments_then_resubmit(case_a, official_a, leader_a):
    plan = _through_to_submitted(case_a, official_a)
    with pytest.raises(ValidationError):
        plan_return(actor=leader_a, plan=plan, comments="")
    plan = plan_return(actor=leader_a, plan=plan, comments="Bổ sung kinh phí")
    assert plan.status == PlanStatus.RETURNED
    plan = plan_update(
        actor=official_a, plan=plan, version=plan.version, goals="An toàn", actions=ACTIONS
    )
    assert plan_submit(actor=official_a, plan=plan).status == PlanStatus.SUBMITTED


def test_plan_action_needs_someone_responsible(case_a, official_a):
    AssessmentFactory(case=case_a)
    Case.objects.filter(pk=case_a.pk).update(status=CaseStatus.ASSESSMENT)
    with pytest.raises(ValidationError):
        plan_draft(
            actor=official_a,
            case=case_a,
            goals="An toàn",
            actions=[{"description": "x", "due_on": datetime.date(2027, 1, 1)}],
        )


def test_intervention_needs_an_approved_plan(case_a, collaborator_a):
    Case.objects.filter(pk=case_a.pk).update(status=CaseStatus.PLANNING)
    with pytest.raises(ValidationError):
        case_begin_intervention(actor=collaborator_a, case=case_a)


def test_service_recorded_once_per_key(case_a, collaborator_a):
    key = uuid.uuid4()
    kind = ServiceType.objects.get(code="tu_van")
    today = timezone.localdate()
    for _ in range(2):
        service_record(
            actor=collaborator_a,
            case=case_a,
            service_type=kind,
            delivered_on=today,
            client_uuid=key,
        )
    row = ServiceDelivery.objects.get()
    assert (row.delivered_by, row.beneficiary_id, row.commune_id) == (
        collaborator_a,
        case_a.beneficiary_id,
        case_a.commune_id,
    )


def test_service_in_the_future_is_refused(case_a, collaborator_a):
    with pytest.raises(ValidationError):
        service_record(
            actor=collaborator_a,
            case=case_a,
            service_type=ServiceType.objects.get(code="tu_van"),
            delivered_on=timezone.localdate() + datetime.timedelta(days=2),
        )


def test_emergency_intervention_stops_the_12_hour_timer(case_a, collaborator_a):
    Case.objects.filter(pk=case_a.pk).update(
        is_child_protection=True, needs_emergency_protection=True
    )
    case_a.refresh_from_db()
    case_update(actor=collaborator_a, case=case_a, data={}, version=case_a.version)
    case_a.refresh_from_db()
    assert case_a.next_deadline_kind == "emergency"
    event_record(actor=collaborator_a, case=case_a, kind=EventKind.EMERGENCY_INTERVENTION)
    case_a.refresh_from_db()
    assert case_a.next_deadline is None


def test_separation_past_15_days_needs_an_extension(case_a, leader_a):
    start = timezone.localdate()
    with pytest.raises(ValidationError) as exc:
        separation_decide(
            actor=leader_a,
            case=case_a,
            decision_number="3/QĐ-UBND",
            starts_on=start,
            ends_on=start + datetime.timedelta(days=20),
            place="Trung tâm CTXH tỉnh",
        )
    assert "15 ngày" in exc.value.message_dict["ends_on"][0]
    event = separation_decide(
        actor=leader_a,
        case=case_a,
        decision_number="3/QĐ-UBND",
        starts_on=start,
        ends_on=start + datetime.timedelta(days=15),
        place="Trung tâm CTXH tỉnh",
    ).obj
    case_a.refresh_from_db()
    assert case_a.next_deadline_kind == "separation_end"
    with pytest.raises(ValidationError):
        separation_extend(
            actor=leader_a,
            event=event,
            ends_on=start + datetime.timedelta(days=30),
            extension_basis="",
        )
    event = separation_extend(
        actor=leader_a,
        event=event,
        ends_on=start + datetime.timedelta(days=30),
        extension_basis="Yêu cầu của Tòa án",
    )
    assert event.ends_on == start + datetime.timedelta(days=30)


def test_separation_is_lifted_only_after_a_reassessment(case_a, leader_a, collaborator_a):
    start = timezone.localdate()
    event = separation_decide(
        actor=leader_a,
        case=case_a,
        decision_number="3/QĐ",
        starts_on=start,
        ends_on=start + datetime.timedelta(days=10),
        place="Nhà bà ngoại",
    ).obj
    initial = AssessmentFactory(case=case_a, kind=AssessmentKind.INITIAL)
    with pytest.raises(ValidationError):
        separation_lift(actor=leader_a, event=event, assessment=initial)
    again = AssessmentFactory(case=case_a, kind=AssessmentKind.REASSESSMENT)
    event = separation_lift(actor=leader_a, event=event, assessment=again)
    assert event.lifted_at is not None


def test_only_the_communes_leader_decides_separation(case_a, official_a, leader_b):
    start = timezone.localdate()
    for actor in (official_a, leader_b):
        with pytest.raises(PermissionDenied):
            separation_decide(
                actor=actor,
                case=case_a,
                decision_number="3/QĐ",
                starts_on=start,
                ends_on=start,
                place="x",
            )


def test_review_closes_or_replans(case_a, official_a, leader_a):
    plan = _through_to_submitted(case_a, official_a)
    plan_approve(actor=leader_a, plan=plan, decision_number="15/QĐ")
    Case.objects.filter(pk=case_a.pk).update(is_child_protection=True)
    with pytest.raises(ValidationError):
        review_record(
            actor=official_a,
            case=case_a,
            reviewed_on=timezone.localdate(),
            findings="Chưa ổn",
            outcome=ReviewOutcome.CLOSE,
            safe_and_stable=False,
        )
    review_record(
        actor=official_a,
        case=case_a,
        reviewed_on=timezone.localdate(),
        findings="Trẻ an toàn",
        outcome=ReviewOutcome.CLOSE,
        safe_and_stable=True,
    )
    case_a.refresh_from_db()
    assert (case_a.status, case_a.closure_reason) == (CaseStatus.CLOSED, ClosureReason.GOALS_MET)
    assert case_a.closed_on == timezone.localdate()


def test_transfer_moves_open_cases_and_lets_go_of_commune_workers(
    case_a, commune_b, collaborator_a
):
    closed = CaseFactory(
        beneficiary=case_a.beneficiary,
        status=CaseStatus.CLOSED,
        closed_on=timezone.localdate(),
        closure_reason="goals_met",
    )
    person = case_a.beneficiary
    person.commune = commune_b
    person.save()
    new_worker = CollaboratorUserFactory(area=commune_b)
    assert case_follow_beneficiary(actor=None, beneficiary=person, worker=new_worker) == 1
    case_a.refresh_from_db()
    closed.refresh_from_db()
    assert (case_a.commune, case_a.assigned_worker) == (commune_b, new_worker)
    assert closed.commune_id != commune_b.pk
    assert case_a.transitions.first().to_commune == commune_b


def test_worker_must_be_in_the_case_commune(case_a, official_a, collaborator_b):
    with pytest.raises(ValidationError):
        case_assign(actor=official_a, case=case_a, worker=collaborator_b)


def test_collaborator_cannot_assign(case_a, collaborator_a, collaborator_a2):
    with pytest.raises(PermissionDenied):
        case_assign(actor=collaborator_a, case=case_a, worker=collaborator_a2)


def test_editing_the_register_to_a_new_commune_moves_the_open_cases(case_a, commune_b, department):
    from cases.services import beneficiary_update

    person = case_a.beneficiary
    beneficiary_update(
        actor=department, beneficiary=person, data={"commune": commune_b}, version=person.version
    )
    case_a.refresh_from_db()
    assert case_a.commune == commune_b
    assert case_a.assigned_worker is None
