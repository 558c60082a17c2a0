import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from collaborators import selectors
from socialwork.accounts.models import Role
from tests.factories import CommuneFactory, LeadershipUserFactory, UserFactory

from .factories import AttendanceFactory, CollaboratorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(province):
    return UserFactory(role=Role.DEPARTMENT, area=province)


class TestCoverage:
    def test_counts_active_per_commune_and_lists_the_uncovered(
        self, staff, commune_a, commune_b, django_assert_num_queries
    ):
        CollaboratorFactory.create_batch(3, user__area=commune_a)
        CollaboratorFactory(user__area=commune_a, ended_on=datetime.date(2025, 1, 1))
        CollaboratorFactory(user__area=commune_b, ended_on=datetime.date(2025, 1, 1))
        CollaboratorFactory(
            user__area=commune_b, started_on=timezone.localdate() + datetime.timedelta(days=9)
        )
        with django_assert_num_queries(1):
            report = selectors.coverage(actor=staff, order="-count")
        assert [(r.commune, r.active) for r in report.rows] == [(commune_a, 3), (commune_b, 0)]
        assert report.uncovered == [commune_b]
        assert (report.covered, report.communes, report.share) == (1, 2, 50.0)
        assert not report.all_covered

    def test_query_count_does_not_grow_with_communes(
        self, staff, province, django_assert_num_queries
    ):
        for _i in range(12):
            CollaboratorFactory(user__area=CommuneFactory(parent=province))
        with django_assert_num_queries(1):
            report = selectors.coverage(actor=staff)
        assert report.all_covered and report.share == 100.0

    def test_per_thousand_beneficiaries(self, commune_a):
        assert selectors.CoverageRow(commune_a, 3, 1500, None).per_thousand == 2.0
        assert selectors.CoverageRow(commune_a, 3, None, None).per_thousand is None
        assert selectors.CoverageRow(commune_a, 3, 0, None).per_thousand is None

    def test_leadership_reads_counts_collaborators_do_not(self, commune_a):
        collaborator = CollaboratorFactory(user__area=commune_a)
        assert selectors.coverage(actor=LeadershipUserFactory()).communes == 1
        with pytest.raises(PermissionDenied):
            selectors.coverage(actor=collaborator.user)


class TestTrainingStatus:
    def test_never_trained_and_refresher_due(self, staff, commune_a, settings):
        settings.COLLABORATORS_REFRESHER_YEARS = 2
        today = datetime.date(2026, 11, 23)
        never = CollaboratorFactory(user__area=commune_a)
        AttendanceFactory(collaborator=never, completed=False)
        recent = AttendanceFactory(
            collaborator__user__area=commune_a,
            course__starts_on=datetime.date(2025, 3, 1),
            course__ends_on=datetime.date(2025, 3, 2),
        ).collaborator
        old = AttendanceFactory(
            collaborator__user__area=commune_a,
            course__starts_on=datetime.date(2024, 11, 1),
            course__ends_on=datetime.date(2024, 11, 2),
        ).collaborator
        assert list(selectors.never_trained(actor=staff)) == [never]
        assert list(selectors.refresher_due(actor=staff, today=today)) == [old]
        settings.COLLABORATORS_REFRESHER_YEARS = 1
        due = set(selectors.refresher_due(actor=staff, today=today))
        assert due == {old, recent}


class TestCases:
    def test_open_cases_empty_until_cases_exist(self, commune_a):
        collaborator = CollaboratorFactory(user__area=commune_a)
        assert selectors.open_cases_for(collaborator.user) == []

    def test_caseload_has_a_value_per_collaborator(self, staff, commune_a):
        CollaboratorFactory.create_batch(2, user__area=commune_a)
        rows = list(selectors.caseload_list(actor=staff))
        assert len(rows) == 2
        assert all(hasattr(r, "open_cases") for r in rows)

    def test_caseload_refused_to_collaborators(self, commune_a):
        collaborator = CollaboratorFactory(user__area=commune_a)
        with pytest.raises(PermissionDenied):
            selectors.caseload_list(actor=collaborator.user)
