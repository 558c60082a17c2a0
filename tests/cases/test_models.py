import datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from cases.models import Beneficiary, Category, Ethnicity
from tests.cases.factories import BeneficiaryFactory, HouseholdPovertyFactory


def test_reference_data_loaded_by_migration(db):
    assert Ethnicity.objects.count() == 54
    assert Ethnicity.objects.get(code="12").name == "Ê Đê"
    children = Category.objects.filter(group="child_special", parent__isnull=True)
    assert sorted(c.code for c in children) == [
        "TE-a", "TE-b", "TE-c", "TE-d", "TE-dd", "TE-e", "TE-g",
        "TE-h", "TE-i", "TE-k", "TE-l", "TE-m", "TE-n", "TE-o",
    ]  # fmt: skip
    assert Category.objects.get(code="YT-HIV").sensitive
    assert Category.objects.get(code="YT-THIENTAI").priority_child
    assert Category.objects.filter(code__startswith="ND20-5.1").count() == 12


def test_search_key_is_computed_by_the_database(db):
    person = BeneficiaryFactory(full_name="Nguyễn Văn  Đức")
    person.refresh_from_db()
    assert person.search_key == "nguyen van duc"


def test_apostrophe_variants_share_one_key(db):
    a = BeneficiaryFactory(full_name="H’Hen Niê")
    a.refresh_from_db()
    assert a.search_key == "h'hen nie"


def _refused(**fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        BeneficiaryFactory(**fields)


def test_database_refuses_malformed_cccd(db):
    _refused(cccd="12345")


def test_database_refuses_a_second_record_with_the_same_cccd(db):
    BeneficiaryFactory(cccd="066185000123")
    _refused(cccd="066185000123")


def test_many_people_without_cccd_are_allowed(db):
    BeneficiaryFactory(cccd=None)
    BeneficiaryFactory(cccd=None)
    assert Beneficiary.objects.count() == 2


def test_database_refuses_birth_date_without_matching_year(db):
    _refused(birth_date=datetime.date(1960, 1, 1), birth_year=1961)
    _refused(birth_date=datetime.date(1960, 1, 1), birth_year=None)


def test_database_refuses_future_and_pre_1900_birth_dates(db):
    _refused(birth_date=timezone.localdate() + datetime.timedelta(days=2))
    _refused(birth_date=datetime.date(1899, 12, 31))
    _refused(birth_date=None, birth_year=1899)


def test_year_only_is_allowed(db):
    person = BeneficiaryFactory(birth_date=None, birth_year=1941)
    assert person.birth_year == 1941


def test_identified_person_needs_a_name_unidentified_may_not(db):
    _refused(full_name="", identified=True)
    child = BeneficiaryFactory(full_name="", identified=False, birth_date=None, birth_year=None)
    assert "Chưa rõ" in str(child)


def test_old_id_must_be_nine_digits(db):
    _refused(old_id_number="12345678")


def test_one_poverty_status_per_household_and_year(db):
    row = HouseholdPovertyFactory(year=2025)
    with pytest.raises(IntegrityError), transaction.atomic():
        HouseholdPovertyFactory(household=row.household, year=2025)


def test_history_is_recorded_for_beneficiary(db):
    person = BeneficiaryFactory(full_name="Lê Văn A")
    Beneficiary.objects.filter(pk=person.pk).update(full_name="Lê Văn B")
    events = Beneficiary.pgh_event_model.objects.filter(pgh_obj_id=person.pk)
    assert [e.pgh_label for e in events.order_by("pgh_id")] == ["insert", "update"]


def test_trigram_index_exists_by_name(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'cases_benef_search_trgm'"
        )
        (definition,) = cursor.fetchone()
    assert "gin_trgm_ops" in definition
