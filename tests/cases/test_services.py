import datetime
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases import services
from cases.models import Beneficiary, BeneficiaryCategory, Consent, ConsentBasis
from tests.cases.factories import (
    BeneficiaryCategoryFactory,
    BeneficiaryFactory,
    ConsentFactory,
    HouseholdFactory,
)
from tests.factories import CommuneFactory, ProvinceFactory


def _data(commune, **extra):
    return {
        "full_name": "Nguyễn Thị Hoa",
        "birth_date": datetime.date(1985, 3, 4),
        "sex": "female",
        "commune": commune,
        "categories": ["ND20-5.4"],
        **extra,
    }


def test_register_saves_person_with_categories(collaborator_a, commune_a):
    result = services.beneficiary_register(actor=collaborator_a, data=_data(commune_a))
    person = result.beneficiary
    assert result.created
    assert person.birth_year == 1985
    assert [c.code for c in person.categories.all()] == ["ND20-5.4"]
    assert person.created_by == collaborator_a


def test_registration_date_is_today_by_default_and_may_be_past(collaborator_a, commune_a):
    today = timezone.localdate()
    first = services.beneficiary_register(actor=collaborator_a, data=_data(commune_a))
    assert first.beneficiary.registered_on == today
    past = services.beneficiary_register(
        actor=collaborator_a,
        data=_data(commune_a, full_name="Lê Thị Cũ", registered_on=datetime.date(2021, 5, 3)),
    )
    assert past.beneficiary.registered_on == datetime.date(2021, 5, 3)


@pytest.mark.parametrize(
    ("registered_on", "message"),
    [
        (timezone.localdate() + datetime.timedelta(days=1), "tương lai"),
        (datetime.date(1985, 3, 3), "trước ngày sinh"),
    ],
)
def test_bad_registration_dates_are_refused(collaborator_a, commune_a, registered_on, message):
    with pytest.raises(ValidationError) as error:
        services.beneficiary_register(
            actor=collaborator_a, data=_data(commune_a, registered_on=registered_on)
        )
    assert message in error.value.message_dict["registered_on"][0]
    assert not Beneficiary.objects.exists()


def test_an_edit_keeps_or_corrects_the_registration_date(department, commune_a):
    person = BeneficiaryFactory(commune=commune_a, registered_on=datetime.date(2022, 1, 4))
    services.beneficiary_update(
        actor=department, beneficiary=person, data={"address": "Thôn 9"}, version=1
    )
    person.refresh_from_db()
    assert person.registered_on == datetime.date(2022, 1, 4)
    services.beneficiary_update(
        actor=department,
        beneficiary=person,
        data={"registered_on": datetime.date(2020, 7, 1)},
        version=person.version,
    )
    person.refresh_from_db()
    assert person.registered_on == datetime.date(2020, 7, 1)
    with pytest.raises(ValidationError):
        services.beneficiary_update(
            actor=department,
            beneficiary=person,
            data={"registered_on": datetime.date(1950, 1, 1)},  # before the 1960 birth
            version=person.version,
        )


def test_merged_record_keeps_the_earlier_registration(department, commune_a):
    keep = BeneficiaryFactory(commune=commune_a, registered_on=datetime.date(2024, 3, 1))
    remove = BeneficiaryFactory(commune=commune_a, registered_on=datetime.date(2021, 9, 9))
    merged = services.beneficiary_merge(actor=department, keep=keep, remove=remove)
    assert merged.registered_on == datetime.date(2021, 9, 9)


def test_retried_post_with_the_same_client_uuid_creates_nothing_twice(collaborator_a, commune_a):
    key = uuid.uuid4()
    first = services.beneficiary_register(
        actor=collaborator_a, data=_data(commune_a), client_uuid=key
    )
    again = services.beneficiary_register(
        actor=collaborator_a, data=_data(commune_a), client_uuid=key
    )
    assert again.beneficiary.pk == first.beneficiary.pk
    assert not again.created
    assert Beneficiary.objects.count() == 1


def test_malformed_cccd_is_refused_with_a_message(collaborator_a, commune_a):
    with pytest.raises(ValidationError) as exc:
        services.beneficiary_register(actor=collaborator_a, data=_data(commune_a, cccd="0661"))
    assert "12 chữ số" in exc.value.message_dict["cccd"][0]


def test_cccd_mismatch_is_saved_with_a_warning(collaborator_a, commune_a):
    result = services.beneficiary_register(
        actor=collaborator_a,
        data=_data(commune_a, cccd="066090000123"),  # a man born 1990
    )
    assert result.created
    assert len(result.warnings) == 2


def test_cccd_already_registered_is_refused(collaborator_a, commune_a):
    BeneficiaryFactory(cccd="066185000123", commune=commune_a)
    with pytest.raises(ValidationError) as exc:
        services.beneficiary_register(
            actor=collaborator_a,
            data=_data(commune_a, full_name="Khác Hẳn", cccd="066185000123"),
        )
    assert "đã có" in exc.value.message_dict["cccd"][0]


@pytest.mark.parametrize(
    ("birth_date", "message"),
    [
        (timezone.localdate() + datetime.timedelta(days=1), "tương lai"),
        (datetime.date(1899, 12, 31), "1900"),
    ],
)
def test_bad_birth_dates_are_refused(collaborator_a, commune_a, birth_date, message):
    with pytest.raises(ValidationError) as exc:
        services.beneficiary_register(
            actor=collaborator_a, data=_data(commune_a, birth_date=birth_date)
        )
    assert message in exc.value.message_dict["birth_date"][0]


def test_commune_outside_the_province_is_refused(department, db):
    other_province = ProvinceFactory(code="01", name="Thành phố Hà Nội")
    far = CommuneFactory(parent=other_province, name="Phường Ba Đình")
    with pytest.raises(ValidationError) as exc:
        services.beneficiary_register(actor=department, data=_data(far))
    assert "không thuộc tỉnh" in exc.value.message_dict["commune"][0]


def test_collaborator_cannot_register_in_another_commune(collaborator_a, commune_b):
    with pytest.raises(ValidationError) as exc:
        services.beneficiary_register(actor=collaborator_a, data=_data(commune_b))
    assert "commune" in exc.value.message_dict


def test_unknown_category_code_is_refused(collaborator_a, commune_a):
    with pytest.raises(ValidationError) as exc:
        services.beneficiary_register(
            actor=collaborator_a, data=_data(commune_a, categories=["KHONG-CO"])
        )
    assert "KHONG-CO" in exc.value.message_dict["categories"][0]
    assert Beneficiary.objects.count() == 0


def test_unidentified_child_is_registered_with_what_is_known(collaborator_a, commune_a):
    result = services.beneficiary_register(
        actor=collaborator_a,
        data={"full_name": "", "identified": False, "sex": "male", "commune": commune_a,
              "address": "Chợ Ea Tu"},
    )  # fmt: skip
    assert not result.beneficiary.identified


def test_likely_duplicate_stops_the_save_until_confirmed(collaborator_a, commune_a):
    BeneficiaryFactory(full_name="Nguyễn Thị Hoa", birth_date=datetime.date(1985, 1, 1),
                       commune=commune_a)  # fmt: skip
    with pytest.raises(services.DuplicateSuspected) as exc:
        services.beneficiary_register(
            actor=collaborator_a, data=_data(commune_a, full_name="nguyen thi hoa")
        )
    assert len(exc.value.candidates) == 1
    result = services.beneficiary_register(
        actor=collaborator_a, data=_data(commune_a), confirmed_distinct=True
    )
    assert result.created


def test_leadership_and_facility_cannot_register(leadership, facility_user, commune_a):
    for actor in (leadership, facility_user):
        with pytest.raises(PermissionDenied):
            services.beneficiary_register(actor=actor, data=_data(commune_a))


def test_update_bumps_version_and_records_history(department, commune_a):
    person = BeneficiaryFactory(commune=commune_a, full_name="Lê Văn Tám")
    result = services.beneficiary_update(
        actor=department, beneficiary=person, data={"full_name": "Lê Văn Tâm"}, version=1
    )
    assert result.beneficiary.version == 2
    assert result.beneficiary.search_key == "le van tam"
    assert Beneficiary.pgh_event_model.objects.filter(pgh_obj_id=person.pk).count() == 2


def test_stale_edit_is_refused_and_nothing_is_overwritten(department, commune_a):
    person = BeneficiaryFactory(commune=commune_a, address="Thôn 1")
    services.beneficiary_update(
        actor=department, beneficiary=person, data={"address": "Thôn 2"}, version=1
    )
    with pytest.raises(services.StaleEdit) as exc:
        services.beneficiary_update(
            actor=department, beneficiary=person, data={"address": "Thôn 9"}, version=1
        )
    assert "người khác sửa" in exc.value.messages[0]
    person.refresh_from_db()
    assert person.address == "Thôn 2"


def test_update_replaces_categories(department, commune_a):
    person = BeneficiaryFactory(commune=commune_a)
    BeneficiaryCategoryFactory(beneficiary=person)
    services.beneficiary_update(
        actor=department, beneficiary=person, data={"categories": ["YT-XINAN"]}, version=1
    )
    assert [c.code for c in person.categories.all()] == ["YT-XINAN"]


def test_household_with_head_and_poverty(collaborator_a, commune_a):
    head = BeneficiaryFactory(commune=commune_a)
    household, created = services.household_create(
        actor=collaborator_a, commune=commune_a, address="Buôn Ko Sơr", head=head
    )
    services.household_set_poverty(actor=collaborator_a, household=household, year=2025,
                                   status="poor")  # fmt: skip
    services.household_set_poverty(actor=collaborator_a, household=household, year=2025,
                                   status="near_poor")  # fmt: skip
    head.refresh_from_db()
    assert head.household == household
    assert household.head == head
    assert [p.status for p in household.poverty.all()] == ["near_poor"]


def test_child_of_seven_or_more_needs_child_and_parent(collaborator_a, commune_a):
    child = BeneficiaryFactory(commune=commune_a, birth_date=datetime.date(2016, 1, 1))
    with pytest.raises(ValidationError):
        services.consent_record(
            actor=collaborator_a,
            beneficiary=child,
            basis=ConsentBasis.PERSON,
            given_on=datetime.date(2025, 8, 1),
        )
    with pytest.raises(ValidationError):
        services.consent_record(
            actor=collaborator_a,
            beneficiary=child,
            basis=ConsentBasis.CHILD_AND_PARENT,
            child_agreed=True,
            given_on=datetime.date(2025, 8, 1),
        )
    consent, _ = services.consent_record(
        actor=collaborator_a, beneficiary=child, basis=ConsentBasis.CHILD_AND_PARENT,
        child_agreed=True, guardian_agreed=True, guardian_name="Y Bhin Niê",
        given_on=datetime.date(2025, 8, 1),
    )  # fmt: skip
    assert consent.pk


def test_statutory_duty_needs_no_consent(collaborator_a, commune_a):
    child = BeneficiaryFactory(commune=commune_a, birth_date=datetime.date(2020, 1, 1))
    consent, created = services.consent_record(
        actor=collaborator_a, beneficiary=child, basis=ConsentBasis.STATUTORY,
        given_on=datetime.date(2025, 8, 1), client_uuid=uuid.uuid4(),
    )  # fmt: skip
    assert created and consent.basis == "statutory"


# --- Merge --------------------------------------------------------------------

# Rows pointing to `beneficiary` for the register's own relations; other apps'
# relations are checked by the UPDATE the merge must issue for them.
RELATION_MAKERS = {
    ("cases", "beneficiarycategory", "beneficiary"): lambda b: BeneficiaryCategoryFactory(
        beneficiary=b
    ),
    ("cases", "consent", "beneficiary"): lambda b: ConsentFactory(beneficiary=b),
    ("cases", "household", "head"): lambda b: HouseholdFactory(head=b, commune=b.commune),
    ("cases", "beneficiary", "merged_into"): lambda b: BeneficiaryFactory(
        merged_into=b, commune=b.commune
    ),
    # pghistory events are written by the database triggers on every save.
    ("cases", "beneficiaryevent", "pgh_obj"): lambda b: None,
}


def _relations():
    for relation in Beneficiary._meta.related_objects:
        model = relation.related_model
        yield (model._meta.app_label, model._meta.model_name, relation.field.name), relation


def test_merge_moves_every_relation_to_beneficiary(department, commune_a):
    """Every relation to Beneficiary, in any app, is moved: rows are made for
    the relations in RELATION_MAKERS, and for each relation the merge must
    issue an UPDATE of that table's column (so one added later is covered)."""
    keep = BeneficiaryFactory(commune=commune_a, cccd=None, phone="")
    remove = BeneficiaryFactory(commune=commune_a, cccd="066185000123", phone="0905123456")
    for key, _relation in _relations():
        if key in RELATION_MAKERS:
            RELATION_MAKERS[key](remove)
    with CaptureQueriesContext(connection) as captured:
        services.beneficiary_merge(actor=department, keep=keep, remove=remove)
    # The history context (socialwork/history.py) prefixes each statement
    # with pghistory's set_config: look for the UPDATE inside it.
    updates = [q["sql"] for q in captured.captured_queries if "UPDATE " in q["sql"]]
    for key, relation in _relations():
        model = relation.related_model
        table = model._meta.db_table
        column = relation.field.column
        wanted = f'"{table}" SET "{column}"'  # noqa: S608 (compared, never run)
        assert any("UPDATE " + wanted in sql for sql in updates), key
        left = model._base_manager.filter(**{relation.field.name: remove.pk})
        assert not left.exists(), f"merge left {key} on the removed record"
        if key in RELATION_MAKERS:
            assert model._base_manager.filter(**{relation.field.name: keep.pk}).exists(), key
    keep.refresh_from_db()
    remove.refresh_from_db()
    assert keep.cccd == "066185000123"
    assert keep.phone == "0905123456"
    assert remove.merged_into == keep


def test_merge_keeps_one_row_for_a_category_both_had(department, commune_a):
    keep = BeneficiaryFactory(commune=commune_a)
    remove = BeneficiaryFactory(commune=commune_a)
    BeneficiaryCategoryFactory(beneficiary=keep)
    BeneficiaryCategoryFactory(beneficiary=remove)
    services.beneficiary_merge(actor=department, keep=keep, remove=remove)
    assert BeneficiaryCategory.objects.filter(beneficiary=keep).count() == 1


def test_only_department_merges(collaborator_a, commune_a):
    a, b = BeneficiaryFactory(commune=commune_a), BeneficiaryFactory(commune=commune_a)
    with pytest.raises(PermissionDenied):
        services.beneficiary_merge(actor=collaborator_a, keep=a, remove=b)
    assert Consent.objects.count() == 0
