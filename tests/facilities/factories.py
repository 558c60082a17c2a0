"""Factories for the facility network, building on tests/factories.py."""

import datetime

import factory

from facilities.models import (
    Facility,
    FacilityKind,
    FacilityScopePeriod,
    Qualification,
    SocialWorkAssignment,
    StaffAssignment,
    StaffMember,
)
from tests.factories import CommuneFactory, FacilityUserFactory


class FacilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Facility
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Trung tâm Bảo trợ xã hội số {n}")
    kind = FacilityKind.GENERAL_CARE
    commune = factory.SubFactory(CommuneFactory)
    address = "12 Lê Duẩn"
    capacity = 120
    has_portal_users = True

    @factory.post_generation
    def services(obj, create, extracted, **kwargs):  # noqa: N805
        if create and extracted:
            obj.services.set(extracted)


class SchoolFactory(FacilityFactory):
    name = factory.Sequence(lambda n: f"Trường THCS số {n}")
    kind = FacilityKind.SCHOOL
    capacity = None
    has_portal_users = False


class ScopePeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FacilityScopePeriod

    facility = factory.SubFactory(FacilityFactory)
    in_ctxh01_scope = True
    in_ctxh02_plan = True
    valid_from = datetime.date(2021, 1, 1)


class StaffMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffMember

    full_name = factory.Sequence(lambda n: f"Nguyễn Thị Hoa {n}")
    facility = factory.SubFactory(FacilityFactory)
    position = "Nhân viên công tác xã hội"
    qualification = Qualification.BACHELOR
    started_on = datetime.date(2020, 1, 1)


class StaffAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffAssignment

    staff = factory.SubFactory(StaffMemberFactory)
    assignment = SocialWorkAssignment.FULL_TIME
    valid_from = factory.SelfAttribute("staff.started_on")


class FacilityStaffUserFactory(FacilityUserFactory):
    """A facility login linked to a staff member: FacilityStaffUserFactory(facility=f)."""

    @factory.post_generation
    def facility(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            StaffMemberFactory(user=obj, facility=extracted or FacilityFactory())


class AdmissionFactory(factory.django.DjangoModelFactory):
    """A resident admitted in an emergency (the simplest valid stay)."""

    class Meta:
        model = "facilities.Admission"

    facility = factory.SubFactory(FacilityFactory)
    beneficiary = factory.SubFactory("tests.cases.factories.BeneficiaryFactory")
    kind = "emergency"
    status = "resident"
    requested_on = datetime.date(2025, 9, 1)
    admitted_on = datetime.date(2025, 9, 1)
    reception_record_number = factory.Sequence(lambda n: f"BB-{n}")
