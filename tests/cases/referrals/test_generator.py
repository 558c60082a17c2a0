"""The benchmark generator of referrals: set-based, valid, about one for every two people."""

import datetime

import pytest

from cases.models import Referral, ReferralTransition
from cases.referrals import generator
from facilities.models import Facility
from socialwork.demo.generate import GeneratorContext
from tests.cases.casework.factories import CaseFactory
from tests.cases.referrals.factories import CentreFactory

pytestmark = pytest.mark.django_db


def test_generates_valid_referrals_from_cases(province, commune_a, collaborator_a):
    CentreFactory(commune=commune_a)
    CaseFactory.create_batch(200, commune=commune_a, beneficiary__commune=commune_a)
    ctx = GeneratorContext(people=200, seed=3, commune_ids=[commune_a.pk], province_id=province.pk)
    generator.generate(ctx)
    made = Referral.objects.count()
    assert 70 <= made <= 130  # 100 wanted
    # One step per move along each referral's path (a "sent" one at least).
    assert ReferralTransition.objects.filter(to_status="sent").count() == made
    assert ReferralTransition.objects.count() > 2 * made
    assert Referral.objects.filter(status="declined").exclude(decline_reason="").exists()
    assert not Referral.objects.filter(status="completed", feedback="").exists()


def test_each_referral_goes_to_a_unit_offering_its_service(province, commune_a, collaborator_a):
    centre = CentreFactory(commune=commune_a)
    offered = list(centre.services.all())
    hospital = CentreFactory(commune=commune_a, name="Bệnh viện đa khoa tỉnh")
    hospital.services.set(offered[:1])
    CentreFactory(commune=commune_a, name="Đơn vị không có dịch vụ").services.clear()
    CaseFactory.create_batch(100, commune=commune_a, beneficiary__commune=commune_a)
    generator.generate(
        GeneratorContext(people=100, seed=4, commune_ids=[commune_a.pk], province_id=province.pk)
    )
    sent = set(Referral.objects.values_list("to_facility_id", "service_type_id"))
    offers = set(Facility.services.through.objects.values_list("facility_id", "servicetype_id"))
    assert sent
    assert sent <= offers
    assert {facility for facility, _ in sent} == {centre.pk, hospital.pk}


def test_without_cases_nothing_is_made(province, commune_a):
    CentreFactory(commune=commune_a)
    generator.generate(
        GeneratorContext(people=100, seed=1, commune_ids=[commune_a.pk], province_id=province.pk)
    )
    assert not Referral.objects.exists()


def test_generated_referrals_skip_the_insert_history(province, commune_a, collaborator_a):
    from cases.models import Referral as Model

    CentreFactory(commune=commune_a)
    CaseFactory.create_batch(20, commune=commune_a, beneficiary__commune=commune_a)
    generator.generate(
        GeneratorContext(people=20, seed=2, commune_ids=[commune_a.pk], province_id=province.pk)
    )
    assert Model.objects.exists()
    assert not Model.pgh_event_model.objects.exists()


def test_a_closed_cases_referrals_have_all_ended(province, commune_a, collaborator_a):
    CentreFactory(commune=commune_a)
    CaseFactory.create_batch(
        100,
        commune=commune_a,
        beneficiary__commune=commune_a,
        status="closed",
        closure_reason="goals_met",
        closed_on=datetime.date(2025, 6, 30),
    )
    generator.generate(
        GeneratorContext(people=100, seed=5, commune_ids=[commune_a.pk], province_id=province.pk)
    )
    statuses = set(Referral.objects.values_list("status", flat=True))
    assert statuses
    assert statuses <= {"completed", "rereferred", "closed", "cancelled"}
