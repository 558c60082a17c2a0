import datetime

import pytest
from django.db import IntegrityError

from facilities.models import (
    Ctxh01Group,
    FacilityKind,
    ServiceType,
    SocialWorkAssignment,
)
from tests.facilities.factories import (
    FacilityFactory,
    SchoolFactory,
    ScopePeriodFactory,
    StaffAssignmentFactory,
    StaffMemberFactory,
)

pytestmark = pytest.mark.django_db


def test_catalogue_is_loaded_by_the_data_migration():
    codes = set(ServiceType.objects.values_list("code", flat=True))
    assert {"tu_van", "cham_soc_khan_cap", "tro_cap_hang_thang", "cham_soc_tai_co_so"} <= codes
    allowance = ServiceType.objects.get(code="tro_cap_hang_thang")
    assert (allowance.counts_as_assistance, allowance.counts_as_ctxh_service) == (True, False)


@pytest.mark.parametrize("capacity", [0, -5])
def test_database_refuses_zero_or_negative_capacity(capacity):
    with pytest.raises(IntegrityError, match="facilities_facility_capacity_positive"):
        FacilityFactory(capacity=capacity)


def test_database_refuses_a_residential_facility_without_capacity():
    with pytest.raises(IntegrityError, match="facilities_facility_residential_has_capacity"):
        FacilityFactory(kind=FacilityKind.ELDERLY_CARE, capacity=None)


def test_a_school_needs_no_capacity_and_does_not_admit():
    school = SchoolFactory()
    assert school.capacity is None
    assert not school.admits_residents
    assert school.ctxh01_group == Ctxh01Group.SCHOOL


def test_drug_rehab_is_an_external_partner_without_admissions():
    rehab = FacilityFactory(kind=FacilityKind.DRUG_REHAB, capacity=300)
    assert rehab.is_external_partner
    assert not rehab.admits_residents


def test_search_name_is_accent_free():
    facility = FacilityFactory(name="Trung tâm Công tác xã hội tỉnh Đắk Lắk")
    assert facility.search_name == "trung tam cong tac xa hoi tinh dak lak"


def test_database_refuses_overlapping_scope_periods():
    period = ScopePeriodFactory(valid_from=datetime.date(2021, 1, 1), valid_to=None)
    with pytest.raises(IntegrityError, match="facilities_scope_period_no_overlap"):
        ScopePeriodFactory(facility=period.facility, valid_from=datetime.date(2024, 1, 1))


def test_database_refuses_assignment_ending_before_it_starts():
    staff = StaffMemberFactory()
    with pytest.raises(IntegrityError, match="facilities_assignment_order"):
        StaffAssignmentFactory(
            staff=staff, valid_from=datetime.date(2024, 5, 1), valid_to=datetime.date(2024, 4, 1)
        )


def test_database_refuses_overlapping_assignments():
    first = StaffAssignmentFactory(valid_to=datetime.date(2024, 12, 31))
    with pytest.raises(IntegrityError, match="facilities_assignment_no_overlap"):
        StaffAssignmentFactory(
            staff=first.staff,
            assignment=SocialWorkAssignment.PART_TIME,
            valid_from=datetime.date(2024, 12, 31),
        )


def test_database_refuses_leaving_before_starting():
    with pytest.raises(IntegrityError, match="facilities_staff_left_after_start"):
        StaffMemberFactory(started_on=datetime.date(2024, 1, 1), left_on=datetime.date(2023, 1, 1))
