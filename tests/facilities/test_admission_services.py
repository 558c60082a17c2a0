"""Residents (Decree 20 Art. 24–30): admissions, dossiers, discharge, capacity."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from facilities import selectors, services
from facilities.models import (
    Admission,
    AdmissionKind,
    AdmissionStatus,
    DischargeReason,
    FacilityKind,
)
from socialwork.calendar.workdays import add_working_days
from socialwork.notifications.models import Notification
from tests.cases.factories import BeneficiaryFactory
from tests.facilities.factories import AdmissionFactory, FacilityFactory, FacilityStaffUserFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
DAY = TODAY - datetime.timedelta(days=40)


@pytest.fixture
def facility(commune_a):
    return FacilityFactory(commune=commune_a, capacity=2)


@pytest.fixture
def staff(facility):
    return FacilityStaffUserFactory(facility=facility)


@pytest.fixture
def person(commune_a):
    return BeneficiaryFactory(commune=commune_a, birth_date=datetime.date(2012, 3, 1))


def test_emergency_admission_at_once_with_record_and_deadlines(staff, facility, person):
    admission = services.admission_admit(
        actor=staff, facility=facility, beneficiary=person, kind=AdmissionKind.EMERGENCY,
        admitted_on=DAY, reception_record_number="BB-01", abandoned_child=True,
    )  # fmt: skip
    assert admission.status == AdmissionStatus.RESIDENT
    assert admission.dossier_due_on == add_working_days(DAY, 10)
    assert admission.public_notice_due_on == add_working_days(DAY, 25)


def test_emergency_admission_needs_the_reception_record(staff, facility, person):
    with pytest.raises(ValidationError) as exc:
        services.admission_admit(
            actor=staff, facility=facility, beneficiary=person, kind=AdmissionKind.EMERGENCY,
            admitted_on=DAY,
        )  # fmt: skip
    assert "biên bản tiếp nhận" in str(exc.value)
    assert not Admission.objects.exists()


def test_voluntary_care_needs_a_contract(staff, facility, person):
    with pytest.raises(ValidationError, match="hợp đồng"):
        services.admission_admit(
            actor=staff, facility=facility, beneficiary=person, kind=AdmissionKind.VOLUNTARY,
            admitted_on=DAY,
        )  # fmt: skip


def test_long_term_care_only_through_the_dossier(staff, facility, person):
    with pytest.raises(ValidationError, match="hồ sơ"):
        services.admission_admit(
            actor=staff, facility=facility, beneficiary=person, kind=AdmissionKind.LONG_TERM,
            admitted_on=DAY,
        )  # fmt: skip
    dossier = services.admission_open_dossier(
        actor=staff, facility=facility, beneficiary=person, requested_on=DAY
    )
    assert dossier.commune_review_due_on == add_working_days(DAY, 10)
    with pytest.raises(ValidationError, match="thẩm định"):
        services.admission_decide(
            actor=staff, admission=dossier, decision_number="QĐ-1", decided_on=DAY, admitted_on=DAY
        )
    with pytest.raises(ValidationError, match="xét duyệt của xã"):
        services.admission_record_step(
            actor=staff, admission=dossier, step="posting", on=DAY, without_hiv=True
        )
    reviewed = DAY + datetime.timedelta(days=3)
    dossier = services.admission_record_step(
        actor=staff, admission=dossier, step="commune_review", on=reviewed
    )
    assert dossier.posting_due_on == add_working_days(reviewed, 7)
    with pytest.raises(ValidationError, match="HIV"):
        services.admission_record_step(actor=staff, admission=dossier, step="posting", on=reviewed)
    posted = reviewed + datetime.timedelta(days=9)
    dossier = services.admission_record_step(
        actor=staff, admission=dossier, step="posting", on=posted, without_hiv=True
    )
    assert dossier.appraisal_due_on == add_working_days(posted, 7)
    appraised = posted + datetime.timedelta(days=5)
    dossier = services.admission_record_step(
        actor=staff, admission=dossier, step="appraisal", on=appraised
    )
    resident = services.admission_decide(
        actor=staff,
        admission=dossier,
        decision_number="QĐ-12",
        decided_on=appraised,
        admitted_on=appraised,
    )
    assert resident.status == AdmissionStatus.RESIDENT
    assert resident.admitted_on == appraised


def test_database_refuses_long_term_resident_without_the_steps(facility, person):
    with pytest.raises(IntegrityError), transaction.atomic():
        Admission.objects.create(
            facility=facility, beneficiary=person, kind=AdmissionKind.LONG_TERM,
            status=AdmissionStatus.RESIDENT, requested_on=DAY, admitted_on=DAY,
        )  # fmt: skip


def test_a_person_admitted_elsewhere_is_refused(staff, facility, person, commune_a):
    other = FacilityFactory(commune=commune_a)
    AdmissionFactory(
        facility=other, beneficiary=person, admitted_on=DAY - datetime.timedelta(days=5)
    )
    with pytest.raises(ValidationError) as exc:
        services.admission_admit(
            actor=staff, facility=facility, beneficiary=person, kind=AdmissionKind.TEMPORARY,
            admitted_on=DAY,
        )  # fmt: skip
    assert other.name in str(exc.value)


def test_database_refuses_overlapping_stays(facility, person):
    AdmissionFactory(
        facility=facility, beneficiary=person, admitted_on=DAY, status="discharged",
        discharged_on=DAY + datetime.timedelta(days=10), discharge_reason=DischargeReason.LEFT,
    )  # fmt: skip
    with (
        pytest.raises(IntegrityError, match="facilities_admission_no_overlap"),
        transaction.atomic(),
    ):
        AdmissionFactory(
            facility=facility, beneficiary=person, admitted_on=DAY + datetime.timedelta(days=5)
        )
    # A transfer: discharged and admitted elsewhere on the same day.
    AdmissionFactory(beneficiary=person, admitted_on=DAY + datetime.timedelta(days=10))


def test_discharge_before_admission_is_refused_and_nothing_lost(staff, facility, person):
    admission = AdmissionFactory(facility=facility, beneficiary=person, admitted_on=DAY)
    with pytest.raises(ValidationError, match="trước ngày tiếp nhận"):
        services.admission_discharge(
            actor=staff, admission=admission, discharged_on=DAY - datetime.timedelta(days=1),
            reason=DischargeReason.LEFT,
        )  # fmt: skip
    admission.refresh_from_db()
    assert admission.status == AdmissionStatus.RESIDENT
    with pytest.raises(IntegrityError, match="discharge_after_admission"), transaction.atomic():
        Admission.objects.filter(pk=admission.pk).update(
            status="discharged",
            discharged_on=DAY - datetime.timedelta(days=1),
            discharge_reason="left",
        )


def test_discharge_reason_rules_and_handover(staff, facility, person):
    admission = AdmissionFactory(facility=facility, beneficiary=person, admitted_on=DAY)
    with pytest.raises(ValidationError, match="16"):
        services.admission_discharge(
            actor=staff, admission=admission, discharged_on=TODAY, reason=DischargeReason.TURNED_16,
            handover_record_number="BG-1",
        )  # fmt: skip
    with pytest.raises(ValidationError, match="biên bản bàn giao"):
        services.admission_discharge(
            actor=staff,
            admission=admission,
            discharged_on=TODAY,
            reason=DischargeReason.REINTEGRATED,
        )
    done = services.admission_discharge(
        actor=staff, admission=admission, discharged_on=TODAY, reason=DischargeReason.REINTEGRATED,
        handover_record_number="BG-1",
    )  # fmt: skip
    assert done.status == AdmissionStatus.DISCHARGED
    assert done.handover_commune_id == person.commune_id


def test_over_capacity_needs_confirmation_and_is_reported(staff, facility, commune_a, province):
    department = UserFactory(area=province)
    AdmissionFactory.create_batch(2, facility=facility, admitted_on=DAY)
    person = BeneficiaryFactory(commune=commune_a)
    with pytest.raises(ValidationError, match="vượt công suất"):
        services.admission_admit(
            actor=staff, facility=facility, beneficiary=person, kind=AdmissionKind.TEMPORARY,
            admitted_on=TODAY,
        )  # fmt: skip
    admission = services.admission_admit(
        actor=staff, facility=facility, beneficiary=person, kind=AdmissionKind.TEMPORARY,
        admitted_on=TODAY, confirm_over_capacity=True,
    )  # fmt: skip
    assert admission.over_capacity
    assert Notification.objects.filter(
        recipient=department, kind="admission.over_capacity"
    ).exists()


def test_external_partner_admits_no_one(province, commune_a, person):
    rehab = FacilityFactory(commune=commune_a, kind=FacilityKind.DRUG_REHAB, capacity=100)
    department = UserFactory(area=province)
    with pytest.raises(ValidationError, match="đối tác bên ngoài"):
        services.admission_admit(
            actor=department, facility=rehab, beneficiary=person, kind=AdmissionKind.TEMPORARY,
            admitted_on=DAY,
        )  # fmt: skip


def test_another_facility_staff_cannot_admit(facility, person, commune_a):
    stranger = FacilityStaffUserFactory(facility=FacilityFactory(commune=commune_a))
    with pytest.raises(PermissionDenied):
        services.admission_admit(
            actor=stranger, facility=facility, beneficiary=person, kind=AdmissionKind.TEMPORARY,
            admitted_on=DAY,
        )  # fmt: skip


def test_occupancy_per_day_and_over_time(facility):
    AdmissionFactory(facility=facility, admitted_on=DAY)
    AdmissionFactory(
        facility=facility, admitted_on=DAY, status="discharged",
        discharged_on=TODAY - datetime.timedelta(days=1), discharge_reason="left",
    )  # fmt: skip
    assert services.facility_occupancy(facility=facility, day=DAY) == 2
    assert services.facility_occupancy(facility=facility) == 1
    series = selectors.occupancy_series(facility=facility, months=3)
    assert series[-1] == (TODAY, 1)
    assert len(series) == 4
