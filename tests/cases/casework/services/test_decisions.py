"""The leader's decisions: temporary separation (cases/casework/services/decisions.py)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cases.casework.services.decisions import separation_decide, separation_extend, separation_lift
from cases.models import AssessmentKind
from tests.cases.casework.factories import AssessmentFactory

pytestmark = pytest.mark.django_db


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
