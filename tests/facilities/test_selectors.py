import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from facilities import selectors
from facilities.models import SocialWorkAssignment, StaffMember
from tests.facilities.factories import (
    FacilityFactory,
    FacilityStaffUserFactory,
    SchoolFactory,
    StaffAssignmentFactory,
    StaffMemberFactory,
)
from tests.factories import (
    CollaboratorUserFactory,
    CommuneLeaderFactory,
    CommuneOfficialFactory,
    FacilityUserFactory,
    LeadershipUserFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_user_facility_id_follows_the_staff_link():
    facility = FacilityFactory()
    user = FacilityStaffUserFactory(facility=facility)
    assert selectors.user_facility_id(user) == facility.pk
    assert selectors.user_facility_id(FacilityUserFactory()) is None
    assert selectors.user_facility_id(UserFactory()) is None


@pytest.mark.parametrize(
    "factory",
    [
        UserFactory,
        LeadershipUserFactory,
        CollaboratorUserFactory,
        CommuneOfficialFactory,
        CommuneLeaderFactory,
        FacilityUserFactory,
    ],
)
def test_every_signed_in_role_reads_the_whole_network(factory, commune_a, commune_b):
    FacilityFactory(commune=commune_a)
    FacilityFactory(commune=commune_b)
    assert selectors.facility_list(actor=factory(area=commune_a)).count() == 2


def test_facility_staff_see_only_their_own_facility_staff():
    own, other = FacilityFactory(), FacilityFactory()
    user = FacilityStaffUserFactory(facility=own)
    colleague = StaffMemberFactory(facility=own)
    stranger = StaffMemberFactory(facility=other)
    visible = set(selectors.staff_list(actor=user))
    assert colleague in visible
    assert stranger not in visible
    with pytest.raises(Http404):
        selectors.staff_get(actor=user, staff_id=stranger.pk)


def test_a_member_who_left_loses_the_facility_scope():
    user = FacilityStaffUserFactory()
    StaffMember.objects.filter(user=user).update(left_on=datetime.date(2024, 1, 1))
    assert selectors.user_facility_id(user) is None
    assert not selectors.staff_list(actor=user).exists()


def test_facility_login_without_staff_link_sees_no_staff():
    StaffMemberFactory()
    assert not selectors.staff_list(actor=FacilityUserFactory()).exists()


@pytest.mark.parametrize(
    "factory", [CollaboratorUserFactory, CommuneOfficialFactory, CommuneLeaderFactory]
)
def test_commune_roles_see_no_staff(factory, commune_a):
    staff = StaffMemberFactory(facility=FacilityFactory(commune=commune_a))
    user = factory(area=commune_a)
    assert not selectors.staff_list(actor=user).exists()
    with pytest.raises(Http404):
        selectors.staff_get(actor=user, staff_id=staff.pk)


def test_leadership_is_refused_staff_records():
    staff = StaffMemberFactory()
    with pytest.raises(PermissionDenied):
        selectors.staff_list(actor=LeadershipUserFactory())
    with pytest.raises(PermissionDenied):
        selectors.staff_get(actor=LeadershipUserFactory(), staff_id=staff.pk)


def test_social_work_staff_count_is_taken_on_the_day():
    facility = FacilityFactory()
    StaffAssignmentFactory(staff__facility=facility, valid_to=datetime.date(2023, 12, 31))
    StaffAssignmentFactory(
        staff__facility=facility,
        assignment=SocialWorkAssignment.PART_TIME,
        valid_from=datetime.date(2024, 1, 1),
    )
    StaffAssignmentFactory(staff__facility=facility, assignment=SocialWorkAssignment.NONE)
    department = UserFactory()
    on = {
        day: selectors.facility_list(actor=department, day=day).get().social_work_staff
        for day in (datetime.date(2023, 6, 1), datetime.date(2024, 6, 1))
    }
    assert on == {datetime.date(2023, 6, 1): 1, datetime.date(2024, 6, 1): 1}
    assert (
        selectors.facility_list(actor=department, day=datetime.date(2019, 1, 1))
        .get()
        .social_work_staff
        == 0
    )


def test_staff_who_left_are_not_counted():
    facility = FacilityFactory()
    StaffAssignmentFactory(staff__facility=facility, staff__left_on=datetime.date(2024, 3, 1))
    department = UserFactory()
    assert (
        selectors.facility_list(actor=department, day=datetime.date(2024, 2, 1))
        .get()
        .social_work_staff
        == 1
    )
    assert (
        selectors.facility_list(actor=department, day=datetime.date(2024, 4, 1))
        .get()
        .social_work_staff
        == 0
    )


def test_facility_filter_by_kind_and_commune(commune_a, commune_b):
    care = FacilityFactory(commune=commune_a)
    school = SchoolFactory(commune=commune_b)
    department = UserFactory()
    assert list(selectors.facility_list(actor=department, filters={"kind": ["school"]})) == [school]
    assert list(selectors.facility_list(actor=department, filters={"commune": commune_a.pk})) == [
        care
    ]


def test_staff_filter_by_current_assignment():
    doing = StaffAssignmentFactory().staff
    not_doing = StaffAssignmentFactory(assignment=SocialWorkAssignment.NONE).staff
    department = UserFactory()
    assert list(selectors.staff_list(actor=department, filters={"assignment": "full_time"})) == [
        doing
    ]
    assert list(selectors.staff_list(actor=department, filters={"assignment": "none"})) == [
        not_doing
    ]
