"""Hotline intake: advice apart from reports, the 12-hour clock, police and
111, and a case opened from a call on the commune's lists at once."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cases.casework.selectors import case_list
from cases.hotline import services
from cases.hotline.selectors import call_list
from cases.models import HotlineCall
from cases.models.hotline import CallerType, CallIssue, CallKind, CallOutcome
from tests.cases.factories import BeneficiaryFactory

pytestmark = pytest.mark.django_db


def report(actor, commune, **kw):
    values = {
        "received_at": timezone.now() - datetime.timedelta(hours=1),
        "kind": CallKind.REPORT,
        "caller_type": CallerType.NEIGHBOUR,
        "issue": CallIssue.VIOLENCE,
        "summary": "Trẻ bị đánh, có vết bầm.",
        "commune": commune,
    }
    values.update(kw)
    return services.call_record(actor=actor, **values)


def test_advice_call_is_closed_with_advice_and_kept_apart(centre_staff, commune_a):
    advice = services.call_record(
        actor=centre_staff, received_at=timezone.now(), kind=CallKind.ADVICE,
        caller_type=CallerType.PARENT, issue=CallIssue.POLICY, summary="Hỏi trợ cấp.",
        advice_note="Hướng dẫn nộp hồ sơ tại xã.",
    )  # fmt: skip
    assert advice.outcome == CallOutcome.ADVICE_GIVEN and advice.response_due_at is None
    danger = report(centre_staff, commune_a)
    assert list(call_list(actor=centre_staff, filters={"kind": "report"})) == [danger]
    assert list(call_list(actor=centre_staff, filters={"kind": "advice"})) == [advice]


def test_report_clock_starts_at_receipt(centre_staff, commune_a):
    received = timezone.now() - datetime.timedelta(hours=3)
    call = report(centre_staff, commune_a, received_at=received)
    assert call.response_due_at == received + datetime.timedelta(hours=12)


def test_report_needs_the_commune_and_111_needs_its_reference(centre_staff, commune_a):
    with pytest.raises(ValidationError) as exc:
        report(centre_staff, None)
    assert "commune" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        report(centre_staff, commune_a, caller_type=CallerType.HOTLINE_111)
    assert "call_reference" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        report(centre_staff, commune_a, received_at=timezone.now() + datetime.timedelta(hours=2))
    assert "received_at" in exc.value.message_dict
    assert not HotlineCall.objects.exists()


def test_open_case_about_an_unidentified_child_lands_on_the_commune_list(
    centre_staff, commune_a, official_a
):
    call = report(centre_staff, commune_a, issue=CallIssue.BEGGING, urgency="urgent")
    call = services.call_open_case(
        actor=centre_staff, call=call, description="Bé trai khoảng 8 tuổi ở chợ",
        birth_year=timezone.localdate().year - 8, needs_emergency_protection=True,
    )  # fmt: skip
    assert call.outcome == CallOutcome.CASE_OPENED
    case = call.case
    assert case.commune == commune_a and not case.beneficiary.identified
    assert case.source == "province_hotline" and case.call_reference
    assert case in case_list(actor=official_a)
    with pytest.raises(ValidationError, match="đã mở"):
        services.call_open_case(actor=centre_staff, call=call)


def test_open_case_for_a_known_person_from_111(centre_staff, commune_a):
    child = BeneficiaryFactory(commune=commune_a, birth_date=datetime.date(2016, 1, 1))
    call = report(
        centre_staff, commune_a, caller_type=CallerType.HOTLINE_111, call_reference="111-2025-77",
        issue=CallIssue.ABUSE,
    )  # fmt: skip
    assert call.from_111
    with pytest.raises(ValidationError, match="Chưa có kết quả"):
        services.call_report_to_111(actor=centre_staff, call=call)
    call = services.call_open_case(actor=centre_staff, call=call, beneficiary=child)
    assert call.case.source == "hotline_111" and call.case.confidential
    assert call.report_back_pending
    call = services.call_report_to_111(actor=centre_staff, call=call)
    assert call.reported_to_111_at is not None and not call.report_back_pending


def test_police_notification_is_recorded(centre_staff, commune_a):
    call = report(centre_staff, commune_a, possible_crime=True)
    assert call.police_pending
    with pytest.raises(ValidationError):
        services.call_notify_police(actor=centre_staff, call=call, police_unit=" ")
    call = services.call_notify_police(
        actor=centre_staff, call=call, police_unit="Công an xã Ea Tu"
    )
    assert not call.police_pending and call.police_unit == "Công an xã Ea Tu"


def test_only_the_log_keepers_write(centre_staff, other_facility_staff, collaborator_a, commune_a):
    call = report(centre_staff, commune_a)
    with pytest.raises(PermissionDenied):
        services.call_notify_police(actor=other_facility_staff, call=call, police_unit="CA")
    with pytest.raises(PermissionDenied):
        report(collaborator_a, commune_a)


def test_whoever_opens_a_case_from_a_call_keeps_access(centre_staff, commune_a):
    # Issue 15: the facility user got a 404 on the case they opened until a
    # referral gave access (cases/casework/scoping.py).
    from cases.casework.selectors import case_get
    from cases.selectors import beneficiary_get

    call = services.call_open_case(
        actor=centre_staff, call=report(centre_staff, commune_a), full_name="Bé A"
    )
    case = case_get(actor=centre_staff, case_id=call.case_id)
    assert case.created_by == centre_staff
    assert beneficiary_get(actor=centre_staff, beneficiary_id=case.beneficiary_id).pk


def test_department_chooses_the_receiving_unit(department, centre, facility_user):
    from cases.hotline.forms import CallForm

    form = CallForm(user=department)
    assert list(form.fields["facility"].queryset) == [centre]
    assert "facility" not in CallForm(user=facility_user).fields
