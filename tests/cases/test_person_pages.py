"""Issue 15, the person side: the register form's Circular 02/2020 record, names
and dates as a phone sends them, the person page as the hub, households
recomposed from the pages, the menu and the collaborator's home."""

import unicodedata
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from cases import services
from cases.models import Beneficiary, Household
from socialwork.datefields import date_error
from socialwork.spreadsheets import services as sheets
from tests.cases.factories import BeneficiaryFactory, HouseholdFactory
from tests.socialwork.spreadsheets.factories import xlsx_file

NFD = unicodedata.normalize("NFD", "Nguyễn Thị Hoa")
NFC = unicodedata.normalize("NFC", "Nguyễn Thị Hoa")


def _form(commune, **extra):
    return {"client_uuid": str(uuid.uuid4()), "full_name": "Nguyễn Thị Hoa",
            "birth_date": "04/03/1985", "sex": "female", "commune": commune.pk,
            "disability_level": "none", **extra}  # fmt: skip


# --- Names on every entry path ------------------------------------------------------


def test_the_page_form_stores_a_decomposed_name_composed(client, collaborator_a, commune_a):
    assert NFD != NFC
    client.force_login(collaborator_a)
    response = client.post(reverse("cases:beneficiary_register"), _form(commune_a, full_name=NFD))
    assert response.status_code == 302
    assert Beneficiary.objects.get().full_name == NFC


@pytest.mark.parametrize("name", ["\u200b", "...", "\u200b \u200d", "123"])
def test_the_page_form_refuses_a_name_without_a_letter(client, collaborator_a, commune_a, name):
    client.force_login(collaborator_a)
    response = client.post(reverse("cases:beneficiary_register"), _form(commune_a, full_name=name))
    assert response.status_code == 200
    assert "ít nhất một chữ cái" in response.content.decode()
    assert not Beneficiary.objects.exists()


def test_the_api_composes_names_and_refuses_dots(collaborator_a, commune_a):
    api = APIClient()
    api.force_authenticate(collaborator_a)
    body = {"full_name": NFD, "birth_year": 1972, "commune": commune_a.pk}
    created = api.post("/api/v1/beneficiaries/", body, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["full_name"] == NFC
    assert Beneficiary.objects.get().full_name == NFC
    refused = api.post("/api/v1/beneficiaries/", body | {"full_name": "..."}, format="json")
    assert refused.status_code == 400
    assert "chữ cái" in refused.content.decode()


def test_an_api_edit_composes_the_name_and_refuses_a_zero_width_space(department, commune_a):
    person = BeneficiaryFactory(commune=commune_a, full_name="Lê Văn An")
    api = APIClient()
    api.force_authenticate(department)
    url = f"/api/v1/beneficiaries/{person.pk}/"
    refused = api.patch(url, {"version": person.version, "full_name": "\u200b"}, format="json")
    assert refused.status_code == 400
    assert "chữ cái" in refused.content.decode()
    edited = api.patch(url, {"version": person.version, "full_name": NFD}, format="json")
    assert edited.status_code == 200, edited.content
    assert edited.json()["full_name"] == NFC
    assert Beneficiary.objects.get(pk=person.pk).full_name == NFC


def test_the_import_composes_names_and_refuses_dots(department, commune_a):
    header = ["Họ và tên", "Ngày sinh", "Giới tính", "Xã/phường (mới)"]
    rows = [[NFD + "\u200b", "1950", "Nữ", commune_a.name], ["...", "1950", "Nam", commune_a.name]]
    job = sheets.import_job_create(kind="beneficiaries", file=xlsx_file(rows, header=header),
                                   actor=department)  # fmt: skip
    job = sheets.import_job_validate(job_id=job.pk)
    rows = {r.row_number: r for r in job.rows.all()}
    assert not rows[2].errors
    assert rows[2].normalised["full_name"] == NFC
    assert "chữ cái" in rows[3].errors[0]["message"]


# --- Dates, blank choices, years --------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "says"),
    [("31/02/1990", "Ngày 31/02 không có"), ("30/13/1990", "Tháng 13 không có"),
     ("1990", "ngày/tháng/năm"), ("29/02/2023", "có 28 ngày")],
)  # fmt: skip
def test_a_bad_date_says_what_is_wrong(client, collaborator_a, commune_a, typed, says):
    assert says in date_error(typed)
    client.force_login(collaborator_a)
    response = client.post(
        reverse("cases:beneficiary_register"), _form(commune_a, birth_date=typed)
    )
    assert response.status_code == 200
    assert says in response.content.decode()
    assert date_error("29/02/2024") == ""


def test_a_future_birth_date_is_refused_on_the_form(client, collaborator_a, commune_a):
    client.force_login(collaborator_a)
    response = client.post(
        reverse("cases:beneficiary_register"), _form(commune_a, birth_date="01/01/2999")
    )
    assert "Ngày sinh không thể ở tương lai." in response.content.decode()


def test_selects_start_with_a_vietnamese_blank(client, department, commune_a):
    client.force_login(department)
    for url in (reverse("cases:beneficiary_register"), reverse("cases:beneficiary_list") + "?q=x"):
        html = client.get(url).content.decode()
        assert "Select an option" not in html
        assert "---------" not in html
    assert "— Chọn —" in client.get(reverse("cases:beneficiary_register")).content.decode()


def test_birth_years_print_without_a_thousands_separator(client, department, commune_a):
    person = BeneficiaryFactory(commune=commune_a, birth_date=None, birth_year=1980)
    client.force_login(department)
    for url in (
        reverse("cases:beneficiary_list"),
        reverse("cases:beneficiary_detail", args=[person.pk]),
    ):
        html = client.get(url).content.decode()
        assert "1980" in html
        assert "1.980" not in html


# --- The Circular 02/2020 record and the category picker -------------------------------


def test_the_register_form_takes_the_circular_record(client, official_a, commune_a):
    household = HouseholdFactory(commune=commune_a)
    client.force_login(official_a)
    page = client.get(reverse("cases:beneficiary_register"), {"household": household.pk})
    html = page.content.decode()
    assert str(household) in html
    # Grouped by law, the common groups first.
    assert html.index("Thường gặp") < html.index("NĐ 20/2021")
    response = client.post(
        reverse("cases:beneficiary_register"),
        _form(commune_a, household=household.pk, relation_to_head="Con", school="THCS Ea Tu",
              income="1 triệu/tháng", needs="Học bổng\nBHYT", illness_type="Khuyết tật vận động",
              disability_certificate_number="KT-12", disability_certificate_date="02/05/2020",
              self_care="partly", work_capacity="none", contact_person="Bà Lan 0905123456"),
    )  # fmt: skip
    assert response.status_code == 302
    person = Beneficiary.objects.get()
    assert person.household == household
    assert person.relation_to_head == "Con"
    assert person.school == "THCS Ea Tu"
    assert person.disability_certificate_date.isoformat() == "2020-05-02"
    assert person.self_care == "partly"
    assert person.work_capacity == "none"


def test_the_register_form_refuses_another_communes_household(
    client, collaborator_a, commune_a, commune_b
):
    other = HouseholdFactory(commune=commune_b)
    client.force_login(collaborator_a)
    assert (
        client.get(reverse("cases:beneficiary_register"), {"household": other.pk}).status_code
        == 404
    )
    response = client.post(
        reverse("cases:beneficiary_register"), _form(commune_a, household=other.pk)
    )
    assert response.status_code == 200
    assert not Beneficiary.objects.exists()


# --- The person page as the hub ---------------------------------------------------------


def test_the_person_page_is_the_hub_in_fixed_queries(client, collaborator_a, commune_a):
    from tests.cases.casework.factories import CaseFactory

    person = BeneficiaryFactory(commune=commune_a)
    client.force_login(collaborator_a)
    url = reverse("cases:beneficiary_detail", args=[person.pk])
    counts = []
    for _round in range(2):
        with CaptureQueriesContext(connection) as captured:
            html = client.get(url).content.decode()
        counts.append(len(captured.captured_queries))
        CaseFactory(beneficiary=person, commune=commune_a)
        CaseFactory(beneficiary=person, commune=commune_a)
    assert counts[0] == counts[1], counts
    html = client.get(url).content.decode()
    for section in ("person-cases", "person-referrals", "person-services", "person-allowances"):
        assert f'id="{section}"' in html
    assert f"?beneficiary={person.pk}" in html  # open a case, prefilled
    assert "Trường hợp số" in html


# --- Households ------------------------------------------------------------------------


def test_a_household_is_made_recomposed_and_recorded(client, collaborator_a, commune_a):
    head = BeneficiaryFactory(commune=commune_a, household=None)
    child = BeneficiaryFactory(commune=commune_a, household=None)
    client.force_login(collaborator_a)
    client.post(
        reverse("cases:household_create", args=[head.pk]),
        {"client_uuid": str(uuid.uuid4()), "address": "Thôn 3", "size": "4",
         "livelihood": "Làm rẫy"},
    )  # fmt: skip
    household = Household.objects.get()
    assert (household.head, household.size, household.livelihood) == (head, 4, "Làm rẫy")
    client.post(
        reverse("cases:household_add_member", args=[household.pk]),
        {"member": child.pk, "former_relation": "Con"},
    )
    child.refresh_from_db()
    assert child.household == household
    client.post(
        reverse("cases:household_change_head", args=[household.pk]),
        {"member": child.pk, "former_relation": "Mẹ"},
    )
    household.refresh_from_db()
    head.refresh_from_db()
    assert household.head == child
    assert head.relation_to_head == "Mẹ"
    edit = reverse("cases:household_edit", args=[household.pk])
    client.post(edit, {"version": household.version, "address": "Thôn 4", "size": "3"})
    household.refresh_from_db()
    assert household.address == "Thôn 4"
    client.post(reverse("cases:household_remove_member", args=[household.pk]), {"member": head.pk})
    head.refresh_from_db()
    assert head.household is None
    # Each change is in the history (pghistory triggers on both tables).
    assert Household.pgh_event_model.objects.filter(pgh_obj_id=household.pk).count() >= 4
    assert Beneficiary.pgh_event_model.objects.filter(pgh_obj_id=head.pk).count() >= 3


def test_the_head_cannot_be_removed_before_a_new_one(collaborator_a, commune_a):
    head = BeneficiaryFactory(commune=commune_a, household=None)
    household, _created = services.household_create(actor=collaborator_a, commune=commune_a,
                                                     head=head)  # fmt: skip
    head.refresh_from_db()
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.household_remove_member(
            actor=collaborator_a, household=household, beneficiary=head
        )


def test_another_communes_household_and_people_are_404(
    client, collaborator_a, commune_a, commune_b
):
    theirs = HouseholdFactory(commune=commune_b)
    stranger = BeneficiaryFactory(commune=commune_b)
    mine = HouseholdFactory(commune=commune_a)
    client.force_login(collaborator_a)
    assert client.get(reverse("cases:household_detail", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("cases:household_edit", args=[theirs.pk])).status_code == 404
    for name in ("household_change_head", "household_remove_member", "household_add_member"):
        assert (
            client.post(
                reverse(f"cases:{name}", args=[theirs.pk]), {"member": stranger.pk}
            ).status_code
            == 404
        )
        assert (
            client.post(
                reverse(f"cases:{name}", args=[mine.pk]), {"member": stranger.pk}
            ).status_code
            == 404
        )
    assert client.post(reverse("cases:household_create", args=[stranger.pk]), {}).status_code == 404
    stranger.refresh_from_db()
    assert stranger.household_id is None


# --- The menu and the collaborator's home ---------------------------------------------


def test_the_menu_asks_capabilities(client, collaborator_a, department):
    client.force_login(collaborator_a)
    html = client.get(reverse("home")).content.decode()
    assert 'class="menu phone-nav"' in html
    assert "Tìm đối tượng" in html and "Trường hợp của tôi" in html
    assert reverse("accounts:user_list") not in html
    client.force_login(department)
    html = client.get(reverse("home")).content.decode()
    assert reverse("accounts:user_list") in html
    assert reverse("casework:my_cases") + '"' not in html


def test_the_collaborators_home_starts_with_search_in_fixed_queries(
    client, collaborator_a, commune_a
):
    from tests.cases.casework.factories import CaseFactory

    client.force_login(collaborator_a)
    counts = []
    for _round in range(2):
        with CaptureQueriesContext(connection) as captured:
            html = client.get(reverse("home")).content.decode()
        counts.append(len(captured.captured_queries))
        for _n in range(3):
            CaseFactory(commune=commune_a, assigned_worker=collaborator_a,
                        beneficiary=BeneficiaryFactory(commune=commune_a))  # fmt: skip
    assert counts[0] == counts[1], counts
    assert html.index('role="search"') < html.index('id="due-follow-ups"')
    assert f'action="{reverse("cases:beneficiary_list")}"' in html


def test_an_edit_by_someone_who_may_not_see_health_data_neither_shows_nor_clears_it(
    client, collaborator_a, commune_a
):
    person = BeneficiaryFactory(commune=commune_a, health_notes="Động kinh",
                                treatment_history="Điều trị tại BV tỉnh 2019")  # fmt: skip
    client.force_login(collaborator_a)
    url = reverse("cases:beneficiary_edit", args=[person.pk])
    html = client.get(url).content.decode()
    assert "Động kinh" not in html and "BV tỉnh" not in html
    assert 'name="treatment_history"' not in html
    response = client.post(url, _form(commune_a, full_name="Lê Văn Mới", version=person.version))
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.full_name == "Lê Văn Mới"
    assert (person.health_notes, person.treatment_history) == (
        "Động kinh",
        "Điều trị tại BV tỉnh 2019",
    )
