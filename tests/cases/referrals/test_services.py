"""Referral services: sending, every step, bad input, deadlines, escalation."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cases.models import Referral, ReferralStatus, ReferralTransition
from cases.models.casework import Urgency
from cases.models.referrals import LegalBasis
from cases.referrals import services, tasks
from cases.referrals.selectors import referral_sent
from facilities.models import AdmissionKind
from facilities.services import admission_admit
from socialwork.notifications.models import Notification
from tests.cases.casework.factories import CaseFactory
from tests.cases.factories import BeneficiaryFactory, ConsentFactory
from tests.cases.referrals.factories import CentreFactory, ReferralFactory, service
from tests.facilities.factories import AdmissionFactory, FacilityFactory

pytestmark = pytest.mark.django_db
R = ReferralStatus


@pytest.fixture
def case_a(commune_a, collaborator_a):
    child = BeneficiaryFactory(commune=commune_a, birth_date=datetime.date(2015, 6, 1))
    return CaseFactory(beneficiary=child, assigned_worker=collaborator_a, is_child_protection=True)


def send(actor, case, to, **kw):
    kw.setdefault("service_type", service())
    kw.setdefault("reason", "Cần nơi ở an toàn.")
    kw.setdefault("legal_basis", LegalBasis.STATUTORY)
    return services.referral_send(actor=actor, case=case, to_facility=to, **kw)


def test_send_records_who_and_when_and_tells_the_facility(
    collaborator_a, case_a, centre, centre_staff
):
    sent = send(collaborator_a, case_a, centre)
    referral = sent.referral
    assert referral.status == R.SENT and referral.sender == collaborator_a
    assert referral.commune_id == case_a.commune_id and not referral.service_not_offered
    assert list(referral.transitions.values_list("to_status", "actor")) == [
        (R.SENT, collaborator_a.pk)
    ]
    assert Notification.objects.filter(recipient=centre_staff, kind="referral.received").exists()


def test_consent_required_unless_a_legal_basis_is_recorded(collaborator_a, case_a, centre):
    with pytest.raises(ValidationError, match="sự đồng ý"):
        send(collaborator_a, case_a, centre, legal_basis=LegalBasis.CONSENT)
    assert not Referral.objects.exists()
    consent = ConsentFactory(beneficiary=case_a.beneficiary)
    referral = send(collaborator_a, case_a, centre, legal_basis=LegalBasis.CONSENT).referral
    assert referral.consent == consent
    emergency = send(collaborator_a, case_a, centre, legal_basis=LegalBasis.EMERGENCY).referral
    assert emergency.consent is None and emergency.legal_basis == LegalBasis.EMERGENCY


def test_service_not_offered_is_sent_with_a_recorded_warning(collaborator_a, case_a, centre):
    sent = send(collaborator_a, case_a, centre, service_type=service("tro_giup_phap_ly"))
    assert sent.warnings and "chưa đăng ký" in str(sent.warnings[0])
    assert sent.referral.service_not_offered
    assert "chưa đăng ký" in sent.referral.transitions.get().note


def test_referral_to_own_facility_is_refused(case_a, centre, centre_staff, commune_b):
    # A facility refers its resident's case onwards: never to itself.
    AdmissionFactory(facility=centre, beneficiary=case_a.beneficiary, case=case_a)
    with pytest.raises(ValidationError, match="chính đơn vị"):
        send(centre_staff, case_a, centre)
    onward = send(centre_staff, case_a, CentreFactory(commune=commune_b)).referral
    assert onward.sender_facility == centre


def test_lifecycle_with_response_time(collaborator_a, case_a, centre, centre_staff):
    referral = send(collaborator_a, case_a, centre).referral
    referral = services.referral_receive(actor=centre_staff, referral=referral)
    referral = services.referral_accept(actor=centre_staff, referral=referral)
    assert referral.responded_by == centre_staff and referral.response_hours is not None
    referral = services.referral_start_service(actor=centre_staff, referral=referral)
    with pytest.raises(ValidationError, match="phản hồi"):
        services.referral_complete(actor=centre_staff, referral=referral, feedback=" ")
    referral = services.referral_complete(
        actor=centre_staff, referral=referral, feedback="Đã ổn định."
    )
    assert list(referral.transitions.values_list("to_status", flat=True)) == [
        R.SENT, R.RECEIVED, R.ACCEPTED, R.IN_SERVICE, R.COMPLETED,
    ]  # fmt: skip
    assert Notification.objects.filter(recipient=collaborator_a, kind="referral.completed").exists()


def test_accepting_a_declined_referral_is_refused(collaborator_a, case_a, centre, centre_staff):
    referral = send(collaborator_a, case_a, centre).referral
    services.referral_decline(actor=centre_staff, referral=referral, reason="Hết chỗ.")
    with pytest.raises(ValidationError, match="Từ chối"):
        services.referral_accept(actor=centre_staff, referral=referral)
    referral.refresh_from_db()
    assert referral.status == R.DECLINED and referral.decline_reason == "Hết chỗ."


def test_only_the_receiver_moves_it(collaborator_a, case_a, centre, other_facility_staff):
    referral = send(collaborator_a, case_a, centre).referral
    for intruder in (collaborator_a, other_facility_staff):
        with pytest.raises(PermissionDenied):
            services.referral_accept(actor=intruder, referral=referral)
    referral.refresh_from_db()
    assert referral.status == R.SENT


def test_sender_answers_for_a_provider_without_portal_users(collaborator_a, case_a, commune_b):
    hospital = FacilityFactory(commune=commune_b, has_portal_users=False, services=[service()])
    referral = send(collaborator_a, case_a, hospital, urgency=Urgency.URGENT).referral
    referral = services.referral_accept(
        actor=collaborator_a, referral=referral, note="Gọi điện xác nhận"
    )
    assert referral.status == R.ACCEPTED and referral.answered_on_behalf
    assert referral.transitions.get(to_status=R.ACCEPTED).on_behalf


def test_declined_stays_first_on_the_senders_list_until_rereferred(
    collaborator_a, case_a, centre, centre_staff, commune_b
):
    declined = send(collaborator_a, case_a, centre).referral
    send(collaborator_a, case_a, centre)
    services.referral_decline(actor=centre_staff, referral=declined, reason="Không phù hợp.")
    assert referral_sent(actor=collaborator_a).first() == declined
    other = CentreFactory(commune=commune_b)
    again = send(collaborator_a, case_a, other, previous=declined).referral
    declined.refresh_from_db()
    assert declined.status == R.REREFERRED and again.previous == declined
    with pytest.raises(ValidationError, match="Đã chuyển gửi nơi khác"):
        services.referral_close(actor=collaborator_a, referral=declined, reason="x")


def test_declined_can_be_closed_by_the_sender_only(collaborator_a, case_a, centre, centre_staff):
    referral = send(collaborator_a, case_a, centre).referral
    services.referral_decline(actor=centre_staff, referral=referral, reason="Không phù hợp.")
    with pytest.raises(PermissionDenied):
        services.referral_close(actor=centre_staff, referral=referral, reason="x")
    closed = services.referral_close(
        actor=collaborator_a, referral=referral, reason="Gia đình tự lo."
    )
    assert closed.status == R.CLOSED


def test_emergency_admission_from_an_accepted_referral(
    collaborator_a, case_a, centre, centre_staff
):
    referral = send(collaborator_a, case_a, centre, urgency=Urgency.EMERGENCY).referral
    referral = services.referral_accept(actor=centre_staff, referral=referral)
    assert services.leads_to_emergency_admission(referral)
    admission = admission_admit(
        actor=centre_staff, facility=centre, beneficiary=referral.beneficiary, referral=referral,
        kind=AdmissionKind.EMERGENCY, admitted_on=timezone.localdate(),
        reception_record_number="BB-9",
    )  # fmt: skip
    referral.refresh_from_db()
    assert referral.status == R.IN_SERVICE and admission.case == case_a


def test_answer_deadlines(collaborator_a, case_a, centre, settings):
    normal = send(collaborator_a, case_a, centre).referral
    assert normal.response_due_at is None
    urgent = send(collaborator_a, case_a, centre, urgency=Urgency.URGENT).referral
    assert urgent.response_due_at - urgent.sent_at == datetime.timedelta(hours=24)
    case_a.needs_emergency_protection = True
    case_a.save()
    child = send(collaborator_a, case_a, centre, urgency=Urgency.URGENT).referral
    assert child.child_emergency and child.response_due_at - child.sent_at == datetime.timedelta(
        hours=12
    )
    settings.REFERRAL_URGENT_RESPONSE_HOURS = 6
    faster = send(
        collaborator_a,
        case_a,
        centre,
        urgency=Urgency.EMERGENCY,
    ).referral
    assert faster.response_due_at - faster.sent_at == datetime.timedelta(hours=12)
    case_a.needs_emergency_protection = False
    case_a.is_child_protection = False
    case_a.save()
    adult = send(collaborator_a, case_a, centre, urgency=Urgency.URGENT).referral
    assert adult.response_due_at - adult.sent_at == datetime.timedelta(hours=6)


def test_escalation_flags_and_notifies_once(department, centre, commune_a):
    type(department).objects.filter(pk=department.pk).update(
        phone="0912345678", email="so@example.vn"
    )
    late = ReferralFactory(
        to_facility=centre, urgency=Urgency.URGENT,
        sent_at=timezone.now() - datetime.timedelta(hours=30),
        response_due_at=timezone.now() - datetime.timedelta(hours=6),
    )  # fmt: skip
    ReferralFactory(
        to_facility=centre, urgency=Urgency.URGENT,
        response_due_at=timezone.now() + datetime.timedelta(hours=6),
    )  # fmt: skip
    assert tasks.escalate_overdue.apply().get() == 1
    late.refresh_from_db()
    assert late.escalated_at is not None
    overdue = Notification.objects.filter(kind="referral.overdue")
    assert overdue.filter(recipient=department, channel="in_app").count() == 1
    assert overdue.filter(recipient=late.sender, channel="in_app").count() == 1
    # By SMS and e-mail too, to whoever has a phone or an address.
    assert set(overdue.filter(recipient=department).values_list("channel", flat=True)) == {
        "in_app",
        "sms",
        "email",
    }
    assert services.referral_escalate_overdue() == 0


def test_transition_table_is_complete():
    for status in ReferralStatus.values:
        assert status in Referral.TRANSITIONS
    assert ReferralTransition._meta.ordering == ["at", "id"]
