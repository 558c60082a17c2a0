import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from collaborators import selectors
from socialwork.accounts.models import Role
from tests.cases.casework.factories import CaseFactory, ServiceDeliveryFactory
from tests.cases.factories import BeneficiaryFactory
from tests.factories import CommuneFactory, LeadershipUserFactory, UserFactory

from .factories import AttendanceFactory, ClosedCaseFactory, CollaboratorFactory

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
        with django_assert_num_queries(3):
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
        with django_assert_num_queries(3):
            report = selectors.coverage(actor=staff)
        assert report.all_covered and report.share == 100.0

    def test_per_thousand_beneficiaries(self, commune_a):
        assert selectors.CoverageRow(commune_a, 3, 1500, 0).per_thousand == 2.0
        assert selectors.CoverageRow(commune_a, 3, 0, 0).per_thousand is None

    def test_beneficiaries_and_open_cases_counted_per_commune(
        self, staff, commune_a, commune_b, django_assert_num_queries
    ):
        CollaboratorFactory(user__area=commune_a)
        people = BeneficiaryFactory.create_batch(4, commune=commune_a)
        BeneficiaryFactory(commune=commune_a, merged_into=people[0])  # a duplicate: not counted
        BeneficiaryFactory(commune=commune_b)
        CaseFactory(beneficiary=people[0])
        ClosedCaseFactory(
            beneficiary=people[1],
        )
        with django_assert_num_queries(3):
            rows = {r.commune: r for r in selectors.coverage(actor=staff).rows}
        assert (rows[commune_a].beneficiaries, rows[commune_a].open_cases) == (4, 1)
        assert rows[commune_a].per_thousand == 250.0
        assert (rows[commune_b].beneficiaries, rows[commune_b].open_cases) == (1, 0)
        assert rows[commune_b].per_thousand == 0.0

    def test_people_and_cases_are_read_from_the_commune_tallies_not_counted(self, staff, commune_a):
        """A province's page costs its communes, not its million people: no
        query of the coverage reads the register or the cases (cases.tallies)."""
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        BeneficiaryFactory.create_batch(2, commune=commune_a)
        with CaptureQueriesContext(connection) as captured:
            rows = selectors.coverage(actor=staff).rows
        assert [r.beneficiaries for r in rows] == [2]
        sql = " ".join(q["sql"] for q in captured)
        assert '"cases_communetally"' in sql
        assert '"cases_beneficiary"' not in sql and '"cases_case"' not in sql

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
    def test_open_cases_are_the_assigned_unclosed_ones(self, commune_a):
        collaborator = CollaboratorFactory(user__area=commune_a)
        mine = CaseFactory(beneficiary__commune=commune_a, assigned_worker=collaborator.user)
        ClosedCaseFactory(
            beneficiary__commune=commune_a,
            assigned_worker=collaborator.user,
        )
        CaseFactory(beneficiary__commune=commune_a)  # nobody's
        assert selectors.open_cases_for(collaborator.user) == [mine]

    def test_caseload_counts(self, staff, commune_a, django_assert_num_queries):
        busy, idle = CollaboratorFactory.create_batch(2, user__area=commune_a)
        now = timezone.now()
        overdue = CaseFactory(
            beneficiary__commune=commune_a,
            assigned_worker=busy.user,
            next_deadline=now - datetime.timedelta(hours=2),
        )
        CaseFactory(
            beneficiary__commune=commune_a,
            assigned_worker=busy.user,
            next_deadline=now + datetime.timedelta(days=3),
        )
        ClosedCaseFactory(
            beneficiary__commune=commune_a,
            assigned_worker=busy.user,
            next_deadline=now - datetime.timedelta(days=2),
        )
        today = timezone.localdate()
        ServiceDeliveryFactory(case=overdue, delivered_by=busy.user, delivered_on=today)
        last_month = today.replace(day=1) - datetime.timedelta(days=1)
        ServiceDeliveryFactory(case=overdue, delivered_by=busy.user, delivered_on=last_month)
        with django_assert_num_queries(1):
            rows = {c.pk: c for c in selectors.caseload_list(actor=staff)}
        assert (
            rows[busy.pk].open_cases,
            rows[busy.pk].overdue_follow_ups,
            rows[busy.pk].services_this_month,
        ) == (2, 1, 1)
        assert (
            rows[idle.pk].open_cases,
            rows[idle.pk].overdue_follow_ups,
            rows[idle.pk].services_this_month,
        ) == (0, 0, 0)

    def test_home_summary_due_follow_ups_first_and_only_mine(self, commune_a):
        me = CollaboratorFactory(user__area=commune_a)
        colleague = CollaboratorFactory(user__area=commune_a)
        now = timezone.now()
        later_today = CaseFactory(
            beneficiary__commune=commune_a,
            assigned_worker=me.user,
            next_deadline=timezone.make_aware(
                datetime.datetime.combine(timezone.localdate(), datetime.time(23, 59))
            ),
        )
        past = CaseFactory(
            beneficiary__commune=commune_a,
            assigned_worker=me.user,
            next_deadline=now - datetime.timedelta(days=1),
        )
        CaseFactory(  # not due yet
            beneficiary__commune=commune_a,
            assigned_worker=me.user,
            next_deadline=now + datetime.timedelta(days=2),
        )
        CaseFactory(  # a colleague's
            beneficiary__commune=commune_a,
            assigned_worker=colleague.user,
            next_deadline=now - datetime.timedelta(days=1),
        )
        summary = selectors.home_summary(user=me.user)
        assert summary.due_follow_ups == [past, later_today]
        assert len(summary.open_cases) == 3

    def test_caseload_refused_to_collaborators(self, commune_a):
        collaborator = CollaboratorFactory(user__area=commune_a)
        with pytest.raises(PermissionDenied):
            selectors.caseload_list(actor=collaborator.user)


def test_the_course_list_is_newest_first_in_a_stable_order(staff):
    from .factories import TrainingCourseFactory

    day = datetime.date(2025, 6, 1)
    old = TrainingCourseFactory(
        starts_on=datetime.date(2024, 5, 1), ends_on=datetime.date(2024, 5, 2)
    )
    new, same_day = TrainingCourseFactory.create_batch(2, starts_on=day, ends_on=day)
    courses = selectors.course_list(actor=staff)
    assert courses.ordered
    assert list(courses) == [new, same_day, old]
