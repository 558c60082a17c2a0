"""The facility network's FilterSets through the API: each filter narrows, a
bad value is a 400 naming the parameter, and a facility's staff never see
another facility's staff or residents under any filter."""

import pytest

from facilities.models import (
    AdmissionKind,
    AdmissionStatus,
    FacilityKind,
    Ownership,
    Qualification,
    ServiceGroup,
    ServiceType,
    SocialWorkAssignment,
)
from tests.cases.casework.test_filters import HUGE, ids, refused
from tests.cases.referrals.factories import service
from tests.facilities.factories import (
    AdmissionFactory,
    FacilityFactory,
    FacilityStaffUserFactory,
    SchoolFactory,
    StaffAssignmentFactory,
    StaffMemberFactory,
)

pytestmark = pytest.mark.django_db


def test_facility_filters(client, department, commune_a, commune_b):
    home = FacilityFactory(
        name="Trung tâm Bảo trợ Hòa Bình",
        commune=commune_a,
        services=[service("cham_soc_tai_co_so")],
    )
    school = SchoolFactory(commune=commune_b, ownership=Ownership.PRIVATE, is_active=False)
    url = "/api/v1/facilities/"
    assert ids(client, department, url, q="hoa binh") == {home.pk}
    assert ids(client, department, url, kind=FacilityKind.SCHOOL) == {school.pk}
    assert ids(client, department, url, commune=commune_b.pk) == {school.pk}
    assert school.pk in ids(client, department, url, ownership=Ownership.PRIVATE)
    assert home.pk not in ids(client, department, url, ownership=Ownership.PRIVATE)
    assert ids(client, department, url, service=service("cham_soc_tai_co_so").pk) >= {home.pk}
    assert school.pk not in ids(client, department, url, service=service("cham_soc_tai_co_so").pk)
    assert school.pk in ids(client, department, url, is_active="false")
    assert home.pk not in ids(client, department, url, is_active="false")
    for params in (
        {"kind": "castle"},
        {"commune": "x"},
        {"ownership": "x"},
        {"service": "x"},
        {"service": HUGE},
        {"is_active": "perhaps"},
    ):
        refused(client, department, url, **params)  # fmt: skip


def test_staff_filters_narrow_and_stay_in_the_facility(client, department):
    home, other = FacilityFactory(), FacilityFactory()
    nurse = StaffMemberFactory(
        full_name="Lê Thị Hồng", facility=home, qualification=Qualification.COLLEGE
    )
    StaffAssignmentFactory(staff=nurse, assignment=SocialWorkAssignment.PART_TIME)
    cook = StaffMemberFactory(full_name="Phạm Văn Nam", facility=home)
    theirs = StaffMemberFactory(full_name="Lê Thị Hồng", facility=other)  # fmt: skip
    url = "/api/v1/staff/"
    assert ids(client, department, url, facility=home.pk) == {nurse.pk, cook.pk}
    assert ids(client, department, url, q="le thi hong") == {nurse.pk, theirs.pk}
    assert ids(client, department, url, qualification=Qualification.COLLEGE) == {nurse.pk}
    assignment = SocialWorkAssignment.PART_TIME
    assert ids(client, department, url, assignment=assignment) == {nurse.pk}
    assert cook.pk in ids(client, department, url, assignment=SocialWorkAssignment.NONE)
    staff = FacilityStaffUserFactory(facility=home)
    assert theirs.pk not in ids(client, staff, url, q="le thi hong")
    assert ids(client, staff, url, facility=other.pk) == set()
    for params in ({"facility": "x"}, {"qualification": "x"}, {"assignment": "x"}):
        refused(client, department, url, **params)


def test_service_type_filters(client, department):
    url = "/api/v1/service-types/"
    care = ServiceType.objects.filter(group=ServiceGroup.FACILITY_CARE)
    assert ids(client, department, url, group=ServiceGroup.FACILITY_CARE) == set(
        care.values_list("pk", flat=True)
    )
    counted = ServiceType.objects.filter(counts_as_ctxh_service=True)
    assert ids(client, department, url, counts_as_ctxh_service="true") == set(
        counted.values_list("pk", flat=True)
    )
    for params in ({"group": "x"}, {"counts_as_assistance": "perhaps"}):
        refused(client, department, url, **params)


def test_admission_filters_narrow_and_stay_in_the_facility(client, department):
    home, other = FacilityFactory(), FacilityFactory()
    resident = AdmissionFactory(facility=home, over_capacity=True)
    dossier = AdmissionFactory(
        facility=home, kind=AdmissionKind.LONG_TERM, status=AdmissionStatus.DOSSIER,
        admitted_on=None, reception_record_number="",
    )  # fmt: skip
    theirs = AdmissionFactory(facility=other)
    url = "/api/v1/admissions/"
    assert ids(client, department, url, facility=home.pk) == {resident.pk, dossier.pk}
    assert ids(client, department, url, status=AdmissionStatus.DOSSIER) == {dossier.pk}
    assert ids(client, department, url, kind=AdmissionKind.LONG_TERM) == {dossier.pk}
    assert ids(client, department, url, over_capacity="true") == {resident.pk}
    assert ids(client, department, url, beneficiary=theirs.beneficiary_id) == {theirs.pk}
    staff = FacilityStaffUserFactory(facility=home)
    assert ids(client, staff, url, facility=other.pk) == set()
    assert ids(client, staff, url, beneficiary=theirs.beneficiary_id) == set()
    for params in ({"status": "x"}, {"kind": "x"}, {"beneficiary": "x"}, {"facility": HUGE}):
        refused(client, department, url, **params)
