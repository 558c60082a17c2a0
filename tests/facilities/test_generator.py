"""The benchmark generator of the facility network: units, scope, staff and
residents exist in proportion, hold the database's rules, and follow the seed."""

import datetime

import pytest
from django.db import connection
from django.db.models import Count, F, Q

from facilities import generator
from facilities.demo import NETWORK
from facilities.models import (
    SOCIAL_ASSISTANCE_KINDS,
    Admission,
    AdmissionKind,
    AdmissionStatus,
    Facility,
    FacilityKind,
    FacilityScopePeriod,
    SocialWorkAssignment,
    StaffAssignment,
    StaffMember,
)
from socialwork.calendar.workdays import add_working_days
from socialwork.demo.generate import GeneratorContext
from socialwork.demo.generators import people
from tests.facilities.test_demo import periods_on
from tests.factories import CommuneFactory
from tests.generators import fingerprints

pytestmark = pytest.mark.django_db

PEOPLE = 4000


@pytest.fixture
def ctx(province, commune_a, commune_b):
    communes = [commune_a, commune_b, CommuneFactory(parent=province)]
    return GeneratorContext(
        people=PEOPLE, seed=3, commune_ids=[c.pk for c in communes], province_id=province.pk
    )


def _generate(ctx: GeneratorContext) -> None:
    people.generate(ctx)
    generator.generate(ctx)


def _fingerprint() -> list:
    """What the seed decides, by names and ordinals (database ids differ between runs)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT f.name, f.kind, f.address, f.has_social_work_unit,
                      (SELECT array_agg(s.full_name || s.position || s.qualification
                                        || s.started_on || coalesce(s.left_on::text, '')
                                        || (SELECT string_agg(a.assignment || a.valid_from, ','
                                                              ORDER BY a.valid_from)
                                              FROM facilities_staffassignment a
                                             WHERE a.staff_id = s.id)
                                        ORDER BY s.id)
                         FROM facilities_staffmember s WHERE s.facility_id = f.id),
                      (SELECT array_agg(a.kind || a.status || a.admitted_on
                                        || (SELECT count(*) FROM cases_beneficiary b
                                             WHERE b.id < a.beneficiary_id)
                                        ORDER BY a.admitted_on, a.kind, a.beneficiary_id)
                         FROM facilities_admission a WHERE a.facility_id = f.id)
                 FROM facilities_facility f ORDER BY f.name"""
        )
        return cursor.fetchall()


def test_the_network_of_a_province(ctx):
    _generate(ctx)
    kinds = dict(Facility.objects.values_list("kind").annotate(n=Count("id")))
    assert sum(kinds.get(k, 0) for k in SOCIAL_ASSISTANCE_KINDS) == 7
    assert kinds[FacilityKind.SOCIAL_WORK_CENTRE] == 1
    assert kinds[FacilityKind.DRUG_REHAB] == 1
    assert kinds[FacilityKind.EMPLOYMENT_SERVICE] == 1
    assert kinds[FacilityKind.COMMUNE_COMMITTEE] == len(ctx.commune_ids)
    assert kinds[FacilityKind.HOSPITAL] > 3 and kinds[FacilityKind.SCHOOL] >= 3
    assert {FacilityKind.PRISON, FacilityKind.REFORM_SCHOOL, FacilityKind.JUDICIAL} <= set(kinds)
    assert not Facility.objects.exclude(commune_id__in=ctx.commune_ids).exists()
    # Only social assistance facilities have portal users; the police-run centre is a partner.
    portal = set(Facility.objects.filter(has_portal_users=True).values_list("kind", flat=True))
    assert portal == {row[1].value for row in NETWORK if row[1] in SOCIAL_ASSISTANCE_KINDS}
    centre = Facility.objects.get(kind=FacilityKind.SOCIAL_WORK_CENTRE)
    assert centre.hotline and centre.capacity == 60
    assert set(centre.services.values_list("code", flat=True)) == set(NETWORK[0][5])
    assert not Facility.objects.filter(
        kind__in=[FacilityKind.HOSPITAL, FacilityKind.SCHOOL], services__isnull=True
    ).exists()
    assert Facility.objects.filter(search_name__contains="trung tam cong tac xa hoi").exists()


def test_units_carry_their_indicator_scope_with_dates(ctx):
    _generate(ctx)
    assert not Facility.objects.filter(scope_periods__isnull=True).exists()
    now = periods_on(datetime.date(2025, 6, 30))
    then = periods_on(datetime.date(2022, 6, 30))
    assert not now.filter(facility__kind=FacilityKind.POLICE, in_ctxh01_scope=True).exists()
    assert not now.filter(
        facility__kind=FacilityKind.COMMUNE_COMMITTEE, in_ctxh02_plan=True
    ).exists()
    planned_now = now.filter(in_ctxh02_plan=True).values("facility").distinct().count()
    planned_then = then.filter(in_ctxh02_plan=True).values("facility").distinct().count()
    # Some schools and health centres joined the plan in 2024.
    assert FacilityScopePeriod.objects.filter(valid_from=generator.PLANNED_FROM).exists()
    assert planned_now > planned_then


def test_staff_with_mixed_assignments_and_training(ctx):
    _generate(ctx)
    staff = StaffMember.objects.all()
    catalogue_staff = sum(row[6] for row in [*NETWORK, *generator.OTHER_UNITS])
    assert staff.count() > catalogue_staff + len(ctx.commune_ids)
    assert len(set(staff.values_list("qualification", flat=True))) >= 5
    assert staff.filter(facility__kind=FacilityKind.COMMUNE_COMMITTEE).exists()
    assert staff.filter(facility__kind=FacilityKind.SCHOOL).exists()
    assert staff.exclude(civil_service_title="").exists()
    assert not staff.filter(facility__ownership="private").exclude(civil_service_title="").exists()
    assert staff.filter(left_on__isnull=False).exists()
    assert not staff.filter(assignments__isnull=True).exists()
    kinds = set(StaffAssignment.objects.values_list("assignment", flat=True))
    assert kinds == set(SocialWorkAssignment.values)
    # Some took on social work later: two periods, the first "none".
    assert StaffAssignment.objects.filter(valid_from=generator.ASSIGNMENT_CHANGE).exists()
    assert not StaffAssignment.objects.filter(
        staff__left_on__isnull=False, valid_to__isnull=True
    ).exists()


def test_residents_within_capacity_and_by_decree_20(ctx):
    _generate(ctx)
    residents = Admission.objects.filter(status=AdmissionStatus.RESIDENT)
    wanted = max(generator.MIN_RESIDENTS, ctx.scaled(generator.RESIDENTS_PER_MILLION))
    assert 0.9 * wanted <= residents.count() <= wanted
    assert Admission.objects.filter(status=AdmissionStatus.DISCHARGED).count() == (
        residents.count() // 10
    )
    assert set(residents.values_list("kind", flat=True)) == set(AdmissionKind.values)
    over = Facility.objects.annotate(
        n=Count("admissions", filter=Q(admissions__status=AdmissionStatus.RESIDENT))
    ).filter(n__gt=F("capacity"))
    assert not over.exists()
    assert set(Admission.objects.values_list("facility__kind", flat=True)) <= {
        k.value for k in SOCIAL_ASSISTANCE_KINDS
    }
    # One stay per person (the exclusion constraint would refuse more anyway).
    assert Admission.objects.values("beneficiary").distinct().count() == Admission.objects.count()
    # Deadlines on the working-day calendar, as the services set them.
    for row in Admission.objects.filter(kind=AdmissionKind.LONG_TERM)[:5]:
        assert row.commune_review_due_on == add_working_days(row.requested_on, 10)
        assert row.posting_due_on == add_working_days(row.commune_reviewed_on, 7)
    for row in Admission.objects.filter(kind=AdmissionKind.EMERGENCY)[:5]:
        assert row.dossier_due_on == add_working_days(row.admitted_on, 10)
    handed_over = Admission.objects.exclude(handover_record_number="")
    assert handed_over.exists()
    assert not handed_over.exclude(handover_commune=F("beneficiary__commune")).exists()


def test_a_second_run_adds_residents_not_another_network(ctx):
    _generate(ctx)
    units, staff = Facility.objects.count(), StaffMember.objects.count()
    residents = Admission.objects.filter(status=AdmissionStatus.RESIDENT).count()
    with connection.cursor() as cursor:
        # As the generate_province tests do: the people go, the network stays.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("TRUNCATE cases_beneficiary, cases_household CASCADE")
    _generate(ctx)
    assert (Facility.objects.count(), StaffMember.objects.count()) == (units, staff)
    assert Admission.objects.filter(status=AdmissionStatus.RESIDENT).count() == residents


def test_same_seed_same_network(ctx):
    prints = fingerprints(ctx, _generate, _fingerprint, seeds=(ctx.seed, ctx.seed))
    assert prints[0] == prints[1]
    assert len(prints[0]) > 20


def test_another_seed_another_network(ctx):
    prints = fingerprints(ctx, _generate, _fingerprint, seeds=(3, 4))
    assert prints[0] != prints[1]


def test_generated_rows_skip_the_insert_history(ctx):
    _generate(ctx)
    for model in (Facility, StaffMember, StaffAssignment, Admission):
        assert model.objects.exists()
        assert not model.pgh_event_model.objects.exists(), model
