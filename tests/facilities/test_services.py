import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cases.models import ReferralStatus
from facilities import services
from facilities.models import (
    AdmissionKind,
    AdmissionStatus,
    Facility,
    FacilityKind,
    FacilityScopePeriod,
    ServiceType,
    SocialWorkAssignment,
    StaffAssignment,
)
from tests.cases.casework.factories import CaseFactory
from tests.cases.factories import BeneficiaryFactory
from tests.cases.referrals.factories import service
from tests.cases.referrals.test_services import send
from tests.facilities.factories import (
    FacilityFactory,
    FacilityStaffUserFactory,
    StaffAssignmentFactory,
    StaffMemberFactory,
)
from tests.factories import (
    CollaboratorUserFactory,
    CommuneFactory,
    FacilityUserFactory,
    ProvinceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def department(province):
    return UserFactory(area=province)


def _create(department, commune, **overrides):
    values = {
        "actor": department,
        "name": "Trung tâm Bảo trợ xã hội tỉnh Đắk Lắk",
        "kind": FacilityKind.GENERAL_CARE,
        "commune": commune,
        "capacity": 150,
    }
    values.update(overrides)
    return services.facility_create(**values)


def test_facility_create_sets_services_and_opens_a_scope_period(department, commune_a):
    shelter = ServiceType.objects.get(code="cham_soc_khan_cap")
    facility = _create(
        department,
        commune_a,
        services=[shelter],
        in_ctxh02_plan=True,
        scope_from=datetime.date(2025, 7, 1),
    )
    assert list(facility.services.all()) == [shelter]
    period = FacilityScopePeriod.objects.get(facility=facility)
    assert (period.in_ctxh01_scope, period.in_ctxh02_plan) == (True, True)
    assert (period.valid_from, period.valid_to) == (datetime.date(2025, 7, 1), None)


@pytest.mark.parametrize("capacity", [0, -3])
def test_facility_create_refuses_zero_or_negative_capacity(department, commune_a, capacity):
    with pytest.raises(ValidationError) as refused:
        _create(department, commune_a, capacity=capacity)
    assert refused.value.messages == ["Công suất phải là số giường lớn hơn 0."]
    assert not Facility.objects.exists()


def test_facility_update_refuses_zero_capacity_and_keeps_the_saved_value(department, commune_a):
    facility = _create(department, commune_a, capacity=80)
    with pytest.raises(ValidationError, match="lớn hơn 0"):
        services.facility_update(actor=department, facility=facility, capacity=0)
    facility.refresh_from_db()
    assert facility.capacity == 80


def test_residential_facility_without_capacity_is_refused(department, commune_a):
    with pytest.raises(ValidationError, match="phải ghi công suất"):
        _create(department, commune_a, kind=FacilityKind.ELDERLY_CARE, capacity=None)


def test_non_residential_unit_may_have_no_capacity(department, commune_a):
    school = _create(department, commune_a, name="Trường THCS Ea Tu", kind="school", capacity=None)
    assert school.capacity is None


def test_facility_create_refuses_a_commune_outside_the_province(department):
    elsewhere = CommuneFactory(parent=ProvinceFactory(code="01", name="Thành phố Hà Nội"))
    with pytest.raises(ValidationError) as refused:
        _create(department, elsewhere)
    assert "commune" in refused.value.message_dict
    assert not Facility.objects.exists()


def test_facility_create_refuses_a_province_as_commune(department, province):
    with pytest.raises(ValidationError, match="Xã, phường phải thuộc tỉnh"):
        _create(department, province)


@pytest.mark.parametrize("factory", [CollaboratorUserFactory, FacilityUserFactory])
def test_only_the_department_edits_the_register(factory, commune_a):
    with pytest.raises(PermissionDenied):
        _create(factory(area=commune_a), commune_a)


def test_set_scope_closes_the_previous_period_so_the_past_stays(department, commune_a):
    facility = _create(department, commune_a, scope_from=datetime.date(2021, 1, 1))
    services.facility_set_scope(
        actor=department,
        facility=facility,
        in_ctxh01_scope=True,
        in_ctxh02_plan=True,
        valid_from=datetime.date(2025, 1, 1),
    )
    rows = list(
        FacilityScopePeriod.objects.filter(facility=facility)
        .order_by("valid_from")
        .values_list("valid_from", "valid_to", "in_ctxh02_plan")
    )
    assert rows == [
        (datetime.date(2021, 1, 1), datetime.date(2024, 12, 31), False),
        (datetime.date(2025, 1, 1), None, True),
    ]


def test_set_scope_before_a_later_period_is_refused(department, commune_a):
    facility = _create(department, commune_a, scope_from=datetime.date(2025, 1, 1))
    with pytest.raises(ValidationError, match="chọn ngày muộn hơn"):
        services.facility_set_scope(
            actor=department,
            facility=facility,
            in_ctxh01_scope=False,
            in_ctxh02_plan=False,
            valid_from=datetime.date(2024, 1, 1),
        )


def test_staff_create_records_the_assignment_from_the_start(department):
    facility = FacilityFactory()
    user = FacilityUserFactory()
    staff = services.staff_create(
        actor=department,
        facility=facility,
        full_name="Võ Thị Mai",
        started_on=datetime.date(2023, 3, 1),
        assignment=SocialWorkAssignment.FULL_TIME,
        user=user,
    )
    assert user.staff_member == staff
    assignment = staff.assignments.get()
    assert (assignment.assignment, assignment.valid_from) == (
        "full_time",
        datetime.date(2023, 3, 1),
    )


def test_staff_login_must_be_a_facility_user(department):
    with pytest.raises(ValidationError, match="vai trò nhân viên cơ sở"):
        services.staff_create(
            actor=department,
            facility=FacilityFactory(),
            full_name="Lê Văn An",
            started_on=datetime.date(2023, 3, 1),
            user=CollaboratorUserFactory(),
        )


def test_staff_assign_closes_the_open_assignment_the_day_before(department):
    first = StaffAssignmentFactory(assignment=SocialWorkAssignment.NONE)
    services.staff_assign(
        actor=department,
        staff=first.staff,
        assignment=SocialWorkAssignment.PART_TIME,
        valid_from=datetime.date(2024, 6, 1),
    )
    first.refresh_from_db()
    assert first.valid_to == datetime.date(2024, 5, 31)
    assert first.staff.assignments.count() == 2


def test_staff_assign_refuses_an_end_before_the_start_and_keeps_what_was_saved(department):
    first = StaffAssignmentFactory()
    with pytest.raises(ValidationError) as refused:
        services.staff_assign(
            actor=department,
            staff=first.staff,
            assignment=SocialWorkAssignment.PART_TIME,
            valid_from=datetime.date(2024, 6, 1),
            valid_to=datetime.date(2024, 5, 1),
        )
    assert refused.value.message_dict == {
        "valid_to": ["Ngày kết thúc phân công không được trước ngày bắt đầu."]
    }
    first.refresh_from_db()
    assert first.valid_to is None
    assert StaffAssignment.objects.count() == 1


def test_staff_assign_refuses_a_date_before_employment(department):
    staff = StaffMemberFactory(started_on=datetime.date(2022, 1, 1))
    with pytest.raises(ValidationError, match="trong thời gian nhân viên làm việc"):
        services.staff_assign(
            actor=department,
            staff=staff,
            assignment=SocialWorkAssignment.FULL_TIME,
            valid_from=datetime.date(2021, 1, 1),
        )


def test_staff_leaving_ends_the_open_assignment(department):
    first = StaffAssignmentFactory()
    services.staff_update(actor=department, staff=first.staff, left_on=datetime.date(2025, 2, 28))
    first.refresh_from_db()
    assert first.valid_to == datetime.date(2025, 2, 28)


def test_staff_leaving_before_starting_is_refused(department):
    staff = StaffMemberFactory(started_on=datetime.date(2024, 1, 1))
    with pytest.raises(ValidationError, match="Ngày thôi việc không được trước"):
        services.staff_update(actor=department, staff=staff, left_on=datetime.date(2023, 1, 1))
    staff.refresh_from_db()
    assert staff.left_on is None


@pytest.fixture
def referred_case(commune_a, collaborator_a):
    person = BeneficiaryFactory(commune=commune_a)
    return CaseFactory(beneficiary=person, assigned_worker=collaborator_a)


def test_accepting_a_long_term_care_referral_opens_the_dossier(
    collaborator_a, referred_case, commune_b
):
    case = referred_case
    care = service("cham_soc_tai_co_so")
    home = FacilityFactory(commune=commune_b, services=[care])
    staff = FacilityStaffUserFactory(facility=home)
    referral = send(collaborator_a, case, home, service_type=care).referral
    referral = services.admission_accept_referral(actor=staff, referral=referral)
    assert referral.status == ReferralStatus.ACCEPTED
    admission = referral.admissions.get()
    assert admission.status == AdmissionStatus.DOSSIER and admission.kind == AdmissionKind.LONG_TERM
    assert admission.case == case


def test_accepting_an_emergency_referral_leaves_the_admission_to_its_form(
    collaborator_a, referred_case, centre, centre_staff
):
    referral = send(collaborator_a, referred_case, centre).referral
    referral = services.admission_accept_referral(actor=centre_staff, referral=referral)
    assert referral.status == ReferralStatus.ACCEPTED
    assert not referral.admissions.exists()
