"""Target groups tied to an age (Law on Children Art. 1, Decree 20/2021 Art. 5):
refused when the birth date contradicts them, the same rule on the service,
the register page, the API and the import, tested on the boundary days. The
groups start on the registration day, fixed here (15/06/2025) so the
boundaries fall on known days."""

import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from cases import category_ages, services
from cases.models import Beneficiary, Category
from tests.cases.factories import BeneficiaryFactory

pytestmark = pytest.mark.django_db

ON = datetime.date(2025, 6, 15)


def _data(commune, born, codes, **extra):
    return {"full_name": "Hồ Thị Mai", "birth_date": born, "sex": "female", "commune": commune,
            "categories": codes, "registered_on": ON, **extra}  # fmt: skip


def _register(actor, commune, born, codes, **extra):
    return services.beneficiary_register(actor=actor, data=_data(commune, born, codes, **extra))


@pytest.mark.parametrize(
    ("code", "accepted", "refused"),
    [
        # A child until the day before the 16th birthday.
        ("ND20-5.1", datetime.date(2009, 6, 16), datetime.date(2009, 6, 15)),
        ("TE-a", datetime.date(2009, 6, 16), datetime.date(2009, 6, 15)),
        ("ND20-5.3", datetime.date(2009, 6, 16), datetime.date(2009, 6, 15)),
        # Under 3.
        ("ND20-5.7", datetime.date(2022, 6, 16), datetime.date(2022, 6, 15)),
        # Older persons from the 60th birthday on.
        ("ND20-5.5", datetime.date(1965, 6, 15), datetime.date(1965, 6, 16)),
        # 16 to 22, in school.
        ("ND20-5.2", datetime.date(2009, 6, 15), datetime.date(2009, 6, 16)),
        ("ND20-5.2", datetime.date(2002, 6, 16), datetime.date(2002, 6, 15)),
    ],
)
def test_the_service_holds_each_boundary_day(collaborator_a, commune_a, code, accepted, refused):
    with pytest.raises(ValidationError) as error:
        _register(collaborator_a, commune_a, refused, [code], full_name="Hồ Thị Lan")
    message = error.value.message_dict["categories"][0]
    assert Category.objects.get(code=code).name in message and "15/06/2025" in message
    person = _register(collaborator_a, commune_a, accepted, [code]).beneficiary
    assert [c.code for c in person.categories.all()] == [code]


@pytest.mark.parametrize(
    ("code", "accepted", "refused"),
    [
        ("ND20-5.5b", datetime.date(1950, 6, 15), datetime.date(1950, 6, 16)),  # from 75
        ("ND20-5.5b", datetime.date(1945, 6, 16), datetime.date(1945, 6, 15)),  # until 80
        ("ND20-5.5c", datetime.date(1945, 6, 15), datetime.date(1945, 6, 16)),  # from 80
        ("ND20-5.1b", datetime.date(2009, 6, 16), datetime.date(2009, 6, 15)),  # its parent's
        ("TE-l1", datetime.date(2009, 6, 16), datetime.date(2009, 6, 15)),
    ],
)
def test_sub_cases_have_their_own_or_their_parents_bounds(code, accepted, refused):
    category = Category.objects.select_related("parent").get(code=code)

    def errors(born):
        return category_ages.age_errors([category], birth_date=born, birth_year=None, on=ON)

    assert errors(accepted) == []
    assert len(errors(refused)) == 1


def test_groups_without_an_age_and_unknown_ages_pass():
    groups = list(Category.objects.filter(code__in=["ND20-5.4", "ND20-5.6", "YT-KHONGCHAMSOC"]))
    assert category_ages.age_errors(groups, birth_date=datetime.date(2024, 1, 1),
                                    birth_year=None, on=ON) == []  # fmt: skip
    elderly = list(Category.objects.filter(code="ND20-5.5"))
    assert category_ages.age_errors(elderly, birth_date=None, birth_year=None, on=ON) == []


def test_a_birth_year_alone_is_refused_only_when_no_birthday_fits():
    elderly = list(Category.objects.filter(code="ND20-5.5"))

    def errors(year):
        return category_ages.age_errors(elderly, birth_date=None, birth_year=year, on=ON)

    assert errors(1965) == []  # 59 or 60 on 15/06/2025
    assert len(errors(1966)) == 1  # 58 or 59
    child = list(Category.objects.filter(code="ND20-5.1"))
    assert category_ages.age_errors(child, birth_date=None, birth_year=2009, on=ON) == []
    assert len(category_ages.age_errors(child, birth_date=None, birth_year=2008, on=ON)) == 1


def test_a_person_born_in_1985_is_not_elderly(collaborator_a, commune_a):
    with pytest.raises(ValidationError) as error:
        _register(collaborator_a, commune_a, datetime.date(1985, 3, 4), ["ND20-5.5"])
    assert "từ đủ 60 tuổi" in error.value.message_dict["categories"][0]
    assert not Beneficiary.objects.exists()


def test_an_edit_that_contradicts_the_groups_is_refused(department, commune_a):
    person = _register(department, commune_a, datetime.date(1950, 1, 1), ["ND20-5.5"]).beneficiary
    with pytest.raises(ValidationError) as error:
        services.beneficiary_update(
            actor=department, beneficiary=person,
            data={"birth_date": datetime.date(1990, 1, 1)}, version=person.version,
        )  # fmt: skip
    assert "categories" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.beneficiary_update(
            actor=department, beneficiary=person, data={"categories": ["TE-a"]},
            version=person.version,
        )  # fmt: skip
    person.refresh_from_db()
    assert (person.birth_year, [c.code for c in person.categories.all()]) == (1950, ["ND20-5.5"])


def _page(commune, born, codes):
    ids = [Category.objects.get(code=c).pk for c in codes]
    return {"client_uuid": str(uuid.uuid4()), "full_name": "Hồ Thị Mai", "birth_date": born,
            "sex": "female", "commune": commune.pk, "disability_level": "none",
            "registered_on": "15/06/2025", "categories": ids}  # fmt: skip


def test_the_register_page_says_why_under_the_groups(client, collaborator_a, commune_a):
    client.force_login(collaborator_a)
    url = reverse("cases:beneficiary_register")
    refused = client.post(url, _page(commune_a, "15/06/2009", ["TE-a"]))
    assert refused.status_code == 200
    errors = refused.context["form"].errors["categories"]
    assert errors == [
        "Nhóm “Trẻ em mồ côi cả cha và mẹ” dành cho người dưới 16 tuổi; theo ngày sinh, "
        "người này 16 tuổi vào ngày 15/06/2025."
    ]
    assert "dành cho người dưới 16 tuổi" in refused.content.decode()
    assert not Beneficiary.objects.exists()
    accepted = client.post(url, _page(commune_a, "16/06/2009", ["TE-a"]))
    assert accepted.status_code == 302


def test_the_api_refuses_with_the_field(collaborator_a, commune_a):
    api = APIClient()
    api.force_authenticate(collaborator_a)
    body = {"full_name": "Hồ Thị Mai", "birth_date": "1965-06-16", "sex": "female",
            "commune": commune_a.pk, "categories": ["ND20-5.5"],
            "registered_on": "2025-06-15"}  # fmt: skip
    response = api.post("/api/v1/beneficiaries/", body, format="json")
    assert response.status_code == 400
    assert "từ đủ 60 tuổi" in response.json()["categories"][0]
    body["birth_date"] = "1965-06-15"
    assert api.post("/api/v1/beneficiaries/", body, format="json").status_code == 201


def test_the_import_flags_the_row(commune_a):
    from cases.importers import BeneficiaryImporter

    importer = BeneficiaryImporter()
    errors = []
    values = {"full_name": "Hồ Văn Nam", "birth": "1990-05-01", "commune": commune_a.name,
              "categories": ["ND20-5.5"], "registered_on": "2025-06-15"}  # fmt: skip
    importer.clean_row(values, errors)
    assert [e["column"] for e in errors] == ["Mã nhóm đối tượng"]
    assert "từ đủ 60 tuổi" in errors[0]["message"]


def test_an_old_child_record_stays_valid(department, commune_a):
    """Registered as a child years ago: the groups are checked on that day, not today."""
    person = BeneficiaryFactory(
        commune=commune_a, birth_date=datetime.date(2005, 1, 1),
        registered_on=datetime.date(2015, 1, 1),
    )  # fmt: skip
    result = services.beneficiary_update(
        actor=department, beneficiary=person, data={"categories": ["TE-a"]},
        version=person.version,
    )  # fmt: skip
    assert [c.code for c in result.beneficiary.categories.all()] == ["TE-a"]
